"""The records already in the folder an import writes to, and where one disagrees with
the list.

A row's record is the one imported from the same operation of a list of the same layout
(`listing`), else the whole-project record of the same project number. It is never
rewritten: each value the row gives is compared with what the record says, by meaning
for money (the eligible total and the EU funds' part, wherever the record's tree keeps
them), by path for the rest.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import Any, NamedTuple

from esfproj.config import Config
from esfproj.discovery import Exclude, discover
from esfproj.engine import mapped
from esfproj.errors import UsageError
from esfproj.importing.layouts import EU_PART
from esfproj.importing.operations import Operation
from esfproj.loader import locate, parse, read_text
from esfproj.model import Message, Path, render_path
from esfproj.record import (
    UNION_FUNDS,
    FundingNode,
    Record,
    at,
    build,
    eligible_node,
    mapping,
    parts_total,
    text,
    union_nodes,
)
from esfproj.text import os_reason, shown


class Existing(NamedTuple):
    by_operation: dict[tuple[str, str], str]
    """(layout, operation id) -> the file imported from it."""
    by_number: dict[str, str]
    """project number -> the file of its whole-project record."""
    names: set[str]
    """Every name in the folder, case folded: a new file takes none of them."""
    unread: list[tuple[str, Message]]
    """(file, why) for the files that cannot be read as records: rows are not compared with them."""


class _Identity(NamedTuple):
    """What the index keeps of one file: the operation it was imported from, its project
    number if it is a whole-project record, or why it cannot be read."""

    file: str
    operation: tuple[str, str] | None
    number: str | None
    unread: Message | None


def index(folder: str, config: Config) -> Existing:
    """What the records under `folder` are (read over every core for large folders);
    nothing when the folder does not exist yet."""
    existing = Existing({}, {}, set(), [])
    if not os.path.isdir(folder):
        return existing
    try:
        existing.names.update(name.casefold() for name in os.listdir(folder))
    except OSError as error:
        raise UsageError(
            f"{shown(folder)}: cannot list the folder: {os_reason(error)}",
            lv=f"{shown(folder)}: mapes saturu nevar nolasīt: {os_reason(error, 'lv')}",
        ) from None
    found = discover([folder], Exclude(config.exclude, config.root))
    existing.unread.extend((folder, problem.message) for folder, problem in found.unlisted)
    for identity in mapped(partial(_identity, config=config), found.files):
        if identity.unread is not None:
            existing.unread.append((identity.file, identity.unread))
        if identity.operation is not None:
            existing.by_operation.setdefault(identity.operation, identity.file)
        if identity.number is not None:
            existing.by_number.setdefault(identity.number, identity.file)
    return existing


NOT_A_MAPPING = Message("not a YAML mapping", lv="nav YAML karte")


def _load(file: str, config: Config) -> tuple[str, dict[str, Any]] | Message:
    """A record file's text and data, or why it cannot be read as a record."""
    content, problems = read_text(file, config.limits)
    loaded = parse(content, config.limits) if content is not None else None
    if loaded is None or not isinstance(loaded.data, dict):
        problems = loaded.problems if loaded is not None else problems
        return problems[0].message if problems else NOT_A_MAPPING
    return content or "", loaded.data


def _identity(file: str, config: Config) -> _Identity:
    loaded = _load(file, config)
    if isinstance(loaded, Message):
        return _Identity(file, None, None, loaded)
    data = loaded[1]
    listing = mapping(data.get("listing"))
    layout, operation_id = text(listing.get("format")), text(listing.get("operation_id"))
    number = text(data.get("project_number"))
    return _Identity(
        file,
        (layout, operation_id) if layout and operation_id else None,
        number if number and "participant" not in data else None,
        None,
    )


def imported_from(file: str, config: Config) -> tuple[str, str] | None:
    """The (layout, operation id) the record `file` was imported from, if it was."""
    return _identity(file, config).operation


class Match(NamedTuple):
    file: str
    imported: bool
    """Imported from this operation: it mirrors the list, so a value it lacks differs too.
    A record made by hand differs only where it says something else."""


def match(existing: Existing, layout: str, item: Operation) -> Match | None:
    """The record file this operation already has, if any."""
    found = existing.by_operation.get((layout, item.identifier))
    if found is not None:
        return Match(found, True)
    number = item.data.get("project_number")
    found = existing.by_number.get(number) if isinstance(number, str) else None
    return Match(found, False) if found is not None else None


class Difference(NamedTuple):
    """Where a record says something other than the list: `file:line: field`."""

    file: str
    line: int
    field: str
    listed: object
    recorded: object
    """None where the record says nothing."""


def differences(found: Match, item: Operation, config: Config) -> list[Difference] | Message:
    """Every value of the row the record does not hold, at the record's line for it (the
    nearest written place where it has none), in the order of the record's lines; or why
    it cannot be read. Lines come from a second parse, only for a record
    that differs."""
    loaded = _load(found.file, config)
    if isinstance(loaded, Message):
        return loaded
    content, data = loaded
    record = build(data, found.file)
    given = dict(item.published)
    differing = []
    for path, listed in item.published:
        recorded, where = VIEWS.get(path, _at_path)(record, path, given)
        if not _same(listed, recorded) and (recorded is not None or found.imported):
            differing.append((where, listed, recorded))
    if not differing:
        return []
    positions = parse(content, config.limits, positions=True).positions or {}
    located = [
        Difference(
            found.file, locate(positions, where, on_key=recorded is None)[0], render_path(where), listed, recorded
        )
        for where, listed, recorded in differing
    ]
    return sorted(located, key=lambda difference: difference.line)


View = Callable[[Record, Path, dict[Path, object]], tuple[object, Path]]
"""What a record says for a path of the table, and where it says it, given all the row says."""


def _at_path(record: Record, path: Path, listed: dict[Path, object]) -> tuple[object, Path]:
    return at(record.data, path), path


def _eligible(record: Record, path: Path, listed: dict[Path, object]) -> tuple[object, Path]:
    node = eligible_node(record.funding) if record.funding else None
    return (node.total, (*node.path, "amount")) if node else (None, path)


def _paying(record: Record, listed: dict[Path, object]) -> list[FundingNode]:
    """The eligible nodes the list's fund pays; else those any EU fund pays."""
    node = eligible_node(record.funding) if record.funding else None
    if node is None:
        return []
    source = listed.get((*EU_PART, "source"))
    named = union_nodes(node, UNION_FUNDS | {source}) if isinstance(source, str) else union_nodes(node)
    return [n for n in named if n.source == source] or named


def _union(record: Record, path: Path, listed: dict[Path, object]) -> tuple[object, Path]:
    nodes = _paying(record, listed)
    return parts_total(tuple(nodes)), (*nodes[0].path, "amount") if nodes else path


def _union_source(record: Record, path: Path, listed: dict[Path, object]) -> tuple[object, Path]:
    nodes = _paying(record, listed)
    return (nodes[0].source, (*nodes[0].path, "source")) if nodes else (None, path)


def _currency(record: Record, path: Path, listed: dict[Path, object]) -> tuple[object, Path]:
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
