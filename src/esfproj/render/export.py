"""`esfproj export`: every record as data for spreadsheets and other tools."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, NamedTuple

from esfproj.model import Unread
from esfproj.money import EXACT, ZERO, machine, total
from esfproj.options import ExportFormat
from esfproj.record import EU_FUNDS, NOT_EU_SOURCES, Record, mapping, record_id
from esfproj.render.tables import rows_and_gaps, to_csv
from esfproj.summary import UNSPECIFIED, Filters, Span, contribution, counted, is_share, record_total, scope

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


def plain(value: Any, key: str = "") -> Any:
    """The record as JSON values: amounts and rates as decimal strings, never floats."""
    if isinstance(value, dict):
        return {k: plain(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v, key) for v in value]
    if isinstance(value, Decimal) or (key in MONEY_KEYS and isinstance(value, int) and not isinstance(value, bool)):
        return format(Decimal(value), "f")
    return value


def totals(record: Record, span: Span | None = None) -> dict[str, Any]:
    """The record's total, by source and by eligibility; under a span, of its money in the
    span, and `no_share` when it has funding figures but not both dates."""
    item = contribution(record, ("source", "eligibility"), span)
    in_span = {} if span is None else {"no_share": item.undated}
    if not item.pieces:
        return {"currency": None, "total": None, "by_source": {}, "by_eligibility": {}, **in_span}
    by: tuple[dict[str, Decimal], dict[str, Decimal]] = ({}, {})
    for key, amount in item.pieces:
        for sums, value in zip(by, key, strict=True):
            sums[value] = EXACT.add(sums.get(value, ZERO), amount)
    return {
        "currency": record.currency,
        "total": machine(total([amount for _, amount in item.pieces])),
        "by_source": {k: machine(v) for k, v in sorted(by[0].items())},
        "by_eligibility": {k: machine(v) for k, v in sorted(by[1].items())},
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


def csv_row(record: Record, span: Span | None = None) -> list[str]:
    """Without the last column, errors, known only after every record is checked."""
    data = record.data
    figures = totals(record, span)

    def text(value: Any) -> str:
        return value if isinstance(value, str) else ""

    row = [
        record.id,
        record.file,
        record.number or "",
        record.title or "",
        record.fund or "",
        record.status or "",
        text(data.get("status_text")),
        record.programme or "",
        record.objective_code or "",
        record.measure or "",
        record.lead_partner or "",
        record.participant or "",
        text(mapping(data.get("participant")).get("role")),
        scope(record),
        record.region or "",
        record.start.isoformat() if record.start else "",
        record.end.isoformat() if record.end else "",
        figures["currency"] or "",
        figures["total"] or "",
    ]
    row += [figures["by_eligibility"].get(e, "") for e in ELIGIBILITY]
    row += [figures["by_source"].get(s, "") for s in SOURCES]
    row.append("yes" if figures.get("no_share") else "")
    return row


class ExportItem(NamedTuple):
    file: str
    payload: Any
    """A CSV row without its last three columns, or an export object."""
    number: str | None = None
    share: bool = False
    figures: bool = False
    """The record has funding figures."""


def export_item(record: Record, filters: Filters, fmt: ExportFormat, span: Span | None = None) -> ExportItem | None:
    """Run in the worker processes: the record as exported, or None if filtered out (under a
    span, also when its period misses the span)."""
    if not filters.matches(record) or (span is not None and span.misses(record)):
        return None
    payload = csv_row(record, span) if fmt is ExportFormat.csv else export_object(record, span)
    return ExportItem(record.file, payload, record.number, is_share(record), record_total(record) is not None)


def counted_items(items: list[ExportItem]) -> list[bool]:
    """Whether `summary` adds each record's money (`summary.counted`, the one rule)."""
    wholes = {i.number for i in items if not i.share and i.figures and i.number is not None}
    return [counted(i.share, i.number, wholes) for i in items]


def render_export(items: list[ExportItem], errors: dict[str, int], fmt: ExportFormat, unread: list[Unread]) -> str:
    """Every record; a file that could not be read is a row (an object) too, with its id,
    file, errors and why it was not read (`unread`), and no figures."""
    adds = counted_items(items)
    own_rows, gaps = rows_and_gaps(unread)
    if fmt is ExportFormat.csv:
        rows = [
            [*i.payload, "yes" if add else "no", str(errors.get(i.file, 0)), str(gaps.get(i.file, ""))]
            for i, add in zip(items, adds, strict=True)
        ]
        blank = [""] * (len(CSV_COLUMNS) - 4)
        rows += [[record_id(u.file), u.file, *blank, str(errors.get(u.file, 0)), str(u)] for u in own_rows]
        return to_csv(CSV_COLUMNS, rows)
    objects = [
        {
            **i.payload,
            "counted_in_totals": add,
            "errors": errors.get(i.file, 0),
            "unread": gaps[i.file].data() if i.file in gaps else None,
        }
        for i, add in zip(items, adds, strict=True)
    ]
    objects += [
        {"id": record_id(u.file), "file": u.file, "errors": errors.get(u.file, 0), "unread": u.data()} for u in own_rows
    ]
    if fmt is ExportFormat.jsonl:
        return "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects)
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"
