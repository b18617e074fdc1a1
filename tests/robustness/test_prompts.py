"""`esfproj new` at its prompts, in a real terminal (tmux), as a person answers them."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"),
]


class Terminal:
    """One tmux server of its own (`-L`, its own socket): sessions of one shared server race
    when one ends as the next starts ("server exited unexpectedly")."""

    def __init__(self, session: str) -> None:
        self.session = session
        self.tmux = ["tmux", "-L", session]

    def keys(self, *keys: str) -> None:
        subprocess.run([*self.tmux, "send-keys", "-t", self.session, *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(
            [*self.tmux, "capture-pane", "-p", "-t", self.session], check=True, capture_output=True, text=True
        ).stdout

    def wait_for(self, text: str, seconds: float = 20, ending: str | None = None) -> str:
        """The screen once `text` is on it (and, given `ending`, the screen ends with it: a
        prompt drawn again after a message, which a busy machine draws a moment later)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen and (ending is None or screen.rstrip().endswith(ending)):
                return screen
            time.sleep(0.1)
        wanted = repr(text) + (f" then {ending!r} at the end" if ending is not None else "")
        raise AssertionError(f"{wanted} never appeared; the screen:\n{self.screen()}")


@contextmanager
def running(folder: Path, arguments: str, width: int = 120) -> Iterator[Terminal]:
    """`esfproj ARGUMENTS` running in a fresh tmux session in `folder`; when it ends the
    shell (which outlives a Ctrl-C) prints `EXIT=<code>`."""
    session = f"esfproj-{uuid.uuid4().hex[:8]}"
    command = (
        f"trap : INT; cd {shlex.quote(str(folder))} && {shlex.quote(sys.executable)} -m esfproj "
        f"{arguments}; echo EXIT=$?; sleep 30"
    )
    terminal = Terminal(session)
    subprocess.run(
        [*terminal.tmux, "new-session", "-d", "-s", session, "-x", str(width), "-y", "30", "sh", "-c", command],
        check=True,
    )
    try:
        yield terminal
    finally:
        subprocess.run([*terminal.tmux, "kill-server"], check=False)


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[Terminal]:
    """`esfproj new --folder records` at its prompts."""
    with running(tmp_path, "new --folder records") as screen:
        yield screen


def test_answers_make_a_record_and_a_bad_fund_is_asked_again(terminal: Terminal, tmp_path: Path) -> None:
    terminal.wait_for("Number:")
    terminal.keys("9.2.1.1/15/I/001", "Enter")
    terminal.wait_for("Title:")
    terminal.keys("Profesionāla sociālā darba attīstība pašvaldībās", "Enter")
    terminal.wait_for("Fund:")
    terminal.keys("EFS", "Enter")
    terminal.wait_for("not 'EFS'", ending="Fund:")  # asked again at its own prompt
    terminal.keys("esf", "Enter")
    terminal.wait_for("Participant (empty for a whole project):")
    terminal.keys("Jūrmalas pilsētas dome", "Enter")
    screen = terminal.wait_for("EXIT=")
    assert "EXIT=0" in screen and "created records/jurmalas-9.2.1.1-15-I-001.yaml" in screen
    text = (tmp_path / "records" / "jurmalas-9.2.1.1-15-I-001.yaml").read_text(encoding="utf-8")
    assert "fund: ESF\n" in text


def test_an_empty_title_is_asked_again(terminal: Terminal) -> None:
    terminal.wait_for("Number:")
    terminal.keys("9.2.1.1/15/I/001", "Enter")
    terminal.wait_for("Title:")
    terminal.keys("Enter")
    terminal.wait_for("a record needs a title", ending="Title:")


def test_ctrl_d_at_a_prompt_exits_1_with_one_line(terminal: Terminal, tmp_path: Path) -> None:
    terminal.wait_for("Number:")
    terminal.keys("C-d")
    screen = terminal.wait_for("EXIT=")
    assert "EXIT=1" in screen
    assert "esfproj: error: no answer (end of input); nothing was written" in screen
    assert "Traceback" not in screen and "internal error" not in screen
    assert not (tmp_path / "records").exists()


def test_ctrl_c_at_a_prompt_exits_130_with_one_line(terminal: Terminal, tmp_path: Path) -> None:
    terminal.wait_for("Number:")
    terminal.keys("9.2.1.1/15/I/001", "Enter")
    terminal.wait_for("Title:")
    terminal.keys("C-c")
    screen = terminal.wait_for("EXIT=")
    assert "EXIT=130" in screen and "esfproj: interrupted" in screen
    assert "Traceback" not in screen and "Abort" not in screen
    assert not (tmp_path / "records").exists()


def test_prompts_in_latvian(tmp_path: Path) -> None:
    with running(tmp_path, "new --folder records --lang lv --start 2016-04-18 --amount 70222.38") as terminal:
        terminal.wait_for("Projekta numurs:")
        terminal.keys("9.2.1.1/15/I/001", "Enter")
        terminal.wait_for("Nosaukums:")
        terminal.keys("Enter")
        terminal.wait_for("esfproj: ierakstam vajag nosaukumu", ending="Nosaukums:")
        terminal.keys("Profesionāla sociālā darba attīstība pašvaldībās", "Enter")
        terminal.wait_for("Fonds:")
        terminal.keys("EFS", "Enter")
        terminal.wait_for("esfproj: --fund gaida vienu no: ESF, ESF+,", ending="Fonds:")
        terminal.keys("ESF", "Enter")
        terminal.wait_for("Dalībnieks (tukšs visam projektam):")
        terminal.keys("Jūrmalas pilsētas dome", "Enter")
        screen = terminal.wait_for("EXIT=")
    assert "EXIT=0" in screen
    assert "izveidots records/jurmalas-9.2.1.1-15-I-001.yaml; pārbaudiet to ar: esfproj validate" in screen
    text = (tmp_path / "records" / "jurmalas-9.2.1.1-15-I-001.yaml").read_text(encoding="utf-8")
    assert text.endswith("period:\n  start: 2016-04-18\nfunding:\n  amount: 70222.38\n  currency: EUR\n")
