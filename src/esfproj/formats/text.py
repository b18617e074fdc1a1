"""`validate --format text`: one line per finding (`render.findings.line`), and a closing line."""

from __future__ import annotations

from esfproj.model import ValidationResult
from esfproj.render.findings import closing_line, line


def render(report: ValidationResult, colour: bool, quiet: bool, lang: str = "en") -> str:
    lines = [line(f, colour, lang) for f in report.findings]
    if not quiet:
        lines.append(closing_line(report.counts, lang, report.skipped))
    return "".join(f"{text}\n" for text in lines)
