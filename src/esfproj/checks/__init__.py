"""The registry of every check: one id, one severity, one place that emits it.

File-level checks are emitted by the loader and the schema; record checks by
one module per family; cross-record checks by `dataset`.
"""

from __future__ import annotations

from esfproj.checks import contacts, dataset, dates, funding, indicators, numbers, partners
from esfproj.checks.base import Check, Context, RecordCheck
from esfproj.model import Severity

E, W = Severity.ERROR, Severity.WARNING

FILE_CHECKS = (
    Check("file-read", E, "the file cannot be read (missing, a folder, a FIFO or device, no permission)"),
    Check("yaml-syntax", E, "the file is not valid YAML"),
    Check("yaml-encoding", E, "the file is not UTF-8"),
    Check("yaml-duplicate-key", E, "a key appears twice in one mapping (both lines named)"),
    Check("yaml-structure", E, "empty file, more than one document, the top level is not a mapping, or a tag"),
    Check("yaml-limits", E, "over the size, nesting, alias or number limits that protect the tool"),
    Check("schema", E, "the record does not match the JSON Schema"),
    Check(
        "control-character",
        W,
        "a text holds a control character other than tab and "
        "newline (written as an escape in double quotes, or pasted from a word processor)",
    ),
)
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
