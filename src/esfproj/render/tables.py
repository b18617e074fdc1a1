"""`summary` and `list` as tables for people (table, markdown) and data for machines (csv, json)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from esfproj.model import Unread
from esfproj.money import machine
from esfproj.options import TableFormat
from esfproj.record import Record, record_id
from esfproj.render.lang import UNREAD_SENTENCES, money, percent, period, word
from esfproj.render.style import PALETTE
from esfproj.summary import Filters, Summary, record_total, scope
from esfproj.text import one_line, terminal

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
            out += [f"- `{one_line(str(u))}`" if markdown else f"  {one_line(str(u))}" for u in named]
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
            gaps[u.file] = first._replace(message=f"{first.message}; {u.message}") if first else u
    return rows, gaps


def to_csv(headings: list[str], rows: list[list[str]]) -> str:
    """RFC 4180 rows (CRLF), so that a carriage return inside a value is quoted, not a row end."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows([[safe_cell(cell) for cell in row] for row in rows])
    return buffer.getvalue()


def to_markdown(table: Table) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    rule = ["---:" if i in table.right else "---" for i in range(len(table.headings))]
    lines = [line(table.headings), "|" + "|".join(rule) + "|"]
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
        rich_table.add_column(heading, justify="right" if i in table.right else "left", overflow="fold")
    for row in table.rows:
        rich_table.add_row(*map(terminal, row))
    if table.footer and table.rows:
        rich_table.add_section()
    for row in table.footer:
        rich_table.add_row(*map(terminal, row), style="bold")
    return rich_text([rich_table, *table.notes], colour, width or 200, soft_wrap=width is None)


def render(table: Table, fmt: TableFormat, colour: bool, width: int | None) -> str:
    if fmt is TableFormat.markdown:
        return to_markdown(table)
    return to_text(table, colour, width)


# --- summary ----------------------------------------------------------------


def _value(name: str, value: str, lang: str) -> str:
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
        cells = [_value(name, value, lang) for name, value in zip(by, row.key, strict=True)]
        if several:
            cells.append(row.currency)
        cells += [str(len(row.records)), f"{money(row.amount, lang)} {row.currency}", percent(row.share, lang)]
        rows.append(cells)
    footer = []
    for grand in summary.totals:
        cells = [word("grand_total", lang)] + [""] * (len(by) - 1)
        if several:
            cells.append(grand.currency)
        whole = Decimal("100.00") if grand.amount else Decimal("0.00")
        cells += [str(len(grand.records)), f"{money(grand.amount, lang)} {grand.currency}", percent(whole, lang)]
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
        label = " / ".join(_value(n, v, lang) for n, v in zip(summary.by, row.key, strict=True))
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
                "records": len(row.records),
                "amount": machine(row.amount),
                "share": format(row.share, "f"),
            }
            for row in summary.rows
        ],
        "totals": [
            {"currency": t.currency, "records": len(t.records), "amount": machine(t.amount)} for t in summary.totals
        ],
        "without_funding": summary.without_funding,
        "scope": {
            "whole_projects": summary.scope.wholes,
            "shares": summary.scope.shares,
            "shares_within_whole": summary.scope.within_whole,
        },
        "unread": [u._asdict() for u in unread],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def summary_csv(summary: Summary, unread: list[Unread]) -> str:
    """The rows, then one row for each file that could not be read, in the first column."""
    headings = [*summary.by, "currency", "records", "amount", "share"]
    rows = [
        [*row.key, row.currency, str(len(row.records)), machine(row.amount), format(row.share, "f")]
        for row in summary.rows
    ]
    rows += [[f"not read: {u}"] + [""] * (len(headings) - 1) for u in unread]
    return to_csv(headings, rows)


def render_summary(
    summary: Summary, fmt: TableFormat, lang: str, *, colour: bool, width: int | None, unread: list[Unread], files: int
) -> str:
    """The summary in `fmt`; files that could not be read are named in every format."""
    if fmt is TableFormat.json:
        return summary_json(summary, unread)
    if fmt is TableFormat.csv:
        return summary_csv(summary, unread)
    table = summary_table(summary, lang, unread, files, fmt is TableFormat.markdown)
    return render(table, fmt, colour, width)


# --- list -------------------------------------------------------------------


class ListRow(NamedTuple):
    """One record as `list` shows it."""

    id: str
    project_number: str | None
    participant: str | None
    lead_partner: str | None
    fund: str | None
    status: str | None
    start: str | None
    end: str | None
    currency: str | None
    total: Decimal | None
    scope: str


LIST_FIELDS = [*ListRow._fields, "unread"]


def list_row(record: Record, filters: Filters) -> ListRow | None:
    """Run in the worker processes: the record's row, or None if filtered out."""
    if not filters.matches(record):
        return None
    amount = record_total(record)
    return ListRow(
        record.id,
        record.number,
        record.participant,
        record.lead_partner,
        record.fund,
        record.status,
        record.start.isoformat() if record.start else None,
        record.end.isoformat() if record.end else None,
        record.currency if amount is not None else None,
        amount,
        scope(record),
    )


def list_table(rows: list[ListRow], lang: str, unread: list[Unread], files: int, markdown: bool) -> Table:
    headings = [
        word(k, lang)
        for k in ("id", "project_number", "scope", "participant_or_lead", "fund", "status", "period", "total")
    ]
    cells = []
    for row in rows:
        cells.append(
            [
                row.id,
                row.project_number or "",
                word(row.scope, lang),
                row.participant or row.lead_partner or "",
                row.fund or "",
                word(row.status or "", lang),
                period(row.start, row.end, lang),
                f"{money(row.total, lang)} {row.currency}" if row.total is not None else "",
            ]
        )
    notes = [] if rows else [word("no_records", lang)]
    if unread:
        notes.append(unread_note(unread, files, lang, markdown))
    return Table(headings, {7}, cells, notes=notes)


def render_list(
    rows: list[ListRow],
    fmt: TableFormat,
    lang: str,
    *,
    colour: bool,
    width: int | None,
    unread: list[Unread],
    files: int,
) -> str:
    """One row per record; in CSV and JSON, files that could not be read (and folders that
    could not be listed) are rows too, with only their id and why (`unread`), and a record
    counted without an amount it states has that amount in its `unread`."""
    own_rows, gaps = rows_and_gaps(unread)
    gap_by_id = {record_id(file): gap._asdict() for file, gap in gaps.items()}
    items: list[dict[str, Any]] = [
        {
            **row._asdict(),
            "total": machine(row.total) if row.total is not None else None,
            "unread": gap_by_id.get(row.id),
        }
        for row in rows
    ]
    items += [{**dict.fromkeys(LIST_FIELDS), "id": record_id(u.file), "unread": u._asdict()} for u in own_rows]
    if fmt is TableFormat.json:
        return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
    if fmt is TableFormat.csv:
        return to_csv(
            LIST_FIELDS,
            [
                ["" if i[k] is None else str(i[k]) for k in LIST_FIELDS[:-1]]
                + [str(Unread(**i["unread"])) if i["unread"] else ""]
                for i in items
            ],
        )
    table = list_table(rows, lang, unread, files, fmt is TableFormat.markdown)
    return render(table, fmt, colour, width)
