"""Rewrite every console example in the README and docs/ with what the command prints today.

Run after a change of output, then read the diff: each example is a promise to users,
and tests/test_readme.py fails while any of them is stale.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from typer.testing import CliRunner

REPO = Path(__file__).resolve().parent.parent
BLOCK = re.compile(r"```console\n\$ (esfproj [^\n]*)\n(.*?)```", re.DOTALL)


def refresh(path: Path) -> bool:
    """Rewrite the console blocks of one file; whether anything changed."""
    from esfproj.cli import app

    text = path.read_text(encoding="utf-8")

    def run(match: re.Match[str]) -> str:
        command = match.group(1)
        result = CliRunner().invoke(app, shlex.split(command)[1:])
        return f"```console\n$ {command}\n{result.stdout}```"

    new = BLOCK.sub(run, text)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


def main() -> int:
    import os

    os.chdir(REPO)
    changed = [p for p in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))] if refresh(p)]
    for path in changed:
        print(f"rewrote {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
