"""`esfproj import` in a real terminal (tmux): a progress bar while a long list is read,
the lines it says printed above it, and nothing of the bar left at the end."""

from __future__ import annotations

import shlex
import subprocess
import sys
import uuid
from pathlib import Path

from benchmarks.import_list import generate_list

from tests.robustness import test_prompts
from tests.robustness.test_prompts import Terminal

pytestmark = test_prompts.pytestmark  # slow, and skipped without tmux


def test_a_long_import_shows_its_progress_then_one_closing_line(tmp_path: Path) -> None:
    listed = tmp_path / "kohesio.csv"
    generate_list(6000, listed)  # about 8 MiB: past the 4 MiB from which the bar shows
    with open(listed, "a", encoding="utf-8", newline="") as handle:
        handle.write("bad,row\r\n")
    session = f"esfproj-{uuid.uuid4().hex[:8]}"
    command = (
        f"cd {shlex.quote(str(tmp_path))} && {shlex.quote(sys.executable)} -m esfproj "
        "import kohesio.csv --into records; echo EXIT=$?; sleep 30"
    )
    subprocess.run(
        ["tmux", "new-session", "-d", "-s", session, "-x", "150", "-y", "20", "sh", "-c", command], check=True
    )
    terminal = Terminal(session)
    try:
        during = terminal.wait_for("importing", 30)
        assert "MB" in during  # read so far, of the list's size
        after = terminal.wait_for("EXIT=", 120)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)
    lines = [line for line in after.splitlines() if line.strip()]
    assert lines[-3:] == [
        "kohesio.csv:18002: refused bad: the row has 2 fields, the header 35",
        "6001 rows: created 6000, unchanged 0, differing 0, refused 1, repeated 0",
        "EXIT=1",
    ]
    assert "importing" not in after
