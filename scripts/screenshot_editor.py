"""Make docs/editor.png: Neovim in a real terminal (tmux) with `esfproj lsp`, showing a
diagnostic and the inlay hints on a record whose parts do not add up.

    python scripts/screenshot_editor.py docs/editor.png

Neovim runs under tmux with scripts/editor_init.lua; the pane, captured with its colours
(`tmux capture-pane -e`), is drawn as HTML and photographed by Debian's Chromium through
Playwright (the test extra), as scripts/screenshot_report.py does.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from scripts.screenshot_report import screenshot

INIT = Path(__file__).resolve().parent / "editor_init.lua"
RECORD = """\
# A share whose parts do not add up, as typed
schema_version: 1
project_number: 9.2.1.1/15/I/001
title: Profesionāla sociālā darba attīstība pašvaldībās
fund: ESF
status: completed
participant: {name: Ogres novada pašvaldība}
funding:
  label: Projekta kopējās izmaksas
  amount: 70222.38
  parts:
    - label: Eiropas Sociālā fonda finansējums
      amount: 59689.02
      source: ESF
    - label: Valsts budžeta finansējums
      amount: 9533.36
      source: state_budget
"""
PALETTE = ["#1d1f21", "#cc6666", "#b5bd68", "#f0c674", "#81a2be", "#b294bb", "#8abeb7", "#c5c8c6"]
BRIGHT = ["#666666", "#ff3334", "#9ec400", "#f0c674", "#81a2be", "#b77ee0", "#54ced6", "#ffffff"]
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colour(codes: list[int], at: int) -> tuple[str | None, int]:
    """A 38/48 colour (256 or true colour) starting at codes[at]; the colour and the next index."""
    if codes[at + 1] == 5:
        n = codes[at + 2]
        if n < 8:
            return PALETTE[n], at + 3
        if n < 16:
            return BRIGHT[n - 8], at + 3
        if n >= 232:
            grey = 8 + (n - 232) * 10
            return f"#{grey:02x}{grey:02x}{grey:02x}", at + 3
        n -= 16
        levels = [0, 95, 135, 175, 215, 255]
        return f"#{levels[n // 36]:02x}{levels[n // 6 % 6]:02x}{levels[n % 6]:02x}", at + 3
    return f"#{codes[at + 2]:02x}{codes[at + 3]:02x}{codes[at + 4]:02x}", at + 5


def to_html(screen: str) -> str:
    """The pane's text with its SGR colours as spans."""
    out, fg, bg, bold = [], None, None, False
    for index, piece in enumerate(SGR.split(screen)):
        if index % 2 == 0:
            if piece:
                style = f"color:{fg or '#c5c8c6'};background:{bg or 'transparent'};" + (
                    "font-weight:bold" if bold else ""
                )
                out.append(f'<span style="{style}">{html.escape(piece)}</span>')
            continue
        codes = [int(c) for c in piece.split(";") if c] or [0]
        at = 0
        while at < len(codes):
            code = codes[at]
            if code == 0:
                fg, bg, bold = None, None, False
            elif code == 1:
                bold = True
            elif code == 22:
                bold = False
            elif 30 <= code <= 37:
                fg = PALETTE[code - 30]
            elif 90 <= code <= 97:
                fg = BRIGHT[code - 90]
            elif 40 <= code <= 47:
                bg = PALETTE[code - 40]
            elif code == 39:
                fg = None
            elif code == 49:
                bg = None
            elif code in (38, 48):
                value, at = colour(codes, at)
                if code == 38:
                    fg = value
                else:
                    bg = value
                continue
            at += 1
    body = "".join(out)
    return (
        "<!doctype html><meta charset=utf-8><body style='margin:0;background:#1d1f21'>"
        "<pre style='margin:0;padding:12px;font:15px/1.35 \"DejaVu Sans Mono\",monospace'>" + body + "</pre>"
    )


def main() -> None:
    target = Path(sys.argv[1])
    with tempfile.TemporaryDirectory() as folder:
        record = Path(folder) / "data" / "projects" / "ogre-9.2.1.1-15-I-001.yaml"
        record.parent.mkdir(parents=True)
        record.write_text(RECORD, encoding="utf-8")
        session = "esfproj-editor"
        command = f"cd {folder} && TERM=xterm-256color nvim -n -u {INIT} {record.relative_to(folder)}"
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "112", "-y", "24", command], check=True)
        try:
            screen = ""
            for _ in range(100):
                time.sleep(0.2)
                screen = subprocess.run(
                    ["tmux", "capture-pane", "-p", "-e", "-t", session], capture_output=True, text=True, check=True
                ).stdout
                if "parts add up" in screen and "%" in screen:
                    break
            time.sleep(0.5)
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-e", "-t", session], capture_output=True, text=True, check=True
            ).stdout
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], check=False)
        page_file = Path(folder) / "screen.html"
        page_file.write_text(to_html(screen), encoding="utf-8")
        screenshot(page_file, target, 1060, 500, full_page=True)


if __name__ == "__main__":
    main()
