"""--year and --from/--to: each record's money in one span, split exactly as --by year splits it."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from tests.conftest import REPO, write

runner = CliRunner()

TWO_YEARS = """\
schema_version: 1
project_number: 1.1.1.1/20/I/001
title: Divi gadi
fund: ESF
status: completed
period:
  start: 2020-01-01
  end: 2021-12-31
funding:
  amount: 100.00
  currency: EUR
"""
UNDATED = """\
schema_version: 1
project_number: 1.1.1.1/20/I/002
title: Bez datumiem
fund: ESF
status: unknown
funding:
  amount: 10.00
  currency: EUR
"""
EARLIER = TWO_YEARS.replace("20/I/001", "18/I/003").replace("2020-01-01", "2018-01-01")
EARLIER = EARLIER.replace("2021-12-31", "2018-12-31").replace("100.00", "7.00")


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> str:
    data = tmp_path / "data"
    write(data, TWO_YEARS, "a.yaml")
    write(data, UNDATED, "b.yaml")
    write(data, EARLIER, "c.yaml")
    return str(data)


def json_of(*args: str) -> dict[str, object]:
    code, out, err = invoke(*args, "--format", "json")
    assert (code, err) == (0, "")
    document: dict[str, object] = json.loads(out)
    return document


def test_each_year_equals_its_row_of_by_year_on_the_bundled_data(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    by_year = json_of("summary", "--by", "year")
    rows = {row["key"]["year"]: row["amount"] for row in by_year["rows"]}  # type: ignore[attr-defined]
    assert rows["2020"] == "1429704.82"
    for year, amount in rows.items():
        one = json_of("summary", "--year", year, "--by", "source")
        assert one["totals"] == [{"currency": "EUR", "records": 2, "amount": amount}]
        assert one["span"] == {"from": f"{year}-01-01", "to": f"{year}-12-31"}
    code, out, _ = invoke("summary", "--year", "2020")
    assert code == 0
    assert re.search(r"^ Total +2 +1 429 704\.82 EUR +100\.00 %$", out, re.M)


def test_summary_of_a_year_names_the_records_without_dates(folder: str) -> None:
    code, out, err = invoke("summary", folder, "--year", "2020")
    assert (code, err) == (0, "")
    assert out.splitlines()[2:5] == [
        " ESF           1   50.07 EUR   100.00 %",
        "",
        " Total         1   50.07 EUR   100.00 %",
    ]
    assert out.splitlines()[-2:] == [
        "Only the money that falls in 2020: each record's money split over years as --by year splits it, "
        "and within a year pro rata to days (rounded to the cent, half to even).",
        "Records with funding figures but no start or end date, so no share in 2020: 1",
    ]
    # --by year gives the same 50.07 in its 2020 row, the undated 10.00 as unallocated
    by_year = json_of("summary", folder, "--by", "year")
    assert [(r["key"]["year"], r["amount"]) for r in by_year["rows"]] == [  # type: ignore[attr-defined]
        ("2018", "7.00"),
        ("2020", "50.07"),
        ("2021", "49.93"),
        ("unallocated", "10.00"),
    ]
    assert json_of("summary", folder, "--year", "2020")["undated"] == 1


def test_days_within_a_year_are_pro_rata_and_rounded_half_even(folder: str) -> None:
    # 2020's 50.07 over its 366 days: 184 of them (July to December) are 25.172... -> 25.17;
    # 2021's 49.93 over 365 days: 181 of them are 24.7597... -> 24.76
    code, out, _ = invoke("summary", folder, "--from", "2020-07-01", "--to", "2021-06-30", "--by", "year", "-f", "csv")
    assert code == 0
    assert out.splitlines() == [
        "year,currency,records,amount,share",
        "2020,EUR,1,25.17,50.41",
        "2021,EUR,1,24.76,49.59",
        '"no share in 2020-07-01..2021-06-30, funding figures but no start or end date: 1",,,,',
    ]


def test_list_export_and_report_count_the_span(folder: str, tmp_path: Path) -> None:
    code, out, _ = invoke("list", folder, "--from", "2020-01-01", "--to", "2020-01-31", "-f", "csv")
    assert code == 0
    assert [(r[0], r[10], r[12]) for r in csv.reader(io.StringIO(out))] == [
        ("id", "total", "no_share"),
        ("a", "4.24", ""),  # 50.07 * 31 / 366 = 4.2409...
        ("b", "", "yes"),
    ]  # c (2018) misses the span and is left out
    code, out, _ = invoke("list", folder, "--year", "2020")
    assert out.splitlines()[-1] == ("Records with funding figures but no start or end date, so no share in 2020: 1 (b)")
    exported = json.loads(invoke("export", folder, "--year", "2021", "-f", "json")[1])
    assert [(o["id"], o["totals"]["total"], o["totals"]["no_share"]) for o in exported] == [
        ("a", "49.93", False),
        ("b", None, True),
    ]
    page = tmp_path / "out" / "report.html"
    code, _, err = invoke("report", folder, "--year", "2020", "-o", str(page))
    assert (code, err) == (0, f"wrote {page}: 2 records\n")  # c (2018) misses the span
    text = page.read_text(encoding="utf-8").replace("\u00a0", " ")
    assert "<dt>Total (EUR)</dt><dd>50.07 EUR</dd>" in text
    assert "<p>Records with funding figures but no start or end date, so no share in 2020: 1</p>" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--year", "2020", "--from", "2020-01-01"), "--year and --from/--to are two ways to give the span; give one"),
        (("--from", "2020-01-01"), "--from and --to are given together (a span of days, both counted)"),
        (
            ("--from", "2020-02-01", "--to", "2020-01-01"),
            "--from 2020-02-01 --to 2020-01-01: the end is before the start",
        ),
        (("--from", "2020-02-30", "--to", "2020-03-01"), "--from takes a date YYYY-MM-DD, not '2020-02-30'"),
    ],
)
def test_a_span_given_wrong_is_one_line_and_exit_2(folder: str, args: tuple[str, ...], message: str) -> None:
    for command in ("summary", "list", "export"):
        assert invoke(command, folder, *args) == (2, "", f"esfproj: error: {message}\n")


def test_by_year_refuses_thousands_of_years_without_top(tmp_path: Path) -> None:
    write(tmp_path, TWO_YEARS.replace("end: 2021-12-31", "end: 9999-12-31"), "a.yaml")
    assert invoke("summary", str(tmp_path), "--by", "year") == (
        2,
        "",
        "esfproj: error: --by year would print 7980 years of rows (2020..9999); a period that long is likely "
        "a typo (esfproj validate finds it: date-range); give --top N to print the largest rows\n",
    )
    code, out, _ = invoke("summary", str(tmp_path), "--by", "year", "--top", "2", "--format", "csv")
    assert (code, out.splitlines()) == (
        0,
        [
            "year,currency,records,amount,share",
            "2020,EUR,1,0.02,0.02",
            "2021,EUR,1,0.02,0.02",
            "others,EUR,1,99.96,99.96",
        ],
    )
