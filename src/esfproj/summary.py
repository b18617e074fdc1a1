"""Filters and funding totals: pure functions over records, exact to the cent."""

from __future__ import annotations

import datetime
import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Container, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from typing import NamedTuple, Protocol, TypeVar

from esfproj.money import CENT, EXACT, ZERO, share, total, trimmed
from esfproj.record import LEAF_FIELDS, Money, Record, money_of, number_code
from esfproj.snapshot import Column, PackedColumn, packed, positions, unpacked

RECORD_FIELDS = (
    "fund",
    "status",
    "programme",
    "specific_objective",
    "measure",
    "lead_partner",
    "participant",
    "region",
)
GROUP_FIELDS = (*RECORD_FIELDS[:1], "source", "eligibility", *RECORD_FIELDS[1:], "year")
UNSPECIFIED = "unspecified"
UNALLOCATED = "unallocated"
OTHERS = "others"
"""The key of `--top`'s row of the rest."""


# --- filters ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Filters:
    """Values of one filter are OR-ed; filters are AND-ed. Empty means no filter."""

    fund: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    measure: tuple[str, ...] = ()
    participant: tuple[str, ...] = ()
    lead_partner: tuple[str, ...] = ()
    active_on: tuple[datetime.date, ...] = ()
    period: tuple[tuple[datetime.date, datetime.date], ...] = ()

    def matches(self, record: Record) -> bool:
        return (
            _any_equal(self.fund, record.fund)
            and _any_equal(self.status, record.status)
            and (not self.measure or any(_code_within(measure_of(record), m) for m in self.measure))
            and _any_within(self.participant, record.participant)
            and _any_within(self.lead_partner, record.lead_partner)
            and (not self.active_on or any(_overlaps(record, d, d) for d in self.active_on))
            and (not self.period or any(_overlaps(record, a, b) for a, b in self.period))
        )


def fold(text: str) -> str:
    """Text as filters compare it: any case, Latvian (and other) diacritics dropped, so
    `jurmala` matches `Jūrmala`."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


def _any_equal(wanted: tuple[str, ...], value: str | None) -> bool:
    return not wanted or (value is not None and fold(value) in {fold(w) for w in wanted})


def _any_within(wanted: tuple[str, ...], value: str | None) -> bool:
    return not wanted or (value is not None and any(fold(w) in fold(value) for w in wanted))


def _code_within(code: str | None, prefix: str) -> bool:
    """`9.2` matches `9.2.1.1` and `9.2`, not `9.21.1`."""
    prefix = prefix.rstrip(".")
    return code is not None and (code == prefix or code.startswith(prefix + "."))


def _overlaps(record: Record, first: datetime.date, last: datetime.date) -> bool:
    """The record's period overlaps first..last; an open end runs on."""
    if record.start is None:
        return False
    return record.start <= last and (record.end is None or record.end >= first)


def measure_of(record: Record) -> str | None:
    """The measure code, or the one the project number begins with."""
    if record.measure:
        return record.measure
    return number_code(record.number) if record.number else None


# --- funding totals ---------------------------------------------------------


def spread_over_years(amount: Decimal, start: datetime.date, end: datetime.date) -> dict[str, Decimal]:
    """Split `amount` over calendar years in proportion to days, both ends counted.

    Each year gets its share rounded down to the cent (or to the amount's own last digit,
    when it is written with more decimals than cents); what is left over goes, a cent (or
    digit) at a time, to the years with the largest remainders (earliest first on a tie),
    so the years add up exactly to `amount` and every grouping gives the same total.
    """
    days = {}
    for year in range(start.year, end.year + 1):
        first = max(start, datetime.date(year, 1, 1))
        last = min(end, datetime.date(year, 12, 31))
        days[str(year)] = (last - first).days + 1
    all_days = sum(days.values())
    exact = {y: EXACT.divide(EXACT.multiply(amount, d), all_days) for y, d in days.items()}
    unit = _unit(amount)
    shares = {y: v.quantize(unit, rounding=ROUND_FLOOR) for y, v in exact.items()}
    left = int(EXACT.subtract(amount, total(list(shares.values()))) / unit)
    by_remainder = sorted(exact, key=lambda y: (-(exact[y] - shares[y]), y))
    for name in by_remainder[:left]:
        shares[name] = EXACT.add(shares[name], unit)
    return shares


def _unit(amount: Decimal) -> Decimal:
    """The cent, or the amount's own last digit when it is written with more decimals."""
    exponent = amount.as_tuple().exponent
    return CENT if not isinstance(exponent, int) or exponent >= -2 else Decimal(1).scaleb(exponent)


@dataclass(frozen=True, slots=True)
class Span:
    """`--year` or `--from`..`--to`: the money of each record that falls in these days."""

    first: datetime.date
    last: datetime.date

    def part(self, amount: Decimal, year: str, start: datetime.date, end: datetime.date) -> Decimal | None:
        """The span's part of `amount`, a record's share of calendar `year` as
        `spread_over_years` makes it (its period `start`..`end`): all of it when the span
        covers the record's days in that year, else pro rata to those days, rounded half to
        even to the cent (or the amount's last digit); None when the span has none of them."""
        in_year = max(start, datetime.date(int(year), 1, 1)), min(end, datetime.date(int(year), 12, 31))
        first, last = max(in_year[0], self.first), min(in_year[1], self.last)
        if last < first:
            return None
        days, all_days = (last - first).days + 1, (in_year[1] - in_year[0]).days + 1
        if days == all_days:
            return amount
        exact = EXACT.divide(EXACT.multiply(amount, days), all_days)
        return exact.quantize(_unit(amount), rounding=ROUND_HALF_EVEN)

    def misses(self, record: Record) -> bool:
        """The record's period (an open end runs on) is outside the span; a record without a
        start is not placed, so not outside it."""
        return record.start is not None and not _overlaps(record, self.first, self.last)


# --- aggregation --------------------------------------------------------------

Key = tuple[str, ...]
Membership = tuple[str, tuple[Key, ...]]
"""The rows one record is counted in: its currency, and the keys of its pieces, sorted."""


@dataclass(slots=True)
class Row:
    key: Key
    currency: str
    amount: Decimal = ZERO
    records: int = 0
    """How many records are counted in the row."""
    share: Decimal = ZERO


class Scope(NamedTuple):
    """How the records counted: whole projects, participants' shares added, and shares
    left out because their whole project's record is counted."""

    wholes: int = 0
    shares: int = 0
    within_whole: int = 0


@dataclass(slots=True)
class Summary:
    by: tuple[str, ...]
    rows: list[Row]
    totals: list[Row]
    without_funding: int
    records: int
    scope: Scope = field(default_factory=Scope)
    span: Span | None = None
    """Only the money in these days (`--year`, `--from`/`--to`)."""
    undated: int = 0
    """Under a span: records with funding figures but not both dates, so no share in it."""
    rest: int = 0
    """Under `--top`: how many rows the row of the rest (`OTHERS`) adds up."""
    members: Counter[Membership] = field(default_factory=Counter)
    """How many records are counted in each set of rows: what tells how many records a
    union of rows holds (`records_in`), which a count per row cannot (a record is counted
    in a row per piece). A few entries, where a set of files per row would be one name
    per record and row."""


def _recount(members: Counter[Membership], membership: Membership, change: int) -> None:
    """Add `change` to a set of rows' count, dropped at zero: sums that count the same
    records then compare equal however they were made."""
    members[membership] += change
    if not members[membership]:
        del members[membership]


def records_in(members: Counter[Membership], currency: str, keys: set[Key]) -> int:
    """How many records of `currency` are counted in any of the rows with these `keys`."""
    return sum(count for (own, pieces), count in members.items() if own == currency and not keys.isdisjoint(pieces))


def record_value(record: Record, name: str) -> str:
    values = {
        "fund": record.fund,
        "status": record.status,
        "programme": record.programme,
        "specific_objective": record.objective_code,
        "measure": measure_of(record),
        "lead_partner": record.lead_partner,
        "participant": record.participant,
        "region": record.region,
    }
    return values[name] or UNSPECIFIED


def atoms(record: Record, money: Money, with_years: bool) -> list[tuple[dict[str, str], Decimal]]:
    """A record's money in its finest pieces: each leaf of the funding tree (with its
    inherited source and eligibility), and each of those per calendar year when asked.

    Every grouping is built from these same pieces, so any row equals the sum of the
    rows beneath it in any other grouping. Money the leaves do not account for (a
    total whose parts lack amounts) is one more piece, source and eligibility
    unspecified, so every grouping adds up to the record's total.
    """
    amount = money.total
    if amount is None:
        return []
    pieces = [
        ({k: value or UNSPECIFIED for k, value in zip(LEAF_FIELDS, values, strict=True)}, leaf_total)
        for values, leaf_total in money.leaves
    ]
    rest = EXACT.subtract(amount, total([value for _, value in pieces]))
    if rest:
        pieces.append(({k: UNSPECIFIED for k in LEAF_FIELDS}, rest))
    if not with_years:
        return pieces
    if record.start is None or record.end is None or record.start > record.end:
        return [({**key, "year": UNALLOCATED}, value) for key, value in pieces]
    return [
        ({**key, "year": year}, part)
        for key, value in pieces
        for year, part in spread_over_years(value, record.start, record.end).items()
    ]


class Contribution(NamedTuple):
    """What one record adds to a summary: its money, already keyed by the `--by` fields."""

    file: str
    currency: str
    pieces: Sequence[tuple[Key, Decimal]]
    """Empty when the record has no funding figures."""
    number: str | None = None
    share: bool = False
    """The record is a participant's share of the project, not the whole project."""
    unknown: bool = False
    """The record states money that cannot be read (named by the run as left out)."""
    outside: bool = False
    """Under a span: the record has funding figures, none of them in the span."""
    undated: bool = False
    """Under a span: the record has funding figures but not both dates, so no share in any span."""


PlainContributions = str
"""A record's contributions as one JSON text (amounts as their decimal text): what a run
snapshot keeps of each record for `summary`. One short text per record is a tenth of the
memory, and of the time to pickle, that the named tuples and their Decimals would take."""


def plain(items: Iterable[Contribution]) -> PlainContributions:
    return json.dumps(
        [
            [item.file, item.currency, [key for key, _ in item.pieces], [str(a) for _, a in item.pieces], *item[3:]]
            for item in items
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def from_plain(text: PlainContributions, file_name: str | None = None) -> list[Contribution]:
    """The contributions in `text`; `file_name`: the same name, given to share its text."""
    found = []
    for file, currency, keys, amounts, number, *flags in json.loads(text):
        file = file_name if file_name is not None else file
        pieces = [(tuple(key), Decimal(amount)) for key, amount in zip(keys, amounts, strict=True)]
        found.append(Contribution(file, currency, pieces, number, *flags))
    return found


def contribution(record: Record, by: tuple[str, ...], span: Span | None = None) -> Contribution:
    summed: dict[Key, Decimal] = {}
    money = money_of(record)
    pieces = atoms(record, money, "year" in by or span is not None)
    undated = False
    for partial, amount in pieces:
        if span is not None:
            if partial["year"] == UNALLOCATED or record.start is None or record.end is None:
                undated = True
                continue
            part = span.part(amount, partial["year"], record.start, record.end)
            if part is None:
                continue
            amount = part
        key = tuple(partial[name] if name in partial else record_value(record, name) for name in by)
        summed[key] = EXACT.add(summed[key], amount) if key in summed else amount
    return Contribution(
        record.file,
        record.currency,
        list(summed.items()),
        record.number,
        is_share(record),
        money.unknown,
        outside=bool(pieces) and not summed and not undated,
        undated=undated,
    )


def span_total(record: Record, span: Span) -> Decimal | None:
    """The record's money in the span; None when it has no funding figures or no share in it."""
    item = contribution(record, (), span)
    return total([amount for _, amount in item.pieces]) if item.pieces else None


def is_share(record: Record) -> bool:
    """A record with a participant is that participant's share; without one, the whole project."""
    return record.participant is not None


WHOLE_PROJECT, PARTICIPANT_SHARE = "whole_project", "participant_share"


def scope(record: Record) -> str:
    return PARTICIPANT_SHARE if is_share(record) else WHOLE_PROJECT


def counted(share: bool, number: str | None, wholes: Container[str]) -> bool:
    """The one rule of what a total counts, used by `summary`, `list`, `export` and `report`:
    every record's money, except a participant's share of a project whose whole-project
    record with funding figures (`wholes`: their project numbers) is in the set, which
    already counts it. A whole-project record without figures counts nothing, so its
    shares are what is known and are counted."""
    return not (share and number is not None and number in wholes)


def summary_item(
    record: Record, filters: Filters, groupings: tuple[tuple[str, ...], ...], span: Span | None = None
) -> PlainContributions | None:
    """Run in the worker processes: the record's contribution to each grouping, as plain
    data (`plain`), or None if filtered out."""
    if not filters.matches(record):
        return None
    return plain(contribution(record, by, span) for by in groupings)


def filtered_record(record: Record, filters: Filters, span: Span | None = None) -> Record | None:
    """Run in the worker processes: the record itself, or None if filtered out (under a span,
    also when its period misses the span)."""
    return record if filters.matches(record) and not (span is not None and span.misses(record)) else None


def summarise(records: Iterable[Record], by: tuple[str, ...], span: Span | None = None) -> Summary:
    return summarise_contributions((contribution(r, by, span) for r in records), by, span)


def summarise_contributions(items: Iterable[Contribution], by: tuple[str, ...], span: Span | None = None) -> Summary:
    builder = SummaryBuilder(by, span)
    for item in items:
        builder.add(item)
    return builder.result()


class SummaryBuilder:
    """Adds contributions up as they come, so a summary never holds the records.

    A project is counted once: where the whole project's record is in the set, its
    participants' shares are not added again. A share is added as it comes; should its
    whole project's record come later, the share is taken back out, so until then it
    is kept (unless every whole project is known ahead: `wholes`). Under
    `--by participant` each share is its own row and the whole project's remainder is
    the `unspecified` row.
    """

    def __init__(
        self,
        by: tuple[str, ...],
        span: Span | None = None,
        wholes: dict[str, str] | None = None,
        *,
        naming: bool = False,
    ) -> None:
        """`wholes`: every whole project's number and currency (`whole_project`), when they
        are known before the records are added; then no share is kept to be taken back.
        `naming`: keep the names of the files counted in the totals (`files`)."""
        self.by, self.span = by, span
        self.rows: dict[tuple[str, Key], Row] = {}
        self.totals: dict[str, Row] = {}
        self.members: Counter[Membership] = Counter()
        self.files: set[str] | None = set() if naming else None
        self.without = self.count = self.within = self.wholes = self.shares = self.undated = 0
        self.known_ahead = wholes is not None
        self.whole_currency: dict[str, str] = dict(wholes or {})
        self.counted_shares: dict[str, list[Contribution]] = {}
        """Shares added to the totals whose whole project's record may still come: only in a
        builder of a few records (a report's charts, a fold's update), so they are few."""

    def add(self, item: Contribution) -> None:
        self.count += 1
        self.undated += item.undated
        if not item.pieces and not item.outside and not item.undated:
            if not item.unknown:  # unknown money is named as left out, not as none
                self.without += 1
            return
        number = item.number
        if not item.pieces:  # under a span, money outside it: a whole still stands for its shares
            if not item.share and number is not None:
                self._whole_project(number, item.currency)
            return
        if not item.share:
            self.wholes += 1
            self._count(item)
            if number is not None:
                self._whole_project(number, item.currency)
        elif number is None or counted(True, number, self.whole_currency):
            self.shares += 1
            self._count(item)
            if number is not None and not self.known_ahead:
                self.counted_shares.setdefault(number, []).append(item)
        else:
            self._within_whole(item, number)

    @staticmethod
    def whole_project(item: Contribution) -> tuple[str, str] | None:
        """The number and currency of a whole project's record that stands for its shares
        (one with funding figures, in the span or not), as `add` counts it; else None."""
        if item.share or item.number is None or not (item.pieces or item.outside or item.undated):
            return None
        return item.number, item.currency

    def _whole_project(self, number: str, currency: str) -> None:
        """A whole project's record is in the set: its shares counted so far are taken back."""
        self.whole_currency.setdefault(number, currency)
        for earlier in self.counted_shares.pop(number, []):
            self.shares -= 1
            self._take_back(earlier)
            self._within_whole(earlier, number)

    def _count(self, item: Contribution, sign: int = 1, key_of: Callable[[Key], Key] | None = None) -> None:
        """Add the item's amounts (`sign` -1: take them out, `key_of`: into other rows);
        added, the record is counted in its rows."""
        currency = item.currency
        grand = self.totals.get(currency)
        if grand is None:
            grand = self.totals[currency] = Row((), currency)
        for key, amount in item.pieces:
            key = key_of(key) if key_of else key
            value = amount if sign > 0 else EXACT.minus(amount)
            row = self.rows.get((currency, key))
            if row is None:
                row = self.rows[(currency, key)] = Row(key, currency)
            row.amount = EXACT.add(row.amount, value)
            grand.amount = EXACT.add(grand.amount, value)
        if sign > 0:
            self._member(item, 1)

    def _member(self, item: Contribution, sign: int) -> None:
        """Count the record in the rows of its pieces and its currency's total (`sign` -1: no longer)."""
        keys = tuple(sorted(key for key, _ in item.pieces))
        self.totals[item.currency].records += sign
        for key in keys:
            self.rows[(item.currency, key)].records += sign
        _recount(self.members, (item.currency, keys), sign)
        if self.files is not None:
            (self.files.add if sign > 0 else self.files.discard)(item.file)

    def _take_back(self, item: Contribution) -> None:
        """Undo `_count(item)`: its amounts, and its count in its rows."""
        self._count(item, -1)
        self._member(item, -1)

    def _within_whole(self, share: Contribution, number: str) -> None:
        """A share of a project whose whole record is counted: only `--by participant` shows it,
        as its own row less the same amount from the whole's `unspecified` row."""
        self.within += 1
        if "participant" not in self.by or self.whole_currency[number] != share.currency:
            return
        at = self.by.index("participant")
        self._count(share)
        self._count(share, -1, lambda key: (*key[:at], UNSPECIFIED, *key[at + 1 :]))

    def counts(self) -> tuple[int, ...]:
        """The counts a `KeptSums` keeps, in its order."""
        return (self.without, self.count, self.within, self.wholes, self.shares, self.undated)

    def result(self) -> Summary:
        return KeptSums.of(self).result()


class KeptSums:
    """One grouping's sums, as a `SummaryBuilder` leaves them, kept between runs so that a
    group of records can be taken out (`merge` with -1 of a builder of just that group) and
    put back changed.

    That gives what adding every record again gives, because a builder's work falls apart
    by project number: a share is counted or not by the records of its own project alone,
    a record without a project number stands alone, and sums of Decimals are exact in any
    order. Each row counts its records, and no record is in two groups."""

    __slots__ = ("by", "counts", "members", "rows", "span", "totals")

    def __init__(
        self,
        by: tuple[str, ...],
        span: Span | None,
        rows: dict[tuple[str, Key], Row],
        totals: dict[str, Row],
        counts: list[int],
        members: Counter[Membership],
    ) -> None:
        self.by, self.span, self.rows, self.totals, self.counts = by, span, rows, totals, counts
        self.members = members

    @classmethod
    def of(cls, builder: SummaryBuilder) -> KeptSums:
        """The builder's sums, once every record is added (the shares it holds on to dropped)."""
        builder.counted_shares.clear()
        return cls(builder.by, builder.span, builder.rows, builder.totals, list(builder.counts()), builder.members)

    def merge(self, group: SummaryBuilder, sign: int) -> None:
        """Add (`sign` 1) or take out (-1) what `group`, a builder of whole groups, counted."""
        _merged(self.rows, group.rows, sign)
        _merged(self.totals, group.totals, sign)
        self.counts = [mine + sign * theirs for mine, theirs in zip(self.counts, group.counts(), strict=True)]
        for membership, count in group.members.items():
            _recount(self.members, membership, sign * count)

    def result(self) -> Summary:
        # rows and totals that only a share taken back had made are left out
        kept = [r for r in self.rows.values() if r.records or r.amount]
        totals = [t for t in self.totals.values() if t.records or t.amount]
        for row in (*kept, *totals):
            row.amount = trimmed(row.amount)
        ordered = sorted(kept, key=lambda r: (r.currency, _sort_key(r.key)))
        grand = {t.currency: t.amount for t in totals}
        for row in ordered:
            row.share = share(row.amount, grand[row.currency])
        without, count, within, wholes, shares, undated = self.counts
        return Summary(
            self.by,
            ordered,
            sorted(totals, key=lambda r: r.currency),
            without,
            count,
            Scope(wholes, shares, within),
            self.span,
            undated,
            members=Counter(self.members),
        )


Name = TypeVar("Name")


def _merged(mine: dict[Name, Row], theirs: dict[Name, Row], sign: int) -> None:
    """`theirs` added to `mine` row by row (`sign` -1: taken out); a row left with no
    records and no money is dropped."""
    for name, row in theirs.items():
        kept = mine.get(name)
        if kept is None:
            kept = mine[name] = Row(row.key, row.currency)
        if sign > 0:
            kept.amount = EXACT.add(kept.amount, row.amount)
        else:
            kept.amount = EXACT.subtract(kept.amount, row.amount)
        kept.records += sign * row.records
        if not kept.records and not kept.amount:
            del mine[name]


class KeptTotals(NamedTuple):
    """What a run snapshot keeps of `summary`'s totals (`SummaryFold`)."""

    sums: list[KeptSums]
    """One per grouping."""
    numbers: bytes
    """Each file's project number, by its position in the snapshot (None: no item, or no
    number), `packed`: only a run that changed a file unpacks them."""


class SummaryFold:
    """`summary`'s totals as an `engine.Fold`: made from every item once, then kept and
    updated by the projects whose records changed (their records taken out of the sums as
    they were, and put back as they are)."""

    def __init__(self, groupings: tuple[tuple[str, ...], ...], span: Span | None, key: str) -> None:
        self.groupings, self.span, self.key = groupings, span, key
        self.added = PackedColumn()
        """The items of a run without a snapshot, packed as they come: added up at the end,
        with every whole project known (`build`), rather than holding shares meanwhile."""
        self.kept: KeptTotals | None = None

    def add(self, item: PlainContributions) -> None:
        self.added.append(item)

    def build(self, files: Sequence[str] | None, items: Column) -> KeptTotals:
        """Made with every whole project known first (a quick first pass), so that no share
        is held to be taken back: at 100 000 records they took 90 MB."""
        wholes: dict[str, str] = {}
        for at in range(len(items)):
            item = items[at]
            if item is not None:
                whole = SummaryBuilder.whole_project(_first(item))
                if whole is not None:
                    wholes.setdefault(*whole)
        numbers: list[str | None] = []
        builders = self._builders(files, items, range(len(items)), numbers, wholes=wholes)
        return KeptTotals([KeptSums.of(builder) for builder in builders], packed(numbers))

    def restore(self, kept: KeptTotals) -> None:
        self.kept = kept

    def update(self, kept: KeptTotals, before: Rows, after: Rows, carried: Sequence[int | None]) -> KeptTotals:
        numbers: list[str | None] = unpacked(kept.numbers)
        came = positions(carried, [None])
        if before.files is after.files:  # the same files (a copy's), those at `came` checked again
            gone, fresh = came, list(numbers)
        else:
            held = bytearray(len(before.files))
            for index in carried:
                if index is not None:
                    held[index] = 1
            gone = positions(held, [0])
            fresh = [None if index is None else numbers[index] for index in carried]
        for at in came:
            item = after.items[at]
            fresh[at] = None if item is None else _number(item)
        touched = {numbers[at] for at in gone} | {fresh[at] for at in came}
        touched.discard(None)
        out = sorted({*gone, *positions(numbers, touched)})
        into = sorted({*came, *positions(fresh, touched)})
        for sums, old, new in zip(
            kept.sums,
            self._builders(before.files, before.items, out),
            self._builders(after.files, after.items, into),
            strict=True,
        ):
            sums.merge(old, -1)
            sums.merge(new, 1)
        return KeptTotals(kept.sums, packed(fresh))

    def counted(self, kept: KeptTotals, rows: Rows, wanted: Sequence[int]) -> set[str]:
        """The files at the positions `wanted` whose records the totals count (a participant's
        share within its whole project's record is not): as a builder of their projects'
        records alone counts them, which is what every record gives (see `KeptSums`)."""
        numbers: list[str | None] = unpacked(kept.numbers)
        asked = {rows.files[at] for at in wanted}
        touched = {numbers[at] for at in wanted} - {None}
        within = sorted({*wanted, *positions(numbers, touched)})
        counting = self._builders(rows.files, rows.items, within, naming=True)[0].files
        assert counting is not None  # a naming builder's
        return counting & asked

    def _builders(
        self,
        files: Sequence[str] | None,
        items: Column,
        positions: Iterable[int],
        numbers: list[str | None] | None = None,
        *,
        wholes: dict[str, str] | None = None,
        naming: bool = False,
    ) -> list[SummaryBuilder]:
        """A builder per grouping, of the items at `positions` in their order; each one's
        project number added to `numbers`, if given."""
        builders = [SummaryBuilder(by, self.span, wholes, naming=naming) for by in self.groupings]
        for at in positions:
            item = items[at]
            found = from_plain(item, files[at] if files is not None else None) if item is not None else None
            if numbers is not None:
                numbers.append(found[0].number if found else None)
            for builder, contributed in zip(builders, found or (), strict=found is not None):
                builder.add(contributed)
        return builders

    def results(self) -> list[Summary]:
        """A summary per grouping: from the kept sums after a run with a snapshot, else from
        the items added."""
        kept = self.kept if self.kept is not None else self.build(None, self.added)
        return [sums.result() for sums in kept.sums]


class Rows(Protocol):
    """The columns of a run snapshot that a fold reads."""

    @property
    def files(self) -> Sequence[str]: ...
    @property
    def items(self) -> Column: ...


def _number(item: PlainContributions) -> str | None:
    number: str | None = json.loads(item)[0][4]
    return number


def _first(item: PlainContributions) -> Contribution:
    """The item's first contribution as far as `SummaryBuilder.whole_project` reads it: its
    pieces' keys stand for its pieces (no amount is read)."""
    file, currency, keys, _, *rest = json.loads(item)[0]
    return Contribution(file, currency, keys, *rest)


def projected(summary: Summary, name: str) -> Summary:
    """The summary by one of its fields, from the summary by several: each row the sum of the
    rows with its value (exact, since every grouping is built from the same pieces), so one
    run of a `SummaryBuilder` gives the report every chart."""
    at = summary.by.index(name)
    rows: dict[tuple[str, Key], Row] = {}
    for row in summary.rows:
        key = (row.key[at],)
        one = rows.setdefault((row.currency, key), Row(key, row.currency))
        one.amount = EXACT.add(one.amount, row.amount)
    members: Counter[Membership] = Counter()
    for (currency, keys), count in summary.members.items():
        members[(currency, tuple(sorted({(key[at],) for key in keys})))] += count
    for (currency, projected_keys), count in members.items():
        for one_key in projected_keys:
            rows[(currency, one_key)].records += count
    grand = {t.currency: t.amount for t in summary.totals}
    kept = sorted((r for r in rows.values() if r.records or r.amount), key=lambda r: (r.currency, _sort_key(r.key)))
    for row in kept:
        row.share = share(row.amount, grand[row.currency])
    return Summary(
        (name,), kept, summary.totals, summary.without_funding, summary.records, summary.scope, members=members
    )


def largest(rows: Sequence[Row], keep: int, rest: str, members: Counter[Membership]) -> list[Row]:
    """The `keep` largest rows (of one currency, of a summary whose `members` are given) in
    their order, and the others added up as one last row whose key is `rest` (formatted with
    how many it holds), so that a chart of 500 groups stays readable; all the rows when there
    are no more than `keep` + 1."""
    if len(rows) <= keep + 1:
        return list(rows)
    chosen = set(sorted(range(len(rows)), key=lambda i: -rows[i].amount)[:keep])
    others = [row for i, row in enumerate(rows) if i not in chosen]
    whole = total([row.amount for row in rows])
    amount = total([row.amount for row in others])
    currency = rows[0].currency
    held = records_in(members, currency, {row.key for row in others})
    folded = Row((rest.format(len(others)),), currency, amount, held)
    folded.share = share(amount, whole)
    return [*(row for i, row in enumerate(rows) if i in chosen), folded]


def top(summary: Summary, count: int) -> Summary:
    """`--top N`: in each currency the N rows with the largest amounts, in their order, and
    the rest added up as one row (its key `OTHERS` and then empty values), so every total is
    unchanged; `summary.rest` says how many rows it holds."""
    kept: list[Row] = []
    rest = 0
    for grand in summary.totals:
        rows = [r for r in summary.rows if r.currency == grand.currency]
        largest = {id(r) for r in sorted(rows, key=lambda r: r.amount, reverse=True)[:count]}
        kept += [r for r in rows if id(r) in largest]
        others = [r for r in rows if id(r) not in largest]
        if others:
            rest = max(rest, len(others))
            row = Row((OTHERS, *[""] * (len(summary.by) - 1)), grand.currency, total([r.amount for r in others]))
            row.records = records_in(summary.members, grand.currency, {r.key for r in others})
            row.share = share(row.amount, grand.amount)
            kept.append(row)
    return replace(summary, rows=kept, rest=rest)


def _sort_key(key: Key) -> tuple[tuple[int, str], ...]:
    """Groups in a stable order: years ascending, unallocated/unspecified last."""
    return tuple(((1 if value in (UNSPECIFIED, UNALLOCATED) else 0), value) for value in key)
