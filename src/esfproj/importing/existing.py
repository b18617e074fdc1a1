"""The records already in the folder an import writes to, and where one disagrees with
the list.

A row's record is the one imported from the same operation of a list of the same layout
(`listing`), else the whole-project record of the same project number. It is never
rewritten: each value the row gives is compared with what the record says, by meaning
for money (the eligible total and the EU funds' part, wherever the record's tree keeps
them), by path for the rest.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from decimal import Decimal
from typing import Any, NamedTuple

from esfproj.config import Config
from esfproj.engine import discover
from esfproj.importing.layouts import EU_PART
from esfproj.importing.operations import Operation
from esfproj.loader import locate, parse, read_text
from esfproj.model import Path, render_path
from esfproj.record import FundingNode, Record, build, eligible_node, mapping, text, union_amount, union_nodes


class Existing(NamedTuple):
    by_operation: dict[tuple[str, str], str]
    """(layout, operation id) -> the file imported from it."""
    by_number: dict[str, str]
    """project number -> the file of its whole-project record."""
    names: set[str]
    """Every name in the folder, case folded: a new file takes none of them."""
    unread: list[tuple[str, str]]
    """(file, why) for the files that cannot be read as records: rows are not compared with them."""


def index(folder: str, config: Config) -> Existing:
    """What the records under `folder` are; nothing when the folder does not exist yet."""
    existing = Existing({}, {}, set(), [])
    if not os.path.isdir(folder):
        return existing
    existing.names.update(name.casefold() for name in os.listdir(folder))
    for file in discover([folder]):
        content, problems = read_text(file, config.limits)
        data = parse(content, config.limits).data if content is not None else None
        if not isinstance(data, dict):
            existing.unread.append((file, problems[0].message.template if problems else "not a YAML mapping"))
            continue
        listing = mapping(data.get("listing"))
        layout, operation_id = text(listing.get("format")), text(listing.get("operation_id"))
        if layout and operation_id:
            existing.by_operation.setdefault((layout, operation_id), file)
        number = text(data.get("project_number"))
        if number and "participant" not in data:
            existing.by_number.setdefault(number, file)
    return existing


def match(existing: Existing, layout: str, item: Operation) -> str | None:
    """The record file this operation already has, if any."""
    found = existing.by_operation.get((layout, item.identifier))
    number = item.data.get("project_number")
    if found is None and isinstance(number, str):
        found = existing.by_number.get(number)
    return found


class Difference(NamedTuple):
    file: str
    line: int
    field: str
    listed: object
    recorded: object

    def describe(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.field}: the list says {_shown(self.listed)}, "
            f"the record says {_shown(self.recorded)}"
        )


def differences(file: str, item: Operation, config: Config) -> list[Difference] | str:
    """Every value of the row the record does not hold, at the record's line for it (the
    nearest written place where it has none); a string saying why when it cannot be read."""
    content, problems = read_text(file, config.limits)
    loaded = parse(content, config.limits, positions=True) if content is not None else None
    if loaded is None or not isinstance(loaded.data, dict):
        return problems[0].message.template if problems else "not a YAML mapping"
    record = build(loaded.data, file)
    found = []
    for path, listed in item.published:
        recorded, where = VIEWS.get(path, _at_path)(record, path)
        if not _same(listed, recorded):
            line, _ = locate(loaded.positions or {}, where, on_key=recorded is None)
            found.append(Difference(file, line, render_path(where), listed, recorded))
    return found


View = Callable[[Record, Path], tuple[object, Path]]
"""What a record says for a path of the table, and where it says it."""


def _at_path(record: Record, path: Path) -> tuple[object, Path]:
    node: Any = record.data
    for key in path:
        if isinstance(key, int):
            node = node[key] if isinstance(node, list) and key < len(node) else None
        else:
            node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            return None, path
    return node, path


def _eligible(record: Record, path: Path) -> tuple[object, Path]:
    node = eligible_node(record.funding) if record.funding else None
    return (node.total, (*node.path, "amount")) if node else (None, path)


def _union(record: Record, path: Path) -> tuple[object, Path]:
    node = eligible_node(record.funding) if record.funding else None
    paid = union_amount(node) if node else None
    first = _first_union(node)
    return paid, (*first.path, "amount") if first else path


def _union_source(record: Record, path: Path) -> tuple[object, Path]:
    first = _first_union(eligible_node(record.funding) if record.funding else None)
    return (first.source, (*first.path, "source")) if first else (None, path)


def _first_union(node: FundingNode | None) -> FundingNode | None:
    nodes = union_nodes(node) if node else []
    return nodes[0] if nodes else None


def _currency(record: Record, path: Path) -> tuple[object, Path]:
    return record.currency, path


VIEWS: dict[Path, View] = {
    ("funding", "amount"): _eligible,
    ("funding", "currency"): _currency,
    (*EU_PART, "amount"): _union,
    (*EU_PART, "source"): _union_source,
}


def _same(listed: object, recorded: object) -> bool:
    if isinstance(listed, Decimal):
        return isinstance(recorded, (int, Decimal)) and not isinstance(recorded, bool) and recorded == listed
    return bool(listed == recorded)


def _shown(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
