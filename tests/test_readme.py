"""The README's examples are what the commands print today."""

from __future__ import annotations

import re
import shlex

import pytest
from typer.testing import CliRunner

from esfproj.checks import ALL
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
RECORDS = (REPO / "docs" / "records.md").read_text(encoding="utf-8")
CLI = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
DOCS = [README, RECORDS, CLI, (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")]
BLOCKS = [block for text in DOCS for block in re.findall(r"```console\n\$ (esfproj [^\n]*)\n(.*?)```", text, re.DOTALL)]


def test_the_docs_have_examples() -> None:
    assert len(BLOCKS) >= 8


def test_no_link_leaves_the_repository() -> None:
    for text in DOCS:
        assert "../shared" not in text
    for target in re.findall(r"\]\(([^)#]+)", README + RECORDS + CLI):
        if not target.startswith("http"):
            base = REPO if target.startswith("docs/") else REPO / "docs"
            assert (base / target).resolve().exists(), target


@pytest.mark.parametrize(("command", "expected"), BLOCKS, ids=[b[0] for b in BLOCKS])
def test_readme_example_is_real_output(command: str, expected: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from esfproj.cli import app

    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(app, shlex.split(command)[1:])
    assert result.stdout == expected


def test_first_lines_give_the_two_newcomer_commands() -> None:
    first = README.split("```")[1]
    assert "pip install . && esfproj validate" in first
    assert "pip install '.[test]' && python -m pytest" in first


def test_every_check_is_documented_in_the_record_format() -> None:
    documented = set(re.findall(r"^\| `([a-z-]+)` \| (?:error|warning|info) \|", RECORDS, re.M))
    assert documented == set(ALL)


def test_ci_snippets_in_the_readme_are_valid_yaml() -> None:
    import yaml

    blocks = [yaml.safe_load(b) for b in re.findall(r"```yaml\n(.*?)```", CLI, re.DOTALL)]
    pre_commit = next(b for b in blocks if isinstance(b, dict) and "repos" in b)
    assert pre_commit["repos"][0]["hooks"] == [{"id": "esfproj-validate"}]
    github = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    steps = github["jobs"]["validate"]["steps"]
    assert {"run": "esfproj validate"} in steps
    gitlab = next(b for b in blocks if isinstance(b, dict) and "validate-records" in b)
    assert gitlab["validate-records"]["artifacts"]["reports"]["junit"] == "esfproj.xml"
    assert any("--format junit --output esfproj.xml" in line for line in gitlab["validate-records"]["script"])
