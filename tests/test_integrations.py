"""Outside tools: the real pre-commit runs the hook; check-jsonschema agrees with the schema."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, VALID

pytestmark = pytest.mark.slow  # deselect with: pytest -m "not slow"

GIT = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.invalid",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.invalid",
}


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, check=False, env={**os.environ, **GIT, **env}, timeout=600
    )


def test_pre_commit_try_repo_runs_the_hook(tmp_path: Path) -> None:
    records = tmp_path / "records"
    (records / "data" / "projects").mkdir(parents=True)
    good = records / "data" / "projects" / "good.yaml"
    good.write_text(VALID, encoding="utf-8")
    bad = records / "data" / "projects" / "bad.yaml"
    bad.write_text(
        VALID.replace("9.2.1.1/15/I/001", "9.2.1.1/15/I/002").replace("amount: 15.00", "amount: 25.00"),
        encoding="utf-8",
    )
    (records / "notes.yaml").write_text("not: [a record\n", encoding="utf-8")
    assert run(["git", "init", "-q"], records).returncode == 0
    assert run(["git", "add", "."], records).returncode == 0
    home = str(tmp_path / "pre-commit-home")
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "esfproj-validate", "--all-files"]
    failed = run(command, records, PRE_COMMIT_HOME=home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "data/projects/bad.yaml:15:11: error[funding-sum]" in failed.stdout
    assert "notes.yaml" not in failed.stdout  # only records under data/projects are checked
    bad.unlink()
    assert run(["git", "add", "-A"], records).returncode == 0
    passed = run(command, records, PRE_COMMIT_HOME=home)
    assert passed.returncode == 0, passed.stdout + passed.stderr


def test_the_hook_catches_a_duplicate_committed_beside_the_original(tmp_path: Path) -> None:
    """Only the new file is staged, yet the hook checks the whole data set, as CI does."""
    records = tmp_path / "records"
    projects = records / "data" / "projects"
    projects.mkdir(parents=True)
    (projects / "original.yaml").write_text(VALID, encoding="utf-8")
    assert run(["git", "init", "-q"], records).returncode == 0
    assert run(["git", "add", "."], records).returncode == 0
    assert run(["git", "commit", "-qm", "original"], records).returncode == 0
    (projects / "z-copy.yaml").write_text(VALID, encoding="utf-8")
    assert run(["git", "add", "data/projects/z-copy.yaml"], records).returncode == 0
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "esfproj-validate"]
    failed = run(command, records, PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"))
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "data/projects/z-copy.yaml:2:17: error[duplicate-record]" in failed.stdout


def test_the_documented_rev_resolves_to_a_commit(tmp_path: Path) -> None:
    """The docs' `rev: main` and `pre-commit autoupdate --freeze` pin a commit that exists."""
    import re

    import yaml

    upstream = tmp_path / "esfproj"
    assert run(["git", "clone", "-q", str(REPO), str(upstream)], tmp_path).returncode == 0
    head = run(["git", "rev-parse", "HEAD"], upstream).stdout.strip()
    snippet = next(
        block
        for block in re.findall(r"```yaml\n(.*?)```", (REPO / "docs" / "cli.md").read_text(encoding="utf-8"), re.S)
        if "repos:" in block
    )
    config = yaml.safe_load(snippet)
    config["repos"][0]["repo"] = str(upstream)
    records = tmp_path / "records"
    records.mkdir()
    assert run(["git", "init", "-q"], records).returncode == 0
    (records / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    update = run(
        [sys.executable, "-m", "pre_commit", "autoupdate", "--freeze"],
        records,
        PRE_COMMIT_HOME=str(tmp_path / "pre-commit-home"),
    )
    assert update.returncode == 0, update.stdout + update.stderr
    pinned = yaml.safe_load((records / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert pinned["repos"][0]["rev"] == head


SCHEMA_INVALID = {
    "unknown-key": VALID + "fundng: {}\n",
    "enum": VALID.replace("fund: ESF", "fund: esf"),
    "missing": VALID.replace("title: Profesionāla sociālā darba attīstība pašvaldībās\n", ""),
    "text-amount": VALID.replace("amount: 100.00", 'amount: "70 222,38"'),
    "negative": VALID.replace("amount: 15.00", "amount: -15.00"),
    "date-form": VALID.replace("start: 2016-04-18", 'start: "18.04.2016"'),
    "currency": VALID.replace("funding:\n", "funding:\n  currency: eur\n"),
    "nested-currency": VALID.replace("      source: ESF\n", "      source: ESF\n      currency: EUR\n"),
    "rate-over-100": VALID.replace("rate: 85", "rate: 185"),
    "code-number": VALID.replace('code: "9.2.1.1"', "code: 9.2"),
    "version": VALID.replace("schema_version: 1", "schema_version: 2"),
}


def check_jsonschema(files: list[Path]) -> subprocess.CompletedProcess[str]:
    return run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(REPO / "schemas" / "project.schema.json"),
            *map(str, files),
        ],
        REPO,
    )


def test_check_jsonschema_accepts_every_valid_example() -> None:
    files = [
        *sorted((REPO / "data" / "projects").glob("*.yaml")),
        *sorted((REPO / "tests" / "examples" / "valid").glob("*.yaml")),
    ]
    result = check_jsonschema(files)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", sorted(SCHEMA_INVALID))
def test_check_jsonschema_rejects_what_esfproj_rejects(name: str, tmp_path: Path) -> None:
    from tests.conftest import findings_of

    path = tmp_path / f"{name}.yaml"
    path.write_text(SCHEMA_INVALID[name], encoding="utf-8")
    assert "schema" in {f.check for f in findings_of([path])}
    result = check_jsonschema([path])
    assert result.returncode == 1, result.stdout + result.stderr
