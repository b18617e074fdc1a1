"""What every check module shares: the check description and the run context."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import NamedTuple

from esfproj.model import Check, Problem
from esfproj.record import Record

__all__ = ["Check", "Context", "RecordCheck"]


class Context(NamedTuple):
    as_of: datetime.date
    tolerance: Decimal = Decimal(0)


RecordCheck = Callable[[Record, Context], Iterator[Problem]]
