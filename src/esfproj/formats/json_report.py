"""One JSON object, stable across releases of the same `version` (cli.md)."""

from __future__ import annotations

import json

from esfproj import __version__
from esfproj.model import ValidationResult
from esfproj.render.findings import finding_object

FORMAT_VERSION = 1


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
