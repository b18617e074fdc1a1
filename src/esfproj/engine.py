"""load -> schema -> checks -> acknowledgements -> located findings, for every file."""

from __future__ import annotations

import datetime
import hashlib
import os
import pickle
import sys
from array import array
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache, partial
from itertools import islice
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

from esfproj import __version__, interrupts
from esfproj.cache import Fresh, Stat, Store
from esfproj.checks import ALL, DATED_CHECKS, RECORD_CHECKS, Context, dataset
from esfproj.checks.acknowledged import acknowledge
from esfproj.checks.dates import ALWAYS, dated_span
from esfproj.config import Config
from esfproj.discovery import Exclude, Found, discover, trusted, unchanged
from esfproj.kept import Content, kept, restored
from esfproj.loader import Positions, decode, locate, parse, position_of, read_bytes, read_text
from esfproj.model import FINDING_ORDER, Finding, Path, Problem, Severity, Unread, ValidationResult, render_path
from esfproj.money import allow_digits
from esfproj.record import Acknowledgement, Record, at, build, record_id, unreadable_amounts, with_money
from esfproj.schema import SCHEMA, schema_problems
from esfproj.snapshot import UNTRUSTED, Column, Row, Snapshot, positions
from esfproj.statdata import NOW_UNKNOWN, file_stats, vouching
from esfproj.text import shown

Item = TypeVar("Item")


class CrossTrace(NamedTuple):
    """What the cross-record checks keep of one file while the run goes: a few bytes, not the record."""

    hashes: tuple[int, ...]
    """A stable hash of each value in `dataset.GROUPED_BY` (0 for none)."""
    acknowledges: bool
    """The record acknowledges a cross-record check."""


NO_TRACE = CrossTrace((0,) * len(dataset.GROUPED_BY), False)


def trace(record: Record) -> CrossTrace:
    return CrossTrace(
        tuple(stable_hash(value(record)) for value in dataset.GROUPED_BY),
        any(a.check in dataset.IDS for a in record.acknowledged),
    )


class FileOutcome(NamedTuple, Generic[Item]):
    """One file, checked alone: what the run keeps of it (the few files with findings
    have them) and what the caller's `extract` made of its record."""

    file: str
    findings: list[Finding]
    is_record: bool
    trace: CrossTrace
    item: Item | None = None
    unread: Unread | None = None
    """Why the file could not be read as a record (None when it was)."""
    gaps: tuple[Unread, ...] = ()
    """The record's amounts that could not be read: it is counted without them."""
    holds: tuple[int, int] = ALWAYS
    """The first and last day (ordinals) over which the dated checks give the same."""


NO_FINDINGS: list[Finding] = []  # shared by every clean file, never changed


def stable_hash(text: str | None) -> int:
    """The same 64-bit hash in every process (str hashes differ between processes)."""
    if text is None:
        return 0
    encoded = text.encode("utf-8", "surrogateescape")  # file names need not be UTF-8
    return int.from_bytes(hashlib.blake2b(encoded, digest_size=8).digest(), "big", signed=True) or 1


def content_digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def content(raw: bytes, config: Config, context: Context, located: bool = False) -> tuple[Content, str | None]:
    """Run every check of one record that depends only on its bytes (a file's, a git blob's,
    an editor buffer's); and its text. `located`: give every problem its line and column
    now (read again as far as each is written, for the files that have problems), as the
    cache keeps them."""
    allow_digits(config.limits.max_number_digits)  # here too: a worker process may be new
    digest = content_digest(raw)
    text, problems = decode(raw)
    if text is None:
        return Content(digest, tuple(problems), None, problems[-1]), None
    loaded = parse(text, config.limits)
    problems.extend(loaded.problems)
    if loaded.data is None:
        return Content(digest, tuple(problems), None, loaded.problems[-1]), text
    problems.extend(schema_problems(loaded.data, config.limits.max_number_digits))
    record = build(loaded.data, "")
    for run_check in RECORD_CHECKS:
        problems.extend(run_check(record, context))
    unreadable = unreadable_amounts(record)
    # each place read only as far as it is written (`_positions_of`), as a run that places
    # findings without the cache reads them: a whole second parse cost a cold run 1 % more
    unplaced = [_anchor(p) for p in problems if p.line is None] if located or unreadable else []
    positions = _positions_of(text, [*unreadable, *unplaced], config) if unreadable or unplaced else {}
    if positions:
        problems = [_located(p, positions) for p in problems]
    return Content(digest, tuple(problems), record, None, _gaps(record, unreadable, problems, positions)), text


def _positions(text: str, config: Config) -> Positions:
    return parse(text, config.limits, positions=True).positions or {}


def _located(problem: Problem, positions: Positions) -> Problem:
    if problem.line is not None:
        return problem
    line, column = locate(positions, _anchor(problem), problem.on_key)
    return problem._replace(line=line, column=column)


def _gaps(record: Record, paths: list[Path], problems: list[Problem], positions: Positions) -> tuple[Unread, ...]:
    """Each amount of the record that cannot be read (`paths`), named at its place: the record
    is counted, and every figure says that it leaves this money out."""
    named = []
    for path in paths:
        line, column = locate(positions, path, False)
        check = next((p.check for p in problems if p.path == path), SCHEMA.id)
        value = at(record.data, path)
        written = f"'{shown(str(value))}'" if value is not None else "empty"
        message = f"{render_path(path)}: {written} is not an amount; the record is counted without it"
        lv = f"{render_path(path)}: {written if value is not None else 'tukšs'} nav summa; ieraksts ieskaitīts bez tās"
        named.append(Unread("", line, column, check, message, "amount", lv))
    return tuple(named)


def unread(file: str, problem: Problem, kind: str = "file") -> Unread:
    message = problem.message
    return Unread(
        shown(file),
        problem.line or 1,
        problem.column or 1,
        problem.check,
        message.render(human=True),
        kind,
        message.render(human=True, lang="lv"),
    )


Extract = Callable[[Record], Item | None]
"""Turns a record into what a command needs; runs where the record is checked, so a
parallel run sends back only that (a summary's contribution, not the whole record). One
that reads only the record's fields and `money_of` (`summary`, `list`: `body=False` in
`run`) may be handed a record without its body, as the cache keeps every record."""

Text = str | Callable[[], str | None] | None
"""A file's text, or how to read it should positions be needed."""


def named(record: Record, file: str) -> Record:
    """A record of a `Content` under the name it is reported under."""
    name = shown(file)
    return record._replace(id=record_id(name), file=name)


def file_outcome(
    file: str,
    facts: Content,
    text: Text,
    config: Config,
    context: Context,
    *,
    extract: Extract[Item] | None = None,
    with_positions: bool = True,
) -> FileOutcome[Item]:
    """A file's outcome in this run: its content's problems, with the name's and the dated
    ones, under the configured policy and its own acknowledgements."""
    record = named(facts.record, file) if facts.record is not None else None
    problems = [*facts.problems, *dataset.id_problems(file)]
    if record is not None:
        for run_check in DATED_CHECKS:
            problems.extend(run_check(record, context))
    own = tuple(a for a in (record.acknowledged if record else ()) if a.check not in dataset.IDS)
    findings = place(file, text, problems, own, config, with_positions)
    name = shown(file)
    return FileOutcome(
        file,
        findings or NO_FINDINGS,
        record is not None,
        trace(record) if record is not None else NO_TRACE,
        extract(record) if extract is not None and record is not None else None,
        unread(file, facts.unread) if facts.unread is not None else None,
        tuple(gap._replace(file=name) for gap in facts.gaps),
        dated_span(record, context) if record is not None else ALWAYS,
    )


def place(
    file: str,
    text: Text,
    problems: list[Problem],
    acks: tuple[Acknowledgement, ...],
    config: Config,
    with_positions: bool = True,
) -> list[Finding]:
    """The configured policy applied once to each problem (severity, or switched off), its
    acknowledgement matched, and its line and column given.

    Finding positions takes a second parse of the file; commands that only count
    findings (summary, list, export) pass `with_positions=False` and get line 1, column 1.
    """
    enabled = [p for p in problems if severity(p.check, config) is not None]
    matched = acknowledge(enabled, acks, lambda check: config.severities.get(check, True) is not None)
    if not matched:
        return []
    positions: Positions = {}
    unplaced = [_anchor(p) for p, _ in matched if p.line is None]
    if with_positions and unplaced:
        source = text() if callable(text) else text
        positions = _positions_of(source, unplaced, config) if source is not None else {}
    name, rid = shown(file), shown(record_id(file))
    return [_finding(name, rid, problem, ack, positions, config) for problem, ack in matched]


def _anchor(problem: Problem) -> Path:
    return problem.anchor if problem.anchor is not None else problem.path


def _positions_of(text: str, anchors: list[Path], config: Config) -> Positions:
    """The positions of `anchors`: each read only as far as it is written (a few lines, for
    the dated checks' `status`), or, should one not be found so, the whole file's."""
    found = {anchor: position_of(text, anchor, config.limits.max_number_digits) for anchor in anchors}
    if all(position is not None for position in found.values()):
        return {anchor: position for anchor, position in found.items() if position is not None}
    return _positions(text, config)


def severity(check: str, config: Config) -> Severity | None:
    """The check's severity as configured (None: switched off), else its own."""
    return config.severities.get(check, ALL[check].severity)


def _finding(
    name: str, rid: str, problem: Problem, ack: Acknowledgement | None, positions: Positions, config: Config
) -> Finding:
    if problem.line is not None:
        line, column = problem.line, problem.column or 1
    else:
        line, column = locate(positions, _anchor(problem), problem.on_key)
    return Finding(
        file=name,
        line=line,
        column=column,
        record=rid,
        check=problem.check,
        severity=severity(problem.check, config) or ALL[problem.check].severity,
        path=render_path(problem.path),
        message=problem.message,
        expected=problem.expected,
        actual=problem.actual,
        acknowledged=ack is not None,
        note=ack.note if ack else None,
    )


def check_file(
    file: str,
    config: Config,
    context: Context,
    extract: Extract[Item] | None = None,
    with_positions: bool = True,
    *,
    keep: bool = False,
    whole: bool = False,
) -> tuple[FileOutcome[Item], Fresh | None]:
    """Read and check one file; with `keep`, also what the cache keeps of it (`whole`: the
    record with its body too, for an `extract` that reads it)."""
    raw = read_bytes(file, config.limits)
    if raw.data is None or raw.status is None:
        unreadable = Content(b"", tuple(raw.problems), None, raw.problems[-1])
        return file_outcome(file, unreadable, None, config, context), None
    # placed now only for a run that shows positions; the cache's entry of a run that only
    # counts findings is placed, from the file's text, by the first run served it that shows them
    facts, text = content(raw.data, config, context, located=keep and with_positions)
    if keep and facts.record is not None:  # the cache keeps its money: reckoned once, for `extract` too
        record = with_money(facts.record, unknown=bool(facts.gaps))  # a gap for each amount not read
        facts = Content(facts.digest, facts.problems, record, facts.unread, facts.gaps)
    outcome = file_outcome(file, facts, text, config, context, extract=extract, with_positions=with_positions)
    return outcome, (_fresh(vouching(raw.status), facts, whole) if keep else None)


def _fresh(stat: tuple[int, int, int, int] | None, facts: Content, whole: bool) -> Fresh:
    """What the cache keeps: the content, its record without its body but with its money
    (`kept.kept`), and (`whole`: for a command that extracts from the body) the record.
    Pickling the body takes a tenth of the time checking the record took, so only the first
    command that needs it (`export`, `report`, `show`) keeps it. (Kept whole, not as the
    data it is built from: that pickles in half the time, but is read back in twice the
    time, on every run of `export` and `report`.)"""
    record = facts.record
    if record is not None and record.money is None:  # reckoned by `check_file` already
        record = with_money(record)
        facts = facts._replace(record=record)
    body = pickle.dumps(record, pickle.HIGHEST_PROTOCOL) if whole else None  # None too: a file that is no record
    return Fresh(stat, facts.digest, kept(facts), body)


class FileFacts(NamedTuple):
    """What one record file contributes to any run, from its bytes alone (and the settings):
    the one unit the editor's server, `esfproj diff` and a cache keep per file, keyed by
    `digest`, so that the same content is never checked twice."""

    file: str
    digest: bytes
    """A hash of the file's bytes (blake2b, 16 bytes): the content's key."""
    text: str | None
    record: Record | None
    findings: list[Finding]
    """Single-record findings, placed (with positions) and matched with the record's own
    acknowledgements; the cross-record ones come from `cross_record_findings`."""
    key: dataset.RecordKey | None
    """What the cross-record checks need of the record (None when it is no record)."""
    unread: Unread | None
    gaps: tuple[Unread, ...] = ()
    """The record's amounts that cannot be read: it is counted without them (`gaps`)."""


def file_facts(file: str, raw: bytes, config: Config, context: Context) -> FileFacts:
    """Check one record from its bytes (a file's, a git blob's, an editor buffer's), reported
    under the name `file`."""
    facts, text = content(raw, config, context)
    outcome: FileOutcome[None] = file_outcome(file, facts, text, config, context)
    record = named(facts.record, file) if facts.record is not None else None
    return FileFacts(
        file,
        facts.digest,
        text,
        record,
        outcome.findings,
        dataset.RecordKey.of(record)._replace(file=file) if record is not None else None,
        outcome.unread,
        outcome.gaps,
    )


def cross_record_findings(facts: Iterable[FileFacts], config: Config) -> dict[str, list[Finding]]:
    """The cross-record findings of a set of files, by file, with the records' acknowledgements
    of cross-record checks applied (as `validate` gives them)."""
    ordered = sorted(facts, key=lambda f: f.file)
    found = dataset.check([f.file for f in ordered], [f.key for f in ordered if f.key is not None])
    placed: dict[str, list[Finding]] = {}
    for fact in ordered:
        acks = tuple(a for a in (fact.record.acknowledged if fact.record else ()) if a.check in dataset.IDS)
        problems = found.get(fact.file, [])
        if problems or acks:
            findings = place(fact.file, fact.text, problems, acks, config)
            if findings:
                placed[fact.file] = findings
    return placed


PARALLEL_FROM = 200  # measured: below this, starting the pool costs more than it saves
"""Below this many files a pool costs more to start than it saves."""

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) as the run goes."""


def check_files(
    files: list[str],
    config: Config,
    context: Context,
    extract: Extract[Item] | None = None,
    jobs: int | None = None,
    with_positions: bool = True,
    *,
    store: Store | None = None,
    body: bool = True,
) -> Iterator[FileOutcome[Item]]:
    """Check every file, over several processes for large runs, yielding in the order given;
    with a `store`, a file whose content the cache holds is served from it, and every other
    file checked is kept in it.

    A parallel run yields exactly what a serial run yields, and a run served from the cache
    what a run without it yields: the same outcomes, in the same order.
    """
    whole = extract is not None and body  # the cache's entries hold (or get) the record's body
    check = partial(
        check_file,
        config=config,
        context=context,
        extract=extract,
        with_positions=with_positions,
        keep=store is not None,
        whole=whole,
    )
    if store is None:
        for outcome, _ in mapped(check, files, jobs):
            yield outcome
        return
    known = _known(files, store, config, whole)
    entries = store.entries([digest for digest in known if digest is not None], record=whole)
    fresh = mapped(check, [f for f, digest in zip(files, known, strict=True) if digest is None], jobs)
    for file, digest in zip(files, known, strict=True):
        served = (
            _served(file, digest, next(entries), config, context, extract=extract, with_positions=with_positions)
            if digest is not None
            else None
        )
        if served is None:  # not in the cache, or its entry is damaged
            served, kept = next(fresh) if digest is None else check(file)
            if kept is not None:
                store.keep(file, kept)
        yield served


def _known(files: list[str], store: Store, config: Config, record: bool) -> list[bytes | None]:
    """The content hash of each file whose entry the cache holds (with its record, when the
    command extracts from records): found by the file's stat data, or else by hashing its
    bytes (a file moved, touched, or restored from git)."""
    if store.empty():  # a first run, or new settings: nothing to find, so nothing is looked up or hashed
        store.prune()
        return [None] * len(files)
    numbers = file_stats(files)
    stats = [Stat(*numbers[at : at + 4]) if numbers[at] != NOW_UNKNOWN else None for at in range(0, len(numbers), 4)]
    digests = store.remembered(files, stats)
    for index, (file, stat_data, digest) in enumerate(zip(files, stats, digests, strict=True)):
        if digest is None and stat_data is not None:
            raw = read_bytes(file, config.limits)
            if raw.data is not None and raw.status is not None:
                digests[index] = digest = content_digest(raw.data)
                found = vouching(raw.status)
                if found is not None:
                    store.remember(file, found, digest)
    present = store.present([digest for digest in digests if digest is not None], record)
    return [digest if digest in present else None for digest in digests]


def _served(
    file: str,
    digest: bytes,
    found: tuple[bytes, bytes | None] | None,
    config: Config,
    context: Context,
    *,
    extract: Extract[Item] | None,
    with_positions: bool,
) -> FileOutcome[Item] | None:
    """A file's outcome from its cached content (the record's body read only for a command
    that extracts from it); None when the entry is absent or cannot be read back, or when
    the file has changed since its content was found (then it is checked as it is now)."""
    if found is None:
        return None
    facts = restored(found[0])
    if facts is None:  # an entry that passed its checksum but is not ours: ignored, rewritten
        return None
    if found[1] is not None:
        try:
            record = pickle.loads(found[1])
        except Exception:
            return None
        if not (isinstance(record, Record) if facts.record is not None else record is None):
            return None  # a body that does not go with its content (None: a file that is no record)
        facts = facts._replace(record=record)
    text = partial(_text, file, digest, config)
    try:
        return file_outcome(file, facts, text, config, context, extract=extract, with_positions=with_positions)
    except _Changed:
        return None


class _Changed(Exception):
    """A file's bytes are no longer those its cached content was found by."""


def _text(file: str, digest: bytes, config: Config) -> str | None:
    """A cached file's text, read when a finding needs its position (one kept unplaced, a
    dated one); raises `_Changed` if the file has changed since its content was found, as
    placing the old content's findings in the new text would put them in the wrong places."""
    raw = read_bytes(file, config.limits)
    if raw.data is None or content_digest(raw.data) != digest:
        raise _Changed(file)
    return decode(raw.data)[0]


def open_cache(config: Config) -> Store | None:
    """The configured cache (None when it is switched off or cannot be used)."""
    return Store.open(config.cache, fingerprint(config)) if config.cache is not None else None


def fingerprint(config: Config) -> bytes:
    """What, besides a file's bytes, decides what the cache keeps of it: esfproj's version
    and code (every module and the schema), Python's version, the limits and the tolerance.
    The severities and acknowledgements are applied on every run, so they are not in it."""
    digest = hashlib.blake2b(digest_size=16)
    for part in (__version__, sys.version.split()[0], repr(tuple(config.limits)), str(config.sum_tolerance)):
        digest.update(part.encode() + b"\0")
    digest.update(_code_digest())
    return digest.digest()


@cache
def _code_digest() -> bytes:
    package = os.path.dirname(os.path.abspath(__file__))
    digest = hashlib.blake2b(digest_size=16)
    for directory, _, names in sorted(os.walk(package)):
        for name in sorted(n for n in names if n.endswith((".py", ".json"))):
            with open(os.path.join(directory, name), "rb") as handle:
                digest.update(name.encode() + b"\0" + handle.read())
    return digest.digest()


Argument = TypeVar("Argument")
Answer = TypeVar("Answer")


IN_FLIGHT = 4
"""Batches of work per worker sent ahead: enough to keep every core busy, few enough that a
slow reader (a loaded machine, a pager) never lets answers pile up in memory."""


def mapped(function: Callable[[Argument], Answer], items: list[Argument], jobs: int | None = None) -> Iterator[Answer]:
    """`map(function, items)`, over one process per core (or `jobs`) when there are
    PARALLEL_FROM items or more, below which a pool costs more than it saves; the answers
    come in the order of the items either way, with at most IN_FLIGHT batches per worker
    under way. Ctrl-C is this process's alone to report: the workers ignore it, and the pool
    is stopped."""
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs <= 1 or len(items) < PARALLEL_FROM:
        yield from map(function, items)
        return
    import multiprocessing  # only for large runs: a pool's modules cost start-up
    from concurrent.futures import Future, ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    start = multiprocessing.get_context("fork" if "fork" in methods else None)
    size = max(1, min(64, len(items) // (jobs * 16)))
    batches = (items[i : i + size] for i in range(0, len(items), size))
    under_way: deque[Future[list[Answer]]] = deque()
    with ProcessPoolExecutor(jobs, mp_context=start, initializer=interrupts.leave_to_parent) as pool:
        try:
            held = interrupts.hold()  # while the workers are forked: they leave Ctrl-C to this process
            try:
                under_way.extend(pool.submit(_each, function, batch) for batch in islice(batches, jobs * IN_FLIGHT))
            finally:
                interrupts.release(held)
            while under_way:
                answers = under_way.popleft().result()
                following = next(batches, None)
                if following is not None:
                    under_way.append(pool.submit(_each, function, following))
                yield from answers
        finally:
            pool.shutdown(cancel_futures=True)


def _each(function: Callable[[Argument], Answer], batch: list[Argument]) -> list[Answer]:
    """One batch of `mapped`'s work, in a worker process."""
    return [function(item) for item in batch]


class CrossRecordChecks:
    """The cross-record checks (duplicates, mismatches, clashing ids), run without
    keeping every record in memory.

    Why: a run over 100 000 records must stay small, so while files are checked one
    by one only a `CrossTrace` per file is kept. At the end, only records that share a
    value of `dataset.GROUPED_BY` (the project number) with another record, or a file
    name, can have a cross-record finding; those, and records that acknowledge a
    cross-record check, are read again and checked exactly. Everything else is never
    read twice.
    """

    def __init__(
        self,
        files: list[str] | None = None,
        ids: array[int] | None = None,
        grouped: list[array[int]] | None = None,
        acknowledging: list[str] | None = None,
    ) -> None:
        """Empty, to `note` each file as a run goes; or with every file's columns (a snapshot's)."""
        self.files: list[str] = files if files is not None else []
        self.ids = ids if ids is not None else array("q")
        """A stable hash of the record id each file's name gives."""
        self.grouped = grouped if grouped is not None else [array("q") for _ in dataset.GROUPED_BY]
        self.acknowledging: list[str] = acknowledging if acknowledging is not None else []

    def note(self, file: str, trace: CrossTrace) -> None:
        self.files.append(file)
        self.ids.append(stable_hash(record_id(file)))
        for hashes, value in zip(self.grouped, trace.hashes, strict=True):
            hashes.append(value)
        if trace.acknowledges:
            self.acknowledging.append(file)

    def findings(self, config: Config, with_positions: bool) -> list[Finding]:
        shared_ids = _repeated(self.ids)
        id_files = [f for f, h in zip(self.files, self.ids, strict=True) if h in shared_ids]
        grouped: set[str] = set()
        for hashes in self.grouped:
            shared = _repeated(hashes)
            grouped.update(f for f, h in zip(self.files, hashes, strict=True) if h in shared)
        keys = [
            dataset.RecordKey.of(record)._replace(file=file)
            for file in sorted(grouped)
            if (record := _reread(file, config)[1]) is not None
        ]
        found = dataset.check(id_files, keys)
        findings = []
        for file in sorted({*found, *self.acknowledging}):
            text, record = _reread(file, config)
            acks = tuple(a for a in (record.acknowledged if record else ()) if a.check in dataset.IDS)
            findings.extend(place(file, text, found.get(file, []), acks, config, with_positions))
        return findings


def _repeated(hashes: array[int]) -> set[int]:
    """The hashes that occur more than once (0, "none", excepted)."""
    counts = Counter(hashes)  # counted in C
    if len(counts) == len(hashes):
        return set()
    return {value for value, count in counts.items() if count > 1 and value != 0}


def _reread(file: str, config: Config) -> tuple[str | None, Record | None]:
    """A file's text and record, read again for the cross-record checks (not kept)."""
    text, _ = read_text(file, config.limits)
    data = parse(text, config.limits).data if text is not None else None
    return text, build(data, file) if isinstance(data, dict) else None


def run(
    paths: Iterable[str],
    config: Config,
    as_of: datetime.date,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
    extract: Extract[Item] | None = None,
    consume: Callable[[Item], None] | None = None,
    with_positions: bool = True,
    fold: Fold | None = None,
    kept_as: str | None = None,
    body: bool = True,
) -> ValidationResult:
    """Check every record under `paths` and report; hand what `extract` makes of each
    record (None skipped) to `consume`, or to `fold`, in file order, as the run goes. With
    a cache, a run without `extract`, with a `fold`, or whose items may be kept (`kept_as`:
    what `extract` makes, for the snapshot's key) is served from the run snapshot (then
    what `extract` makes must be small plain data), and the fold is updated, not made again.
    `body`: whether `extract` reads the record's body (see `Extract`).

    Memory stays small however many records there are: per file, the run keeps
    its name, its `CrossTrace`, and its findings if it has any.
    """
    paths = list(paths)
    allow_digits(config.limits.max_number_digits)
    context = Context(as_of=as_of, tolerance=config.sum_tolerance)
    exclude = Exclude(config.exclude, config.root)
    store = open_cache(config)
    try:
        snapshot = None
        if store is not None and (extract is None or fold is not None or kept_as is not None):
            key = _snapshot_key(paths, config, with_positions, fold.key if fold is not None else kept_as)
            snapshot = _SnapshotRun(store, key)
        found = snapshot.found_again(exclude) if snapshot is not None else None
        files, unlisted, skipped, _ = found = found or discover(paths, exclude)
        report = ValidationResult(as_of=as_of.isoformat(), files=files, folders=[p for p in paths if os.path.isdir(p)])
        report.skipped = skipped
        for folder, problem in unlisted:
            report.findings.extend(place(folder, None, [problem], (), config))
            report.unread.append(unread(folder, problem, "folder"))
        if snapshot is not None:
            checking = Checking(config, context, jobs, with_positions, extract, body)
            snapshot.run(found, report, checking, progress, consume, fold)
        else:
            consume = fold.add if fold is not None else consume
            outcomes = check_files(files, config, context, extract, jobs, with_positions, store=store, body=body)
            cross_record = _tally(report, outcomes, len(files), progress, consume)
            report.findings.extend(cross_record.findings(config, with_positions))
    finally:
        if store is not None:
            store.close()
    report.findings.sort(key=FINDING_ORDER)
    return report


def _tally(
    report: ValidationResult,
    outcomes: Iterable[FileOutcome[Item]],
    total: int,
    progress: Progress | None,
    consume: Callable[[Item], None] | None = None,
) -> CrossRecordChecks:
    """Add each file's outcome to the report as it comes (its item to `consume`); what the
    cross-record checks need of the files is noted on the way."""
    cross_record = CrossRecordChecks()
    for done, outcome in enumerate(outcomes, start=1):
        report.findings.extend(outcome.findings)
        cross_record.note(outcome.file, outcome.trace)
        if outcome.is_record:
            report.records += 1
        elif outcome.unread is not None:
            report.unread.append(outcome.unread)
        report.unread.extend(outcome.gaps)
        if consume is not None and outcome.item is not None:
            consume(outcome.item)
        if progress is not None:
            progress(done, total)
    return cross_record


class Checking(NamedTuple, Generic[Item]):
    """How a run checks the files a snapshot cannot serve."""

    config: Config
    context: Context
    jobs: int | None
    with_positions: bool
    extract: Extract[Item] | None
    body: bool = True


class Fold(Protocol):
    """What a command makes of all the items of a run (`summary`'s totals), kept in the run
    snapshot: a run that checks a few files again updates it from their items, rather than
    making it again from every item."""

    key: str
    """What `extract` makes and how it is folded (the command's options), for the snapshot's key."""

    def add(self, item: Any) -> None:
        """One item more, in file order (a run without a snapshot)."""

    def build(self, files: Sequence[str], items: Column) -> Any:
        """Made from every file's item (None: none); what to keep in the snapshot."""

    def restore(self, kept: Any) -> None:
        """What `build` or `update` gave, from a snapshot whose files are all unchanged."""

    def update(self, kept: Any, before: Snapshot, after: Snapshot, carried: Sequence[int | None]) -> Any:
        """`kept`, made for the items of `before`, made for those of `after`, whose file at
        each position is unchanged since `before`'s at `carried[position]` (None: checked
        again, or new); what to keep in `after`."""


def _served_whole(snapshot: Snapshot, report: ValidationResult, consume: Callable[[Any], None] | None) -> None:
    """What every file of `snapshot` gives the run: into `report`, and its items to `consume`."""
    snapshot.fill(report)
    if consume is not None:
        for item in snapshot.items:
            if item is not None:
                consume(item)


def _folded(fold: Fold, previous: Snapshot | None, fresh: Snapshot, carried: Sequence[int | None]) -> None:
    """`fresh`'s fold: `previous`'s updated when it has one, else made from every item."""
    if previous is not None and previous.folded is not None:
        fresh.folded = fold.update(previous.folded, previous, fresh, carried)
    else:
        fresh.folded = fold.build(fresh.files, fresh.items)


class _SnapshotRun:
    """A `validate` run served from the snapshot of the last run with the same paths and
    settings (see `esfproj.snapshot`), and keeping its own for the next."""

    def __init__(self, store: Store, key: bytes) -> None:
        self.store, self.key = store, key
        kept = store.snapshot(key)
        self.previous = Snapshot.loads(kept, len(dataset.GROUPED_BY)) if kept is not None else None
        self.files: list[str] = []
        self.stats = array("q")
        self.rows: list[int | None] = []

    def found_again(self, exclude: Exclude) -> Found | None:
        """What the last run's walk found, if none of the folders that decided it has changed
        since (`discovery.unchanged`): at 100 000 files, the walk is a fifth of a run the
        snapshot serves whole."""
        previous = self.previous
        if previous is None or previous.folders is None or not unchanged(previous.folders, exclude):
            return None
        return Found(previous.files, [], previous.skipped, previous.folders)

    def run(
        self,
        found: Found,
        report: ValidationResult,
        checking: Checking[Item],
        progress: Progress | None,
        consume: Callable[[Item], None] | None,
        fold: Fold | None = None,
    ) -> None:
        """The run's outcome into `report`, and each file's item to `consume` in file order
        (or `fold`'s state): when no file changed, the last run's as it was; else each file's
        row or its check, the cross-record checks run again, and the run's snapshot kept for
        the next, with the folders that decided what was `found`."""
        previous, files = self.previous, found.files
        self.files, self.stats = files, file_stats(files)
        day = checking.context.as_of.toordinal()
        self.rows = previous.served(files, self.stats, day) if previous is not None else [None] * len(files)
        folders = trusted(found.folders, self.store.clock_ns)
        if previous is not None and previous.files == files and None not in self.rows:
            if progress is not None:
                progress(len(files), len(files))
            _served_whole(previous, report, consume)
            report.findings.extend(previous.cross_findings())
            if fold is not None:
                fold.restore(previous.folded if previous.folded is not None else fold.build(files, previous.items))
            if folders != previous.folders:  # walked again (a file made and removed in a folder, say)
                previous.keep_found(folders, found.skipped)
                self.store.keep_snapshot(self.key, previous.dumps())
            return
        changed = positions(self.rows, [None])
        chosen = [self.files[at] for at in changed]
        checked = check_files(
            chosen,
            checking.config,
            checking.context,
            checking.extract,
            checking.jobs,
            checking.with_positions,
            store=self.store,
            body=checking.body,
        )
        rows = self._rows(changed, checked, progress)
        if previous is not None and previous.files == self.files:
            fresh = previous.copy()
            for position, row in rows:
                fresh.put(position, self._kept_stat(position), row)
        else:
            fresh = Snapshot(len(dataset.GROUPED_BY))
            for position, (file, index) in enumerate(zip(self.files, self.rows, strict=True)):
                row = previous.row(index) if previous is not None and index is not None else next(rows)[1]
                fresh.add(file, self._kept_stat(position), row)
        _served_whole(fresh, report, consume)
        if fold is not None:
            _folded(fold, previous, fresh, self.rows)
            fold.restore(fresh.folded)
        acknowledging = [file for file, flag in zip(fresh.files, fresh.acknowledging, strict=True) if flag]
        cross_record = CrossRecordChecks(fresh.files, fresh.ids, fresh.hashes, acknowledging)
        cross = cross_record.findings(checking.config, checking.with_positions)
        fresh.keep_cross(cross)
        fresh.keep_found(folders, found.skipped)
        report.findings.extend(cross)
        self.store.keep_snapshot(self.key, fresh.dumps())

    def _rows(
        self, changed: list[int], checked: Iterator[FileOutcome[Item]], progress: Progress | None
    ) -> Iterator[tuple[int, Row]]:
        """The row of each file checked (at the positions `changed`), by its position, as it comes."""
        total = len(self.files)
        done = total - len(changed)
        for position in changed:
            outcome = next(checked)
            trace = outcome.trace
            hashed = stable_hash(record_id(outcome.file))
            row = Row(
                outcome.findings,
                outcome.is_record,
                trace.hashes,
                trace.acknowledges,
                outcome.unread,
                outcome.gaps,
                outcome.holds,
                hashed,
                outcome.item,
            )
            yield position, row
            done += 1
            if progress is not None:
                progress(done, total)

    def _kept_stat(self, position: int) -> Sequence[int]:
        """The stat data a file is found by next time: UNTRUSTED for one that is racy
        (modified since the run began, see `cache`) or has none."""
        stat_data = self.stats[4 * position : 4 * position + 4]
        return stat_data if stat_data[0] >= 0 and stat_data[1] < self.store.clock_ns else (UNTRUSTED, 0, 0, 0)


def _snapshot_key(paths: list[str], config: Config, with_positions: bool, extract: str | None) -> bytes:
    """What, besides the files, decides a run's outcome: the settings the cache's
    fingerprint holds, the severities, where it runs, its paths, what a walk passes over,
    and what it extracts from each record (None: nothing)."""
    digest = hashlib.blake2b(fingerprint(config), digest_size=16)
    severities = sorted((check, str(level)) for check, level in config.severities.items())
    for part in (os.getcwd(), paths, config.root, config.exclude, severities, with_positions, extract):
        digest.update(repr(part).encode("utf-8", "surrogateescape") + b"\0")
    return digest.digest()


def validate(
    paths: Iterable[str],
    config: Config,
    as_of: datetime.date,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> ValidationResult:
    return run(paths, config, as_of, jobs=jobs, progress=progress)


def collect(
    paths: Iterable[str],
    config: Config,
    as_of: datetime.date,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> tuple[list[Record], ValidationResult]:
    """Every record under `paths`, kept whole, and the validation result that goes with them."""
    records: list[Record] = []
    result = run(paths, config, as_of, jobs=jobs, progress=progress, extract=_whole, consume=records.append)
    return records, result


def _whole(record: Record) -> Record:
    return record
