"""summary, list, show and export through the command line, on the bundled data and on small sets."""

from __future__ import annotations

import csv
import io
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from esfproj.options import TableFormat
from esfproj.render.export import CSV_COLUMNS
from esfproj.render.lang import money
from esfproj.render.tables import safe_cell
from tests.conftest import REPO, VALID, write

runner = CliRunner()


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_summary_json_on_the_bundled_data(in_repo: None) -> None:
    code, out, err = invoke("summary", "--by", "source", "--format", "json")
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "version": 1,
        "by": ["source"],
        "rows": [
            {"key": {"source": "ESF"}, "currency": "EUR", "records": 2, "amount": "9669422.15", "share": "84.85"},
            {"key": {"source": "municipality"}, "currency": "EUR", "records": 1, "amount": "20165.27", "share": "0.18"},
            {
                "key": {"source": "state_budget"},
                "currency": "EUR",
                "records": 2,
                "amount": "1706368.76",
                "share": "14.97",
            },
            {"key": {"source": "unspecified"}, "currency": "EUR", "records": 1, "amount": "24.20", "share": "0.00"},
        ],
        "totals": [{"currency": "EUR", "records": 2, "amount": "11395980.38"}],
        "without_funding": 4,
        "scope": {"whole_projects": 1, "shares": 1, "shares_within_whole": 0},
        "unread": [],
    }


SCOPE_LV = "Visa projekta ieraksti: 1; dalībnieku daļu ieraksti bez projekta kopējā ieraksta: 1"


def test_summary_table_in_latvian(in_repo: None) -> None:
    code, out, _ = invoke("summary", "--by", "fund", "--lang", "lv")
    assert code == 0
    lines = [line.split() for line in out.splitlines() if line.strip()]
    assert set(lines[1][0]) == {"─"}
    assert lines[:1] + lines[2:] == [
        ["Fonds", "Ieraksti", "Summa", "Daļa"],
        ["ESF", "2", "11", "395", "980,38", "EUR", "100,00", "%"],
        ["Kopā", "2", "11", "395", "980,38", "EUR", "100,00", "%"],
        SCOPE_LV.split(),
        ["Ieraksti", "bez", "finansējuma", "datiem:", "4"],
    ]


def test_summary_by_year_says_how_it_was_computed(in_repo: None) -> None:
    code, out, _ = invoke("summary", "--by", "year", "--format", "markdown")
    assert code == 0
    # Each leaf is spread on its own and rounded to the cent, so 2016 is the sum of the
    # leaves' 2016 shares: DI's ESF 1 194 272.95 and state budget 210 773.10 (of 362/2918
    # days), Jūrmala's six leaves 6 438.30 in all (of 258/2814 days) = 1 411 484.35,
    # the same as the 2016 rows of --by source,year add up to.
    assert "| 2016 | 2 | 1 411 484.35 EUR | 12.39 % |" in out
    assert "in proportion to days" in out


def test_summary_rejects_an_unknown_field(in_repo: None) -> None:
    code, _, err = invoke("summary", "--by", "fund,colour")
    assert code == 2 and "--by takes" in err


def test_records_with_errors_are_summarised_with_a_warning_or_refused(tmp_path: Path) -> None:
    write(tmp_path, VALID + "participant: {name: A}\n", "good.yaml")
    write(tmp_path, VALID.replace("amount: 15.00", "amount: 16.00") + "participant: {name: B}\n", "bad.yaml")
    code, out, err = invoke("summary", str(tmp_path), "--format", "csv")
    assert code == 0
    assert err == ("esfproj: 1 of 2 files have errors; figures from them may be wrong (esfproj validate shows them)\n")
    assert out == "fund,currency,records,amount,share\nESF,EUR,2,200.00,100.00\n"
    code, out, _ = invoke("summary", str(tmp_path), "--by", "source", "--format", "csv")
    # By source the leaves count; the broken record's parts add up to 101.00, not its
    # 100.00, and the -1.00 they overshoot is the unspecified row, so every grouping
    # adds up to the same 200.00.
    assert out.splitlines()[1:] == [
        "ESF,EUR,2,170.00,85.00",
        "state_budget,EUR,2,31.00,15.50",
        "unspecified,EUR,1,-1.00,-0.50",
    ]
    code, out, _ = invoke("summary", str(tmp_path), "--strict")
    assert (code, out) == (1, "")


def test_list_csv_and_filters(in_repo: None) -> None:
    code, out, _ = invoke("list", "--format", "csv", "--fund", "ESF", "--active-on", "2020-03-01")
    assert code == 0
    assert list(csv.reader(io.StringIO(out))) == [
        [
            "id",
            "project_number",
            "participant",
            "lead_partner",
            "fund",
            "status",
            "start",
            "end",
            "currency",
            "total",
            "scope",
            "unread",
        ],
        [
            "9.2.2.1-15-I-002",
            "9.2.2.1/15/I/002",
            "",
            "",
            "ESF",
            "unknown",
            "2016-01-05",
            "2023-12-31",
            "EUR",
            "11325758.00",
            "whole_project",
            "",
        ],
        [
            "jurmala-9.2.1.1-15-I-001",
            "9.2.1.1/15/I/001",
            "Jūrmalas pilsētas dome",
            "Labklājības ministrija",
            "ESF",
            "in_progress",
            "2016-04-18",
            "2023-12-31",
            "EUR",
            "70222.38",
            "participant_share",
            "",
        ],
    ]


def test_list_table_shows_participant_or_lead(in_repo: None) -> None:
    code, out, _ = invoke("list", "--participant", "salaspils", "--lang", "lv")
    assert code == 0
    assert "Dalībnieks / vadošais partneris" in out
    assert out.count("Salaspils novada") == 4 and "Nezināms" in out
    assert out.count("dalībnieka daļa") == 4 and "Tvērums" in out


@pytest.mark.parametrize("fmt", list(TableFormat))
def test_every_table_format_renders(in_repo: None, fmt: TableFormat) -> None:
    for command in ("list", "summary"):
        code, out, _ = invoke(command, "--format", fmt.value)
        assert code == 0 and out.strip()


def test_show_makes_the_published_inconsistency_obvious(in_repo: None) -> None:
    code, out, _ = invoke("show", "jurmala-9.2.1.1-15-I-001", "--as-of", "2026-11-22")
    assert code == 0
    assert "breakdown by activity  47 032.91 EUR (sum of parts)" in out
    assert ("✗ funding-breakdown (acknowledged): parts add up to 47 032.91 EUR, the node states 50 032.91 EUR") in out
    assert "Eiropas Sociālā fonda finansējums  42 527.97 EUR  85 %  ESF  eligible" in out
    assert "Findings: 2" in out


def test_show_by_path_with_indicators_in_latvian(in_repo: None) -> None:
    code, out, _ = invoke("show", "data/projects/9.2.2.1-15-I-002.yaml", "--lang", "lv")
    assert code == 0
    assert "Rādītāji" in out and "personas, kuras atstāj VSAC" in out
    assert "Eiropas Sociālā fonda līdzfinansējums  9 626 894,18 EUR  85 %  ESF" in out
    assert "✗ partner-count" not in out  # partner counts are not part of the tree
    assert "kļūda[partner-count]" in out


def test_show_unknown_record_is_a_usage_error(in_repo: None) -> None:
    code, _, err = invoke("show", "no-such-record")
    assert code == 2 and "no record 'no-such-record'" in err


def test_show_a_broken_file_exits_1_with_its_findings(tmp_path: Path) -> None:
    file = write(tmp_path, "a: [1\n")
    code, _, err = invoke("show", str(file))
    assert code == 1 and "yaml-syntax" in err


def test_export_csv_columns_and_totals(in_repo: None) -> None:
    code, out, _ = invoke("export", "--format", "csv")
    assert code == 0
    table = list(csv.DictReader(io.StringIO(out)))
    assert list(table[0]) == CSV_COLUMNS
    jurmala = next(r for r in table if r["id"] == "jurmala-9.2.1.1-15-I-001")
    assert (
        jurmala["total"],
        jurmala["eligibility_eligible"],
        jurmala["eligibility_ineligible"],
        jurmala["source_ESF"],
        jurmala["source_state_budget"],
        jurmala["source_municipality"],
        jurmala["source_unspecified"],
        jurmala["errors"],
    ) == ("70222.38", "69905.91", "316.47", "42527.97", "7504.94", "20165.27", "24.20", "0")
    sums = Decimal(0)
    for column in CSV_COLUMNS:
        if column.startswith("source_") and jurmala[column]:
            sums += Decimal(jurmala[column])
    assert sums == Decimal("70222.38")


def test_export_json_keeps_amounts_as_decimal_strings(in_repo: None) -> None:
    code, out, _ = invoke("export", "--format", "json", "--fund", "ESF", "--measure", "9.2.2")
    assert code == 0
    item, share = json.loads(out)
    assert (item["scope"], item["counted_in_totals"]) == ("whole_project", True)
    # Salaspils' share of the same project: its money is the whole project's, not added again.
    assert (share["id"], share["scope"], share["counted_in_totals"]) == (
        "salaspils-9.2.2.1-15-I-002",
        "participant_share",
        False,
    )
    assert item["totals"] == {
        "currency": "EUR",
        "total": "11325758.00",
        "by_source": {"ESF": "9626894.18", "state_budget": "1698863.82"},
        "by_eligibility": {"unspecified": "11325758.00"},
    }
    assert item["record"]["funding"]["parts"][0] == {
        "label": "Eiropas Sociālā fonda līdzfinansējums",
        "amount": "9626894.18",
        "rate": "85",
        "source": "ESF",
    }
    assert item["record"]["partners"]["count"] == 14


def test_export_jsonl_is_one_object_a_line(in_repo: None) -> None:
    code, out, _ = invoke("export", "--format", "jsonl")
    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == [
        "9.2.2.1-15-I-002",
        "jurmala-9.2.1.1-15-I-001",
        "salaspils-2020.FEAD-PO.04-05-08",
        "salaspils-8.5.1.0-16-I-001",
        "salaspils-9.2.1.1-15-I-001",
        "salaspils-9.2.2.1-15-I-002",
    ]


def test_csv_formula_guard(tmp_path: Path) -> None:
    assert [safe_cell(v) for v in ("=1+1", "+A1", "-x", "@SUM(A1)", "\tx", "-5.00", "12", "a=b")] == [
        "'=1+1",
        "'+A1",
        "'-x",
        "'@SUM(A1)",
        "'\tx",
        "-5.00",
        "12",
        "a=b",
    ]
    write(tmp_path, VALID.replace("title: Profesionāla", 'title: =HYPERLINK("x")Profesionāla'))
    code, out, _ = invoke("export", str(tmp_path), "--format", "csv")
    assert code == 0
    row = next(csv.DictReader(io.StringIO(out)))
    assert row["title"].startswith("'=HYPERLINK")


def test_export_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, VALID, "data/rec.yaml")
    target = tmp_path / "out.csv"

    def failing_replace(source: str, destination: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    code, _, err = invoke("export", str(tmp_path / "data"), "--output", str(target))
    assert code == 2 and "No space left on device" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_export_into_a_missing_folder_creates_it(tmp_path: Path) -> None:
    write(tmp_path, VALID, "data/rec.yaml")
    target = tmp_path / "no" / "such" / "x.csv"
    code, _, _ = invoke("export", str(tmp_path / "data"), "--output", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("id,file,")


def test_export_where_no_folder_can_be_made_is_exit_2(tmp_path: Path) -> None:
    write(tmp_path, VALID, "data/rec.yaml")
    (tmp_path / "plain").write_text("not a folder")
    code, _, err = invoke("export", str(tmp_path / "data"), "--output", str(tmp_path / "plain" / "x.csv"))
    assert code == 2 and "cannot write here" in err


@pytest.mark.parametrize("command", ["export", "validate", "summary", "list"])
def test_outputs_are_never_written_into_the_data_folder(tmp_path: Path, command: str) -> None:
    write(tmp_path, VALID, "data/rec.yaml")
    target = tmp_path / "data" / "sub" / "out.txt"
    code, out, err = invoke(command, str(tmp_path / "data"), "--output", str(target))
    assert (code, out) == (2, "")
    assert "refusing to write into the data folder" in err
    assert not target.exists() and not target.parent.exists()


@pytest.mark.parametrize(
    ("value", "en", "lv"),
    [
        ("70222.38", "70 222.38", "70 222,38"),
        ("-3000", "-3 000.00", "-3 000,00"),
        ("0", "0.00", "0,00"),
        ("1234567.8", "1 234 567.80", "1 234 567,80"),
        ("999.999", "999.999", "999,999"),
    ],
)
def test_number_format(value: str, en: str, lv: str) -> None:
    assert (money(Decimal(value), "en"), money(Decimal(value), "lv")) == (en, lv)


@pytest.mark.parametrize(
    ("option", "value"),
    [("--fund", "EFS"), ("--status", "ongoing"), ("--period", "2020-01-01"), ("--active-on", "1.3.2020")],
)
def test_a_filter_value_that_can_match_nothing_is_a_usage_error(in_repo: None, option: str, value: str) -> None:
    for command in ("list", "summary", "export"):
        code, out, err = invoke(command, option, value)
        assert (code, out) == (2, "") and option in err, (command, err)


def test_two_reports_to_one_file_are_refused(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        [
            "validate",
            str(REPO / "data" / "projects"),
            "-f",
            "json",
            "-o",
            str(tmp_path / "same.txt"),
            "-f",
            "sarif",
            "-o",
            str(tmp_path / "." / "same.txt"),
        ],
    )
    assert result.exit_code == 2
    assert "is given for two formats; each report needs a file of its own" in result.output
    assert not (tmp_path / "same.txt").exists()


def test_strict_says_that_it_refused_and_why(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_text(VALID.replace("amount: 85.00", "amount: 85,00"), encoding="utf-8")
    result = runner.invoke(app, ["summary", str(tmp_path), "--strict"])
    assert result.exit_code == 1 and result.stdout == ""
    assert (
        "esfproj: refused under --strict, nothing printed: files with errors: 1; files, folders or amounts that "
        "could not be read: 1 (esfproj validate shows them)"
    ) in result.stderr


def test_one_check_explained_as_json() -> None:
    result = runner.invoke(app, ["checks", "funding-sum", "--format", "json"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert (document["id"], document["severity"]) == ("funding-sum", "error")
    assert [(f["line"], f["column"], f["message"]) for f in document["findings"]] == [
        (8, 11, "parts add up to 100.00 EUR, the node states 110.00 EUR (difference -10.00)")
    ]
    refused = runner.invoke(app, ["checks", "funding-sum", "--format", "csv"])
    assert refused.exit_code == 2 and "one check is explained as text or json, not csv" in refused.output
