"""`esfproj checks`: every check with its severity and a failing example; or one explained."""

from __future__ import annotations

import sys

from esfproj.checks import ALL
from esfproj.commands.common import Settings, use_colour, width
from esfproj.errors import UsageError
from esfproj.options import Lang, TableFormat
from esfproj.render.checks import checks_json, checks_table, explain, explain_json
from esfproj.render.tables import render, to_csv


def run(settings: Settings, *, check: str | None, format: TableFormat, lang: Lang) -> int:
    """Tables and the explanation of one check in `lang`; CSV and JSON in English."""
    if check is not None:
        if check not in ALL:
            raise UsageError(
                f"no check {check!r}; esfproj checks lists them",
                lv=f"nav pārbaudes {check!r}; tās uzskaita esfproj checks",
            )
        if format not in (TableFormat.table, TableFormat.json):
            raise UsageError(
                f"one check is explained as text or json, not {format.value}",
                lv=f"vienu pārbaudi izskaidro kā tekstu vai json, nevis {format.value}",
            )
        text = explain_json(check) if format is TableFormat.json else explain(check, lang=lang.value)
    elif format is TableFormat.json:
        text = checks_json()
    elif format is TableFormat.csv:
        text = to_csv(["check", "severity", "summary", "failing_example"], checks_table().rows)
    else:
        text = render(checks_table(lang.value), format, use_colour(settings.colour, None), width(None))
    sys.stdout.write(text)
    return 0
