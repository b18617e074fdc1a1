"""What every check module shares: the check description and the run context."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from esfproj.model import Problem, Severity
from esfproj.record import Record


@dataclass(frozen=True, slots=True)
class Check:
    id: str
    severity: Severity
    summary: str


@dataclass(frozen=True, slots=True)
class Context:
    as_of: datetime.date
    tolerance: Decimal = Decimal(0)


RecordCheck = Callable[[Record, Context], Iterator[Problem]]
