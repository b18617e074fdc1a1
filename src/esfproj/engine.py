"""load -> schema -> checks -> acknowledgements -> located findings, for every file."""

from __future__ import annotations

import datetime
import hashlib
import os
from array import array
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice, pairwise
from typing import Generic, NamedTuple, TypeVar

from esfproj import interrupts
from esfproj.checks import ALL, RECORD_CHECKS, Context, dataset
from esfproj.checks.acknowledged import acknowledge
from esfproj.config import Config
from esfproj.discovery import Exclude, discover
from esfproj.loader import Positions, decode, locate, parse, read_text
from esfproj.model import Finding, Problem, Severity, Unread, ValidationResult, render_path
from esfproj.money import allow_digits
from esfproj.record import Acknowledgement, Record, at, build, record_id, unreadable_amounts
from esfproj.schema import SCHEMA, schema_problems
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


NO_FINDINGS: list[Finding] = []  # shared by every clean file, never changed


def stable_hash(text: str | None) -> int:
    """The same 64-bit hash in every process (str hashes differ between processes)."""
    if text is None:
        return 0
    encoded = text.encode("utf-8", "surrogateescape")  # file names need not be UTF-8
    return int.from_bytes(hashlib.blake2b(encoded, digest_size=8).digest(), "big", signed=True) or 1


class Checked(NamedTuple):
    """A file's text, record and problems, before acknowledgement and placing."""

    file: str
    text: str | None
    record: Record | None
    problems: list[Problem]
    unread: Problem | None = None
    """The problem that stopped the file being read as a record."""


def check_record_file(file: str, config: Config, context: Context) -> Checked:
    """Load one file and run every single-record check on it."""
    text, problems = read_text(file, config.limits)
    return check_record_text(file, text, problems, config, context)


def check_record_text(
    file: str, text: str | None, problems: list[Problem], config: Config, context: Context
) -> Checked:
    """Run every single-record check on a record's text, read from a file, a git blob or an
    editor's buffer (`loader.decode` turns bytes into the text and its problems); `file` is
    the name it is reported under."""
    allow_digits(config.limits.max_number_digits)  # here too: a worker process may be new
    if text is None:
        return Checked(file, None, None, [*problems, *dataset.id_problems(file)], problems[-1])
    problems = [*problems, *dataset.id_problems(file)]
    loaded = parse(text, config.limits)
    problems.extend(loaded.problems)
    if loaded.data is None:
        return Checked(file, text, None, problems, loaded.problems[-1])
    problems.extend(schema_problems(loaded.data, config.limits.max_number_digits))
    record = build(loaded.data, shown(file))
    for run_check in RECORD_CHECKS:
        problems.extend(run_check(record, context))
    return Checked(file, text, record, problems)


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
parallel run sends back only that (a summary's contribution, not the whole record)."""


def check_file(
    file: str,
    config: Config,
    context: Context,
    extract: Extract[Item] | None = None,
    with_positions: bool = True,
) -> FileOutcome[Item]:
    checked = check_record_file(file, config, context)
    record = checked.record
    acks = record.acknowledged if record else ()
    own = tuple(a for a in acks if a.check not in dataset.IDS)
    findings = place(checked.file, checked.text, checked.problems, own, config, with_positions)
    return FileOutcome(
        file,
        findings or NO_FINDINGS,
        record is not None,
        trace(record) if record else NO_TRACE,
        extract(record) if extract is not None and record is not None else None,
        unread(file, checked.unread) if checked.unread is not None else None,
        gaps(checked, config) if record is not None else (),
    )


def gaps(checked: Checked, config: Config) -> tuple[Unread, ...]:
    """Each amount of the record that cannot be read, named at its place: the record is
    counted, and every figure says that it leaves this money out."""
    assert checked.record is not None
    paths = unreadable_amounts(checked.record)
    if not paths:
        return ()
    positions = parse(checked.text, config.limits, positions=True).positions or {} if checked.text else {}
    named = []
    for path in paths:
        line, column = locate(positions, path, False)
        check = next((p.check for p in checked.problems if p.path == path), SCHEMA.id)
        value = at(checked.record.data, path)
        written = f"'{shown(str(value))}'" if value is not None else "empty"
        message = f"{render_path(path)}: {written} is not an amount; the record is counted without it"
        lv = f"{render_path(path)}: {written if value is not None else 'tukšs'} nav summa; ieraksts ieskaitīts bez tās"
        named.append(Unread(shown(checked.file), line, column, check, message, "amount", lv))
    return tuple(named)


def place(
    file: str,
    text: str | None,
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
    if with_positions and text is not None and any(p.line is None for p, _ in matched):
        positions = parse(text, config.limits, positions=True).positions or {}
    name, rid = shown(file), shown(record_id(file))
    return [_finding(name, rid, problem, ack, positions, config) for problem, ack in matched]


def severity(check: str, config: Config) -> Severity | None:
    """The check's severity as configured (None: switched off), else its own."""
    return config.severities.get(check, ALL[check].severity)


def _finding(
    name: str, rid: str, problem: Problem, ack: Acknowledgement | None, positions: Positions, config: Config
) -> Finding:
    if problem.line is not None:
        line, column = problem.line, problem.column or 1
    else:
        anchor = problem.anchor if problem.anchor is not None else problem.path
        line, column = locate(positions, anchor, problem.on_key)
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


def content_digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def file_facts(file: str, raw: bytes, config: Config, context: Context) -> FileFacts:
    """Check one record from its bytes (a file's, a git blob's, an editor buffer's), reported
    under the name `file`."""
    text, problems = decode(raw)
    checked = check_record_text(file, text, problems, config, context)
    record = checked.record
    own = tuple(a for a in (record.acknowledged if record else ()) if a.check not in dataset.IDS)
    findings = place(file, checked.text, checked.problems, own, config)
    return FileFacts(
        file,
        content_digest(raw),
        checked.text,
        record,
        findings,
        dataset.RecordKey.of(record)._replace(file=file) if record is not None else None,
        unread(file, checked.unread) if checked.unread is not None else None,
        gaps(checked, config) if record is not None else (),
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
) -> Iterator[FileOutcome[Item]]:
    """Check every file, over several processes for large runs, yielding in the order given.

    A parallel run yields exactly what a serial run yields: the same outcomes, in
    the same order.
    """
    check = partial(check_file, config=config, context=context, extract=extract, with_positions=with_positions)
    yield from mapped(check, files, jobs)


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

    def __init__(self) -> None:
        self.files: list[str] = []
        self.grouped = [array("q") for _ in dataset.GROUPED_BY]
        self.acknowledging: list[str] = []

    def note(self, file: str, trace: CrossTrace) -> None:
        self.files.append(file)
        for hashes, value in zip(self.grouped, trace.hashes, strict=True):
            hashes.append(value)
        if trace.acknowledges:
            self.acknowledging.append(file)

    def findings(self, config: Config, with_positions: bool) -> list[Finding]:
        ids = array("q", (stable_hash(record_id(f)) for f in self.files))
        shared_ids = _repeated(ids)
        id_files = [f for f, h in zip(self.files, ids, strict=True) if h in shared_ids]
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
    ordered = sorted(hashes)
    return {a for a, b in pairwise(ordered) if a == b and a != 0}


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
) -> ValidationResult:
    """Check every record under `paths` and report; hand what `extract` makes of each
    record (None skipped) to `consume`, in file order, as the run goes.

    Memory stays small however many records there are: per file, the run keeps
    its name, its `CrossTrace`, and its findings if it has any.
    """
    paths = list(paths)
    allow_digits(config.limits.max_number_digits)
    files, unlisted, skipped = discover(paths, Exclude(config.exclude, config.root))
    context = Context(as_of=as_of, tolerance=config.sum_tolerance)
    report = ValidationResult(as_of=as_of.isoformat(), files=files, folders=[p for p in paths if os.path.isdir(p)])
    report.skipped = skipped
    for folder, problem in unlisted:
        report.findings.extend(place(folder, None, [problem], (), config))
        report.unread.append(unread(folder, problem, "folder"))
    cross_record = CrossRecordChecks()
    for done, outcome in enumerate(check_files(files, config, context, extract, jobs, with_positions), start=1):
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
            progress(done, len(files))
    report.findings.extend(cross_record.findings(config, with_positions))
    report.findings.sort(key=Finding.sort_key)
    return report


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
