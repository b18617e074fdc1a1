"""Editors and CI: check documentation from the registry, SARIF and JUnit reports, several
reports in one run, GitHub Actions by itself, esfproj new and esfproj schema."""

from __future__ import annotations

import json
import os
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from typer.testing import CliRunner

from esfproj.checks import ALL, EXAMPLES
from esfproj.cli import app
from esfproj.render.checks import failing_line, run_example
from esfproj.schema import schema_text
from tests.conftest import REPO, VALID, write

runner = CliRunner()
BROKEN = VALID.replace("amount: 15.00", "amount: 25.00")


def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


def test_every_check_has_examples() -> None:
    assert set(EXAMPLES) == set(ALL)


@pytest.mark.parametrize("check", sorted(c for c in ALL if EXAMPLES[c].failing))
def test_failing_example_has_the_finding_and_passing_one_does_not(check: str) -> None:
    assert check in {f.check for f in run_example(check, failing=True)}
    assert check not in {f.check for f in run_example(check, failing=False)}


def test_checks_lists_every_check_with_a_failing_example() -> None:
    code, out, _ = invoke("checks", "--format", "json")
    listed = json.loads(out)
    assert code == 0 and [c["id"] for c in listed] == list(ALL)
    rate = next(c for c in listed if c["id"] == "funding-rate")
    assert rate == {
        "id": "funding-rate",
        "severity": "error",
        "summary": "a rate disagrees with the amounts",
        "failing_example": "- {label: ESF, amount: 85.00, rate: 80, source: ESF}",
    }
    assert all(failing_line(EXAMPLES[c]) for c in ALL)


def test_checks_explains_one_check_with_the_real_finding() -> None:
    code, out, _ = invoke("checks", "funding-rate")
    assert code == 0
    assert out.startswith("funding-rate (error): a rate disagrees with the amounts\n\nPassing:\n")
    assert (
        "  record.yaml:10:41: error[funding-rate] funding.parts[0].rate: the amounts give "
        "85 % (85.00 EUR of 100.00 EUR), the node states 80 %, which would be 80.00 EUR"
    ) in out
    assert invoke("checks", "no-such-check")[0] == 2


def test_sarif_report(tmp_path: Path) -> None:
    write(tmp_path, BROKEN + "acknowledged:\n  - {check: funding-rate, note: as published}\n")
    code, out, _ = invoke("validate", str(tmp_path), "--format", "sarif")
    document = json.loads(out)
    assert code == 1 and document["version"] == "2.1.0"
    (run,) = document["runs"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["funding-rate", "funding-sum"]
    results = {r["ruleId"]: r for r in run["results"]}
    assert results["funding-sum"]["level"] == "error"
    assert results["funding-sum"]["locations"][0]["physicalLocation"]["region"] == {"startLine": 15, "startColumn": 11}
    assert results["funding-rate"]["suppressions"] == [{"kind": "inSource", "justification": "as published"}]


def test_junit_report(tmp_path: Path) -> None:
    write(tmp_path, VALID, "good.yaml")
    write(tmp_path, BROKEN.replace("9.2.1.1/15/I/001", "9.2.1.1/15/I/002"), "bad.yaml")
    code, out, _ = invoke("validate", str(tmp_path), "--format", "junit")
    assert code == 1
    suites = ElementTree.fromstring(out.encode())
    assert (suites.get("tests"), suites.get("failures")) == ("2", "1")
    cases = {Path(c.get("name", "")).name: c for c in suites.iter("testcase")}
    assert cases["good.yaml"].find("failure") is None
    failure = cases["bad.yaml"].find("failure")
    assert failure is not None and failure.get("type") == "funding-sum"
    assert "error[funding-rate]" in (failure.text or "")


def test_several_reports_in_one_run(tmp_path: Path) -> None:
    write(tmp_path, BROKEN, "data/rec.yaml")
    sarif, junit = tmp_path / "out.sarif", tmp_path / "out.xml"
    code, out, _ = invoke(
        "validate", str(tmp_path / "data"), "-f", "sarif", "-o", str(sarif), "-f", "junit", "-o", str(junit)
    )
    assert (code, out) == (1, "")
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert ElementTree.fromstring(junit.read_bytes()).get("failures") == "1"
    code, _, err = invoke("validate", str(tmp_path / "data"), "-f", "sarif", "-f", "junit")
    assert code == 2 and "2 formats need 2 --output files" in err


def test_github_format_is_chosen_under_github_actions(tmp_path: Path) -> None:
    write(tmp_path, BROKEN)
    code, out, _ = invoke("validate", str(tmp_path), "-q", env={"GITHUB_ACTIONS": "true"})
    assert code == 1 and out.startswith("::error file=")
    code, out, _ = invoke("validate", str(tmp_path), "-q", "-f", "text", env={"GITHUB_ACTIONS": "true"})
    assert ": error[funding-sum]" in out


def test_color_option(tmp_path: Path) -> None:
    write(tmp_path, BROKEN)
    assert "\033[" in invoke("--color", "always", "validate", str(tmp_path))[1]
    assert "\033[" not in invoke("--color", "never", "validate", str(tmp_path))[1]
    assert "\033[" not in invoke("validate", str(tmp_path))[1]  # not a terminal


def test_new_scaffolds_a_clean_record_and_never_overwrites(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "project.schema.json").write_text(schema_text())
    (tmp_path / "esfproj.toml").write_text('paths = ["data/projects"]\n')
    monkeypatch.chdir(tmp_path)
    args = [
        "new",
        "--number",
        "9.2.1.1/15/I/001",
        "--title",
        "Profesionāla sociālā darba attīstība: pašvaldībās",
        "--fund",
        "ESF",
        "--participant",
        "Jūrmalas pilsētas dome",
    ]
    code, out, _ = invoke(*args)
    created = tmp_path / "data" / "projects" / "jurmalas-9.2.1.1-15-I-001.yaml"
    assert (
        code == 0
        and out
        == f"created {Path('data/projects') / created.name}; check it with: "
        f"esfproj validate {Path('data/projects') / created.name}\n"
    )
    text = created.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schemas/project.schema.json"
    assert yaml.safe_load(text)["title"] == "Profesionāla sociālā darba attīstība: pašvaldībās"
    code, out, _ = invoke("validate", "--strict", "--quiet")
    assert (code, out) == (
        0,
        f"{Path('data/projects') / created.name}:2:1: info[funding-missing] "
        "the record has no funding figures; add them under funding: where the "
        "source gives them\n",
    )
    before = created.read_bytes()
    code, _, err = invoke(*args)
    assert code == 2 and "never overwrites" in err
    assert created.read_bytes() == before
    assert invoke("new", "--number", "1", "--title", "t", "--fund", "EFS")[0] == 2
    assert (
        invoke("new", "--number", "9.2.1.1/15/I/002", "--title", "t", "--fund", "esf", "--status", "In_Progress")[0]
        == 0
    )
    written = (tmp_path / "data" / "projects" / "9.2.1.1-15-I-002.yaml").read_text()
    assert "fund: ESF\nstatus: in_progress\n" in written


def test_schema_command_prints_the_bundled_schema(tmp_path: Path) -> None:
    code, out, _ = invoke("schema")
    assert code == 0 and out == (REPO / "schemas" / "project.schema.json").read_text("utf-8")
    target = tmp_path / "s.json"
    assert invoke("schema", "--output", str(target))[0] == 0
    assert json.loads(target.read_text())["title"] == "esfproj project record"


def test_every_command_help_has_an_example() -> None:
    for command in ("validate", "list", "summary", "show", "export", "checks", "schema", "new"):
        code, out, _ = invoke(command, "--help")
        assert code == 0 and "Example: esfproj " in out, command


def test_pre_commit_hook_definition() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert hook["id"] == "esfproj-validate" and hook["entry"] == "esfproj validate"
    assert hook["language"] == "python"


def test_no_color_env_wins_in_auto_mode(tmp_path: Path) -> None:
    write(tmp_path, BROKEN)
    env = {**os.environ, "NO_COLOR": "1"}
    assert "\033[" not in invoke("validate", str(tmp_path), env=env)[1]


def test_docs_checks_page_is_up_to_date() -> None:
    from esfproj.render.checks import checks_page

    assert (REPO / "docs" / "checks.md").read_text(encoding="utf-8") == checks_page(), (
        "run: python scripts/generate_docs.py"
    )


def test_new_outside_a_project_says_how_to_get_editor_help(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("new", "--number", "8.5.1.0/16/I/001", "--title", "T", "--fund", "ESF", "--folder", "recs")
    assert code == 0 and "esfproj schema --output schemas/project.schema.json" in err
    assert (tmp_path / "recs" / "8.5.1.0-16-I-001.yaml").read_text().startswith("schema_version")


def test_the_documented_new_example_adds_a_record_that_validates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run beside the bundled records, the docs' `esfproj new` makes no duplicate."""
    import re
    import shlex
    import shutil

    block = re.search(r"```sh\n(esfproj new .*?)\n# created (\S+);", (REPO / "docs" / "cli.md").read_text(), re.S)
    assert block is not None
    command, created = block.group(1).replace("\\\n", " "), block.group(2)
    shutil.copytree(REPO / "data", tmp_path / "data")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas", symlinks=False)
    monkeypatch.chdir(tmp_path)
    assert invoke(*shlex.split(command)[1:])[0] == 0
    assert (tmp_path / created).is_file()
    code, out, _ = invoke("validate", "-q")
    assert code == 0, out
