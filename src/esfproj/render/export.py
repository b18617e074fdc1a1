"""`esfproj export`: every record as data for spreadsheets and other tools."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import chain
from typing import Any, NamedTuple

import orjson

from esfproj.model import Unread
from esfproj.money import EXACT, ZERO, machine, total
from esfproj.options import CsvDialect, ExportFormat
from esfproj.record import EU_FUNDS, NOT_EU_SOURCES, Record, mapping, record_id, record_total
from esfproj.render.spool import Spool
from esfproj.render.tables import csv_lines, rows_and_gaps
from esfproj.summary import UNSPECIFIED, Filters, Span, contribution, counted, is_share, scope

SOURCES = (*EU_FUNDS, *NOT_EU_SOURCES, UNSPECIFIED)
ELIGIBILITY = ("eligible", "ineligible", UNSPECIFIED)
CSV_COLUMNS = [
    "id",
    "file",
    "project_number",
    "title",
    "fund",
    "status",
    "status_text",
    "programme",
    "specific_objective",
    "measure",
    "lead_partner",
    "participant",
    "participant_role",
    "scope",
    "region",
    "start",
    "end",
    "currency",
    "total",
    *(f"eligibility_{e}" for e in ELIGIBILITY),
    *(f"source_{s}" for s in SOURCES),
    "no_share",
    "counted_in_totals",
    "errors",
    "unread",
]
MONEY_KEYS = frozenset({"amount", "rate"})
AMOUNT_COLUMNS = frozenset(["total", *(f"eligibility_{e}" for e in ELIGIBILITY), *(f"source_{s}" for s in SOURCES)])
DATE_COLUMNS = frozenset({"start", "end"})
Cell = str | Decimal | datetime.date | bool | int | None
"""A value of a row of `CSV_COLUMNS`: amounts as Decimal, dates as dates, `counted_in_totals`
as bool, `errors` as int; None where there is nothing."""


def plain(value: Any, key: str = "") -> Any:
    """The record as JSON values: amounts and rates as decimal strings, never floats."""
    if isinstance(value, dict):
        return {k: plain(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v, key) for v in value]
    if isinstance(value, Decimal) or (key in MONEY_KEYS and isinstance(value, int) and not isinstance(value, bool)):
        return format(Decimal(value), "f")
    return value


class Figures(NamedTuple):
    """A record's money as export gives it: its total, by source and by eligibility (the
    money its leaves do not account for `unspecified`, as `summary` counts it); under a span,
    its money in the span, and whether it has figures but not both dates (`undated`)."""

    currency: str | None
    total: Decimal | None
    by_source: dict[str, Decimal]
    by_eligibility: dict[str, Decimal]
    undated: bool


def figures(record: Record, span: Span | None = None) -> Figures:
    item = contribution(record, ("source", "eligibility"), span)
    if not item.pieces:
        return Figures(None, None, {}, {}, item.undated)
    by: tuple[dict[str, Decimal], dict[str, Decimal]] = ({}, {})
    for key, amount in item.pieces:
        for sums, value in zip(by, key, strict=True):
            sums[value] = EXACT.add(sums.get(value, ZERO), amount)
    amounts = total([amount for _, amount in item.pieces])
    return Figures(record.currency, amounts, dict(sorted(by[0].items())), dict(sorted(by[1].items())), item.undated)


def totals(record: Record, span: Span | None = None) -> dict[str, Any]:
    """`figures` as JSON: amounts as decimal strings; `no_share` only under a span."""
    found = figures(record, span)
    in_span = {} if span is None else {"no_share": found.undated}
    return {
        "currency": found.currency,
        "total": machine(found.total) if found.total is not None else None,
        "by_source": {k: machine(v) for k, v in found.by_source.items()},
        "by_eligibility": {k: machine(v) for k, v in found.by_eligibility.items()},
        **in_span,
    }


def export_object(record: Record, span: Span | None = None) -> dict[str, Any]:
    """Without its error count, which is known only after every record is checked."""
    return {
        "id": record.id,
        "file": record.file,
        "scope": scope(record),
        "errors": 0,
        "totals": totals(record, span),
        "record": plain(record.data),
    }


def csv_row(record: Record, span: Span | None = None) -> list[Cell]:
    """Without the last three columns, known only after every record is checked."""
    data = record.data
    found = figures(record, span)

    def text(value: Any) -> str | None:
        return value if isinstance(value, str) else None

    row: list[Cell] = [
        record.id,
        record.file,
        record.number,
        record.title,
        record.fund,
        record.status,
        text(data.get("status_text")),
        record.programme,
        record.objective_code,
        record.measure,
        record.lead_partner,
        record.participant,
        text(mapping(data.get("participant")).get("role")),
        scope(record),
        record.region,
        record.start,
        record.end,
        found.currency,
        found.total,
    ]
    row += [found.by_eligibility.get(e) for e in ELIGIBILITY]
    row += [found.by_source.get(s) for s in SOURCES]
    row.append(True if span is not None and found.undated else None)
    return row


def csv_text(cell: Cell) -> str | Decimal:
    """A cell as CSV writes it: amounts stay Decimal (each dialect has its decimal mark)."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return cell if isinstance(cell, str | Decimal) else str(cell)


FLAT = frozenset({ExportFormat.csv, ExportFormat.xlsx, ExportFormat.parquet})
"""The formats whose records are rows of `CSV_COLUMNS`."""


class Entry(NamedTuple):
    """What the export keeps of each record until the end: what decides `counted_in_totals`."""

    file: str
    number: str | None = None
    share: bool = False
    figures: bool = False
    """The record has funding figures."""


class ExportItem(NamedTuple):
    entry: Entry
    payload: list[Cell] | tuple[str, str]
    """The record as exported, made in the worker: a row of `CSV_COLUMNS` without its last
    three cells (`FLAT` formats), or an object's members before and after `errors`."""


def export_item(record: Record, filters: Filters, fmt: ExportFormat, span: Span | None = None) -> ExportItem | None:
    """Run in the worker processes: the record as exported, or None if filtered out (under a
    span, also when its period misses the span)."""
    if not filters.matches(record) or (span is not None and span.misses(record)):
        return None
    entry = Entry(record.file, record.number, is_share(record), record_total(record) is not None)
    if fmt in FLAT:
        return ExportItem(entry, csv_row(record, span))
    data = export_object(record, span)
    indent = 2 if fmt is ExportFormat.json else None
    before = members({k: data[k] for k in ("id", "file", "scope")}, indent)
    return ExportItem(entry, (before, members({k: data[k] for k in ("totals", "record")}, indent)))


def members(value: dict[str, Any], indent: int | None) -> str:
    """An object's members as JSON text, without its braces: objects are put together from
    these, as they are written, in the order `json.dumps` would give."""
    if indent:
        return indented(value)[2:-2]
    return json.dumps(value, ensure_ascii=False)[1:-1]


def indented(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, made by orjson: json's encoder is
    pure Python when it indents (a third of a JSON export's time). What orjson refuses, and
    json takes (integers past 64 bits, keys that are not text, lone surrogates from a file
    name), is made by json itself."""
    try:
        return orjson.dumps(value, option=orjson.OPT_INDENT_2).decode()
    except TypeError:  # orjson.JSONEncodeError is one
        return json.dumps(value, indent=2, ensure_ascii=False)


def counted_items(items: Sequence[Entry]) -> list[bool]:
    """Whether `summary` adds each record's money (`summary.counted`, the one rule)."""
    wholes = {i.number for i in items if not i.share and i.figures and i.number is not None}
    return [counted(i.share, i.number, wholes) for i in items]


class ExportSpool:
    """The records as exported, held in a temporary file rather than in memory.

    Why: what every row ends with (`counted_in_totals`, `errors`, `unread`) is known only
    when every record has been checked, but the rows themselves are made as the records
    come. So each record's payload goes to a temporary file as it comes (a `Spool`: cells
    keep their Decimal and dates), and only its `Entry` and the payload's offset stay in memory;
    the rows are then read back, in order, and completed as they are written (as often as
    a writer needs: Parquet reads them twice). Used as a context manager, which removes the
    temporary file.
    """

    def __init__(self, fmt: ExportFormat) -> None:
        self.fmt = fmt
        self.entries: list[Entry] = []
        self.payloads: Spool[Any] = Spool()

    def __enter__(self) -> ExportSpool:
        return self

    def __exit__(self, *_: object) -> None:
        self.payloads.__exit__()

    def add(self, item: ExportItem) -> None:
        self.entries.append(item.entry)
        self.payloads.add(item.payload)

    def rows(self, errors: dict[str, int], unread: list[Unread]) -> Iterator[list[Cell]]:
        """Every record as a row of `CSV_COLUMNS`; a file that could not be read (a folder that
        could not be listed) is a row too, with only its id, file, errors and why (`unread`)."""
        own_rows, gaps = rows_and_gaps(unread)
        adds = counted_items(self.entries)
        for entry, add, cells in zip(self.entries, adds, self.payloads, strict=True):
            gap = gaps.get(entry.file)
            yield [*cells, add, errors.get(entry.file, 0), str(gap) if gap else None]
        blank: list[Cell] = [None] * (len(CSV_COLUMNS) - 4)
        for u in own_rows:
            yield [record_id(u.file), u.file, *blank, errors.get(u.file, 0), str(u)]

    def csv(self, errors: dict[str, int], unread: list[Unread], dialect: CsvDialect) -> Iterator[str]:
        rows = ([csv_text(cell) for cell in row] for row in self.rows(errors, unread))
        return csv_lines(CSV_COLUMNS, rows, dialect)

    def json(self, errors: dict[str, int], unread: list[Unread]) -> Iterator[str]:
        """Every record as an object (a JSON array, or JSON Lines); a file that could not be
        read is an object too, with its id, file, errors and why (`unread`), and no figures."""
        own_rows, gaps = rows_and_gaps(unread)
        indent = 2 if self.fmt is ExportFormat.json else None
        between = ",\n" if indent else ", "
        objects: Iterator[str] = (
            between.join(
                [
                    before,
                    members({"errors": errors.get(entry.file, 0)}, indent),
                    after,
                    members(
                        {
                            "counted_in_totals": add,
                            "unread": gaps[entry.file]._asdict() if entry.file in gaps else None,
                        },
                        indent,
                    ),
                ]
            )
            for entry, add, (before, after) in zip(
                self.entries, counted_items(self.entries), self.payloads, strict=True
            )
        )
        unread_objects = (
            members(
                {"id": record_id(u.file), "file": u.file, "errors": errors.get(u.file, 0), "unread": u._asdict()},
                indent,
            )
            for u in own_rows
        )
        if not indent:
            for text in chain(objects, unread_objects):
                yield f"{{{text}}}\n"
            return
        first = True
        for text in chain(objects, unread_objects):
            # an object inside the array: every line one level deeper, as json.dumps gives it
            yield ("[\n  {\n  " if first else ",\n  {\n  ") + text.replace("\n", "\n  ") + "\n  }"
            first = False
        yield "[]\n" if first else "\n]\n"
