"""Shared helpers: write a record, validate it, and look at the findings."""

from __future__ import annotations

import datetime
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from esfproj.config import Config
from esfproj.engine import validate
from esfproj.model import Finding

REPO = Path(__file__).resolve().parent.parent
AS_OF = datetime.date(2026, 11, 22)

# A complete, valid record; tests change one thing in it.
VALID = """\
schema_version: 1
project_number: 9.2.1.1/15/I/001
title: Profesionāla sociālā darba attīstība pašvaldībās
fund: ESF
measure:
  code: "9.2.1.1"
specific_objective:
  code: "9.2.1"
status: in_progress
period:
  start: 2016-04-18
  end: 2027-12-31
funding:
  label: Kopā
  amount: 100.00
  parts:
    - label: ESF
      amount: 85.00
      rate: 85
      source: ESF
    - label: Valsts budžets
      amount: 15.00
      rate: 15
      source: state_budget
"""


def write(directory: Path, text: str, name: str = "rec.yaml") -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def findings_of(paths: list[Path], config: Config | None = None, as_of: datetime.date = AS_OF) -> list[Finding]:
    return validate([str(p) for p in paths], config or Config(), as_of).findings


def brief(findings: list[Finding]) -> list[tuple[str, str, int, int, str]]:
    """(check, severity, line, column, path) of each finding: what tests assert."""
    return [(f.check, f.severity.value, f.line, f.column, f.path) for f in findings]


Brief = list[tuple[str, str, int, int, str]]
CheckText = Callable[..., Brief]
"""The `check_text` fixture: (text, as_of=AS_OF, config=None) -> the brief of its findings."""


@pytest.fixture
def check_text(tmp_path: Path) -> CheckText:
    """Validate one record text and return the brief of its findings."""

    def run(text: str, as_of: datetime.date = AS_OF, config: Config | None = None) -> Brief:
        return brief(findings_of([write(tmp_path, text)], config, as_of))

    return run
