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
    assert (report.counts.records, report.counts.errors, report.counts.warnings) == (6, 0, 0)
    acknowledged = sorted((f.record, f.check, f.path) for f in report.findings if f.acknowledged)
    assert acknowledged == [
        ("9.2.2.1-15-I-002", "partner-count", "partners.count"),
        ("jurmala-9.2.1.1-15-I-001", "funding-breakdown", "funding.parts[0].parts[0].breakdowns.by_activity"),
        ("jurmala-9.2.1.1-15-I-001", "status-dates", "status"),
    ]


def test_jurmala_ministry_gap_is_found_by_the_tool_and_acknowledged(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = CliRunner().invoke(app, ["validate", "--format", "json", "--as-of", "2026-11-22"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["summary"] == {"files": 6, "records": 6, "errors": 0, "warnings": 0, "infos": 4, "acknowledged": 3}
    # The page nests the pilot (662.56) and the trainings (46 370.35) under the
    # Ministry's 50 032.91; the record keeps that nesting, so the tool finds the gap.
    (breakdown,) = [f for f in document["findings"] if f["check"] == "funding-breakdown"]
    assert breakdown["path"] == "funding.parts[0].parts[0].breakdowns.by_activity"
    assert breakdown["message"] == ("parts add up to 47032.91 EUR, the node states 50032.91 EUR (difference -3000.00)")
    assert (breakdown["expected"], breakdown["actual"]) == ("50032.91", "47032.91")
    assert breakdown["acknowledged"] is True


def test_records_before_the_end_have_no_stale_status() -> None:
    report = validate([str(DATA)], Config(), datetime.date(2023, 1, 1))
    unused = [(f.record, f.check) for f in report.findings if f.check == "acknowledged-unused"]
    assert unused == [("jurmala-9.2.1.1-15-I-001", "acknowledged-unused")]
