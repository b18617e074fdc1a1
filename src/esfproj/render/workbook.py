"""Workbooks for spreadsheets: `export --format xlsx` and `summary --format xlsx`.

XlsxWriter in its constant-memory mode: each row is written to a temporary file as soon as
the next one starts, so a workbook of 100 000 records never holds more than one row of it
(openpyxl's write-only mode streams too, but is slower and brings et_xmlfile; XlsxWriter has
no dependencies). Column widths are measured from the cells as they are written, since
XlsxWriter's `autofit` needs every row in memory.

The first sheet says whether the figures are complete and names what they leave out;
amounts are numbers with two decimals shown, dates are dates, the header row is frozen and
filtered.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from esfproj.model import Unread
from esfproj.money import EXACT, ZERO
from esfproj.render.export import CSV_COLUMNS, Cell
from esfproj.render.lang import word
from esfproj.render.tables import group_value, summary_table, unread_note
from esfproj.summary import Row, Summary

if TYPE_CHECKING:
    from xlsxwriter.format import Format
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

AMOUNT, DATE, COUNT, SHARE = "amount", "date", "count", "share"
SPREADSHEET_DIGITS = 15
"""A spreadsheet's numbers are binary floating point: exact to 15 significant digits."""
WIDEST = 60


class Table(NamedTuple):
    """Cells are written as their type says (`Cell`): Decimal an amount, date a date, int a
    count, bool TRUE or FALSE; a Decimal in a column of `shares` is a percentage."""

    headings: list[str]
    rows: Iterable[Sequence[Cell]]
    shares: frozenset[int] = frozenset()


def fits(amount: Decimal) -> bool:
    """Whether a spreadsheet holds the amount exactly as a number: up to 15 significant
    digits (any amount below 10 000 000 000 000.00); else it is written as its text, so that
    no digit is lost."""
    return len(amount.as_tuple().digits) <= SPREADSHEET_DIGITS


def _number(sheet: Worksheet, row: int, column: int, amount: Decimal, cell_format: Format) -> None:
    """A Decimal written as a number cell, never through float: XlsxWriter writes a number
    as `f"{number:.16G}"`, which a Decimal formats from its own digits."""
    sheet.write_number(row, column, amount, cell_format)


class _Writer:
    """One workbook, written to bytes; each sheet's rows in order."""

    def __init__(self, lang: str) -> None:
        from xlsxwriter import Workbook

        self.buffer = io.BytesIO()
        self.book: Workbook = Workbook(self.buffer, {"constant_memory": True})
        self.lang = lang
        self.formats: dict[str, Format] = {
            AMOUNT: self.book.add_format({"num_format": "#,##0.00"}),
            DATE: self.book.add_format({"num_format": "dd.mm.yyyy" if lang == "lv" else "yyyy-mm-dd"}),
            COUNT: self.book.add_format({"num_format": "0"}),
            SHARE: self.book.add_format({"num_format": "0.00%"}),
            "heading": self.book.add_format({"bold": True}),
        }

    def sheet(self, name: str) -> Worksheet:
        return self.book.add_worksheet(name[:31])

    def lines(self, sheet: Worksheet, row: int, lines: Iterable[str]) -> int:
        """Sentences in the first column, one a row; the next free row."""
        for line in lines:
            sheet.write_string(row, 0, line)
            row += 1
        return row

    def table(self, sheet: Worksheet, row: int, table: Table, filtered: bool = False) -> int:
        """Headings and rows from `row`; with `filtered`, the heading row frozen and filtered.
        Column widths fit the longest cell (up to 60 characters). The next free row."""
        widths = [len(h) for h in table.headings]
        for column, heading in enumerate(table.headings):
            sheet.write_string(row, column, heading, self.formats["heading"])
        first = row
        for cells in table.rows:
            row += 1
            for column, cell in enumerate(cells):
                widths[column] = max(widths[column], self._write(sheet, row, column, cell, column in table.shares))
        for column, width in enumerate(widths):
            sheet.set_column(column, column, min(width, WIDEST) + 2)
        if filtered:
            sheet.freeze_panes(first + 1, 0)
            sheet.autofilter(first, 0, row, len(table.headings) - 1)
        return row + 1

    def _write(self, sheet: Worksheet, row: int, column: int, cell: Cell, share: bool) -> int:
        """Write one cell as its type says; how wide it shows."""
        if cell is None:
            return 0
        if isinstance(cell, bool):
            sheet.write_boolean(row, column, cell)
            return 5
        if isinstance(cell, datetime.date):
            sheet.write_datetime(row, column, cell, self.formats[DATE])
            return 10
        if isinstance(cell, Decimal) and share:
            _number(sheet, row, column, EXACT.divide(cell, 100), self.formats[SHARE])
            return len(f"{cell:.2f} %")
        if isinstance(cell, Decimal):
            if fits(cell):
                _number(sheet, row, column, cell, self.formats[AMOUNT])
            else:
                sheet.write_string(row, column, format(cell, "f"))
            return len(f"{cell:,.2f}")
        if isinstance(cell, int):
            sheet.write_number(row, column, cell, self.formats[COUNT])
            return len(str(cell))
        sheet.write_string(row, column, cell)
        return len(cell)

    def close(self) -> bytes:
        self.book.close()
        return self.buffer.getvalue()


def _status(unread: Sequence[Unread], files: int, lang: str) -> list[str]:
    """Whether the figures are complete; if not, each thing they leave out, a row each."""
    if not unread:
        return [word("complete", lang)]
    return [line.strip() for line in unread_note(unread, files, lang).splitlines()]


def export_heading(column: str, lang: str) -> str:
    """`source_ESF` -> `Source: ESF` (`Avots: ESF`)."""
    for group in ("eligibility", "source"):
        if column.startswith(group + "_"):
            return f"{word(group, lang)}: {word(column.removeprefix(group + '_'), lang)}"
    return word("unread_column" if column == "unread" else column, lang)


def export_workbook(rows: Iterable[list[Cell]], lang: str, unread: Sequence[Unread], files: int) -> bytes:
    """The first sheet, totals: complete or not (and what is left out), the total of the rows
    counted in totals by currency (`summary`'s totals); the second, one row per record as
    in the CSV, and a row for each file that could not be read."""
    writer = _Writer(lang)
    first, records = writer.sheet(word("totals_sheet", lang)), writer.sheet(word("records_title", lang))
    at = {name: i for i, name in enumerate(CSV_COLUMNS)}
    sums: dict[str, tuple[int, Decimal]] = {}

    def counting(rows: Iterable[list[Cell]]) -> Iterator[list[Cell]]:
        for row in rows:
            amount, currency = row[at["total"]], row[at["currency"]]
            if row[at["counted_in_totals"]] is True and isinstance(amount, Decimal) and isinstance(currency, str):
                count, value = sums.get(currency, (0, ZERO))
                sums[currency] = (count + 1, EXACT.add(value, amount))
            yield row

    headings = [export_heading(c, lang) for c in CSV_COLUMNS]
    writer.table(records, 0, Table(headings, counting(rows)), filtered=True)
    row = writer.lines(first, 0, _status(unread, files, lang)) + 1
    totals: list[list[Cell]] = [[currency, count, amount] for currency, (count, amount) in sorted(sums.items())]
    headings = [word(w, lang) for w in ("currency", "records", "amount")]
    row = writer.table(first, row, Table(headings, totals)) + 1
    writer.lines(first, row, [word("export_totals_note", lang)])
    return writer.close()


def summary_workbook(summaries: list[Summary], lang: str, unread: Sequence[Unread], files: int) -> bytes:
    """The first sheet, totals: complete or not (and what is left out), the total by currency
    (the same in every grouping) and the notes of the tables; then a sheet for each grouping
    asked, one row per group."""
    writer = _Writer(lang)
    first = writer.sheet(word("totals_sheet", lang))
    row = writer.lines(first, 0, _status(unread, files, lang)) + 1
    headings = [word(w, lang) for w in ("currency", "records", "amount")]
    totals: list[list[Cell]] = [[t.currency, t.records, t.amount] for t in summaries[0].totals]
    row = writer.table(first, row, Table(headings, totals)) + 1
    notes = [note for summary in summaries for note in summary_table(summary, lang).notes]
    writer.lines(first, row, list(dict.fromkeys(notes)))  # each note once
    for summary in summaries:
        grouping = writer.sheet(", ".join(word(name, lang) for name in summary.by))

        def row_of(r: Row, by: tuple[str, ...] = summary.by) -> list[Cell]:
            key = [group_value(n, v, lang) for n, v in zip(by, r.key, strict=True)]
            return [*key, r.currency, r.records, r.amount, r.share]

        headings = [word(name, lang) for name in (*summary.by, "currency", "records", "amount", "share")]
        rows = (row_of(r) for r in summary.rows)
        writer.table(grouping, 0, Table(headings, rows, frozenset({len(headings) - 1})), filtered=True)
    return writer.close()
