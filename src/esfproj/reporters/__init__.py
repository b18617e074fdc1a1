"""Output formats of `validate`: name -> function from a report to text."""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from esfproj.model import Report
from esfproj.reporters import github, json_report, text

Reporter = Callable[[Report, bool, bool], str]
"""(report, colour, quiet) -> the whole output."""


class ValidateFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


REPORTERS: dict[ValidateFormat, Reporter] = {
    ValidateFormat.text: text.render,
    ValidateFormat.json: json_report.render,
    ValidateFormat.github: github.render,
}
