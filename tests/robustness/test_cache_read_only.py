"""A cache folder that cannot be written (a read-only checkout, another user's cache) is
skipped without a word: the answers are those without a cache, and nothing is written."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import VALID
from tests.robustness.conftest import NOBODY, skip_unless_nobody_runs_esfproj
from tests.robustness.test_accounting import _as_nobody

COMMANDS = (
    ["validate", "--as-of", "2026-11-22"],
    ["summary", "--by", "source", "--format", "json"],
    ["list", "--format", "csv"],
    ["export", "--format", "json"],
    ["show", "r001"],
)


def _run(top: Path, *args: str, nobody: bool = True) -> tuple[int, str, str]:
    result = _as_nobody(*args, cwd=top, user=NOBODY if nobody else ())
    return result.returncode, result.stdout, result.stderr


def _hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*")}


@pytest.fixture
def top() -> Iterator[Path]:
    """A data set owned by root, readable (not writable) by `nobody`."""
    skip_unless_nobody_runs_esfproj(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix="esfproj-cache-ro-"))
    (folder / "data" / "projects").mkdir(parents=True)
    for number in range(1, 4):
        text = VALID.replace("9.2.1.1/15/I/001", f"9.2.1.1/15/I/{number:03d}")
        (folder / "data" / "projects" / f"r{number:03d}.yaml").write_text(text, encoding="utf-8")
    (folder / "data" / "projects" / "tab.yaml").write_text(VALID.replace("  label", "\tlabel", 1), encoding="utf-8")
    (folder / "esfproj.toml").write_text('paths = ["data/projects"]\n', encoding="utf-8")
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield folder
    shutil.rmtree(folder)


def test_no_cache_folder_can_be_made(top: Path) -> None:
    for command in COMMANDS:
        assert _run(top, *command) == _run(top, *command, "--no-cache")
    assert not (top / ".esfproj_cache").exists()


def test_a_cache_another_user_made_is_left_alone(top: Path) -> None:
    for command in COMMANDS:
        assert _run(top, *command, nobody=False) == _run(top, *command, "--no-cache", nobody=False)
    cache = top / ".esfproj_cache"
    before = _hashes(cache)
    assert "cache.sqlite3" in before
    (top / "data" / "projects" / "r001.yaml").write_text(VALID.replace("title: ", "title: Jauns "), encoding="utf-8")
    for command in COMMANDS:
        found = _run(top, *command)
        assert found == _run(top, *command, "--no-cache")
        assert "cache" not in found[2]
    assert _hashes(cache) == before
