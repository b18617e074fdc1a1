"""The mistakes Typer finds on the command line itself (an unknown option, a value not among
an option's choices, a missing argument), said in Latvian under `--lang lv`.

Typer (and the Click it builds on) writes these in English only, before any esfproj code
runs. Under `--lang lv` the command line is parsed without Typer's own error printing, and
its message is said in Latvian: each kind of message Typer writes has a pattern here; one
that matches none is said as Typer wrote it, after a Latvian "kļūda"."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from typing import Any

from esfproj.text import terminal

Patterns = tuple[tuple[re.Pattern[str], str], ...]


def _compiled(*pairs: tuple[str, str]) -> Patterns:
    return tuple((re.compile(pattern, re.DOTALL), latvian) for pattern, latvian in pairs)


PHRASES = _compiled(
    (r"No such option: (\S+) \(Possible options: (.+)\)", r"nav tādas opcijas: \1 (iespējamās: \2)"),
    (r"No such option: (\S+)", r"nav tādas opcijas: \1"),
    (r"Missing argument '(.+)'\.", r"trūkst argumenta '\1'"),
    (r"Missing option '(.+)'\.", r"trūkst opcijas '\1'"),
    (r"Option '(.+)' requires an argument\.", r"opcijai '\1' vajag vērtību"),
    (r"Option '(.+)' requires (\d+) arguments\.", r"opcijai '\1' vajag \2 vērtības"),
    (r"Option '(.+)' does not take a value\.", r"opcija '\1' vērtību neņem"),
    (r"Got unexpected extra argument\(s\) \((.+)\)", r"lieki argumenti: \1"),
    (r"Got unexpected extra arguments? \((.+)\)", r"lieki argumenti: \1"),
)
VALUES = _compiled(
    (r"(.+) is not one of (.+)\.", r"\1 nav neviena no \2"),
    (r"(.+) is not a valid (?:integer|int range)\.", r"\1 nav vesels skaitlis"),
    (r"(.+) is not a valid (?:float|float range)\.", r"\1 nav skaitlis"),
    (r"(.+) is not in the range (.+)\.", r"\1 nav robežās \2"),
    (r"(.+) is not a valid boolean\. Recognized values: (.+)", r"\1 nav patiesuma vērtība; der: \2"),
)
INVALID = re.compile(r"Invalid value for (.+?): (.+)", re.DOTALL)


def in_latvian(message: str) -> str:
    """Typer's message in Latvian (as it is, where no pattern knows it)."""
    invalid = INVALID.fullmatch(message)
    if invalid is not None:
        return f"nederīga vērtība {invalid[1]}: {_first(VALUES, invalid[2])}"
    return _first(PHRASES, message)


def _first(patterns: Patterns, message: str) -> str:
    for pattern, latvian in patterns:
        if pattern.fullmatch(message):
            return pattern.sub(latvian, message, count=1)
    return message


def run(app: Callable[..., Any], args: list[str]) -> int:
    """Run the Typer application on `args`, saying its own usage errors in Latvian; its exit
    code (2 for such an error)."""
    try:
        code = app(args=args, prog_name="esfproj", standalone_mode=False)
    except Exception as error:  # Typer's own: duck-typed, as Typer's Click is its own copy
        if error.__class__.__name__ == "Abort":
            print("Pārtraukts.", file=sys.stderr)
            return 1
        if not (hasattr(error, "format_message") and hasattr(error, "exit_code")):
            raise
        context = getattr(error, "ctx", None)
        if context is not None:
            usage = context.get_usage().replace("Usage:", "Lietojums:", 1)
            print(f"{usage}\nPalīdzība: {context.command_path} {context.help_option_names[0]}", file=sys.stderr)
        print(f"esfproj: kļūda: {terminal(in_latvian(error.format_message()))}", file=sys.stderr)
        code = error.exit_code
    return code if isinstance(code, int) else 0
