"""`esfproj import` in a real terminal (tmux): a progress bar while a long list is read,
what it says of the rows and one closing line, and nothing of the bar left at the end."""

from __future__ import annotations

from pathlib import Path

from benchmarks.import_list import generate_list

from esfproj.schema import schema_text
from tests.robustness import test_prompts
from tests.robustness.test_prompts import running

pytestmark = test_prompts.pytestmark  # slow, and skipped without tmux


def test_a_long_import_shows_its_progress_then_one_closing_line(tmp_path: Path) -> None:
    listed = tmp_path / "kohesio.csv"
    generate_list(6000, listed)  # about 8 MiB: past the 4 MiB from which the bar shows
    with open(listed, "a", encoding="utf-8", newline="") as handle:
        handle.write("bad,row\r\n")
    (tmp_path / "schemas").mkdir()  # so the records name it, and no hint says they cannot
    (tmp_path / "schemas" / "project.schema.json").write_text(schema_text(), encoding="utf-8")
    with running(tmp_path, "import kohesio.csv --into records", width=150) as terminal:
        during = terminal.wait_for("importing", 30)
        assert "MB" in during  # read so far, of the list's size
        after = terminal.wait_for("EXIT=", 120)
    lines = [line for line in after.splitlines() if line.strip()]
    assert lines[-3:] == [
        "kohesio.csv:18002: refused bad: the row has 2 fields, the header 35",
        "6001 rows: created 6000, unchanged 0, differing 0, refused 1, repeated 0",
        "EXIT=1",
    ]
    assert "importing" not in after
