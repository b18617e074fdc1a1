"""A finding as one line for people, `file:line:col: severity[check] path: message`, the
closing line that counts them, and a finding as a JSON object: shared by `validate`'s
formats, `show`, and the checks' documentation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from esfproj.model import Counts, Finding, Severity, Skipped
from esfproj.render.lang import word
from esfproj.text import lv_count, one_line

COLOURS = {Severity.ERROR: "\033[1;31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
DIM, BOLD, RESET = "\033[2m", "\033[1m", "\033[0m"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def closing_line(counts: Counts, lang: str = "en", skipped: Sequence[Skipped] = ()) -> str:
    """The counts of a run, and what its walk passed over on purpose (`passed_over`)."""
    if lang == "lv":
        return (
            f"{lv_count(counts.records, 'ieraksts', 'ieraksti')} {lv_count(counts.files, 'failā', 'failos')}: "
            f"{lv_count(counts.errors, 'kļūda', 'kļūdas')}, {lv_count(counts.warnings, 'brīdinājums', 'brīdinājumi')}, "
            f"{lv_count(counts.infos, 'piezīme', 'piezīmes')}, {counts.acknowledged} atzīti{passed_over(skipped, lang)}"
        )
    return (
        f"{_plural(counts.records, 'record')} in {_plural(counts.files, 'file')}: "
        f"{_plural(counts.errors, 'error')}, {_plural(counts.warnings, 'warning')}, "
        f"{_plural(counts.infos, 'info')}, {counts.acknowledged} acknowledged{passed_over(skipped, lang)}"
    )


def passed_over(skipped: Sequence[Skipped], lang: str = "en") -> str:
    """`; not read: hidden folders: 1, excluded by the configuration: 2`, or nothing."""
    if not skipped:
        return ""
    whys = [s.why for s in skipped]
    parts = [
        f"{word('skipped_' + why, lang)}: {whys.count(why)}" for why in ("hidden", "venv", "excluded") if why in whys
    ]
    return f"; {word('not_read', lang)}: {', '.join(parts)}"


def line(finding: Finding, colour: bool = False, lang: str = "en") -> str:
    where = one_line(f"{finding.file}:{finding.line}:{finding.column}:")
    severity = word(finding.severity.value, lang)
    kind = f"{severity}[{finding.check}]"
    path = f" {one_line(finding.path)}:" if finding.path else ""
    message = one_line(finding.message.render(human=True, lang=lang))
    ack = f" ({word('acknowledged', lang)})" if finding.acknowledged else ""
    if not colour:
        return f"{where} {kind}{path} {message}{ack}"
    style = DIM if finding.acknowledged else COLOURS[finding.severity]
    return f"{BOLD}{where}{RESET} {style}{kind}{RESET}{path} {message}{DIM}{ack}{RESET}"


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
