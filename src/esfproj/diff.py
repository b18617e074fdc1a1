"""What a change does to the money: the records of two revisions compared record by record,
each side's totals counted by summary's own rules, and the findings the change brings or
removes.

BASE's records are kept per commit (a run snapshot, with its totals folded by summary's
`SummaryFold`, so diff's totals are `esfproj summary`'s on each revision); HEAD is what git
says differs from them, and only those files are read and checked, on both sides.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import struct
from array import array
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import partial
from itertools import chain
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
from esfproj.loader import too_large, unreadable
from esfproj.model import FINDING_ORDER, Finding, Path, Problem, Severity, Unread, render_path
from esfproj.money import EXACT, allow_digits
from esfproj.record import Record, record_id, record_total
from esfproj.snapshot import PackedColumn, Row, Snapshot, positions
from esfproj.summary import (
    UNSPECIFIED,
    Contribution,
    KeptTotals,
    Summary,
    SummaryFold,
    contribution,
    plain,
)
from esfproj.text import shown

BASE, HEAD = "base", "head"
SIDES = (BASE, HEAD)
ADDED, REMOVED, CHANGED, MOVED = "added", "removed", "changed", "moved"
BY = ("fund", "source")
"""Each side is summarised once, by fund and source; the totals by either come from its rows."""


class Side(NamedTuple):
    """One side of the comparison: the revision as given (None: the working tree) and its commit."""

    rev: str | None
    commit: str | None


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
    problem = raw if isinstance(raw, Problem) else too_large(raw, config.limits)
    assert problem is not None
    findings = place(blob.path, None, [problem], (), config)
    return FileFacts(blob.path, b"", None, None, findings, None, unread_file(blob.path, problem))


def read(blob: Blob, root: str, limit: int) -> bytes | int | Problem:
    """A file's contents, from git or the working tree, or its size when it is over `limit`,
    or why a file of the working tree cannot be read."""
    if not blob.disk:
        return reader_for(root).read(blob.oid, limit)
    try:
        with open(blob.path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            return size if size > limit else handle.read()
    except OSError as error:
        return unreadable(error)


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
    head_files: list[str]
    """Every record file of HEAD (what the output must never be written over)."""
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


def sides(repo: Repository, base: str, head: str | None) -> tuple[Side, Side]:
    """BASE's and HEAD's revision and commit (HEAD None: the working tree)."""
    return Side(base, repo.commit(base)), Side(head, repo.commit(head) if head is not None else None)


class Records:
    """Which of git's files are records: the YAML files, and any file given by its path."""

    def __init__(self, paths: list[str]) -> None:
        self.given = {os.path.abspath(p) for p in paths}

    def __call__(self, blob: Blob | None) -> Blob | None:
        if blob is None or is_record_name(os.path.basename(blob.path)) or os.path.abspath(blob.path) in self.given:
            return blob
        return None


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
    """BASE's records as kept for its commit (or read once, then kept), and HEAD as git's list
    of the files that differ from them: only those are read and checked, on both sides. Each
    side's totals are BASE's kept totals (`SummaryFold`), HEAD's updated by the projects
    whose records differ; the cross-record findings are compared over the records that
    share a project number or an id with a record that differs (elsewhere they are the same
    on both sides)."""
    assert base.commit is not None
    allow_digits(config.limits.max_number_digits)
    context = Context(as_of=as_of, tolerance=config.sum_tolerance)
    specs = repo.pathspecs(paths)
    record = Records(paths)
    kept = _kept(repo, base.commit, specs, paths, config=config, context=context, jobs=jobs, record=record)
    pairs = [(record(left), record(right)) for left, right in repo.changes(base.commit, head.commit, specs)]
    pairs = [(left, right) for left, right in pairs if left is not None or right is not None]
    _exists(paths, kept.files, pairs)
    differing = sorted({blob for pair in pairs for blob in pair if blob is not None})
    check = partial(examine, root=repo.root, config=config, context=context)
    seen = dict(zip(differing, mapped(check, [(blob, True) for blob in differing], jobs), strict=True))
    head_side = _head(kept, pairs, seen)
    fold = SummaryFold((BY,), None, FOLD)
    summaries = {BASE: kept.folded.totals.sums[0].result()}
    base_groups = {field: _amounts(summaries[BASE], field) for field in (None, 0, 1)}
    counted = {BASE: fold.counted(kept.folded.totals, kept, _at(kept.files, [b for b, _ in pairs]))}
    head_totals = fold.update(kept.folded.totals, kept, head_side, head_side.carried)
    summaries[HEAD] = head_totals.sums[0].result()
    counted[HEAD] = fold.counted(head_totals, head_side, _at(head_side.files, [b for _, b in pairs]))
    entries, owner = _entries(pairs, seen, paths, counted)
    cross = _cross(repo, kept, pairs, seen, config=config, context=context)
    introduced, resolved = _findings(pairs, seen, cross, owner)
    totals, by_fund, by_source = (_groups(base_groups[f], _amounts(summaries[HEAD], f)) for f in (None, 0, 1))
    unread = _unread(kept, head_side, pairs, seen)
    return Comparison(base, head, head_side.files, totals, by_fund, by_source, entries, introduced, resolved, unread)


FOLD = "diff: by fund and source"
"""What a diff folds its records' contributions into (`SummaryFold`'s key)."""


def _kept(
    repo: Repository,
    commit: str,
    specs: list[str],
    paths: list[str],
    *,
    config: Config,
    context: Context,
    jobs: int | None,
    record: Records,
) -> Snapshot:
    """BASE's records as a run snapshot (`esfproj.snapshot`): each file's contribution, what
    it leaves out, its project number's and id's hashes, and the totals folded; kept in the
    cache for the commit, made once (its files found by path and blob id in the snapshot of
    the last commit made, so only the files that differ from that are read)."""
    store = open_cache(config)
    key = hashlib.blake2b(fingerprint(config), digest_size=16)
    key.update(repr(("diff", os.getcwd(), paths)).encode("utf-8", "surrogateescape"))
    last_key = key.digest() + b"last"
    try:
        own_key = key.digest() + commit.encode()
        found = _loaded(store, own_key)
        if found is not None and found.folded is not None:
            return found
        last_commit = store.snapshot(last_key) if store is not None else None
        previous = _loaded(store, key.digest() + last_commit) if last_commit else None
        made = _made(
            [b for b in map(record, repo.tree(commit, specs)) if b is not None], previous, repo, config, context, jobs
        )
        if store is not None:
            store.keep_snapshot(own_key, made.dumps())
            store.keep_snapshot(last_key, commit.encode())
        return made
    finally:
        if store is not None:
            store.close()


def _loaded(store: Store | None, key: bytes) -> Snapshot | None:
    kept = store.snapshot(key) if store is not None else None
    return Snapshot.loads(kept, 1) if kept is not None else None


def _made(
    blobs: list[Blob], previous: Snapshot | None, repo: Repository, config: Config, context: Context, jobs: int | None
) -> Snapshot:
    """The snapshot of `blobs`: each file's row taken from `previous` where it holds the same
    path with the same contents, else read and checked."""
    vouching = array("q", chain.from_iterable(map(_vouching, blobs)))
    day = context.as_of.toordinal()  # every row holds on every day (ALWAYS)
    files = [blob.path for blob in blobs]
    known = previous.served(files, vouching, day) if previous is not None else [None] * len(blobs)
    check = partial(examine, root=repo.root, config=config, context=context)
    fresh = mapped(check, [(b, False) for b, at in zip(blobs, known, strict=True) if at is None], jobs)
    made, oids = Snapshot(1), PackedColumn()
    for position, (blob, at) in enumerate(zip(blobs, known, strict=True)):
        row = previous.row(at) if previous is not None and at is not None else _row(blob, next(fresh))
        made.add(blob.path, vouching[4 * position : 4 * position + 4], row)
        oids.append(blob.oid)
    made.folded = BaseFold(SummaryFold((BY,), None, FOLD).build(made.files, made.items), oids)
    return made


class BaseFold(NamedTuple):
    """What BASE's snapshot keeps besides its rows: the totals folded (`SummaryFold`) and
    each file's blob id, to read an unchanged record again by it."""

    totals: KeptTotals
    oids: PackedColumn


def _row(blob: Blob, seen: Seen) -> Row:
    """What a snapshot keeps of a file seen."""
    item = plain([seen.counted]) if seen.counted is not None else None
    hashed = stable_hash(record_id(blob.path))
    unread, gaps = seen.unread, seen.gaps
    return Row([], item is not None, (seen.number,), seen.acknowledges_cross, unread, gaps, ALWAYS, hashed, item)


def _vouching(blob: Blob) -> tuple[int, ...]:
    """Four numbers that stand for a blob's contents, as a file's stat data do in a snapshot."""
    return struct.unpack("<4q", hashlib.blake2b(blob.oid.encode(), digest_size=32).digest())


def _exists(paths: list[str], files: list[str], pairs: list[tuple[Blob | None, Blob | None]]) -> None:
    """As summary says of a path that does not exist: a usage error for a path on neither side."""
    for path in paths:
        if os.path.exists(path):
            continue
        if not any(_within(file, path) for file in [*files, *(b.path for pair in pairs for b in pair if b)]):
            raise UsageError(
                f"{shown(path)}: no such file or directory, on either side",
                lv=f"{shown(path)}: nav tāda faila vai mapes ne vienā, ne otrā pusē",
            )


def _within(file: str, path: str) -> bool:
    full, top = os.path.abspath(file), os.path.abspath(path)
    return full == top or full.startswith(top.rstrip(os.sep) + os.sep)


class HeadSide:
    """HEAD's record files as BASE's (`kept`) with the files that differ put in: what
    `SummaryFold.update` reads of a side. `carried[i]`: the position in BASE of HEAD's file
    `i`, None for one that differs."""

    def __init__(self, files: list[str], carried: list[int | None], base: Snapshot, own: dict[int, Any]) -> None:
        self.files, self.carried, self.base, self.own = files, carried, base, own

    @property
    def items(self) -> _Items:
        return _Items(self)


class _Items:
    """HEAD's items (a `snapshot.Column`): BASE's, or the file's own where it differs."""

    def __init__(self, side: HeadSide) -> None:
        self.side = side

    def __len__(self) -> int:
        return len(self.side.files)

    def __getitem__(self, at: int) -> Any:
        index = self.side.carried[at]
        return self.side.own.get(at) if index is None else self.side.base.items[index]


def _head(kept: Snapshot, pairs: list[tuple[Blob | None, Blob | None]], seen: dict[Blob, Seen]) -> HeadSide:
    """HEAD's side: BASE's files with those that differ taken out and HEAD's put in."""
    heads = {right.path: right for _, right in pairs if right is not None}
    lefts = {left.path for left, _ in pairs if left is not None}
    if heads.keys() == lefts:  # edits only: the same files
        files = kept.files
        carried: list[int | None] = list(range(len(files)))
        for path in heads:
            carried[bisect_left(files, path)] = None
    else:
        position = {file: at for at, file in enumerate(kept.files)}
        files = sorted((position.keys() - lefts) | heads.keys())
        carried = [None if file in heads else position[file] for file in files]
    own = {}
    for at in positions(carried, {None}):
        counted = seen[heads[files[at]]].counted
        own[at] = plain([counted]) if counted is not None else None
    return HeadSide(files, carried, kept, own)


def _at(files: Sequence[str], blobs: list[Blob | None]) -> list[int]:
    """The positions in `files` (sorted) of the blobs' files that are there."""
    given = [blob.path for blob in blobs if blob is not None]
    found = [bisect_left(files, path) for path in given]
    return [at for at, path in zip(found, given, strict=True) if at < len(files) and files[at] == path]


def _amounts(summary: Summary, field: int | None) -> dict[tuple[str, str], Decimal]:
    """A side's totals (`field` None), or its rows by fund (0) or source (1): the rows of the
    summary by fund and source added up by one of them, which is what summary gives by that
    field alone (every grouping is built from the same pieces, so a row is the sum of the
    rows beneath it)."""
    if field is None:
        return {("", t.currency): t.amount for t in summary.totals}
    added: dict[tuple[str, str], Decimal] = {}
    for row in summary.rows:
        key = (row.key[field], row.currency)
        added[key] = EXACT.add(added.get(key, Decimal(0)), row.amount)
    return added


def _groups(left: dict[tuple[str, str], Decimal], right: dict[tuple[str, str], Decimal]) -> list[Group]:
    """The rows of both sides' amounts (`_amounts`), with the change."""
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
    pairs: list[tuple[Blob | None, Blob | None]],
    seen: dict[Blob, Seen],
    paths: list[str],
    counted: dict[str, set[str]],
) -> tuple[list[Entry], dict[Blob, str]]:
    """The records that are not the same on both sides, by id; and the id each file belongs to."""
    blobs = {BASE: [b for b, _ in pairs if b is not None], HEAD: [b for _, b in pairs if b is not None]}
    by_id = {side: _by_id(found, paths) for side, found in blobs.items()}
    owner = {b: i for side in SIDES for i, b in by_id[side].items()}
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
            kind = CHANGED
        else:
            kind = ADDED if left is None else REMOVED
        entries.append(_entry(i, kind, {BASE: left, HEAD: right}, seen, counted))
    return entries, owner


def _by_id(blobs: list[Blob], paths: list[str]) -> dict[str, Blob]:
    return dict(zip(entry_ids([b.path for b in blobs], paths), blobs, strict=True))


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
        {s: (b.path in counted[s]) if b is not None and not unread[s] else None for s, b in blobs.items()},
        unread,
        values,
    )


def _cross(
    repo: Repository,
    kept: Snapshot,
    pairs: list[tuple[Blob | None, Blob | None]],
    seen: dict[Blob, Seen],
    *,
    config: Config,
    context: Context,
) -> dict[str, dict[str, list[Finding]]]:
    """Each side's cross-record findings (`engine.cross_record_findings`) over the records that
    differ and every record that shares a project number or an id with one: a record that
    shares neither has the same cross-record findings on both sides. The unchanged ones are
    read once (by their blob id in BASE), for both."""
    differing = [b for pair in pairs for b in pair if b is not None]
    numbers = {seen[b].number for b in differing} - {0}
    ids = {stable_hash(record_id(b.path)) for b in differing}
    paths = {b.path for b in differing}
    around = sorted({*positions(kept.hashes[0], numbers), *positions(kept.ids, ids)})
    unchanged = [at for at in around if kept.files[at] not in paths]
    read = partial(facts_of, root=repo.root, config=config, context=context)
    same = [read(Blob(kept.files[at], kept.folded.oids[at])) for at in unchanged]
    sides = {BASE: [b for b, _ in pairs if b is not None], HEAD: [b for _, b in pairs if b is not None]}
    return {side: cross_record_findings([*same, *map(read, blobs)], config) for side, blobs in sides.items()}


def _findings(
    pairs: list[tuple[Blob | None, Blob | None]],
    seen: dict[Blob, Seen],
    cross: dict[str, dict[str, list[Finding]]],
    owner: dict[Blob, str],
) -> tuple[list[Finding], list[Finding]]:
    """The unacknowledged findings only one side has: those the change introduces (head) and
    resolves (base). A finding is matched by its record, check, path and message, not its
    line, so one that moves with an edit above it is neither. A record that is the same on
    both sides has the same own findings on both: only cross-record ones can differ."""

    def side_findings(side: str, blobs: list[Blob]) -> list[tuple[tuple[str, ...], Finding]]:
        records = {b.path: owner.get(b, b.path) for b in blobs}
        found = [finding for b in blobs for finding in seen[b].findings]
        found += [finding for findings in cross[side].values() for finding in findings]
        return [
            ((records.get(f.file, f.file), f.check, f.path, f.message.render(False)), f)
            for f in found
            if not f.acknowledged
        ]

    left = side_findings(BASE, [b for b, _ in pairs if b is not None])
    right = side_findings(HEAD, [b for _, b in pairs if b is not None])
    before, after = Counter(i for i, _ in left), Counter(i for i, _ in right)
    return sorted(_only(right, before), key=FINDING_ORDER), sorted(_only(left, after), key=FINDING_ORDER)


def _unread(
    kept: Snapshot, head: HeadSide, pairs: list[tuple[Blob | None, Blob | None]], seen: dict[Blob, Seen]
) -> list[SideUnread]:
    """What no figure of a side includes (files not read, amounts that cannot be read): BASE's
    as kept, HEAD's the same for the files that are the same, in each side's file order."""

    def kept_left_out(at: int) -> tuple[Unread, ...]:
        return (kept.unread[at],) if at in kept.unread else kept.gaps.get(at, ())

    marked = sorted({*kept.unread, *kept.gaps})
    found = [SideUnread(BASE, u) for at in marked for u in kept_left_out(at)]
    differing = {b.path for pair in pairs for b in pair if b is not None}
    head_left_out = [(kept.files[at], kept_left_out(at)) for at in marked if kept.files[at] not in differing]
    head_left_out += [(b.path, seen[b].left_out()) for _, b in pairs if b is not None]
    found += [SideUnread(HEAD, u) for _, left_out in sorted(head_left_out) for u in left_out]
    return found


def _only(found: list[tuple[tuple[str, ...], Finding]], other: Counter[tuple[str, ...]]) -> list[Finding]:
    left = Counter(other)
    out = []
    for identity, finding in found:
        if left[identity]:
            left[identity] -= 1
        else:
            out.append(finding)
    return out
