"""One JSON object, stable across releases of the same `version` (cli.md)."""

from __future__ import annotations

import json
from typing import Any

from esfproj import __version__
from esfproj.model import Finding, ValidationResult

FORMAT_VERSION = 1


def finding_object(finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "file": finding.file,
        "line": finding.line,
        "column": finding.column,
        "record": finding.record,
        "check": finding.check,
        "severity": finding.severity.value,
        "acknowledged": finding.acknowledged,
        "path": finding.path,
        "message": finding.message.render(human=False),
    }
    if finding.expected is not None:
        out["expected"] = finding.expected
    if finding.actual is not None:
        out["actual"] = finding.actual
    if finding.acknowledged:
        out["note"] = finding.note
    return out


def render(report: ValidationResult, colour: bool, quiet: bool, lang: str = "en") -> str:
    counts = report.counts
    document = {
        "version": FORMAT_VERSION,
        "tool": {"name": "esfproj", "version": __version__},
        "as_of": report.as_of,
        "summary": {
            "files": counts.files,
            "records": counts.records,
            "errors": counts.errors,
            "warnings": counts.warnings,
            "infos": counts.infos,
            "acknowledged": counts.acknowledged,
        },
        "findings": [finding_object(f) for f in report.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
