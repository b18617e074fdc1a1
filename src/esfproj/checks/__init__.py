"""The registry of every check: one id, one severity, one place that emits it.

File-level checks are emitted by the loader and the schema; record checks by
one module per family; cross-record checks by `dataset`.
"""

from __future__ import annotations

from esfproj import loader, schema
from esfproj.checks import contacts, dataset, dates, funding, indicators, numbers, partners
from esfproj.checks.base import Check, Context, RecordCheck
from esfproj.model import Severity

E, W = Severity.ERROR, Severity.WARNING

FILE_CHECKS = (
    loader.FILE_READ,
    loader.YAML_SYNTAX,
    loader.YAML_ENCODING,
    loader.YAML_DUPLICATE_KEY,
    loader.YAML_STRUCTURE,
    loader.YAML_LIMITS,
    schema.SCHEMA,
    loader.CONTROL_CHARACTER,
)
"""Emitted by the loader and the schema, which sit below the checks and define their own."""
RECORD_FAMILIES = (funding, dates, numbers, indicators, partners, contacts)
RECORD_CHECKS: tuple[RecordCheck, ...] = tuple(family.check for family in RECORD_FAMILIES)
ACKNOWLEDGED_UNUSED = Check("acknowledged-unused", W, "an acknowledgement that matches no finding")

ALL: dict[str, Check] = {
    check.id: check
    for check in (
        *FILE_CHECKS,
        *(c for family in RECORD_FAMILIES for c in family.CHECKS),
        *dataset.CHECKS,
        ACKNOWLEDGED_UNUSED,
    )
}

__all__ = ["ALL", "RECORD_CHECKS", "Check", "Context"]
