"""One row of a list of operations into one record, through its layout's table; repeats."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from itertools import pairwise
from typing import Any, NamedTuple

from esfproj.importing.layouts import Const, Field, Layout, Unreadable
from esfproj.importing.rows import BadRow, Row
from esfproj.model import Message, Path, Problem, render_path
from esfproj.money import EXACT, total
from esfproj.numbers import fits
from esfproj.record import at
from esfproj.schema import schema_problems


class Operation(NamedTuple):
    line: int
    identifier: str
    data: dict[str, Any]
    """The record as it is written, `listing` included."""
    published: tuple[tuple[Path, object], ...]
    """The values the row gives, each at its path: what a record is compared on."""


class Refused(NamedTuple):
    line: int
    identifier: str
    reason: Message


class _Given:
    """A value a column gave (as opposed to a constant), while the record is built."""

    __slots__ = ("alone", "value")

    def __init__(self, value: object, alone: bool) -> None:
        self.value, self.alone = value, alone


def operation(layout: Layout, row: Row | BadRow, file_name: str, max_digits: int) -> Operation | Refused:
    """The record of one row, or why the row is refused (nothing is written for it).

    A number longer than `max_digits` on either side of the point is refused: records
    could not hold it (limits.max_number_digits), nor could sums stay exact."""
    identifier = row.values.get(layout.identifier, "")
    if isinstance(row, BadRow):
        return Refused(row.line, identifier, row.reason)
    if not identifier.strip():
        return Refused(row.line, identifier, Message(f"no {layout.identifier}", lv=f"nav {layout.identifier}"))
    built: dict[str, Any] = {}
    published: list[tuple[Path, object]] = []
    try:
        for entry in layout.entries:
            if isinstance(entry, Const):
                _put(built, entry.path, entry.value)
                continue
            value = _read(entry, row.values, max_digits)
            if value is not None:
                _put(built, entry.path, _Given(value, entry.alone))
                published.append((entry.path, value))
        data: dict[str, Any] = _kept(built)[0]
        _derive_remainder(data, layout)
    except Unreadable as error:
        return Refused(row.line, identifier, error.reason)
    data["listing"] = {"format": layout.name, "file": file_name, "operation_id": identifier, "line": row.line}
    problems = schema_problems(data, max_digits)
    if problems:
        return Refused(row.line, identifier, _unfit(layout, row.values, data, problems))
    written = tuple((path, value) for path, value in published if at(data, path) is not None)
    return Operation(row.line, identifier, data, written)


def _unfit(layout: Layout, values: dict[str, str], data: dict[str, Any], problems: list[Problem]) -> Message:
    """Why a row's record would not match the schema, by the columns that give (or would
    give) each value it lacks or has wrong, in the order of the layout's table."""
    fields = [entry for entry in layout.entries if isinstance(entry, Field)]
    reasons: list[tuple[int, str, str]] = []
    for problem in problems:
        index, field = next(((i, f) for i, f in enumerate(fields) if f.path == problem.path), (len(fields), None))
        place = render_path(problem.path)
        if field is None:
            english, latvian = f"{place}: {problem.message.template}", f"{place}: {_latvian(problem.message)}"
        elif at(data, problem.path) is None:
            english = f"no {' or '.join(field.columns)}: a record needs its {place}"
            latvian = f"nav {' vai '.join(field.columns)}: ierakstam vajag {place}"
        else:
            column = next(column for column in field.columns if values.get(column))
            english, latvian = f"{column}: {problem.message.template}", f"{column}: {_latvian(problem.message)}"
        reasons.append((index, english, latvian))
    reasons.sort(key=lambda reason: reason[0])
    return Message("; ".join(r[1] for r in reasons), lv="; ".join(r[2] for r in reasons))


def _latvian(message: Message) -> str:
    return message.lv if message.lv is not None else message.template


def _read(field: Field, values: dict[str, str], max_digits: int) -> object:
    for column in field.columns:
        text = values.get(column, "")
        if text:
            value = field.read(column, text)
            if isinstance(value, Decimal) and not fits(value, max_digits):
                raise Unreadable(
                    Message(
                        f"{column} has more than {max_digits} digits on one side of the point "
                        "(limits.max_number_digits in the configuration)",
                        lv=f"{column} vienā komata pusē ir vairāk nekā {max_digits} cipari "
                        "(limits.max_number_digits konfigurācijā)",
                    )
                )
            return value
    return None


def _put(data: dict[str, Any], path: Path, value: object) -> None:
    """Set `value` at `path`, making the mappings and lists on the way."""
    node: Any = data
    for key, following in pairwise(path):
        if isinstance(node, list):
            while len(node) <= int(key):
                node.append({})
            node = node[int(key)]
        else:
            node = node.setdefault(key, [] if isinstance(following, int) else {})
    node[path[-1]] = value


def _kept(node: Any) -> tuple[Any, bool]:
    """The built record without what holds no value a column gave on its own (a constant
    label, or a currency beside no amount), and whether anything of it stands."""
    if isinstance(node, _Given):
        return node.value, node.alone
    if isinstance(node, dict):
        kept = {key: result for key, result in ((k, _kept(v)) for k, v in node.items()) if result[0] is not None}
        if not any(stands for _, stands in kept.values()):
            return None, False
        return {key: value for key, (value, _) in kept.items()}, True
    if isinstance(node, list):
        items = [value for value, stands in map(_kept, node) if stands]
        return items or None, bool(items)
    return node, False  # a constant: written only beside a value


def _derive_remainder(data: dict[str, Any], layout: Layout) -> None:
    """Where the list gives a total and parts that leave some of it unsaid, the rest is a
    part of its own, marked derived and with no source: who pays it is not published."""
    funding = data.get("funding")
    if not isinstance(funding, dict) or "parts" not in funding:
        return
    if "amount" not in funding:
        raise Unreadable(
            Message(
                "the list gives parts of the eligible expenditure but not its total",
                lv="sarakstā ir attiecināmo izmaksu daļas, bet nav to kopsummas",
            )
        )
    parts: list[Decimal] = [part["amount"] for part in funding["parts"] if "amount" in part]
    rest = EXACT.subtract(funding["amount"], total(parts))
    if rest > 0:
        funding["parts"].append({"label": layout.remainder, "amount": rest, "derived": True})


def digest(item: Operation) -> bytes:
    """What a repeat must agree on: every value the row gives."""
    values = [(path, value.normalize(EXACT) if isinstance(value, Decimal) else value) for path, value in item.published]
    return hashlib.blake2b(repr(values).encode(), digest_size=16).digest()
