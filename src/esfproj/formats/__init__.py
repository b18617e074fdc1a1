"""Output formats of `validate`: name -> function from a report to text."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from esfproj.model import ValidationResult
from esfproj.options import ValidateFormat

Reporter = Callable[[ValidationResult, bool, bool, str], str]
"""(report, colour, quiet, lang) -> the whole output; only the text format is for
people and speaks Latvian under `--lang lv`, the others are for machines."""

MODULES = {
    ValidateFormat.text: "text",
    ValidateFormat.json: "json_report",
    ValidateFormat.github: "github",
    ValidateFormat.sarif: "sarif",
    ValidateFormat.junit: "junit",
}


def reporter(fmt: ValidateFormat) -> Reporter:
    """The format's render function; its module is imported only when that format is asked for."""
    render: Reporter = import_module(f"esfproj.formats.{MODULES[fmt]}").render
    return render
