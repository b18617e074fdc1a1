"""The `esfproj` console script.

`esfproj validate [PATH...]`, with paths and no options, is how pre-commit and CI call
esfproj, on every commit and push. That call runs the validate command directly, without
importing Typer (which takes longer to start than validating a handful of files); every
other call, `--help` included, goes through the Typer application in `cli`.
"""

from __future__ import annotations

import sys
from itertools import pairwise

from esfproj.commands.common import Settings, guarded


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["validate"] and not any(arg.startswith("-") for arg in args[1:]):
        from esfproj.commands import validate

        sys.exit(guarded(lambda: validate.run(Settings(), paths=args[1:] or None)))
    sys.exit(guarded(lambda: _typer(args)))


def _typer(args: list[str]) -> int:
    """The Typer application's exit code; through `guarded` too, for what Typer prints
    itself (`--help`, `--version`) on an output that fails."""
    from esfproj.cli import app

    if _in_latvian(args):
        from esfproj import usage_lv

        return usage_lv.run(app, args)
    try:
        app(args=args, prog_name="esfproj")
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    return 0


def _in_latvian(args: list[str]) -> bool:
    """`--lang lv` (or `--lang=lv`) is on the command line, before any `--`."""
    given = args[: args.index("--")] if "--" in args else args
    return "--lang=lv" in given or any(a == "--lang" and b == "lv" for a, b in pairwise(given))
