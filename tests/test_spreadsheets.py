"""Spreadsheets and analysts' formats through the command line: `--format xlsx` (export and
summary), `--csv-dialect excel-lv`, `--format parquet` and JSONL read by DuckDB, LibreOffice
opening the workbook and the Latvian CSV, and `import` of a workbook."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from esfproj.render.export import CSV_COLUMNS
from tests.conftest import REPO, VALID, write

runner = CliRunner()
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
BUILT_IN_FORMATS = {0: "General", 1: "0", 10: "0.00%"}
EPOCH = datetime.date(1899, 12, 30)
"""Day 0 of a spreadsheet's dates."""
BUNDLED_TOTAL = Decimal("11395980.38")
"""`esfproj summary`'s total of the bundled records (test_commands checks it)."""

Value = str | Decimal | bool | None


class Cell:
    """A cell as the file holds it: its value (a number as its exact text) and its number format."""

    def __init__(self, value: Value, number_format: str) -> None:
        self.value, self.format = value, number_format

    def __repr__(self) -> str:
        return f"Cell({self.value!r}, {self.format!r})"


class Sheet:
    def __init__(self, rows: list[list[Cell | None]], xml: ElementTree.Element) -> None:
        self.rows, self.xml = rows, xml

    def values(self) -> list[list[Value]]:
        return [[c.value if c else None for c in row] for row in self.rows]


def column_index(reference: str) -> int:
    letters = re.match("[A-Z]+", reference)
    assert letters
    index = 0
    for letter in letters.group():
        index = index * 26 + ord(letter) - 64
    return index - 1


def read_xlsx(path: Path) -> dict[str, Sheet]:
    """Every sheet of a workbook, in order, read with the standard library alone."""
    with zipfile.ZipFile(path) as book:
        styles = ElementTree.fromstring(book.read("xl/styles.xml"))
        custom = {int(f.get("numFmtId", "")): f.get("formatCode", "") for f in styles.iter(f"{MAIN}numFmt")}
        formats = [
            custom.get(int(xf.get("numFmtId", "0")), BUILT_IN_FORMATS.get(int(xf.get("numFmtId", "0")), "?"))
            for xf in styles.find(f"{MAIN}cellXfs") or []
        ]
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        links = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in links}
        sheets = {}
        for entry in workbook.iter(f"{MAIN}sheet"):
            xml = ElementTree.fromstring(book.read("xl/" + str(targets[entry.get(f"{REL}id")])))
            rows: list[list[Cell | None]] = []
            for row in xml.iter(f"{MAIN}row"):
                cells: list[Cell | None] = []
                for c in row:
                    at = column_index(c.get("r", ""))
                    cells += [None] * (at - len(cells))
                    kind, number = c.get("t"), c.find(f"{MAIN}v")
                    value: Value
                    if kind == "inlineStr":
                        value = "".join(t.text or "" for t in c.iter(f"{MAIN}t"))
                    elif kind == "b":
                        value = number is not None and number.text == "1"
                    else:
                        value = Decimal(number.text or "") if number is not None else None
                    cells.append(Cell(value, formats[int(c.get("s", "0"))]))
                rows += [[]] * (int(row.get("r", "")) - 1 - len(rows))
                rows.append(cells)
            sheets[str(entry.get("name"))] = Sheet(rows, xml)
        return sheets


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def column(sheet: Sheet, heading: str) -> list[Cell | None]:
    at = [c.value if c else None for c in sheet.rows[0]].index(heading)
    return [row[at] if at < len(row) else None for row in sheet.rows[1:]]


def counted_total(sheet: Sheet, total: str = "Total", counted: str = "Counted in totals") -> Decimal:
    """What a spreadsheet's SUMIF gives: the total over the rows counted in totals."""
    amounts = [c.value if c else None for c in column(sheet, total)]
    flags = [c.value if c else None for c in column(sheet, counted)]
    return sum((a for a, f in zip(amounts, flags, strict=True) if f is True and isinstance(a, Decimal)), Decimal(0))


# --- export --format xlsx ------------------------------------------------------------------


def test_export_xlsx_has_numbers_dates_a_frozen_filtered_header_and_the_totals(in_repo: None, tmp_path: Path) -> None:
    target = tmp_path / "projects.xlsx"
    code, out, err = invoke("export", "--format", "xlsx", "--output", str(target))
    assert (code, out, err) == (0, "", "")
    book = read_xlsx(target)
    assert list(book) == ["Totals", "Records"]
    assert book["Totals"].values() == [
        ["The figures are complete: every file was read, and every amount in it."],
        [],
        ["Currency", "Records", "Amount"],
        ["EUR", Decimal(2), BUNDLED_TOTAL],
        [],
        [
            'Adding the "Total" column of the sheet "Records" over the rows whose "Counted in totals" is TRUE '
            "gives these totals (what esfproj summary gives)."
        ],
    ]
    records = book["Records"]
    assert [c.value if c else None for c in records.rows[0]][:3] == ["Id", "File", "Project number"]
    assert len(records.rows[0]) == len(CSV_COLUMNS)
    jurmala = records.rows[[r[0].value if r[0] else None for r in records.rows].index("jurmala-9.2.1.1-15-I-001")]
    start, total, esf = (jurmala[CSV_COLUMNS.index(name)] for name in ("start", "total", "source_ESF"))
    assert start and total and esf
    assert (start.value, start.format) == (Decimal((datetime.date(2016, 4, 18) - EPOCH).days), "yyyy-mm-dd")
    assert (total.value, total.format) == (Decimal("70222.38"), "#,##0.00")
    assert (esf.value, esf.format) == (Decimal("42527.97"), "#,##0.00")
    assert counted_total(records) == BUNDLED_TOTAL
    pane = records.xml.find(f"{MAIN}sheetViews/{MAIN}sheetView/{MAIN}pane")
    assert pane is not None and (pane.get("ySplit"), pane.get("state")) == ("1", "frozen")
    autofilter = records.xml.find(f"{MAIN}autoFilter")
    assert autofilter is not None and autofilter.get("ref") == "A1:AT7"
    widths = {int(c.get("min", "")): Decimal(c.get("width", "")) for c in records.xml.iter(f"{MAIN}col")}
    # the widest id is salaspils-2020.FEAD-PO.04-05-08 (31 characters); the title is capped at 60
    assert (round(widths[1]), round(widths[4])) == (34, 63)


def test_export_xlsx_in_latvian(in_repo: None, tmp_path: Path) -> None:
    target = tmp_path / "projekti.xlsx"
    assert invoke("export", "--format", "xlsx", "--lang", "lv", "--output", str(target))[0] == 0
    book = read_xlsx(target)
    assert list(book) == ["Kopsummas", "Ieraksti"]
    assert book["Kopsummas"].values()[:4] == [
        ["Skaitļi ir pilnīgi: nolasīti visi faili un visas to summas."],
        [],
        ["Valūta", "Ieraksti", "Summa"],
        ["EUR", Decimal(2), BUNDLED_TOTAL],
    ]
    headings = [c.value if c else None for c in book["Ieraksti"].rows[0]]
    assert headings[CSV_COLUMNS.index("total") :][:2] == ["Kopā", "Attiecināmība: attiecināmās"]
    assert headings[CSV_COLUMNS.index("source_state_budget")] == "Avots: valsts budžets"
    assert headings[-3:] == ["Ieskaitīts kopsummās", "Kļūdas", "Nenolasīts"]
    start = column(book["Ieraksti"], "Sākums")[0]
    assert start and start.format == "dd.mm.yyyy"
    assert counted_total(book["Ieraksti"], "Kopā", "Ieskaitīts kopsummās") == BUNDLED_TOTAL


def incomplete_folder(tmp_path: Path) -> Path:
    """A record, a record with an amount that cannot be read, and a file that is not YAML."""
    data = tmp_path / "data"
    write(data, VALID, "good.yaml")
    write(
        data,
        VALID.replace("project_number: 9.2.1.1/15/I/001", "project_number: 1.1.1/1/1/1").replace(
            "amount: 15.00", "amount: 15,00"
        ),
        "comma.yaml",
    )
    write(data, "a: [1\n", "broken.yaml")
    return data


def test_export_xlsx_names_what_it_leaves_out(tmp_path: Path) -> None:
    data = incomplete_folder(tmp_path)
    target = tmp_path / "out.xlsx"
    code, _, err = invoke("export", str(data), "--format", "xlsx", "--output", str(target))
    assert code == 1
    assert "incomplete: 1 of 3 files could not be read; amounts that could not be read: 1" in err
    book = read_xlsx(target)
    first = book["Totals"].values()
    broken, comma = str(data / "broken.yaml"), str(data / "comma.yaml")
    assert first == [
        ["Incomplete: 1 of 3 files could not be read as records, so no figure here includes their money:"],
        [f"{broken}:2:1: yaml-syntax: not valid YAML: while parsing a flow sequence, did not find expected ',' or ']'"],
        ["Incomplete: amounts in counted records that could not be read (1), so no figure here includes them:"],
        [f"{comma}:22:15: schema: funding.parts[1].amount: '15,00' is not an amount; the record is counted without it"],
        [],
        ["Currency", "Records", "Amount"],
        ["EUR", Decimal(2), Decimal(200)],
        [],
        [
            'Adding the "Total" column of the sheet "Records" over the rows whose "Counted in totals" is TRUE '
            "gives these totals (what esfproj summary gives)."
        ],
    ]
    rows = {r[0]: r for r in book["Records"].values()[1:]}
    assert rows["broken"] == ["broken", broken, *[None] * (len(CSV_COLUMNS) - 4), Decimal(1), first[1][0]]
    assert rows["comma"][-3:] == [True, Decimal(1), first[3][0]]
    assert rows["good"][len(CSV_COLUMNS) - 3 :] == [True, Decimal(0)]  # and no cell for `unread`
    assert counted_total(book["Records"]) == Decimal(200) == summary_totals(str(data))[0][1]


def test_an_amount_a_spreadsheet_cannot_hold_exactly_is_its_text(tmp_path: Path) -> None:
    write(tmp_path / "data", VALID.replace("amount: 100.00", "amount: 1234567890123456.78"))
    target = tmp_path / "big.xlsx"
    assert invoke("export", str(tmp_path / "data"), "--format", "xlsx", "-o", str(target))[0] == 0
    total = column(read_xlsx(target)["Records"], "Total")[0]
    assert total and (total.value, total.format) == ("1234567890123456.78", "General")


def test_a_workbook_goes_to_a_pipe_as_bytes(in_repo: None) -> None:
    result = runner.invoke(app, ["export", "--format", "xlsx"])
    assert result.exit_code == 0 and result.stdout_bytes.startswith(b"PK\x03\x04")


def test_a_workbook_is_not_printed_to_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from esfproj import output
    from esfproj.errors import OutputError

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    with pytest.raises(OutputError, match=r"^this format is a binary file, not for a terminal: give --output FILE$"):
        output.emit(b"PK\x03\x04", None)
    assert terminal.getvalue() == ""


# --- summary --format xlsx -----------------------------------------------------------------


def test_summary_xlsx_has_the_totals_first_and_the_grouping(in_repo: None, tmp_path: Path) -> None:
    target = tmp_path / "summary.xlsx"
    code, out, err = invoke("summary", "--by", "source,year", "--format", "xlsx", "--output", str(target))
    assert (code, out, err) == (0, "", "")
    book = read_xlsx(target)
    assert list(book) == ["Totals", "Source, Year"]
    assert book["Totals"].values()[:6] == [
        ["The figures are complete: every file was read, and every amount in it."],
        [],
        ["Currency", "Records", "Amount"],
        ["EUR", Decimal(2), BUNDLED_TOTAL],
        [],
        ["Whole-project records: 1; participants' share records with no whole-project record: 1"],
    ]
    grouping = book["Source, Year"]
    assert grouping.values()[:2] == [
        ["Source", "Year", "Currency", "Records", "Amount", "Share"],
        ["ESF", "2016", "EUR", Decimal(2), Decimal("1198188.28"), Decimal("0.1051")],
    ]
    assert [c.format for c in grouping.rows[1] if c] == ["General", "General", "General", "0", "#,##0.00", "0.00%"]
    assert len(grouping.rows) == 1 + 4 * 8
    assert sum(c.value for c in column(grouping, "Amount") if c and isinstance(c.value, Decimal)) == BUNDLED_TOTAL
    autofilter = grouping.xml.find(f"{MAIN}autoFilter")
    assert autofilter is not None and autofilter.get("ref") == "A1:F33"


def test_summary_xlsx_has_a_sheet_for_each_grouping_asked(in_repo: None, tmp_path: Path) -> None:
    target = tmp_path / "summary.xlsx"
    code, _, _ = invoke(
        "summary", "--by", "fund", "--by", "source,year", "--by", "year", "-f", "xlsx", "-o", str(target)
    )
    assert code == 0
    book = read_xlsx(target)
    assert list(book) == ["Totals", "Fund", "Source, Year", "Year"]
    notes = [row[0] for row in book["Totals"].values()[5:]]
    assert len(notes) == 3 and notes[2] and str(notes[2]).startswith("Years: each amount")  # the year note once
    assert book["Fund"].values() == [
        ["Fund", "Currency", "Records", "Amount", "Share"],
        ["ESF", "EUR", Decimal(2), BUNDLED_TOTAL, Decimal(1)],
    ]
    for name in ("Source, Year", "Year"):
        amounts = [c.value for c in column(book[name], "Amount") if c and isinstance(c.value, Decimal)]
        assert sum(amounts, Decimal(0)) == BUNDLED_TOTAL, name


def test_several_groupings_need_a_workbook(in_repo: None) -> None:
    assert invoke("summary", "--by", "fund", "--by", "year") == (
        2,
        "",
        "esfproj: error: --by more than once needs --format xlsx (a sheet for each grouping)\n",
    )


def test_summary_xlsx_in_latvian_and_incomplete(tmp_path: Path) -> None:
    data = incomplete_folder(tmp_path)
    target = tmp_path / "kopsavilkums.xlsx"
    code, _, _ = invoke("summary", str(data), "--by", "source", "--format", "xlsx", "--lang", "lv", "-o", str(target))
    assert code == 1
    book = read_xlsx(target)
    assert list(book) == ["Kopsummas", "Avots"]
    first = book["Kopsummas"].values()
    assert first[0] == [
        "Nepilnīgi: 1 no 3 failiem nevarēja nolasīt kā ierakstus, tāpēc to summas nav ietvertas nevienā "
        "šeit redzamajā skaitlī:"
    ]
    assert first[5:7] == [["Valūta", "Ieraksti", "Summa"], ["EUR", Decimal(2), Decimal(200)]]
    assert book["Avots"].values() == [
        ["Avots", "Valūta", "Ieraksti", "Summa", "Daļa"],
        ["ESF", "EUR", Decimal(2), Decimal(170), Decimal("0.85")],
        ["valsts budžets", "EUR", Decimal(1), Decimal(15), Decimal("0.075")],
        ["nav norādīts", "EUR", Decimal(1), Decimal(15), Decimal("0.075")],
    ]


# --- --csv-dialect excel-lv ---------------------------------------------------------------


def test_the_latvian_csv_dialect(in_repo: None) -> None:
    result = runner.invoke(app, ["summary", "--by", "source", "--format", "csv", "--csv-dialect", "excel-lv"])
    assert result.exit_code == 0
    assert (
        result.stdout_bytes
        == (
            "\ufeffsource;currency;records;amount;share\r\n"
            "ESF;EUR;2;9669422,15;84,85\r\n"
            "municipality;EUR;1;20165,27;0,18\r\n"
            "state_budget;EUR;2;1706368,76;14,97\r\n"
            "unspecified;EUR;1;24,20;0,00\r\n"
        ).encode()
    )
    result = runner.invoke(app, ["export", "--csv-dialect", "excel-lv"])
    assert result.exit_code == 0 and result.stdout_bytes.startswith("\ufeffid;file;project_number;".encode())
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff")), delimiter=";"))
    jurmala = next(r for r in rows if r["id"] == "jurmala-9.2.1.1-15-I-001")
    # amounts take the decimal comma; texts (a project number, a measure) stay as written
    assert (jurmala["project_number"], jurmala["measure"], jurmala["start"]) == (
        "9.2.1.1/15/I/001",
        "9.2.1.1",
        "2016-04-18",
    )
    assert (jurmala["total"], jurmala["source_unspecified"], jurmala["counted_in_totals"]) == (
        "70222,38",
        "24,20",
        "yes",
    )


def test_the_default_csv_is_unchanged(in_repo: None) -> None:
    out = runner.invoke(app, ["summary", "--by", "source", "--format", "csv"]).stdout_bytes.decode()
    assert out.startswith("source,currency,records,amount,share\r\nESF,EUR,2,9669422.15,84.85\r\n")


# --- Parquet and JSONL, read by DuckDB ----------------------------------------------------


def duckdb_rows(query: str) -> list[tuple[object, ...]]:
    duckdb = pytest.importorskip("duckdb", reason="duckdb is in the test extra: pip install '.[test]'")
    relation = duckdb.sql(query)
    assert relation is not None
    return [tuple(row) for row in relation.fetchall()]


def duckdb_totals(query: str) -> list[tuple[str, Decimal]]:
    return [(str(c), Decimal(str(a))) for c, a in duckdb_rows(query)]


COUNTED = "WHERE counted_in_totals AND total IS NOT NULL GROUP BY currency"
"""The rows `summary` adds: counted in totals, with figures."""


def summary_totals(*paths: str) -> list[tuple[str, Decimal]]:
    code, out, _ = invoke("summary", *paths, "--format", "json")
    assert code in (0, 1)
    return [(t["currency"], Decimal(t["amount"])) for t in json.loads(out)["totals"]]


DOC_QUERIES = re.findall(r"```sql\n(.*?)```", (REPO / "docs" / "cli.md").read_text(encoding="utf-8"), re.DOTALL)


def test_duckdb_sums_the_parquet_and_the_jsonl_to_summary_s_totals(
    in_repo: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("pyarrow", reason="pyarrow is the extra esfproj[parquet], in the test extra")
    parquet, jsonl = tmp_path / "projects.parquet", tmp_path / "projects.jsonl"
    assert invoke("export", "--format", "parquet", "-o", str(parquet))[0] == 0
    assert invoke("export", "--format", "jsonl", "-o", str(jsonl))[0] == 0
    expected = summary_totals()
    assert expected == [("EUR", BUNDLED_TOTAL)]
    monkeypatch.chdir(tmp_path)
    by_fund_and_year, by_jsonl = DOC_QUERIES[:2]  # the queries docs/cli.md gives
    assert duckdb_rows(by_fund_and_year) == [("ESF", 2016, "EUR", BUNDLED_TOTAL)]
    assert duckdb_totals(f"SELECT currency, SUM(total) FROM read_parquet('{parquet}') {COUNTED}") == expected
    assert duckdb_totals(by_jsonl) == expected
    described = duckdb_rows(f"DESCRIBE SELECT total, start, counted_in_totals, errors FROM '{parquet}'")
    assert [(name, kind) for name, kind, *_ in described] == [
        ("total", "DECIMAL(38,2)"),
        ("start", "DATE"),
        ("counted_in_totals", "BOOLEAN"),
        ("errors", "INTEGER"),
    ]


def test_parquet_keeps_every_decimal_and_names_what_it_leaves_out(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="pyarrow is the extra esfproj[parquet], in the test extra")
    data = incomplete_folder(tmp_path)
    write(
        data,
        VALID.replace("project_number: 9.2.1.1/15/I/001", "project_number: 2.2.2/2/2/2")
        .replace("amount: 100.00", "amount: 100.001")
        .replace("amount: 15.00", "amount: 15.001"),
        "mills.yaml",
    )
    target = tmp_path / "out.parquet"
    assert invoke("export", str(data), "--format", "parquet", "-o", str(target))[0] == 1
    rows = duckdb_totals(f"SELECT currency, SUM(total) FROM '{target}' {COUNTED}")
    assert rows == [("EUR", Decimal("300.001"))] == summary_totals(str(data))
    unread = duckdb_rows(f"SELECT id, total, unread FROM '{target}' WHERE unread IS NOT NULL ORDER BY id")
    assert [(i, t, str(u).split(": ")[1]) for i, t, u in unread] == [
        ("broken", None, "yaml-syntax"),
        ("comma", Decimal("100.000"), "schema"),
    ]


def test_parquet_refuses_an_amount_decimal128_cannot_hold(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="pyarrow is the extra esfproj[parquet], in the test extra")
    # each is read (30 digits at most), but together they need 25 + 15 digits
    write(tmp_path / "data", VALID.replace("amount: 100.00", "amount: " + "9" * 25), "a.yaml")
    write(tmp_path / "data", VALID.replace("amount: 100.00", "amount: 0." + "0" * 14 + "1"), "b.yaml")
    target = tmp_path / "x.parquet"
    code, out, err = invoke("export", str(tmp_path / "data"), "--format", "parquet", "-o", str(target))
    assert (code, out) == (2, "") and not target.exists()
    assert err.endswith(
        "esfproj: error: amounts of 25 digits before the point and 15 after do not fit Parquet's Decimal128 "
        "(38 digits); export them as JSONL or CSV, which keep every digit\n"
    )


def test_parquet_without_pyarrow_says_how_to_get_it(
    in_repo: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    code, out, err = invoke("export", "--format", "parquet", "-o", str(tmp_path / "x.parquet"))
    assert (code, out, err) == (
        2,
        "",
        "esfproj: error: --format parquet needs pyarrow: pip install 'esfproj[parquet]'\n",
    )
    assert not (tmp_path / "x.parquet").exists()


# --- import of a workbook -----------------------------------------------------------------


def test_import_of_a_workbook_says_to_save_it_as_csv(in_repo: None, tmp_path: Path) -> None:
    workbook = tmp_path / "report.xlsx"
    assert invoke("export", "--format", "xlsx", "-o", str(workbook))[0] == 0
    code, out, err = invoke("import", str(workbook), "--into", str(tmp_path / "records"))
    assert (code, out) == (2, "")
    assert err == (
        "esfproj: error: the list is a spreadsheet (xlsx or ods: a ZIP file), not CSV: save it as CSV UTF-8 "
        "(Excel: File > Save As > CSV UTF-8 (Comma delimited); LibreOffice: File > Save As > Text CSV, "
        "character set Unicode (UTF-8), field delimiter ,) and import that file\n"
    )
    assert not (tmp_path / "records").exists()


# --- LibreOffice opens them ---------------------------------------------------------------

LATVIAN_CSV = "Text - txt - csv (StarCalc):59,34,76,1,,1062"
"""LibreOffice's CSV import as a Latvian user's: `;`, UTF-8, Latvian numbers (1062)."""
PLAIN_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,1033,false,false,false,false,false,-1"
"""Each sheet to CSV with `,` and US numbers, the values as held (not as shown)."""


@pytest.mark.slow
def test_libreoffice_sums_the_workbook_and_the_latvian_csv_to_summary_s_totals(in_repo: None, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    assert invoke("export", "--format", "xlsx", "-o", str(tmp_path / "book.xlsx"))[0] == 0
    assert invoke("export", "--csv-dialect", "excel-lv", "-o", str(tmp_path / "lv.csv"))[0] == 0
    profile = (tmp_path / "profile").as_uri()
    for infilter, source in ((None, "book.xlsx"), (LATVIAN_CSV, "lv.csv")):
        options = [f"--infilter={infilter}"] if infilter else []
        subprocess.run(
            [soffice, f"-env:UserInstallation={profile}", "--headless", *options, "--convert-to", PLAIN_CSV,
             "--outdir", str(tmp_path / "out"), str(tmp_path / source)],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    for name, total in (("book-Records.csv", "Total"), ("lv-lv.csv", "total")):
        text = (tmp_path / "out" / name).read_text(encoding="utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        counted = [r for r in rows if r[list(r)[-3]] in ("TRUE", "yes") and r[total]]
        assert len(counted) == 2, name
        # LibreOffice read each amount as a number: it writes it back with a decimal point
        assert sum((Decimal(r[total]) for r in counted), Decimal(0)).quantize(Decimal("0.01")) == BUNDLED_TOTAL, name
        assert next(iter(rows[0])) in ("Id", "id"), name  # the byte-order mark is not part of the first heading
