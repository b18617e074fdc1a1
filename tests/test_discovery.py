"""Which files a walk reads: record names in any case, hidden folders and virtual environments
passed over (and said), the configuration's `exclude`, a path given always read."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import VALID, write
from tests.robustness.test_trust import esfproj


def _repository(tmp_path: Path) -> Path:
    """A repository as `esfproj validate .` meets it: records, a virtual environment with YAML
    files of its own, a .git folder, drafts the configuration excludes."""
    write(tmp_path / "data", VALID, "a.yaml")
    write(tmp_path / "data", VALID.replace("9.2.1.1/15/I/001", "9.2.1.1/15/I/002"), "B.YAML")
    write(tmp_path / ".venv" / "lib", "key: [unclosed\n", "broken.yaml")
    (tmp_path / ".venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    write(tmp_path / "env" / "lib", "key: [unclosed\n", "broken.yml")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    write(tmp_path / ".git", "key: [unclosed\n", "config.yaml")
    write(tmp_path / "data" / "drafts", "key: [unclosed\n", "c.yaml")
    write(tmp_path / "data", "key: [unclosed\n", "d.draft.yaml")
    (tmp_path / "esfproj.toml").write_text('exclude = ["data/drafts", "*.draft.yaml"]\n', encoding="utf-8")
    return tmp_path


def test_a_walk_passes_over_hidden_folders_environments_and_exclusions_and_says_so(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    result = esfproj("validate", ".", cwd=root)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1] == (
        "2 records in 2 files: 0 errors, 0 warnings, 0 infos, 0 acknowledged; not read: hidden folders: 2, "
        "virtual environments: 1, excluded by the configuration: 2"
    )
    summary = esfproj("summary", ".", cwd=root)
    assert summary.returncode == 0
    assert "esfproj: not read: hidden folders: 2, virtual environments: 1, excluded by the configuration: 2" in (
        summary.stderr
    )
    assert " Total         2   200.00 EUR   100.00 %" in summary.stdout


def test_a_path_given_is_read_even_where_a_walk_would_pass_it_over(tmp_path: Path) -> None:
    root = _repository(tmp_path)
    result = esfproj("validate", ".venv", "data/drafts/c.yaml", cwd=root)
    assert result.returncode == 1
    assert ".venv/lib/broken.yaml:2:1:" in result.stdout and "data/drafts/c.yaml:2:1:" in result.stdout


def test_exclude_must_be_a_list_of_patterns(tmp_path: Path) -> None:
    (tmp_path / "esfproj.toml").write_text('exclude = "drafts"\n', encoding="utf-8")
    result = esfproj("validate", ".", cwd=tmp_path)
    assert result.returncode == 2
    assert "esfproj.toml: 'exclude' must be a list of glob patterns, such as [\"drafts/*\"]" in result.stderr
