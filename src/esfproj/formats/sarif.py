"""SARIF 2.1.0, for code-scanning views (GitHub code scanning, GitLab, Azure DevOps)."""

from __future__ import annotations

import json
from typing import Any

from esfproj import __version__
from esfproj.model import Severity, ValidationResult

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(report: ValidationResult, colour: bool, quiet: bool) -> str:
    from esfproj.checks import ALL

    used = sorted({f.check for f in report.findings})
    rules = [
        {
            "id": check,
            "name": check,
            "shortDescription": {"text": ALL[check].summary},
            "defaultConfiguration": {"level": LEVELS[ALL[check].severity]},
            "helpUri": f"https://esfproj.invalid/checks#{check}",
        }
        for check in used
    ]
    results: list[dict[str, Any]] = []
    for f in report.findings:
        result: dict[str, Any] = {
            "ruleId": f.check,
            "ruleIndex": used.index(f.check),
            "level": LEVELS[f.severity],
            "message": {"text": (f"{f.path}: " if f.path else "") + f.message.render(human=False)},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.file.replace("\\", "/")},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    }
                }
            ],
        }
        if f.acknowledged:
            result["suppressions"] = [{"kind": "inSource", "justification": f.note or ""}]
        results.append(result)
    document = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "esfproj",
                        "version": __version__,
                        "informationUri": "https://esfproj.invalid",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
