"""The bundled records: they validate, and their published inconsistencies are acknowledged."""

from __future__ import annotations

import datetime
import json

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from esfproj.config import Config
from esfproj.engine import validate
from tests.conftest import REPO

DATA = REPO / "data" / "projects"


def test_bundled_records_validate_with_their_acknowledged_findings() -> None:
    report = validate([str(DATA)], Config(), datetime.date(2026, 11, 22))
    assert (report.counts.records, report.counts.errors, report.counts.warnings) == (5, 0, 0)
    acknowledged = sorted((f.record, f.check, f.path) for f in report.findings if f.acknowledged)
    assert acknowledged == [
        ("9.2.2.1-15-I-002", "partner-count", "partners.count"),
        ("jurmala-9.2.1.1-15-I-001", "funding-breakdown", "funding.parts[0].breakdowns.by_activity"),
        ("jurmala-9.2.1.1-15-I-001", "status-dates", "status"),
    ]


def test_jurmala_breakdown_is_3000_short_as_published(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(app, ["validate", "--format", "json", "--as-of", "2026-11-22"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["summary"] == {"files": 5, "records": 5, "errors": 0, "warnings": 0, "infos": 3, "acknowledged": 3}
    (breakdown,) = [f for f in document["findings"] if f["check"] == "funding-breakdown"]
    assert breakdown["message"] == ("parts add up to 66905.91 EUR, the node states 69905.91 EUR (difference -3000.00)")
    assert (breakdown["expected"], breakdown["actual"]) == ("69905.91", "66905.91")
    assert breakdown["acknowledged"] is True


def test_records_before_the_end_have_no_stale_status() -> None:
    report = validate([str(DATA)], Config(), datetime.date(2023, 1, 1))
    unused = [(f.record, f.check) for f in report.findings if f.check == "acknowledged-unused"]
    assert unused == [("jurmala-9.2.1.1-15-I-001", "acknowledged-unused")]
