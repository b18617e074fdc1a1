"""Indicators: an "of which" part never exceeds its parent."""

from __future__ import annotations

from collections.abc import Iterator

from esfproj.checks.base import GOOD, Check, Context, Example, one
from esfproj.model import Message, Problem, Severity
from esfproj.record import Indicator, Record

INDICATOR_PART = Check(
    "indicator-part",
    Severity.ERROR,
    'an "of which" part exceeds its parent',
    lv='daļa ("no tiem") pārsniedz savu virsrādītāju',
)
CHECKS = (INDICATOR_PART,)


def check(record: Record, context: Context) -> Iterator[Problem]:
    for indicator in record.indicators:
        yield from _parts(indicator)


def _parts(parent: Indicator) -> Iterator[Problem]:
    for part in parent.parts:
        if parent.target is not None and part.target is not None and part.target > parent.target:
            yield Problem(
                INDICATOR_PART.id,
                (*part.path, "target"),
                Message(
                    f"the part's target {part.target} exceeds its parent's target {parent.target}",
                    lv=f"daļas mērķis {part.target} pārsniedz tās virsrādītāja mērķi {parent.target}",
                ),
                expected=f"at most {parent.target}",
                actual=str(part.target),
            )
        yield from _parts(part)


EXAMPLES: dict[Check, Example] = {
    INDICATOR_PART: Example(
        one(
            GOOD + "indicators:\n  - label: Personas\n    target: 320\n    parts:\n"
            "      - {label: no tām, target: 46}\n"
        ),
        one(
            GOOD + "indicators:\n  - label: Personas\n    target: 320\n    parts:\n"
            "      - {label: no tām, target: 460}\n"
        ),
    ),
}
