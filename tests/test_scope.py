"""Whole projects and participants' shares: every project counted once, and the
funding-shares check."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from typer.testing import CliRunner

from esfproj.cli import app
from tests.conftest import brief, findings_of, write

runner = CliRunner()


def record(total: str, esf: str, state: str, participant: str | None = None, currency: str = "EUR") -> str:
    """A record of project 9.2.1.1/15/I/001: the whole project, or a participant's share."""
    who = f"participant: {{name: {participant}}}\n" if participant else ""
    return (
        "schema_version: 1\nproject_number: 9.2.1.1/15/I/001\n"
        "title: Profesionāla sociālā darba attīstība pašvaldībās\nfund: ESF\nstatus: completed\n"
        f"{who}period: {{start: 2016-04-18, end: 2023-12-31}}\n"
        f"funding:\n  label: Kopā\n  amount: {total}\n  currency: {currency}\n  parts:\n"
        f"    - {{label: ESF, amount: {esf}, rate: 85, source: ESF}}\n"
        f"    - {{label: Valsts budžets, amount: {state}, rate: 15, source: state_budget}}\n"
    )


WHOLE = record("1000.00", "850.00", "150.00")
ALFA = record("300.00", "255.00", "45.00", "Alfa novads")
BETA = record("200.00", "170.00", "30.00", "Beta novads")


def project(tmp_path: Path, whole: bool = True) -> Path:
    # The shares sort before the whole project: the summary meets them first.
    write(tmp_path, ALFA, "a-alfa.yaml")
    write(tmp_path, BETA, "b-beta.yaml")
    if whole:
        write(tmp_path, WHOLE, "z-whole.yaml")
    return tmp_path


def csv_rows(*args: str) -> list[list[str]]:
    result = runner.invoke(app, [*args, "--format", "csv"])
    assert result.exit_code == 0, result.output
    return list(csv.reader(io.StringIO(result.stdout)))[1:]


def test_a_project_is_counted_once_where_its_whole_record_is_in_the_set(tmp_path: Path) -> None:
    folder = str(project(tmp_path))
    assert csv_rows("summary", folder) == [["ESF", "EUR", "1", "1000.00", "100.00"]]
    assert csv_rows("summary", folder, "--by", "source") == [
        ["ESF", "EUR", "1", "850.00", "85.00"],
        ["state_budget", "EUR", "1", "150.00", "15.00"],
    ]
    document = json.loads(runner.invoke(app, ["summary", folder, "--format", "json"]).stdout)
    assert document["scope"] == {"whole_projects": 1, "shares": 0, "shares_within_whole": 2}
    assert document["totals"] == [{"currency": "EUR", "records": 1, "amount": "1000.00"}]


def test_by_participant_each_share_is_a_row_and_the_remainder_is_unspecified(tmp_path: Path) -> None:
    folder = str(project(tmp_path))
    assert csv_rows("summary", folder, "--by", "participant") == [
        ["Alfa novads", "EUR", "1", "300.00", "30.00"],
        ["Beta novads", "EUR", "1", "200.00", "20.00"],
        ["unspecified", "EUR", "1", "500.00", "50.00"],
    ]
    assert csv_rows("summary", folder, "--by", "source,participant") == [
        ["ESF", "Alfa novads", "EUR", "1", "255.00", "25.50"],
        ["ESF", "Beta novads", "EUR", "1", "170.00", "17.00"],
        ["ESF", "unspecified", "EUR", "1", "425.00", "42.50"],
        ["state_budget", "Alfa novads", "EUR", "1", "45.00", "4.50"],
        ["state_budget", "Beta novads", "EUR", "1", "30.00", "3.00"],
        ["state_budget", "unspecified", "EUR", "1", "75.00", "7.50"],
    ]


def test_without_the_whole_record_the_shares_are_what_is_known(tmp_path: Path) -> None:
    folder = str(project(tmp_path, whole=False))
    assert csv_rows("summary", folder) == [["ESF", "EUR", "2", "500.00", "100.00"]]
    out = runner.invoke(app, ["summary", folder]).stdout
    assert "Whole-project records: 0; participants' share records with no whole-project record: 2" in out


def test_a_filter_that_leaves_the_whole_project_out_counts_the_share(tmp_path: Path) -> None:
    folder = str(project(tmp_path))
    assert csv_rows("summary", folder, "--participant", "alfa") == [["ESF", "EUR", "1", "300.00", "100.00"]]


def test_the_report_counts_the_project_once(tmp_path: Path) -> None:
    folder = project(tmp_path / "data")
    page = tmp_path / "report.html"
    assert runner.invoke(app, ["report", str(folder), "-o", str(page)]).exit_code == 0
    text = page.read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "<dt>Total (EUR)</dt><dd>1 000.00 EUR</dd>" in text
    assert "<dt>EU funds</dt><dd>850.00 EUR</dd>" in text
    assert "<p>Participants&#x27; shares counted within their project&#x27;s whole-project record" in text


def test_list_show_and_export_say_which_a_record_is(tmp_path: Path) -> None:
    folder = str(project(tmp_path))
    listed = {row[0]: row[-3] for row in csv_rows("list", folder)}
    assert listed == {"a-alfa": "participant_share", "b-beta": "participant_share", "z-whole": "whole_project"}
    exported = json.loads(runner.invoke(app, ["export", folder, "--format", "json"]).stdout)
    assert [(o["id"], o["scope"], o["counted_in_totals"]) for o in exported] == [
        ("a-alfa", "participant_share", False),
        ("b-beta", "participant_share", False),
        ("z-whole", "whole_project", True),
    ]
    shown = runner.invoke(app, ["show", str(tmp_path / "a-alfa.yaml")]).stdout
    assert re.search(r"^Scope +participant's share$", shown, re.M)


def test_shares_above_the_whole_are_found_at_each_share(tmp_path: Path) -> None:
    write(tmp_path, record("600.00", "510.00", "90.00", "Alfa novads"), "a-alfa.yaml")
    write(tmp_path, record("500.00", "425.00", "75.00", "Beta novads"), "b-beta.yaml")
    whole = write(tmp_path, WHOLE, "z-whole.yaml")
    found = findings_of([tmp_path])
    assert brief(found) == [
        ("funding-shares", "error", 9, 3, "funding"),
        ("funding-shares", "error", 9, 3, "funding"),
    ]
    assert [f.file.rsplit("/", 1)[-1] for f in found] == ["a-alfa.yaml", "b-beta.yaml"]
    assert found[0].message.render(human=True) == (
        "the 2 participants' shares of 9.2.1.1/15/I/001 add up to 1 100.00 EUR, more than the whole "
        f"project's 1 000.00 EUR in {whole} (difference 100.00)"
    )
    assert (found[0].expected, found[0].actual) == ("at most 1000.00", "1100.00")


def test_shares_within_the_whole_pass(tmp_path: Path) -> None:
    assert findings_of([project(tmp_path)]) == []


def test_a_share_in_another_currency_is_found(tmp_path: Path) -> None:
    write(tmp_path, record("300.00", "255.00", "45.00", "Alfa novads", currency="SEK"), "a-alfa.yaml")
    whole = write(tmp_path, WHOLE, "z-whole.yaml")
    (finding,) = findings_of([tmp_path])
    assert (finding.check, finding.path, finding.expected, finding.actual) == (
        "funding-shares",
        "funding",
        "EUR",
        "SEK",
    )
    assert finding.message.render(human=True) == (
        f"this share of 9.2.1.1/15/I/001 is in SEK, the whole project in {whole} is in EUR; write the share in EUR"
    )
