"""The record as an outline (the funding tree with amounts, then activities and indicators),
and where a project number's records are."""

from __future__ import annotations

from typing import NamedTuple

from esfproj.lsp.index import Index
from esfproj.lsp.places import Places, Point
from esfproj.lsp.words import money
from esfproj.model import Path
from esfproj.record import FundingNode, Indicator, Record, items

NAME_LENGTH = 80


class Symbol(NamedTuple):
    name: str
    detail: str
    kind: str
    """`funding`, `activity` or `indicator`."""
    start: Point
    end: Point
    children: list[Symbol]


def symbols(record: Record | None, places: Places) -> list[Symbol]:
    if record is None:
        return []
    extents = _extents(places)
    found: list[Symbol] = []
    if record.funding is not None:
        found.append(_node(record.funding, record.currency, extents))
    activities = [a for a in items(record.data.get("activities")) if isinstance(a, str)]
    for i, activity in enumerate(activities):
        where = extents.get(("activities", i))
        if where is not None:
            found.append(Symbol(_short(activity), "", "activity", *where, []))
    found.extend(s for s in (_indicator(i, extents) for i in record.indicators) if s is not None)
    return found


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= NAME_LENGTH else text[: NAME_LENGTH - 1] + "…"


def _extents(places: Places) -> dict[Path, tuple[Point, Point]]:
    """Where each written path starts and ends, its descendants included."""
    extents: dict[Path, tuple[Point, Point]] = {}
    for path, (key_line, key_column, line, column) in places.positions.items():
        start = (key_line, key_column) if key_line else (line, column)
        end = places.end((line, column))
        for depth in range(len(path), 0, -1):
            prefix = path[:depth]
            known = extents.get(prefix)
            if known is None:
                extents[prefix] = (start, end)
            elif end > known[1]:
                extents[prefix] = (known[0], end)
    return extents


def _node(node: FundingNode, currency: str, extents: dict[Path, tuple[Point, Point]]) -> Symbol:
    start, end = extents.get(node.path, ((1, 1), (1, 1)))
    children = [_node(part, currency, extents) for part in node.parts]
    for _, split in node.breakdowns:
        children.extend(_node(part, currency, extents) for part in split)
    detail = f"{money(node.total, 'en')} {currency}" if node.total is not None else ""
    return Symbol(_short(node.label or node.path[-1].__str__()), detail, "funding", start, end, children)


def _indicator(indicator: Indicator, extents: dict[Path, tuple[Point, Point]]) -> Symbol | None:
    where = extents.get(indicator.path)
    if where is None:
        return None
    target = f"{indicator.target} {indicator.unit or ''}".strip() if indicator.target is not None else ""
    children = [s for s in (_indicator(p, extents) for p in indicator.parts) if s is not None]
    return Symbol(_short(indicator.label or "indicator"), target, "indicator", *where, children)


class Location(NamedTuple):
    path: str
    """The file, absolute."""
    places: Places
    start: Point
    end: Point


def _number_at(index: Index, path: str) -> Location | None:
    text = index.text_of(path)
    if text is None:
        return None
    places = Places.of(text, index.config)
    written = places.value(("project_number",))
    return Location(path, places, *written) if written is not None else None


def definition(index: Index, record: Record) -> list[Location]:
    """On a participant's share: the whole-project record of its number."""
    if record.number is None or record.participant is None:
        return []
    paths = sorted(index.by_number.get(record.number, ()), key=lambda p: index.facts[p].file)
    wholes = [p for p in paths if (key := index.facts[p].key) is not None and key.participant is None]
    return [found for found in (_number_at(index, p) for p in wholes) if found is not None]


def references(index: Index, number: str) -> list[Location]:
    """Every record of a project number."""
    paths = sorted(index.by_number.get(number, ()), key=lambda p: index.facts[p].file)
    return [found for found in (_number_at(index, p) for p in paths) if found is not None]
