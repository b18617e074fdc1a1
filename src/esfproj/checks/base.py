"""What every check module shares: the check description and the run context."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import NamedTuple

from esfproj.model import Problem, Severity
from esfproj.record import Record


class Check(NamedTuple):
    id: str
    severity: Severity
    summary: str


class Context(NamedTuple):
    as_of: datetime.date
    tolerance: Decimal = Decimal(0)


RecordCheck = Callable[[Record, Context], Iterator[Problem]]
