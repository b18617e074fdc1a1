"""`esfproj export`: every record as data for spreadsheets and other tools."""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from esfproj.model import Unread
from esfproj.money import machine
from esfproj.options import CsvDialect, ExportFormat
from esfproj.record import EU_FUNDS, NOT_EU_SOURCES, Record, mapping, record_id
from esfproj.render.tables import rows_and_gaps, to_csv
from esfproj.summary import UNSPECIFIED, Filters, counted, is_share, leaf_totals, record_total, scope

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


def totals(record: Record) -> dict[str, Any]:
    funding, amount = record.funding, record_total(record)
    if funding is None or amount is None:
        return {"currency": None, "total": None, "by_source": {}, "by_eligibility": {}}
    return {
        "currency": record.currency,
        "total": machine(amount),
        "by_source": {k: machine(v) for k, v in sorted(leaf_totals(funding, "source").items())},
        "by_eligibility": {k: machine(v) for k, v in sorted(leaf_totals(funding, "eligibility").items())},
    }


def export_object(record: Record) -> dict[str, Any]:
    """Without its error count, which is known only after every record is checked."""
    return {
        "id": record.id,
        "file": record.file,
        "scope": scope(record),
        "errors": 0,
        "totals": totals(record),
        "record": plain(record.data),
    }


def csv_row(record: Record) -> list[Cell]:
    """Without the last three columns, known only after every record is checked."""
    data = record.data
    funding, amount = record.funding, record_total(record)
    known = funding is not None and amount is not None
    by_source = leaf_totals(funding, "source") if funding is not None and known else {}
    by_eligibility = leaf_totals(funding, "eligibility") if funding is not None and known else {}

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
        record.currency if known else None,
        amount if known else None,
    ]
    row += [by_eligibility.get(e) for e in ELIGIBILITY]
    row += [by_source.get(s) for s in SOURCES]
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


class ExportItem(NamedTuple):
    file: str
    payload: Any
    """A row of `CSV_COLUMNS` without its last three columns, or an export object."""
    number: str | None = None
    share: bool = False
    figures: bool = False
    """The record has funding figures."""


def export_item(record: Record, filters: Filters, fmt: ExportFormat) -> ExportItem | None:
    """Run in the worker processes: the record as exported, or None if filtered out."""
    if not filters.matches(record):
        return None
    flat = fmt in (ExportFormat.csv, ExportFormat.xlsx, ExportFormat.parquet)
    payload = csv_row(record) if flat else export_object(record)
    return ExportItem(record.file, payload, record.number, is_share(record), record_total(record) is not None)


def counted_items(items: list[ExportItem]) -> list[bool]:
    """Whether `summary` adds each record's money (`summary.counted`, the one rule)."""
    wholes = {i.number for i in items if not i.share and i.figures and i.number is not None}
    return [counted(i.share, i.number, wholes) for i in items]


def export_rows(items: list[ExportItem], errors: dict[str, int], unread: list[Unread]) -> Iterator[list[Cell]]:
    """Every record as a row of `CSV_COLUMNS`; a file that could not be read (a folder that
    could not be listed) is a row too, with only its id, file, errors and why (`unread`)."""
    own_rows, gaps = rows_and_gaps(unread)
    for item, add in zip(items, counted_items(items), strict=True):
        gap = gaps.get(item.file)
        yield [*item.payload, add, errors.get(item.file, 0), str(gap) if gap else None]
    blank: list[Cell] = [None] * (len(CSV_COLUMNS) - 4)
    for u in own_rows:
        yield [record_id(u.file), u.file, *blank, errors.get(u.file, 0), str(u)]


def render_export(
    items: list[ExportItem],
    errors: dict[str, int],
    fmt: ExportFormat,
    unread: list[Unread],
    dialect: CsvDialect = CsvDialect.rfc4180,
) -> str:
    """Every record as CSV, JSON or JSONL; a file that could not be read is a row (an
    object) too, with its id, file, errors and why it was not read (`unread`), and no figures."""
    if fmt is ExportFormat.csv:
        rows = ([csv_text(cell) for cell in row] for row in export_rows(items, errors, unread))
        return to_csv(CSV_COLUMNS, rows, dialect)
    adds = counted_items(items)
    own_rows, gaps = rows_and_gaps(unread)
    objects = [
        {
            **i.payload,
            "counted_in_totals": add,
            "errors": errors.get(i.file, 0),
            "unread": gaps[i.file]._asdict() if i.file in gaps else None,
        }
        for i, add in zip(items, adds, strict=True)
    ]
    objects += [
        {"id": record_id(u.file), "file": u.file, "errors": errors.get(u.file, 0), "unread": u._asdict()}
        for u in own_rows
    ]
    if fmt is ExportFormat.jsonl:
        return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"
