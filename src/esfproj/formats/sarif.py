"""SARIF 2.1.0, for code-scanning views (GitHub code scanning, GitLab, Azure DevOps).

Checked with Microsoft's SARIF multitool (tests/test_clients.py): file names are
URI references (percent-encoded; an absolute path is a `file:///` URI), a rule's
`name` is a readable identifier that differs from its `id`, and no address is given
that does not exist.
"""

from __future__ import annotations

import json
import posixpath
from typing import Any
from urllib.parse import quote

from esfproj import __version__
from esfproj.checks import ALL
from esfproj.model import Severity, ValidationResult

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def render(report: ValidationResult, colour: bool, quiet: bool, lang: str = "en") -> str:
    used = sorted({f.check for f in report.findings})
    rules = [
        {
            "id": check,
            "name": rule_name(check),
            "shortDescription": {"text": ALL[check].summary},
            "help": {"text": f"esfproj checks {check} shows a passing and a failing example."},
            "defaultConfiguration": {"level": LEVELS[ALL[check].severity]},
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
                        "artifactLocation": {"uri": uri(f.file)},
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
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def rule_name(check: str) -> str:
    """`funding-sum` -> `FundingSum`, `schema` -> `SchemaCheck`: SARIF's readable name,
    which must differ from the id, case aside."""
    name = "".join(part.capitalize() for part in check.split("-"))
    return name + "Check" if name.lower() == check.lower() else name


def uri(file: str) -> str:
    """A file name as a URI reference: relative paths percent-encoded (spaces, `%`, `,`,
    Latvian letters), absolute ones as `file:///` URIs."""
    path = file.replace("\\", "/")
    if posixpath.isabs(path) or (len(path) > 1 and path[1] == ":"):
        return "file://" + ("" if path.startswith("/") else "/") + quote(path, safe="/:")
    return quote(path, safe="/")
