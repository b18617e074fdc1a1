"""Quick fixes, each a text edit that changes only what it must: acknowledge a finding,
write an amount as a plain number, set a rate to the one the amounts give."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from esfproj import numbers
from esfproj.checks.funding import FUNDING_RATE
from esfproj.engine import FileFacts
from esfproj.lsp import tree
from esfproj.lsp.places import Places, Point
from esfproj.lsp.words import word
from esfproj.model import Finding
from esfproj.money import implied_rate
from esfproj.numbers import decimals
from esfproj.yamltext import quoted, scalar

Edit = tuple[Point, Point, str]
"""Replace the text from one point to another (1-based) with this."""


class Fix(NamedTuple):
    title: str
    edits: list[Edit]
    finding: Finding | None
    """The finding it fixes, if one."""


def acknowledge(places: Places, finding: Finding, lang: str) -> Fix:
    """Add the finding to `acknowledged:` (created where there is none), with a note for the
    person to complete; `validate` then reports the finding as acknowledged."""
    fields = [("check", finding.check)]
    if finding.path:
        fields.append(("path", scalar(finding.path)))
    fields.append(("note", quoted(word("note", lang))))
    title = (
        word("acknowledge", lang).format(finding.check, finding.path)
        if finding.path
        else word("acknowledge_here", lang).format(finding.check)
    )
    return Fix(title, [_acknowledgement(places, fields)], finding)


def _block(fields: list[tuple[str, str]], indent: str) -> str:
    first, *rest = fields
    lines = [f"{indent}- {first[0]}: {first[1]}", *(f"{indent}  {key}: {value}" for key, value in rest)]
    return "".join(line + "\n" for line in lines)


def _acknowledgement(places: Places, fields: list[tuple[str, str]]) -> Edit:
    text, lines = places.text, places.text.split("\n")
    position = places.positions.get(("acknowledged",))
    if position is None:  # no list yet: one at the end of the file
        end = (len(lines), len(lines[-1]) + 1)
        return end, end, ("" if not text or text.endswith("\n") else "\n") + "acknowledged:\n" + _block(fields, "  ")
    key_line, _, line, column = position
    first = lines[line - 1][column - 1 : column] if line <= len(lines) else ""
    if first == "[":  # a flow list: one more entry before its `]`
        end = places.end((line, column))
        closing = (end[0], end[1] - 1)
        inside = places.slice((line, column + 1), closing).strip()
        entry = "{" + ", ".join(f"{key}: {value}" for key, value in fields) + "}"
        return closing, closing, (", " if inside else "") + entry
    if first != "-":  # `acknowledged:` with nothing after it
        end_of_key = (key_line, len(lines[key_line - 1]) + 1)
        return end_of_key, end_of_key, "\n" + _block(fields, "  ").rstrip("\n")
    indent = column - 1
    last = line
    for number in range(line + 1, len(lines) + 1):
        content = lines[number - 1]
        stripped = content.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(content) - len(content.lstrip(" ")) <= indent and not stripped.startswith("-"):
            break
        last = number
    if last == len(lines) or (last == len(lines) - 1 and lines[-1] == ""):
        at = (last, len(lines[last - 1]) + 1)
        return at, at, "\n" + _block(fields, " " * indent).rstrip("\n")
    at = (last + 1, 1)
    return at, at, _block(fields, " " * indent)


def plain_amount(written: str) -> Decimal | None:
    """The number an amount written for people means (`1 234,56`, `1.234,56`, `1,234.56`,
    `€ 1234.56`, `70_222.38`, quoted or not), as `numbers.plain_amount` reads it where only one
    reading is possible (`1,234` alone could be either: None); None when it is plain already."""
    text = written.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1].strip()
    value = numbers.plain_amount(text)
    return None if value is None or format(value, "f") == written.strip() else value


def amounts(facts: FileFacts, places: Places, first_line: int, last_line: int, lang: str) -> list[Fix]:
    """An amount on lines first..last written for people, as a plain number."""
    fixes = []
    for path, (_, _, line, column) in places.positions.items():
        if not path or path[-1] != "amount" or not first_line <= line <= last_line:
            continue
        start = (line, column)
        end = places.end(start)
        value = plain_amount(places.slice(start, end))
        if value is not None:
            text = format(value, "f")
            fixes.append(Fix(word("write_amount", lang).format(text), [(start, end, text)], None))
    return fixes


def rate(facts: FileFacts, places: Places, finding: Finding, lang: str) -> Fix | None:
    """A funding-rate finding, where the node and its parent both have amounts: the rate
    they give, to the decimals the rate is written with."""
    if finding.check != FUNDING_RATE.id:
        return None
    found = tree.nodes(facts.record)
    path = tree.node_of_field(found, finding.path, "rate")
    if path is None:
        return None
    node, parent = found[path]
    written = places.value((*path, "rate"))
    if written is None or node.rate is None or parent is None or not parent.total or node.total is None:
        return None
    text = format(implied_rate(node.total, parent.total, decimals(node.rate)), "f")
    return Fix(word("set_rate", lang).format(text), [(written[0], written[1], text)], finding)
