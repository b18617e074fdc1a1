"""`esfproj export`: every record as data for spreadsheets and other tools."""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator, Sequence
from decimal import Decimal
from itertools import chain
from typing import Any, NamedTuple

from esfproj.model import Unread
from esfproj.money import machine
from esfproj.options import ExportFormat
from esfproj.record import EU_FUNDS, NOT_EU_SOURCES, Record, mapping, record_id
from esfproj.render.tables import rows_and_gaps, safe_cell, to_csv
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


def csv_row(record: Record) -> list[str]:
    """Without the last column, errors, known only after every record is checked."""
    data = record.data
    figures = totals(record)

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
    return row


class Entry(NamedTuple):
    """What the export keeps of each record until the end: what decides `counted_in_totals`."""

    file: str
    number: str | None = None
    share: bool = False
    figures: bool = False
    """The record has funding figures."""


class ExportItem(NamedTuple):
    entry: Entry
    text: tuple[str, str]
    """The record as exported, made in the worker: a CSV row without its last three columns
    (and an empty second part), or an object's members before and after `errors`."""


def export_item(record: Record, filters: Filters, fmt: ExportFormat) -> ExportItem | None:
    """Run in the worker processes: the record as exported, or None if filtered out."""
    if not filters.matches(record):
        return None
    entry = Entry(record.file, record.number, is_share(record), record_total(record) is not None)
    if fmt is ExportFormat.csv:
        return ExportItem(entry, (csv_line(csv_row(record)), ""))
    data = export_object(record)
    indent = 2 if fmt is ExportFormat.json else None
    before = members({k: data[k] for k in ("id", "file", "scope")}, indent)
    return ExportItem(entry, (before, members({k: data[k] for k in ("totals", "record")}, indent)))


def members(value: dict[str, Any], indent: int | None) -> str:
    """An object's members as JSON text, without its braces: objects are put together from
    these, as they are written, in the order `json.dumps` would give."""
    text = json.dumps(value, indent=indent, ensure_ascii=False)
    return text[2:-2] if indent else text[1:-1]


def csv_line(cells: list[str]) -> str:
    """One CSV row as `to_csv` writes it, without its line end."""
    return to_csv([safe_cell(cell) for cell in cells], [])[:-2]


def counted_items(items: Sequence[Entry]) -> list[bool]:
    """Whether `summary` adds each record's money (`summary.counted`, the one rule)."""
    wholes = {i.number for i in items if not i.share and i.figures and i.number is not None}
    return [counted(i.share, i.number, wholes) for i in items]


class ExportSpool:
    """The records as exported, held in a temporary file rather than in memory.

    Why: what every row ends with (`counted_in_totals`, `errors`, `unread`) is known only
    when every record has been checked, but the rows themselves are made as the records
    come. So each row's text goes to a temporary file as it comes, and only its `Entry`
    and the length of its text stay in memory; `chunks` then reads the rows back, in
    order, and completes each as it is written. Used as a context manager, which removes
    the temporary file.
    """

    def __init__(self, fmt: ExportFormat) -> None:
        import tempfile

        self.fmt = fmt
        self.entries: list[Entry] = []
        self.sizes = array("Q")
        # closed by __exit__: the spool is the context manager
        self.file = tempfile.TemporaryFile()  # noqa: SIM115

    def __enter__(self) -> ExportSpool:
        return self

    def __exit__(self, *_: object) -> None:
        self.file.close()

    def add(self, item: ExportItem) -> None:
        self.entries.append(item.entry)
        for part in item.text:
            raw = part.encode()
            self.sizes.append(len(raw))
            self.file.write(raw)

    def chunks(self, errors: dict[str, int], unread: list[Unread]) -> Iterator[str]:
        """Every record; a file that could not be read is a row (an object) too, with its id,
        file, errors and why it was not read (`unread`), and no figures."""
        self.file.seek(0)
        sizes = iter(self.sizes)
        texts = ((self._read(next(sizes)), self._read(next(sizes))) for _ in self.entries)
        own_rows, gaps = rows_and_gaps(unread)
        yield from (self._csv if self.fmt is ExportFormat.csv else self._json)(texts, errors, own_rows, gaps)

    def _read(self, size: int) -> str:
        return self.file.read(size).decode()

    def _csv(
        self, texts: Iterator[tuple[str, str]], errors: dict[str, int], own_rows: list[Unread], gaps: dict[str, Unread]
    ) -> Iterator[str]:
        yield to_csv(CSV_COLUMNS, [])
        for entry, add, (row, _) in zip(self.entries, counted_items(self.entries), texts, strict=True):
            ending = ["yes" if add else "no", str(errors.get(entry.file, 0)), str(gaps.get(entry.file, ""))]
            yield f"{row},{csv_line(ending)}\r\n"
        blank = [""] * (len(CSV_COLUMNS) - 4)
        for u in own_rows:
            yield csv_line([record_id(u.file), u.file, *blank, str(errors.get(u.file, 0)), str(u)]) + "\r\n"

    def _json(
        self, texts: Iterator[tuple[str, str]], errors: dict[str, int], own_rows: list[Unread], gaps: dict[str, Unread]
    ) -> Iterator[str]:
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
            for entry, add, (before, after) in zip(self.entries, counted_items(self.entries), texts, strict=True)
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
