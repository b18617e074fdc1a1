"""`summary` and `list` as tables for people (table, markdown) and data for machines (csv, json)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import chain
from typing import Any, Literal, NamedTuple, Protocol

from esfproj.errors import UsageError
from esfproj.model import Unread
from esfproj.money import machine
from esfproj.options import CsvDialect, TableFormat
from esfproj.record import Record, record_id, record_total
from esfproj.render.lang import UNREAD_SENTENCES, money, percent, period, span_label, word
from esfproj.render.spool import Spool
from esfproj.render.style import PALETTE
from esfproj.summary import OTHERS, Filters, Span, Summary, scope, span_total
from esfproj.text import lv_number, one_line, terminal

PLAIN_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")
TRANSLATED_VALUES = ("status", "source", "eligibility", "year")


@dataclass(slots=True)
class Table:
    """A table for people: headings, cells as text, total rows and notes below."""

    headings: list[str]
    right: set[int]
    rows: list[list[str]]
    footer: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    cut: set[int] = field(default_factory=set)
    """Columns cut to `CUT_WIDTH` with an ellipsis on a terminal (titles), never folded."""


CUT_WIDTH = 40


def safe_cell(value: str) -> str:
    """Neutralise spreadsheet formulas: `=1+1` -> `'=1+1`; plain numbers stay as they are."""
    if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value  # a plain number such as -5.00 is data, not a formula
    return value


def unread_note(unread: Sequence[Unread], files: int, lang: str, markdown: bool = False) -> str:
    """The closing lines under a table whose figures leave money out: files that could not be
    read, folders that could not be listed, amounts that could not be read; each named."""
    out = []
    for kind, sentence in UNREAD_SENTENCES:
        named = [u for u in unread if u.kind == kind]
        if named:
            out.append(word(sentence, lang).format(len(named), files))
            out += [f"- `{one_line(u.text(lang))}`" if markdown else f"  {one_line(u.text(lang))}" for u in named]
    return "\n".join(out)


def rows_and_gaps(unread: Sequence[Unread]) -> tuple[list[Unread], dict[str, Unread]]:
    """What is left out, as the rows of `list` and `export` carry it: files and folders that
    could not be read are rows of their own; the unreadable amounts of a counted record go
    on that record's row, one entry per file (at the first, every message)."""
    rows = [u for u in unread if u.kind != "amount"]
    gaps: dict[str, Unread] = {}
    for u in unread:
        if u.kind == "amount":
            first = gaps.get(u.file)
            gaps[u.file] = (
                first._replace(message=f"{first.message}; {u.message}", lv=f"{first.lv}; {u.lv}") if first else u
            )
    return rows, gaps


def to_csv(
    headings: list[str], rows: Iterable[Sequence[str | Decimal]], dialect: CsvDialect = CsvDialect.rfc4180
) -> str:
    """RFC 4180 rows (CRLF), so that a carriage return inside a value is quoted, not a row end;
    amounts (Decimal) with `.`. As `excel-lv`: `;` between fields, amounts with a decimal
    comma, and a UTF-8 byte-order mark, as a spreadsheet with Latvian settings reads them."""
    return "".join(csv_lines(headings, rows, dialect))


def csv_lines(
    headings: list[str], rows: Iterable[Sequence[str | Decimal]], dialect: CsvDialect = CsvDialect.rfc4180
) -> Iterator[str]:
    """`to_csv`, a line at a time, as the rows come (a large export is never held whole)."""
    latvian = dialect is CsvDialect.excel_lv
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if latvian else ",", lineterminator="\r\n")
    writer.writerow(headings)
    yield ("\ufeff" if latvian else "") + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_csv_cell(cell, latvian) for cell in row])
        yield buffer.getvalue()


def _csv_cell(cell: str | Decimal, latvian: bool) -> str:
    if isinstance(cell, Decimal):
        return lv_number(machine(cell)) if latvian else machine(cell)
    return safe_cell(cell)


def to_markdown(table: Table) -> str:
    line = _markdown_line
    lines = [_markdown_head(table.headings, table.right)]
    lines += [line(row) for row in table.rows]
    lines += [line([f"**{c}**" if c else "" for c in row]) for row in table.footer]
    text = "\n".join(lines) + "\n"
    if table.notes:
        text += "\n" + "\n\n".join(table.notes) + "\n"
    return text


def rich_text(renderables: list[Any], colour: bool, width: int, soft_wrap: bool = False) -> str:
    """Rich renderables as text: colour only when asked, no trailing spaces or blank ends."""
    from rich.console import Console  # Rich only when a table is drawn: start-up

    buffer = io.StringIO()
    console = Console(
        file=buffer, force_terminal=colour, no_color=not colour, width=width, highlight=False, emoji=False, markup=False
    )
    for renderable in renderables:
        console.print(renderable, soft_wrap=soft_wrap)
    text = "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())
    return text.strip("\n") + "\n"


def to_text(table: Table, colour: bool, width: int | None) -> str:
    from rich import box  # Rich only when a table is drawn: start-up
    from rich.table import Table as RichTable

    rich_table = RichTable(box=box.SIMPLE_HEAD, show_footer=False, pad_edge=False)
    for i, heading in enumerate(table.headings):
        justify: Literal["left", "right"] = "right" if i in table.right else "left"
        if i in table.cut:
            rich_table.add_column(heading, justify=justify, overflow="ellipsis", no_wrap=True, max_width=CUT_WIDTH)
        else:
            rich_table.add_column(heading, justify=justify, overflow="fold")
    for row in table.rows:
        rich_table.add_row(*map(terminal, row))
    if table.footer and table.rows:
        rich_table.add_section()
    for row in table.footer:
        rich_table.add_row(*map(terminal, row), style="bold")
    return rich_text([rich_table, *table.notes], colour, width or 1000, soft_wrap=width is None)


def render(table: Table, fmt: TableFormat, colour: bool, width: int | None) -> str:
    if fmt is TableFormat.markdown:
        return to_markdown(table)
    return to_text(table, colour, width)


# --- summary ----------------------------------------------------------------


def group_value(name: str, value: str, lang: str, rest: int = 0) -> str:
    if rest and value == OTHERS:
        return word("others", lang).format(rest)
    return word(value, lang) if name in TRANSLATED_VALUES or value == "unspecified" else value


def summary_table(
    summary: Summary, lang: str, unread: Sequence[Unread] = (), files: int = 0, markdown: bool = False
) -> Table:
    by = list(summary.by)
    several = len(summary.totals) > 1
    headings = [word(name, lang) for name in by]
    if several:
        headings.append(word("currency", lang))
    headings += [word("records", lang), word("amount", lang), word("share", lang)]
    right = set(range(len(headings) - 3, len(headings)))
    rows = []
    for row in summary.rows:
        cells = [group_value(name, value, lang, summary.rest) for name, value in zip(by, row.key, strict=True)]
        if several:
            cells.append(row.currency)
        cells += [str(row.records), f"{money(row.amount, lang)} {row.currency}", percent(row.share, lang)]
        rows.append(cells)
    footer = []
    for grand in summary.totals:
        cells = [word("grand_total", lang)] + [""] * (len(by) - 1)
        if several:
            cells.append(grand.currency)
        whole = Decimal("100.00") if grand.amount else Decimal("0.00")
        cells += [str(grand.records), f"{money(grand.amount, lang)} {grand.currency}", percent(whole, lang)]
        footer.append(cells)
    notes = []
    if summary.scope.shares or summary.scope.within_whole:
        notes.append(word("scope_counts", lang).format(summary.scope.wholes, summary.scope.shares))
    if summary.scope.within_whole:
        notes.append(word("within_whole", lang).format(summary.scope.within_whole))
    if summary.without_funding:
        notes.append(word("without_funding", lang).format(summary.without_funding))
    if "year" in summary.by:
        notes.append(word("year_note", lang))
    if summary.span is not None:
        notes.append(word("span_note", lang).format(span_label(summary.span, lang)))
        if summary.undated:
            notes.append(word("undated", lang).format(span_label(summary.span, lang), summary.undated))
    if not summary.records:
        notes.append(word("no_records", lang))
    if unread:
        notes.append(unread_note(unread, files, lang, markdown))
    return Table(headings, right, rows, footer, notes)


def render_chart(summary: Summary, lang: str, colour: bool, width: int | None) -> str:
    """Each row's share of its currency's total as a bar, as in the HTML report."""
    from rich.bar import Bar  # Rich only when a chart is drawn: start-up
    from rich.table import Table as RichTable

    chart = RichTable.grid(padding=(0, 1))
    chart.add_column()
    chart.add_column(width=40)
    chart.add_column(justify="right")
    for i, row in enumerate(summary.rows):
        label = " / ".join(group_value(n, v, lang, summary.rest) for n, v in zip(summary.by, row.key, strict=True) if v)
        chart.add_row(
            label,
            Bar(100, 0, row.share, color=PALETTE[i % len(PALETTE)]),  # type: ignore[arg-type]
            f"{money(row.amount, lang)} {row.currency}  {percent(row.share, lang)}",
        )
    return rich_text([chart], colour, width or 200)


def summary_json(summary: Summary, unread: list[Unread]) -> str:
    document = {
        "version": 1,
        "by": list(summary.by),
        "rows": [
            {
                "key": dict(zip(summary.by, row.key, strict=True)),
                "currency": row.currency,
                "records": row.records,
                "amount": machine(row.amount),
                "share": format(row.share, "f"),
            }
            for row in summary.rows
        ],
        "totals": [{"currency": t.currency, "records": t.records, "amount": machine(t.amount)} for t in summary.totals],
        "without_funding": summary.without_funding,
        "scope": {
            "whole_projects": summary.scope.wholes,
            "shares": summary.scope.shares,
            "shares_within_whole": summary.scope.within_whole,
        },
        "unread": [u.data() for u in unread],
    }
    if summary.rest:
        document["rest_rows"] = summary.rest
    if summary.span is not None:
        document["span"] = {"from": str(summary.span.first), "to": str(summary.span.last)}
        document["undated"] = summary.undated
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def summary_csv(summary: Summary, unread: list[Unread], dialect: CsvDialect = CsvDialect.rfc4180) -> str:
    """The rows, then one row for each file that could not be read, in the first column."""
    headings = [*summary.by, "currency", "records", "amount", "share"]
    rows: list[list[str | Decimal]] = [
        [*row.key, row.currency, str(row.records), row.amount, row.share] for row in summary.rows
    ]
    rows += [[f"not read: {u}", *[""] * (len(headings) - 1)] for u in unread]
    if summary.span is not None and summary.undated:
        note = f"no share in {span_label(summary.span)}, funding figures but no start or end date: {summary.undated}"
        rows.append([note, *[""] * (len(headings) - 1)])
    return to_csv(headings, rows, dialect)


def render_summary(
    summary: Summary,
    fmt: TableFormat,
    lang: str,
    dialect: CsvDialect = CsvDialect.rfc4180,
    *,
    colour: bool,
    width: int | None,
    unread: list[Unread],
    files: int,
) -> str:
    """The summary in `fmt`; files that could not be read are named in every format."""
    if fmt is TableFormat.json:
        return summary_json(summary, unread)
    if fmt is TableFormat.csv:
        return summary_csv(summary, unread, dialect)
    table = summary_table(summary, lang, unread, files, fmt is TableFormat.markdown)
    return render(table, fmt, colour, width)


# --- list -------------------------------------------------------------------


class ListRow(NamedTuple):
    """One record as `list` shows it."""

    id: str
    project_number: str | None
    title: str | None
    participant: str | None
    lead_partner: str | None
    fund: str | None
    status: str | None
    start: str | None
    end: str | None
    currency: str | None
    total: Decimal | None
    scope: str
    no_share: bool = False
    """Under a span: the record has funding figures but not both dates, so no share in it."""


LIST_FIELDS = [*ListRow._fields, "unread"]


def list_row(record: Record, filters: Filters, span: Span | None = None) -> ListRow | None:
    """Run in the worker processes: the record's row, or None if filtered out. Under a span,
    its total is its money in the span, and a record whose period misses the span is left out."""
    if not filters.matches(record):
        return None
    amount = record_total(record)
    no_share = False
    if span is not None:
        if span.misses(record):
            return None
        in_span = span_total(record, span)
        no_share, amount = amount is not None and in_span is None, in_span
    return ListRow(
        record.id,
        record.number,
        record.title,
        record.participant,
        record.lead_partner,
        record.fund,
        record.status,
        record.start.isoformat() if record.start else None,
        record.end.isoformat() if record.end else None,
        record.currency if amount is not None else None,
        amount,
        scope(record),
        no_share,
    )


SORT_COLUMNS = tuple(name for name in ListRow._fields if name != "no_share")


class Selection:
    """The rows `list` prints, as records come: all of them, in the order given by `sort`
    (a column of `SORT_COLUMNS`, `-column` descending; empty values last either way); with
    `limit`, only the first N of that order, so that at most 2N rows are held at a time.
    Without `limit` the rows go to a `Spool` (a temporary file) and only their sort keys
    stay in memory. Used as a context manager, which removes the spool."""

    def __init__(self, sort: str | None, limit: int | None) -> None:
        column = (sort or "").removeprefix("-")
        if sort is not None and column not in SORT_COLUMNS:
            columns = ", ".join(SORT_COLUMNS)
            raise UsageError(
                f"--sort takes a column, -column for descending: {columns}; not {sort!r}",
                lv=f"--sort gaida kolonnu, -kolonna dilstošā secībā: {columns}; nevis {sort!r}",
            )
        self.index = SORT_COLUMNS.index(column) if sort else None
        self.descending = bool(sort and sort.startswith("-"))
        self.limit = limit
        self.rows: list[ListRow] = []
        self.spool: Spool[ListRow] | None = Spool() if limit is None else None
        self.keys: list[tuple[bool, str | Decimal]] = []
        self.seen = 0

    def __enter__(self) -> Selection:
        return self

    def __exit__(self, *_: object) -> None:
        if self.spool is not None:
            self.spool.__exit__()

    def key(self, row: ListRow) -> tuple[bool, str | Decimal]:
        value: str | Decimal | None = row[self.index] if self.index is not None else None  # type: ignore[assignment]
        # empty values last: ascending, (True, "") after every (False, v); descending the
        # order is reversed, so they are (False, "") before every (True, v)
        if value is None:
            return not self.descending, ""
        return self.descending, value.casefold() if isinstance(value, str) else value

    def add(self, row: ListRow) -> None:
        self.seen += 1
        if self.spool is not None:
            self.spool.add(row)
            if self.index is not None:
                self.keys.append(self.key(row))
            return
        if self.limit is not None and self.index is None and len(self.rows) >= self.limit:
            return
        self.rows.append(row)
        if self.limit is not None and len(self.rows) >= 2 * self.limit:
            self.rows = self.ordered_list()

    def ordered(self) -> Rows:
        """The rows to print, in order: a list, or read back from the spool (each time they
        are iterated)."""
        if self.spool is None:
            return self.ordered_list()
        if self.index is None:
            return self.spool
        keys = self.keys
        return _Picked(self.spool, sorted(range(len(keys)), key=keys.__getitem__, reverse=self.descending))

    def ordered_list(self) -> list[ListRow]:
        rows = self.rows
        if self.index is not None:
            rows = sorted(rows, key=self.key, reverse=self.descending)
        return rows[: self.limit] if self.limit is not None else rows


class Rows(Protocol):
    """Rows that can be counted and read more than once: a list, or a spool."""

    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[ListRow]: ...


class _Picked:
    """A spool's rows in a given order (of their numbers)."""

    def __init__(self, spool: Spool[ListRow], order: list[int]) -> None:
        self.spool, self.order = spool, order

    def __len__(self) -> int:
        return len(self.order)

    def __iter__(self) -> Iterator[ListRow]:
        return self.spool.pick(self.order)


def list_cells(row: ListRow, lang: str) -> list[str]:
    return [
        row.id,
        row.project_number or "",
        one_line(row.title or ""),
        word(row.scope, lang),
        row.participant or row.lead_partner or "",
        row.fund or "",
        word(row.status or "", lang),
        period(row.start, row.end, lang),
        f"{money(row.total, lang)} {row.currency}" if row.total is not None else "",
    ]


LIST_HEADINGS = ("id", "project_number", "title", "scope", "participant_or_lead", "fund", "status", "period", "total")
LIST_RIGHT, LIST_CUT = {8}, {2}


def list_notes(  # noqa: PLR0917 (what the notes below the rows say, each named at the call)
    shown: int,
    matched: int,
    undated: list[str],
    lang: str,
    unread: list[Unread],
    files: int,
    markdown: bool,
    span: Span | None,
) -> list[str]:
    """What is said below the rows: none matched, fewer shown (--limit), the span and the
    records without a share in it (`undated`), what could not be read."""
    notes = [] if shown else [word("no_records", lang)]
    if shown < matched:
        notes.append(word("limited", lang).format(shown, matched))
    if span is not None:
        notes.append(word("span_note", lang).format(span_label(span, lang)))
        if undated:
            notes.append(
                word("undated", lang).format(span_label(span, lang), len(undated)) + " (" + ", ".join(undated) + ")"
            )
    if unread:
        notes.append(unread_note(unread, files, lang, markdown))
    return notes


def list_table(
    rows: list[ListRow],
    lang: str,
    unread: list[Unread],
    files: int,
    markdown: bool,
    *,
    span: Span | None = None,
    matched: int = 0,
) -> Table:
    headings = [word(k, lang) for k in LIST_HEADINGS]
    cells = [list_cells(row, lang) for row in rows]
    undated = [row.id for row in rows if row.no_share] if span is not None else []
    notes = list_notes(len(rows), matched, undated, lang, unread, files, markdown, span)
    return Table(headings, LIST_RIGHT, cells, notes=notes, cut=LIST_CUT)


STREAMED_ROWS = 2000
"""Above this many rows `list` draws its terminal table itself, a row at a time (`_streamed`),
as Rich draws it for output that is not a terminal: Rich would hold every row in memory,
and every piece of every line it draws."""


def render_list(
    rows: Rows,
    fmt: TableFormat,
    lang: str,
    *,
    colour: bool,
    width: int | None,
    unread: list[Unread],
    files: int,
    span: Span | None = None,
    matched: int = 0,
) -> str | Iterator[str]:
    """One row per record (`matched`: how many matched, when --limit showed fewer); in CSV
    and JSON, files that could not be read (and folders that could not be listed) are rows
    too, with only their id and why (`unread`), and a record counted without an amount it
    states has that amount in its `unread`. Every format but a small terminal table is
    made a row at a time, as `rows` are read (from a spool), so no output holds them all."""
    own_rows, gaps = rows_and_gaps(unread)
    gap_by_id = {record_id(file): gap.data() for file, gap in gaps.items()}
    items = (
        {
            **row._asdict(),
            "total": machine(row.total) if row.total is not None else None,
            "unread": gap_by_id.get(row.id),
        }
        for row in rows
    )
    unread_items = ({**dict.fromkeys(LIST_FIELDS), "id": record_id(u.file), "unread": u.data()} for u in own_rows)
    if fmt is TableFormat.json:
        return json_array(chain(items, unread_items))
    if fmt is TableFormat.csv:
        return csv_lines(
            LIST_FIELDS,
            (
                [
                    "" if i[k] is None or i[k] is False else "yes" if i[k] is True else str(i[k])
                    for k in LIST_FIELDS[:-1]
                ]
                + [str(Unread(**i["unread"])) if i["unread"] else ""]
                for i in chain(items, unread_items)
            ),
        )
    if fmt is TableFormat.markdown or len(rows) > STREAMED_ROWS:
        notes = partial(list_notes, len(rows), matched, lang=lang, unread=unread, files=files, span=span)
        return _streamed(rows, lang, notes, fmt is TableFormat.markdown, colour, width)
    table = list_table(list(rows), lang, unread, files, False, span=span, matched=matched)
    return render(table, fmt, colour, width)


def json_array(values: Iterable[Any]) -> Iterator[str]:
    """`json.dumps(list(values), indent=2)` and a newline, a value at a time."""
    first = True
    for value in values:
        text = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        yield ("[\n  " if first else ",\n  ") + text
        first = False
    yield "[]\n" if first else "\n]\n"


def _streamed(
    rows: Rows,
    lang: str,
    notes: Callable[..., list[str]],
    markdown: bool,
    colour: bool,
    width: int | None,
) -> Iterator[str]:
    """The list's table, a line at a time: as `to_markdown` writes it, or as Rich draws it
    without a terminal (`to_text` with no width: columns as wide as their widest cell, the
    title cut with an ellipsis, three spaces between columns, a rule under the headings);
    for the latter the rows are read twice, first for the widths."""
    headings = [word(k, lang) for k in LIST_HEADINGS]
    undated: list[str] = []
    if markdown:
        yield _markdown_head(headings, LIST_RIGHT) + "\n"
        for row in rows:
            undated += [row.id] if row.no_share else []
            yield _markdown_line(list_cells(row, lang)) + "\n"
        said = notes(undated, markdown=True)
        yield ("\n" + "\n\n".join(said) + "\n") if said else ""
        return
    from rich.cells import cell_len, set_cell_size

    widths = [cell_len(h) for h in headings]
    for row in rows:
        undated += [row.id] if row.no_share else []
        for column, cell in enumerate(list_cells(row, lang)):
            widths[column] = max(widths[column], cell_len(terminal(cell)))
    widths = [min(w, CUT_WIDTH) if i in LIST_CUT else w for i, w in enumerate(widths)]

    def line(cells: list[str]) -> str:
        shown = []
        for column, cell in enumerate(cells):
            text = terminal(cell)
            if cell_len(text) > widths[column]:
                text = set_cell_size(text, widths[column] - 1) + "…"
            pad = " " * (widths[column] - cell_len(text))
            shown.append(pad + text if column in LIST_RIGHT else text + pad)
        return (" " + "   ".join(shown)).rstrip() + "\n"

    heading = line(headings)
    yield f"\x1b[1m{heading[:-1]}\x1b[0m\n" if colour else heading
    yield " " + "─" * (sum(widths) + 3 * (len(widths) - 1)) + "\n"
    for row in rows:
        yield line(list_cells(row, lang))
    said = notes(undated, markdown=False)
    if said:
        yield "\n" + rich_text(said, colour, width or 1000, soft_wrap=width is None)


def _markdown_head(headings: list[str], right: set[int]) -> str:
    """The headings' line and the rule under it (right-aligned columns marked), as GFM has them."""
    rule = ["---:" if i in right else "---" for i in range(len(headings))]
    return _markdown_line(headings) + "\n|" + "|".join(rule) + "|"


def _markdown_line(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"
