"""GitHub Actions workflow commands, so findings appear on the pull request's lines."""

from __future__ import annotations

from esfproj.model import Severity, ValidationResult
from esfproj.render.findings import closing_line
from esfproj.text import one_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    """A workflow command's data: `%`, CR and LF encoded as GitHub asks, other control
    characters shown as `\\x1b`, so a record cannot write to the log's terminal."""
    return one_line(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: ValidationResult, colour: bool, quiet: bool, lang: str = "en") -> str:
    lines = []
    for f in report.findings:
        command = "notice" if f.acknowledged else COMMANDS[f.severity]
        message = f.message.render(human=False)
        if f.path:
            message = f"{f.path}: {message}"
        if f.acknowledged:
            message += f" (acknowledged: {f.note})"
        lines.append(
            f"::{command} file={_property(f.file)},line={f.line},col={f.column},"
            f"title={_property(f.check)}::{_data(message)}"
        )
    if not quiet:
        lines.append(closing_line(report.counts, skipped=report.skipped))
    return "".join(f"{text}\n" for text in lines)
