"""What a change does to the money: the records of two revisions compared record by record,
each side's totals counted by summary's own rules, and the findings the change brings or
removes.

Each file's contribution is computed once from its bytes (`engine.file_facts`), keyed by
its path and git blob id: a record unchanged between the sides is read and checked once
for both. Per side, summary's `contribution` and `SummaryBuilder` count the totals (each
project once, currencies apart), so diff's totals are `esfproj summary`'s on each revision.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import struct
from collections import Counter
from collections.abc import Iterable
from decimal import Decimal
from functools import partial
from typing import Any, NamedTuple

from esfproj.cache import Store
from esfproj.checks import Context, dataset
from esfproj.checks.dates import ALWAYS
from esfproj.config import Config
from esfproj.discovery import is_record_name
from esfproj.engine import (
    NO_FINDINGS,
    FileFacts,
    cross_record_findings,
    file_facts,
    fingerprint,
    mapped,
    open_cache,
    place,
    stable_hash,
)
from esfproj.engine import unread as unread_file
from esfproj.errors import UsageError
from esfproj.gitrevs import Blob, Repository, reader_for
from esfproj.loader import too_large
from esfproj.model import FINDING_ORDER, Finding, Path, Severity, Unread, render_path
from esfproj.money import EXACT, allow_digits
from esfproj.record import Record, record_id
from esfproj.snapshot import Row, Snapshot
from esfproj.summary import (
    UNSPECIFIED,
    Contribution,
    Summary,
    SummaryBuilder,
    contribution,
    from_plain,
    plain,
    record_total,
)
from esfproj.text import shown

BASE, HEAD = "base", "head"
SIDES = (BASE, HEAD)
ADDED, REMOVED, CHANGED, MOVED = "added", "removed", "changed", "moved"
BY = ("fund", "source")
"""Each side is summarised once, by fund and source; the totals by either come from its rows."""


class Side(NamedTuple):
    """One side of the comparison: the revision as given (None: the working tree), its commit,
    and its record files."""

    rev: str | None
    commit: str | None
    blobs: list[Blob]


class Detail(NamedTuple):
    """What the comparison shows of a record that is not the same on both sides."""

    number: str | None
    title: str | None
    participant: str | None
    currency: str
    total: Decimal | None
    values: dict[str, str]
    """Every scalar by its path (`funding.parts[0].amount`), as text."""


class Seen(NamedTuple):
    """What the comparison keeps of one file (a path and its contents) once it is checked: a
    few bytes for a file the same on both sides (as the engine keeps per file), its findings
    and detail for one that is not."""

    number: int
    """A stable hash of the project number (0 for none): files sharing one are read again
    for the cross-record checks."""
    unread: Unread | None
    acknowledges_cross: bool
    findings: list[Finding]
    """Its own findings, for a file not the same on both sides (the others' are the same on both)."""
    detail: Detail | None
    counted: Contribution | None
    """What it adds to a summary by fund and source (until it is added)."""
    gaps: tuple[Unread, ...] = ()
    """Its amounts that cannot be read: counted without them, and named."""

    def left_out(self) -> tuple[Unread, ...]:
        """What no figure of its side includes: the file, or the amounts it cannot read."""
        return (self.unread,) if self.unread is not None else self.gaps


def examine(item: tuple[Blob, bool], root: str, config: Config, context: Context) -> Seen:
    """Read and check one file (from git or the working tree), keeping its detail when it is
    not the same on both sides; runs in the worker processes, each with its own `git cat-file`."""
    blob, differs = item
    facts = facts_of(blob, root, config, context)
    record = facts.record
    findings = facts.findings if differs else NO_FINDINGS
    if record is None:
        return Seen(0, facts.unread, False, findings, None, None)
    return Seen(
        stable_hash(record.number),
        None,
        any(a.check in dataset.IDS for a in record.acknowledged),
        findings,
        _detail(record) if differs else None,
        contribution(record, BY),
        facts.gaps,
    )


def facts_of(blob: Blob, root: str, config: Config, context: Context) -> FileFacts:
    allow_digits(config.limits.max_number_digits)  # a worker process may be new
    raw = read(blob, root, config.limits.max_file_bytes)
    if isinstance(raw, bytes):
        return file_facts(blob.path, raw, config, context)
    large = too_large(raw, config.limits)
    assert large is not None
    findings = place(blob.path, None, [large], (), config)
    return FileFacts(blob.path, b"", None, None, findings, None, unread_file(blob.path, large))


def read(blob: Blob, root: str, limit: int) -> bytes | int:
    """A file's contents, from git or the working tree, or its size when it is over `limit`."""
    if not blob.disk:
        return reader_for(root).read(blob.oid, limit)
    try:
        with open(blob.path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            return size if size > limit else handle.read()
    except OSError:
        return b""


def _detail(record: Record) -> Detail:
    return Detail(
        record.number,
        record.title,
        record.participant,
        record.currency,
        record_total(record),
        dict(scalars(record.data, ())),
    )


def scalars(data: Any, path: Path) -> Iterable[tuple[str, str]]:
    """Every scalar of a loaded record by its path, as text (an empty list or mapping is one)."""
    if isinstance(data, dict) and data:
        for key, value in data.items():
            yield from scalars(value, (*path, str(key)))
    elif isinstance(data, list) and data:
        for index, value in enumerate(data):
            yield from scalars(value, (*path, index))
    else:
        yield render_path(path), scalar_text(data)


def scalar_text(value: Any) -> str:
    """A loaded value as the record writes it, in YAML's words for booleans and null."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, Decimal)):
        return format(value, "f")
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    return str(value)


# --- the comparison -------------------------------------------------------------------


class Amounts(NamedTuple):
    """One figure on both sides and the change; None where it is unknown (a file not read)."""

    base: Decimal | None
    head: Decimal | None
    change: Decimal | None


class Group(NamedTuple):
    """One row of the totals: a fund or source (empty for the grand total) in one currency."""

    key: str
    currency: str
    amounts: Amounts


class Value(NamedTuple):
    path: str
    base: str | None
    head: str | None


class Entry(NamedTuple):
    """One record that is not the same on both sides."""

    id: str
    change: str
    files: dict[str, str | None]
    number: str | None
    title: str | None
    participant: str | None
    currency: str
    """HEAD's (BASE's when removed); `currencies` has each side's."""
    currencies: dict[str, str | None]
    total: Amounts
    counted: dict[str, bool | None]
    """Whether the record's money is in the side's totals (None: no record there)."""
    unread: dict[str, bool]
    values: list[Value]


class SideUnread(NamedTuple):
    side: str
    unread: Unread


class Comparison(NamedTuple):
    base: Side
    head: Side
    totals: list[Group]
    by_fund: list[Group]
    by_source: list[Group]
    entries: list[Entry]
    introduced: list[Finding]
    resolved: list[Finding]
    unread: list[SideUnread]

    @property
    def complete(self) -> bool:
        return not self.unread

    @property
    def brings_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.introduced)


def sides(repo: Repository, base: str, head: str | None, paths: list[str]) -> tuple[Side, Side]:
    """The record files of BASE and of HEAD (None: the working tree) under `paths`."""
    specs = repo.pathspecs(paths)
    files = {os.path.abspath(p) for p in paths}

    def records(blobs: list[Blob]) -> list[Blob]:
        return [b for b in blobs if is_record_name(os.path.basename(b.path)) or os.path.abspath(b.path) in files]

    base_commit = repo.commit(base)
    left = Side(base, base_commit, records(repo.tree(base_commit, specs)))
    if head is None:
        in_base = {(b.path, b.oid): b for b in left.blobs}  # an edit undone: the same file as BASE's
        edited = [in_base.get((b.path, b.oid), b) for b in records(repo.working_tree(specs))]
        right = Side(None, None, edited)
    else:
        head_commit = repo.commit(head)
        right = Side(head, head_commit, records(repo.tree(head_commit, specs)))
    for path in paths:  # as summary says of a path that does not exist
        if not os.path.exists(path) and not any(_within(b.path, path) for b in (*left.blobs, *right.blobs)):
            raise UsageError(
                f"{shown(path)}: no such file or directory, on either side",
                lv=f"{shown(path)}: nav tāda faila vai mapes ne vienā, ne otrā pusē",
            )
    return left, right


def _within(file: str, path: str) -> bool:
    full, top = os.path.abspath(file), os.path.abspath(path)
    return full == top or full.startswith(top.rstrip(os.sep) + os.sep)


def compare(
    repo: Repository,
    base: Side,
    head: Side,
    *,
    paths: list[str],
    config: Config,
    as_of: datetime.date,
    jobs: int | None,
) -> Comparison:
    """Check each distinct file of the two sides once and compare them."""
    allow_digits(config.limits.max_number_digits)
    context = Context(as_of=as_of, tolerance=config.sum_tolerance)
    pairs = {BASE: set(base.blobs), HEAD: set(head.blobs)}
    same = pairs[BASE] & pairs[HEAD]
    items = sorted(pairs[BASE] | pairs[HEAD])
    builders = {side: SummaryBuilder(BY) for side in SIDES}
    seen: dict[Blob, Seen] = {}
    memory = Remembered.open(config, paths)
    known = [memory.find(blob) if blob in same else None for blob in items]
    check = partial(examine, root=repo.root, config=config, context=context)
    fresh = mapped(check, [(b, b not in same) for b, k in zip(items, known, strict=True) if k is None], jobs)
    for blob, where in zip(items, known, strict=True):
        found = memory.seen(blob, where) if where is not None else next(fresh)
        for side in SIDES:
            if blob in pairs[side] and found.counted is not None:
                builders[side].add(found.counted)
        memory.keep(blob, found, [side for side in SIDES if blob in pairs[side]])
        seen[blob] = found._replace(counted=None)  # added: not kept
    memory.close()
    summaries = {side: builders[side].result() for side in SIDES}
    unread = [
        SideUnread(side, u)
        for side, info in ((BASE, base), (HEAD, head))
        for blob in info.blobs
        for u in seen[blob].left_out()
    ]
    entries, owner = _entries(base, head, seen, paths, summaries)
    cross = _cross({BASE: base, HEAD: head}, seen, repo.root, config, context, jobs)
    introduced, resolved = _findings(base, head, seen, cross, owner)
    return Comparison(
        base,
        head,
        _groups(summaries[BASE], summaries[HEAD], None),
        _groups(summaries[BASE], summaries[HEAD], 0),
        _groups(summaries[BASE], summaries[HEAD], 1),
        entries,
        introduced,
        resolved,
        unread,
    )


class Remembered:
    """What the last `esfproj diff` with these paths and settings learnt of each file of its
    two sides, kept as run snapshots (`esfproj.snapshot`), a file found by its path and git
    blob id rather than its stat data: a file the same on both sides (so its findings and
    values are not shown) and already seen is not read again. The cache's switches apply."""

    def __init__(self, store: Store | None, key: bytes, previous: list[Snapshot]) -> None:
        self.store, self.key = store, key
        self.previous = [(snapshot, {file: at for at, file in enumerate(snapshot.files)}) for snapshot in previous]
        self.fresh = {side: Snapshot(1) for side in SIDES}
        self.served: dict[Blob, Row] = {}
        """The rows `seen` found, until `keep` keeps them again (not made anew)."""

    @classmethod
    def open(cls, config: Config, paths: list[str]) -> Remembered:
        store = open_cache(config)
        if store is None:
            return cls(None, b"", [])
        key = hashlib.blake2b(fingerprint(config), digest_size=16)
        key.update(repr(("diff", os.getcwd(), paths)).encode("utf-8", "surrogateescape"))
        kept = [store.snapshot(key.digest() + side.encode()) for side in SIDES]
        previous = [s for s in (Snapshot.loads(k, 1) for k in kept if k is not None) if s is not None]
        return cls(store, key.digest(), previous)

    def find(self, blob: Blob) -> tuple[Snapshot, int] | None:
        """Where the last run kept what it learnt of this file (its path and contents), if it did."""
        vouching = _vouching(blob)
        return next(
            (
                (snapshot, at)
                for snapshot, where in self.previous
                if (at := where.get(blob.path)) is not None and tuple(snapshot.stats[4 * at : 4 * at + 4]) == vouching
            ),
            None,
        )

    def seen(self, blob: Blob, where: tuple[Snapshot, int]) -> Seen:
        """What the last run learnt of this file (where `find` found it)."""
        row = self.served[blob] = where[0].row(where[1])
        counted = from_plain(row.item)[0] if row.item is not None else None
        return Seen(row.hashes[0], row.unread, row.acknowledges, NO_FINDINGS, None, counted, row.gaps)

    def keep(self, blob: Blob, seen: Seen, sides: list[str]) -> None:
        """Keep what was learnt of `blob` in the snapshot of each side it is on (each side's
        files come in path order, as `compare` takes them)."""
        if self.store is None:
            return
        row = self.served.pop(blob, None)
        if row is not None:
            self._add(blob, row, sides)
            return
        item = plain([seen.counted]) if seen.counted is not None else None
        row = Row(
            [],
            seen.counted is not None,
            (seen.number,),
            seen.acknowledges_cross,
            seen.unread,
            seen.gaps,
            ALWAYS,
            0,
            item,
        )
        self._add(blob, row, sides)

    def _add(self, blob: Blob, row: Row, sides: list[str]) -> None:
        vouching = _vouching(blob)
        for side in sides:
            self.fresh[side].add(blob.path, vouching, row)

    def close(self) -> None:
        """Keep what this run learnt, a snapshot per side, for the next."""
        if self.store is None:
            return
        for side, snapshot in self.fresh.items():
            self.store.keep_snapshot(self.key + side.encode(), snapshot.dumps())
        self.store.close()


def _vouching(blob: Blob) -> tuple[int, ...]:
    """Four numbers that stand for a blob's contents, as a file's stat data do in a snapshot."""
    return struct.unpack("<4q", hashlib.blake2b(blob.oid.encode(), digest_size=32).digest())


def _groups(base: Summary, head: Summary, field: int | None) -> list[Group]:
    """The totals (`field` None), or the rows by fund (0) or source (1): the rows of the
    summary by fund and source added up by one of them, which is what summary gives by that
    field alone (every grouping is built from the same pieces, so a row is the sum of the
    rows beneath it)."""

    def amounts(summary: Summary) -> dict[tuple[str, str], Decimal]:
        if field is None:
            return {("", t.currency): t.amount for t in summary.totals}
        added: dict[tuple[str, str], Decimal] = {}
        for row in summary.rows:
            key = (row.key[field], row.currency)
            added[key] = EXACT.add(added.get(key, Decimal(0)), row.amount)
        return added

    left, right = amounts(base), amounts(head)
    zero = Decimal("0.00")
    groups = []
    for key, currency in sorted(left.keys() | right.keys(), key=lambda k: (k[1], k[0] == UNSPECIFIED, k[0])):
        a, b = left.get((key, currency), zero), right.get((key, currency), zero)
        groups.append(Group(key, currency, Amounts(a, b, EXACT.subtract(b, a))))
    return groups


def entry_id(path: str, roots: list[str]) -> str:
    """A record's id in the comparison: its path within the data folder that holds it, less
    the suffix (`data/projects/sub/x.yaml` -> `sub/x`); a file given itself, its name."""
    return entry_ids([path], roots)[0]


def entry_ids(files: list[str], roots: list[str]) -> list[str]:
    """`entry_id` of each file, the folders' absolute paths worked out once (100 000 files
    would take seconds of `abspath` and `relpath`)."""
    cwd = os.getcwd()
    tops = sorted((os.path.join(os.path.abspath(root), "") for root in roots), key=len, reverse=True)
    ids = []
    for path in files:
        full = os.path.normpath(os.path.join(cwd, path))
        top = next((t for t in tops if full.startswith(t)), None)
        ids.append(os.path.splitext(full[len(top) :] if top is not None else os.path.basename(path))[0])
    return ids


def _entries(
    base: Side,
    head: Side,
    seen: dict[Blob, Seen],
    paths: list[str],
    summaries: dict[str, Summary],
) -> tuple[list[Entry], dict[Blob, str]]:
    """The records that are not the same on both sides, by id; and the id each file belongs to."""
    by_id = {
        side: dict(zip(entry_ids([b.path for b in info.blobs], paths), info.blobs, strict=True))
        for side, info in ((BASE, base), (HEAD, head))
    }
    owner = {b: i for side in SIDES for i, b in by_id[side].items()}
    counted = {side: {f for t in summaries[side].totals for f in t.records} for side in SIDES}
    gone = {i: b for i, b in by_id[BASE].items() if i not in by_id[HEAD]}
    new = {i: b for i, b in by_id[HEAD].items() if i not in by_id[BASE]}
    moved: dict[str, str] = {}  # head id -> base id
    by_content: dict[str, str] = {}
    for i, b in gone.items():
        by_content.setdefault(b.oid, i)
    for i, b in new.items():
        if b.oid in by_content:
            moved[i] = by_content.pop(b.oid)
    entries = []
    for i in sorted(by_id[BASE].keys() | by_id[HEAD].keys()):
        left, right = by_id[BASE].get(i), by_id[HEAD].get(i)
        if i in moved.values():
            continue
        if i in moved:
            left, kind = by_id[BASE][moved[i]], MOVED
            owner[left] = i
        elif left is not None and right is not None:
            if left.oid == right.oid:
                continue
            kind = CHANGED
        else:
            kind = ADDED if left is None else REMOVED
        blobs = {BASE: left, HEAD: right}
        entries.append(_entry(i, kind, blobs, seen, counted))
    return entries, owner


def _entry(
    id: str,
    kind: str,
    blobs: dict[str, Blob | None],
    seen: dict[Blob, Seen],
    counted: dict[str, set[str]],
) -> Entry:
    details = {s: seen[b].detail if b is not None else None for s, b in blobs.items()}
    about = details[HEAD] or details[BASE]
    unread = {s: b is not None and seen[b].unread is not None for s, b in blobs.items()}
    totals = {s: d.total if d is not None else None for s, d in details.items()}
    currencies = {d.currency for s, d in details.items() if d is not None and totals[s] is not None}
    change = None
    if not any(unread.values()) and len(currencies) <= 1:
        change = EXACT.subtract(totals[HEAD] or Decimal("0.00"), totals[BASE] or Decimal("0.00"))
    values: list[Value] = []
    before, after = details[BASE], details[HEAD]
    if kind == CHANGED and before is not None and after is not None:
        left, right = before.values, after.values
        order = [*left, *(p for p in right if p not in left)]
        values = [Value(p, left.get(p), right.get(p)) for p in order if left.get(p) != right.get(p)]
    return Entry(
        id,
        kind,
        {s: b.path if b is not None else None for s, b in blobs.items()},
        about.number if about else None,
        about.title if about else None,
        about.participant if about else None,
        about.currency if about else "EUR",
        {s: d.currency if d is not None else None for s, d in details.items()},
        Amounts(totals[BASE], totals[HEAD], change),
        {s: (shown(b.path) in counted[s]) if b is not None and not unread[s] else None for s, b in blobs.items()},
        unread,
        values,
    )


def _cross(
    sides: dict[str, Side], seen: dict[Blob, Seen], root: str, config: Config, context: Context, jobs: int | None
) -> dict[str, dict[str, list[Finding]]]:
    """Each side's cross-record findings (`engine.cross_record_findings`). Only the files that
    can have one (sharing a project number or an id with another, or acknowledging a
    cross-record check) are read again for their text and record, once for both sides; the
    others are passed without them, as `engine.CrossRecordChecks` does."""
    wanted: set[Blob] = set()
    for info in sides.values():
        numbers = Counter(seen[b].number for b in info.blobs)
        named = [record_id(b.path) for b in info.blobs]
        ids = Counter(named)
        wanted.update(
            b
            for b, name in zip(info.blobs, named, strict=True)
            if seen[b].acknowledges_cross or ids[name] > 1 or (seen[b].number and numbers[seen[b].number] > 1)
        )
    again = sorted(wanted)
    whole = dict(
        zip(again, mapped(partial(facts_of, root=root, config=config, context=context), again, jobs), strict=True)
    )

    def facts(blob: Blob) -> FileFacts:
        # a file that can have no cross-record finding: its name (for the ids), no record
        return whole.get(blob) or FileFacts(blob.path, b"", None, None, [], None, seen[blob].unread)

    return {side: cross_record_findings([facts(b) for b in info.blobs], config) for side, info in sides.items()}


def _findings(
    base: Side,
    head: Side,
    seen: dict[Blob, Seen],
    cross: dict[str, dict[str, list[Finding]]],
    owner: dict[Blob, str],
) -> tuple[list[Finding], list[Finding]]:
    """The unacknowledged findings only one side has: those the change introduces (head) and
    resolves (base). A finding is matched by its record, check, path and message, not its
    line, so one that moves with an edit above it is neither."""

    def side_findings(side: str, info: Side) -> list[tuple[tuple[str, ...], Finding]]:
        out: list[tuple[tuple[str, ...], Finding]] = []
        for blob in info.blobs:
            for finding in [*seen[blob].findings, *cross[side].get(blob.path, [])]:
                if not finding.acknowledged:
                    identity = (owner.get(blob, blob.path), finding.check, finding.path, finding.message.render(False))
                    out.append((identity, finding))
        return out

    left, right = side_findings(BASE, base), side_findings(HEAD, head)
    before, after = Counter(i for i, _ in left), Counter(i for i, _ in right)
    introduced = _only(right, before)
    resolved = _only(left, after)
    return sorted(introduced, key=FINDING_ORDER), sorted(resolved, key=FINDING_ORDER)


def _only(found: list[tuple[tuple[str, ...], Finding]], other: Counter[tuple[str, ...]]) -> list[Finding]:
    left = Counter(other)
    out = []
    for identity, finding in found:
        if left[identity]:
            left[identity] -= 1
        else:
            out.append(finding)
    return out
