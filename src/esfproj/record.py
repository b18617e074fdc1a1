"""Typed views of a loaded record, built tolerantly.

A field of the wrong type (already a `schema` finding) reads as absent, so
the domain checks and summaries can run on every record without guarding
every access.
"""

from __future__ import annotations

import datetime
import os
import re
import unicodedata
from decimal import Decimal
from typing import Any, NamedTuple

from esfproj.model import Path
from esfproj.money import total

DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CODE = r"[0-9]+(?:\.[0-9]+){2,3}"
NUMBER_FORMS = (
    ("2014-2020", re.compile(rf"({CODE})/[0-9]{{2}}/[IA]/[0-9]{{3}}")),
    ("2021-2027", re.compile(rf"({CODE})/[0-9]+/[0-9]{{2}}/[IA]/[0-9]{{3}}")),
    ("FEAD", re.compile(r"[0-9]{4}\.FEAD/PO\.[0-9]{2}/[0-9]{2}/[0-9]{2}")),
)
"""The known forms of a project number, and the measure code each begins with."""


def number_code(number: str) -> str | None:
    """The measure code a project number begins with, if it has a known form."""
    for _, form in NUMBER_FORMS:
        match = form.fullmatch(number)
        if match:
            return match.group(1) if match.groups() else None
    return None


def text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


def number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return None
    return Decimal(value)


def whole(value: Any) -> int | None:
    """A count: a whole number, also when written with decimals (14.0), as JSON Schema allows."""
    amount = number(value)
    return int(amount) if amount is not None and amount == amount.to_integral_value() else None


def date(value: Any) -> datetime.date | None:
    if not isinstance(value, str) or not DATE_RE.fullmatch(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def at(data: Any, path: Path) -> Any:
    """The value at `path` (`("funding", "parts", 0, "amount")`), or None where there is none."""
    for key in path:
        if isinstance(key, int):
            data = data[key] if isinstance(data, list) and 0 <= key < len(data) else None
        else:
            data = data.get(key) if isinstance(data, dict) else None
        if data is None:
            return None
    return data


class FundingNode(NamedTuple):
    path: Path
    label: str | None
    amount: Decimal | None
    rate: Decimal | None
    source: str | None
    eligibility: str | None
    parts: tuple[FundingNode, ...]
    breakdowns: tuple[tuple[str, tuple[FundingNode, ...]], ...]
    note: str | None
    derived: bool
    """The amount is computed from published figures, not itself published."""
    amount_given: bool
    """Whether the key `amount` is written at all (a malformed one is a schema finding)."""
    total: Decimal | None
    """The written amount, or else the sum of the parts when every part has one."""


def funding_node(data: Any, path: Path) -> FundingNode:
    node = mapping(data)
    parts = tuple(funding_node(part, (*path, "parts", i)) for i, part in enumerate(items(node.get("parts"))))
    breakdowns = tuple(
        (name, tuple(funding_node(part, (*path, "breakdowns", name, i)) for i, part in enumerate(items(split))))
        for name, split in mapping(node.get("breakdowns")).items()
    )
    amount = number(node.get("amount"))
    return FundingNode(
        path=path,
        label=text(node.get("label")),
        amount=amount,
        rate=number(node.get("rate")),
        source=text(node.get("source")),
        eligibility=text(node.get("eligibility")),
        parts=parts,
        breakdowns=breakdowns,
        note=text(node.get("note")),
        derived=node.get("derived") is True,
        amount_given="amount" in node,
        total=amount if amount is not None else parts_total(parts),
    )


def parts_total(parts: tuple[FundingNode, ...]) -> Decimal | None:
    """What the nodes add up to, when every one of them has an amount (None otherwise)."""
    amounts = [p.total for p in parts]
    if not parts or any(a is None for a in amounts):
        return None
    return total([a for a in amounts if a is not None])


def unreadable_amounts(record: Record) -> list[Path]:
    """Where the record states money that cannot be read: `funding` written as something
    other than a mapping, or an `amount` of the funding tree that is not a number (text such
    as `1 234,56`, or left empty). Such money is unknown, not absent: no total includes it."""
    written = record.data.get("funding")
    if record.funding is None:
        return [("funding",)] if written is not None else []
    found: list[Path] = []
    level = [record.funding]
    while level:
        found += [(*node.path, "amount") for node in level if node.amount_given and node.amount is None]
        level = [part for node in level for part in node.parts]
    return found


LEAF_FIELDS = ("source", "eligibility")
"""What a leaf of the funding tree inherits from the nodes above it (`money_of`)."""


class Money(NamedTuple):
    """All that the totals (`summary`, `list`) take from a record's funding tree: what the
    cache keeps of every record, so that those commands are served without its body."""

    total: Decimal | None
    """The tree's total (None: no funding figures)."""
    leaves: tuple[tuple[tuple[str | None, ...], Decimal], ...]
    """Each leaf with a total: its `LEAF_FIELDS` (inherited), and the total."""
    unknown: bool
    """The record states money that cannot be read (`unreadable_amounts`)."""


def money_of(record: Record, unknown: bool | None = None) -> Money:
    """The record's `Money`: kept in a record without its body, else read from its tree (one
    walk, depth first, parts in order: every record's, on every check, so kept cheap).
    `unknown`: whether it states money that cannot be read, if the caller knows already
    (finding that out again is half of the walk's time)."""
    if record.money is not None:
        return record.money
    funding = record.funding
    unknown = bool(unreadable_amounts(record)) if unknown is None else unknown
    if funding is None:
        return Money(None, (), unknown)
    found: list[tuple[tuple[str | None, ...], Decimal]] = []
    pending: list[tuple[FundingNode, str | None, str | None]] = [(funding, None, None)]
    while pending:
        node, source, eligibility = pending.pop()
        source = node.source if node.source is not None else source
        eligibility = node.eligibility if node.eligibility is not None else eligibility
        if node.parts:
            pending.extend((part, source, eligibility) for part in reversed(node.parts))
        elif node.total is not None:
            found.append(((source, eligibility), node.total))
    return Money(funding.total, tuple(found), unknown)


def with_money(record: Record, unknown: bool | None = None) -> Record:
    """The record carrying its `Money` (`money_of`), reckoned once. Made as `_replace(money=...)`
    makes it, at a third of its cost (it maps every field through a dict): once per file a
    cold run checks."""
    return record if record.money is not None else Record(*record[:-1], money_of(record, unknown))


def record_total(record: Record) -> Decimal | None:
    if record.money is not None:
        return record.money.total
    return record.funding.total if record.funding is not None else None


EU_FUNDS = (
    "ESF",
    "ESF+",
    "ERDF",
    "CF",
    "YEI",
    "FEAD",
    "JTF",
    "EAFRD",
    "EMFF",
    "EMFAF",
    "AMIF",
    "ISF",
    "BMVI",
    "EGF",
    "RRF",
)
"""The EU funds of 2014-2020 and 2021-2027, in the schema's order: each is EU money, as a
record's `fund` and as a funding node's `source`."""
NOT_EU_SOURCES = ("state_budget", "municipality", "private", "other")
"""The other sources a funding node may name: none is EU money (`other` may be a fund the
schema does not list, so it is not counted as one)."""
UNION_FUNDS = frozenset(EU_FUNDS)
"""The sources that are EU money: every total of EU funds (the report's headline, the
`cofinancing-rate` check, import's comparison) is the money of these."""


def eligible_node(top: FundingNode) -> FundingNode | None:
    """The node of eligible costs: the shallowest one marked eligible; the top node when no
    node says eligible or ineligible; None when only ineligible costs are marked."""
    level, marked = [top], False
    while level:
        for node in level:
            if node.eligibility == "eligible":
                return node
            marked = marked or node.eligibility is not None
        level = [part for node in level for part in node.parts]
    return None if marked else top


def union_nodes(node: FundingNode, sources: frozenset[str] = UNION_FUNDS) -> list[FundingNode]:
    """The nodes below `node` (itself included) that first name a source, and name one of
    `sources` (the EU funds)."""
    if node.source is not None:
        return [node] if node.source in sources else []
    return [found for part in node.parts for found in union_nodes(part, sources)]


def union_amount(node: FundingNode) -> Decimal | None:
    """What the EU funds pay of `node`; None when no node names one, or one has no amount."""
    return parts_total(tuple(union_nodes(node)))


class Indicator(NamedTuple):
    path: Path
    label: str | None
    unit: str | None
    target: Decimal | None
    achieved: Decimal | None
    parts: tuple[Indicator, ...]


def indicator(data: Any, path: Path) -> Indicator:
    node = mapping(data)
    return Indicator(
        path=path,
        label=text(node.get("label")),
        unit=text(node.get("unit")),
        target=number(node.get("target")),
        achieved=number(node.get("achieved")),
        parts=tuple(indicator(p, (*path, "parts", i)) for i, p in enumerate(items(node.get("parts")))),
    )


class Acknowledgement(NamedTuple):
    position: int
    check: str
    path: str
    note: str


class Record(NamedTuple):
    id: str
    file: str
    data: dict[str, Any]
    number: str | None
    title: str | None
    fund: str | None
    status: str | None
    lead_partner: str | None
    participant: str | None
    measure: str | None
    objective_code: str | None
    programme: str | None
    region: str | None
    start: datetime.date | None
    end: datetime.date | None
    currency: str
    funding: FundingNode | None
    indicators: tuple[Indicator, ...]
    acknowledged: tuple[Acknowledgement, ...]
    money: Money | None = None
    """What the totals take from its funding (`money_of`), reckoned once: in every record the
    cache keeps (with or without its body: `data`, `funding` and `indicators` left out)."""


def record_id(file: str) -> str:
    return os.path.splitext(os.path.basename(file))[0]


def plain_ascii(text: str) -> str:
    """`Jūrmala` -> `Jurmala`: letters without their accents; what has no ASCII form goes."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def safe_id(text: str) -> str:
    """Text as an id: letters without accents (`Jūrmala` -> `Jurmala`, as `esfproj new`
    writes them), then runs of anything but a-z A-Z 0-9 . _ - become one `-`."""
    return re.sub(r"[^A-Za-z0-9._-]+", "-", plain_ascii(text)).strip("-")


def build(data: dict[str, Any], file: str) -> Record:
    period = mapping(data.get("period"))
    programme = mapping(data.get("programme"))
    funding = data.get("funding")
    acks = []
    for i, entry in enumerate(items(data.get("acknowledged"))):
        entry = mapping(entry)
        check = text(entry.get("check"))
        if check is not None:
            acks.append(Acknowledgement(i, check, text(entry.get("path")) or "", text(entry.get("note")) or ""))
    return Record(
        id=record_id(file),
        file=file,
        data=data,
        number=text(data.get("project_number")),
        title=text(data.get("title")),
        fund=text(data.get("fund")),
        status=text(data.get("status")),
        lead_partner=text(data.get("lead_partner")),
        participant=text(mapping(data.get("participant")).get("name")),
        measure=text(mapping(data.get("measure")).get("code")),
        objective_code=text(mapping(data.get("specific_objective")).get("code")),
        programme=text(programme.get("name")) or text(programme.get("cci")),  # a list may give only the code
        region=text(data.get("region")),
        start=date(period.get("start")),
        end=date(period.get("end")),
        currency=text(mapping(funding).get("currency")) or "EUR",
        funding=funding_node(funding, ("funding",)) if isinstance(funding, dict) else None,
        indicators=tuple(indicator(x, ("indicators", i)) for i, x in enumerate(items(data.get("indicators")))),
        acknowledged=tuple(acks),
    )
