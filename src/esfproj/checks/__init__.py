"""The registry of every check: one id, one severity, one place that emits it.

File-level checks are emitted by the loader and the schema; record checks by
one module per family; cross-record checks by `dataset`. Each module keeps the
passing and failing examples of its checks beside them, in `EXAMPLES`.
"""

from __future__ import annotations

from esfproj.checks import acknowledged, contacts, dataset, dates, files, funding, indicators, numbers, partners
from esfproj.checks.acknowledged import ACKNOWLEDGED_UNUSED
from esfproj.checks.base import Check, Context, Example, RecordCheck

RECORD_FAMILIES = (funding, dates, numbers, indicators, partners, contacts)
RECORD_CHECKS: tuple[RecordCheck, ...] = tuple(family.check for family in RECORD_FAMILIES)
"""The single-record checks whose findings depend only on the record (and the settings)."""
DATED_CHECKS: tuple[RecordCheck, ...] = (dates.dated,)
"""The single-record checks whose findings depend on the check date too (`--as-of`)."""
MODULES = (files, *RECORD_FAMILIES, dataset, acknowledged)

ALL: dict[str, Check] = {check.id: check for module in MODULES for check in module.CHECKS}
EXAMPLES: dict[str, Example] = {check.id: example for module in MODULES for check, example in module.EXAMPLES.items()}

__all__ = ["ACKNOWLEDGED_UNUSED", "ALL", "DATED_CHECKS", "EXAMPLES", "RECORD_CHECKS", "Check", "Context", "Example"]
