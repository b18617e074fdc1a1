"""A finding as the editor shows it: `validate`'s check id, line, column and message, the
range covering the written value."""

from __future__ import annotations

from lsprotocol import types

from esfproj.lsp.places import Places
from esfproj.model import Finding, Severity

SEVERITIES = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


def message(finding: Finding, lang: str) -> str:
    """English as `validate --format json` writes it; Latvian as `validate --lang lv` does."""
    return finding.message.render(human=lang == "lv", lang=lang)


def span(finding: Finding, places: Places | None) -> types.Range:
    """From validate's line:col (1-based, in characters) over the value written there, in
    0-based characters (the server converts to the client's units)."""
    start = (finding.line, finding.column)
    end = (finding.line, finding.column + 1) if places is None else places.end(start)
    return types.Range(
        start=types.Position(line=start[0] - 1, character=start[1] - 1),
        end=types.Position(line=end[0] - 1, character=end[1] - 1),
    )


def diagnostic(finding: Finding, places: Places | None, lang: str) -> types.Diagnostic:
    """An acknowledged finding is no problem: it is a hint, its `data` saying so."""
    return types.Diagnostic(
        range=span(finding, places),
        message=message(finding, lang),
        severity=types.DiagnosticSeverity.Hint if finding.acknowledged else SEVERITIES[finding.severity],
        code=finding.check,
        source="esfproj",
        data={"path": finding.path, "acknowledged": finding.acknowledged},
    )
