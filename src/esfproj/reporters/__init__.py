"""Output formats of `validate`: name -> function from a report to text."""

from __future__ import annotations

from collections.abc import Callable

from esfproj.formats import ValidateFormat
from esfproj.model import Report
from esfproj.reporters import github, json_report, junit, sarif, text

Reporter = Callable[[Report, bool, bool], str]
"""(report, colour, quiet) -> the whole output."""


REPORTERS: dict[ValidateFormat, Reporter] = {
    ValidateFormat.text: text.render,
    ValidateFormat.json: json_report.render,
    ValidateFormat.github: github.render,
    ValidateFormat.sarif: sarif.render,
    ValidateFormat.junit: junit.render,
}
