"""Every record check: exact id, severity, line, column and path, and silence on valid input."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from esfproj.config import Config
from tests.conftest import REPO, VALID, CheckText


def test_valid_record_has_no_findings(check_text: CheckText) -> None:
    assert check_text(VALID) == []


# --- funding ---------------------------------------------------------------

SUM = """\
schema_version: 1
project_number: 9.2.1.1/15/I/001
title: T
fund: ESF
status: unknown
funding:
  label: Kopā
  amount: 100.00
  parts:
    - label: a
      amount: 60.00
    - label: b
      amount: 30.00
"""


def test_funding_sum_points_at_the_stated_amount(check_text: CheckText, tmp_path: Path) -> None:
    assert check_text(SUM) == [("funding-sum", "error", 8, 11, "funding")]
    from tests.conftest import findings_of, write

    (finding,) = findings_of([write(tmp_path, SUM)])
    assert finding.message.render(human=True) == (
        "parts add up to 90.00 EUR, the node states 100.00 EUR (difference -10.00)"
    )
    assert (finding.expected, finding.actual) == ("100.00", "90.00")


def test_funding_sum_tolerance_from_configuration(check_text: CheckText) -> None:
    assert check_text(SUM, config=Config(sum_tolerance=Decimal(10))) == []
    assert check_text(SUM, config=Config(sum_tolerance=Decimal("9.99"))) != []


def test_amount_of_a_node_with_parts_may_be_left_out_and_is_their_sum(check_text: CheckText) -> None:
    text = SUM.replace("  amount: 100.00\n", "", 1).replace(
        "      amount: 30.00", "      amount: 40.00\n      rate: 40"
    )
    assert check_text(text) == []


def test_funding_amount_missing_on_a_leaf(check_text: CheckText) -> None:
    text = SUM.replace("    - label: b\n      amount: 30.00\n", "    - label: b\n")
    assert check_text(text) == [("funding-amount", "error", 12, 7, "funding.parts[1]")]


def test_funding_breakdown_points_at_the_breakdown_key(check_text: CheckText) -> None:
    text = (
        VALID
        + """\
  breakdowns:
    by_activity:
      - label: x
        amount: 40.00
      - label: w
        amount: 50.00
"""
    )
    assert check_text(text) == [("funding-breakdown", "error", 26, 5, "funding.breakdowns.by_activity")]


def test_funding_rate_with_precision_of_the_written_rate(check_text: CheckText) -> None:
    text = """\
schema_version: 1
project_number: 9.2.2.1/15/I/002
title: T
fund: ESF
status: unknown
funding:
  label: Kopā
  amount: 11325758.00
  parts:
    - label: ESF
      amount: 9626894.18
      rate: {esf}
      source: ESF
    - label: VB
      amount: 1698863.82
      rate: 15
      source: state_budget
"""
    # 84.99999...%: 85 agrees, 85.0 agrees, 85.00000 does not (84.99999 at five places)
    # but the amount is within a cent of 85 % of the total, so it agrees too.
    assert check_text(text.format(esf="85")) == []
    assert check_text(text.format(esf="85.0")) == []
    assert check_text(text.format(esf="80")) == [("funding-rate", "error", 12, 13, "funding.parts[0].rate")]
    assert check_text(text.format(esf="84.9")) == [("funding-rate", "error", 12, 13, "funding.parts[0].rate")]


def test_funding_rate_message(tmp_path: Path) -> None:
    from tests.conftest import findings_of, write

    text = VALID.replace("rate: 85", "rate: 80")
    (finding,) = findings_of([write(tmp_path, text)])
    assert finding.message.render(human=True) == (
        "the amounts give 85 % (85.00 EUR of 100.00 EUR), the node states 80 %, which would be 80.00 EUR"
    )
    assert (finding.expected, finding.actual) == ("85", "80")


def test_money_precision(check_text: CheckText) -> None:
    text = SUM.replace("60.00", "60.005").replace("30.00", "39.995")
    assert check_text(text) == [
        ("money-precision", "error", 11, 15, "funding.parts[0].amount"),
        ("money-precision", "error", 13, 15, "funding.parts[1].amount"),
    ]


def test_funding_source_conflict_with_an_ancestor(check_text: CheckText) -> None:
    text = SUM.replace("  parts:\n", "  source: ESF\n  parts:\n", 1).replace(
        "      amount: 30.00", "      amount: 40.00\n      source: municipality"
    )
    assert check_text(text) == [("funding-source", "error", 15, 15, "funding.parts[1].source")]


def test_eligibility_conflict_with_an_ancestor(check_text: CheckText) -> None:
    text = SUM.replace("  parts:\n", "  eligibility: eligible\n  parts:\n", 1).replace(
        "      amount: 30.00", "      amount: 40.00\n      eligibility: ineligible"
    )
    assert check_text(text) == [("funding-source", "error", 15, 20, "funding.parts[1].eligibility")]


def test_funding_missing_is_info(check_text: CheckText) -> None:
    text = VALID.split("funding:")[0]
    assert check_text(text) == [("funding-missing", "info", 1, 1, "")]


# --- dates -----------------------------------------------------------------


def test_period_order(check_text: CheckText) -> None:
    text = VALID.replace("end: 2027-12-31", "end: 2015-12-31")
    assert check_text(text) == [
        ("status-dates", "warning", 9, 9, "status"),
        ("period-order", "error", 12, 8, "period.end"),
    ]


def test_activities_start_after_the_end(check_text: CheckText) -> None:
    text = VALID.replace("funding:", "activities_start: 2028-01-01\nfunding:")
    assert check_text(text) == [("period-order", "error", 13, 19, "activities_start")]


def test_participation_outside_the_period(check_text: CheckText) -> None:
    text = VALID.replace(
        "funding:",
        """\
participation:
  - label: early
    start: 2015-01-01
  - label: backwards
    start: 2020-02-01
    end: 2020-01-01
funding:""",
    )
    assert check_text(text) == [
        ("period-order", "error", 15, 12, "participation[0].start"),
        ("period-order", "error", 18, 10, "participation[1].end"),
    ]


def test_status_dates_as_of(check_text: CheckText) -> None:
    assert check_text(VALID, as_of=datetime.date(2028, 1, 1)) == [("status-dates", "warning", 9, 9, "status")]
    completed = VALID.replace("status: in_progress", "status: completed")
    assert check_text(completed, as_of=datetime.date(2027, 12, 30)) == [("status-dates", "warning", 9, 9, "status")]
    assert check_text(completed, as_of=datetime.date(2027, 12, 31)) == []
    planned = VALID.replace("status: in_progress", "status: planned")
    assert check_text(planned, as_of=datetime.date(2016, 4, 18)) == []
    assert check_text(planned, as_of=datetime.date(2016, 4, 19)) == [("status-dates", "warning", 9, 9, "status")]


# --- numbers ---------------------------------------------------------------


def test_number_measure(check_text: CheckText) -> None:
    text = VALID.replace('code: "9.2.1.1"', 'code: "9.2.1.2"')
    assert check_text(text) == [("number-measure", "error", 6, 9, "measure.code")]


def test_measure_outside_its_objective(check_text: CheckText) -> None:
    text = VALID.replace('code: "9.2.1"', 'code: "9.2.2"')
    assert check_text(text) == [("number-measure", "error", 8, 9, "specific_objective.code")]


def test_known_number_forms(check_text: CheckText) -> None:
    for number in ("4.2.2.3/1/24/I/001", "2020.FEAD/PO.04/05/08", "8.5.1.0/16/A/012"):
        text = VALID.replace("9.2.1.1/15/I/001", number).split("measure:")[0] + "status: unknown\n"
        assert check_text(text) == [("funding-missing", "info", 1, 1, "")], number


def test_number_format_warning(check_text: CheckText) -> None:
    text = VALID.replace("9.2.1.1/15/I/001", "9.2.1.1-15-I-001")
    assert check_text(text) == [("number-format", "warning", 2, 17, "project_number")]


# --- indicators, partners, contacts ---------------------------------------


def test_indicator_part_exceeds_its_parent(check_text: CheckText) -> None:
    text = (
        VALID
        + """\
indicators:
  - label: Personas
    target: 320
    parts:
      - label: no tām
        target: 460
"""
    )
    assert check_text(text) == [("indicator-part", "error", 30, 17, "indicators[0].parts[0].target")]


def test_partner_count(check_text: CheckText) -> None:
    text = (
        VALID
        + """\
partners:
  count: 14
  groups:
    - {kind: pašvaldības, count: 12}
    - {kind: centri, count: 3}
  names: [a, b]
"""
    )
    assert check_text(text) == [
        ("partner-count", "error", 26, 10, "partners.count"),
        ("partner-count", "error", 26, 10, "partners.count"),
    ]


def test_a_count_written_with_decimals_is_a_whole_number_as_json_schema_says(check_text: CheckText) -> None:
    text = (
        VALID
        + """\
partners:
  count: 14.0
  groups:
    - {kind: pašvaldības, count: 12.0}
    - {kind: centri, count: 3}
"""
    )
    assert check_text(text) == [("partner-count", "error", 26, 10, "partners.count")]
    assert check_text(text.replace("count: 3}", "count: 2.5}")) == [
        ("schema", "error", 29, 29, "partners.groups[1].count")
    ]


def test_contact_email_shows_the_plain_form(tmp_path: Path) -> None:
    from tests.conftest import brief, findings_of, write

    text = VALID + "contacts:\n  - name: L\n    email: laima.grobina [at] jurmala.lv\n"
    (finding,) = findings_of([write(tmp_path, text)])
    assert brief([finding]) == [("contact-email", "error", 27, 12, "contacts[0].email")]
    assert finding.message.render(True) == (
        "'laima.grobina [at] jurmala.lv' is not an e-mail address; write laima.grobina@jurmala.lv"
    )


# --- acknowledgements ------------------------------------------------------


def test_acknowledged_finding_is_reported_but_does_not_fail(tmp_path: Path) -> None:
    from tests.conftest import findings_of, write

    text = SUM + "acknowledged:\n  - check: funding-sum\n    path: funding\n    note: as published\n"
    (finding,) = findings_of([write(tmp_path, text)])
    assert finding.check == "funding-sum" and finding.acknowledged
    assert finding.note == "as published"


def test_acknowledgement_path_limits_it(check_text: CheckText) -> None:
    text = SUM + "acknowledged:\n  - check: funding-sum\n    path: funding.parts\n    note: x\n"
    assert check_text(text) == [
        ("funding-sum", "error", 8, 11, "funding"),
        ("acknowledged-unused", "warning", 15, 5, "acknowledged[0]"),
    ]


def test_unused_acknowledgement_is_a_warning(check_text: CheckText) -> None:
    text = VALID + "acknowledged:\n  - check: funding-rate\n    note: stale\n"
    assert check_text(text) == [("acknowledged-unused", "warning", 26, 5, "acknowledged[0]")]


def test_configuration_changes_severity_and_turns_checks_off(check_text: CheckText) -> None:
    text = VALID.replace("9.2.1.1/15/I/001", "9.2.1.1-15-I-001")
    assert check_text(text, config=Config(severities={"number-format": None})) == []
    from esfproj.model import Severity

    assert check_text(text, config=Config(severities={"number-format": Severity.ERROR})) == [
        ("number-format", "error", 2, 17, "project_number")
    ]


def test_code_refers_to_checks_by_object_never_by_a_string() -> None:
    """An id is written once, in its `Check(...)`; everywhere else the code names the object,
    so a misspelt check fails at import and under mypy instead of at run time."""
    import ast

    from esfproj.checks import ALL

    package = REPO / "src" / "esfproj"
    strays = []
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        definitions = {
            id(node.args[0])
            for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Check" and node.args
        }
        strays += [
            f"{path.relative_to(package)}:{node.lineno}: {node.value}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value in ALL and id(node) not in definitions
        ]
    assert strays == []


def test_a_date_past_2100_is_a_typing_error_named_at_its_place(check_text: CheckText) -> None:
    text = VALID.replace("end: 2027-12-31", "end: 9999-12-31").replace("start: 2016-04-18", "start: 1899-04-18")
    assert [f for f in check_text(text) if f[0] == "date-range"] == [
        ("date-range", "warning", 11, 10, "period.start"),
        ("date-range", "warning", 12, 8, "period.end"),
    ]
