"""What every check module shares: the check description, the run context, and the
building blocks of the passing and failing examples each check keeps beside its code."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import NamedTuple

from esfproj.model import Check, Problem
from esfproj.record import Record

__all__ = ["FUNDING", "GOOD", "HEAD", "Check", "Context", "Example", "RecordCheck", "one"]


class Context(NamedTuple):
    as_of: datetime.date
    tolerance: Decimal = Decimal(0)


RecordCheck = Callable[[Record, Context], Iterator[Problem]]

HEAD = """\
schema_version: 1
project_number: 9.2.1.1/15/I/001
title: Profesionāla sociālā darba attīstība pašvaldībās
fund: ESF
status: unknown
"""
FUNDING = """\
funding:
  label: Kopā
  amount: 100.00
  parts:
    - {label: ESF, amount: 85.00, rate: 85, source: ESF}
    - {label: Valsts budžets, amount: 15.00, rate: 15, source: state_budget}
"""
GOOD = HEAD + FUNDING


class Example(NamedTuple):
    passing: dict[str, str]
    failing: dict[str, str]
    note: str = ""
    """What the failing case is, where its text alone does not say (an encoding, a link)."""
    note_lv: str = ""
    """The note in Latvian, said under `--lang lv` (the examples' records stay as they are)."""

    def noted(self, lang: str = "en") -> str:
        return self.note_lv if lang == "lv" and self.note_lv else self.note


def one(text: str) -> dict[str, str]:
    return {"record.yaml": text}
