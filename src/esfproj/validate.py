"""load -> schema -> checks -> acknowledgements -> located findings, for every file."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any, NamedTuple

from esfproj.checks import ACKNOWLEDGED_UNUSED, ALL, RECORD_CHECKS, Context, dataset
from esfproj.config import Config
from esfproj.loader import Positions, locate, parse, read_text
from esfproj.model import Finding, Message, Problem, Report, path_within, render_path
from esfproj.record import Acknowledgement, Record, build, record_id
from esfproj.schema import schema_problems

YAML_SUFFIXES = (".yaml", ".yml")


class UsageError(Exception):
    """A command-line mistake: exit 2."""


def discover(paths: Iterable[str]) -> list[str]:
    """Every record file under `paths`, sorted; a path that does not exist is a UsageError."""
    found: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            for directory, subdirs, names in os.walk(path):
                subdirs.sort()
                for name in names:
                    if name.endswith(YAML_SUFFIXES):
                        found.add(os.path.join(directory, name))
        elif os.path.lexists(path):
            found.add(path)
        else:
            raise UsageError(f"{path}: no such file or directory")
    return sorted(found)


class FileOutcome(NamedTuple):
    """One file, checked alone; cross-record problems are added afterwards."""

    file: str
    findings: list[Finding]
    key: dataset.RecordKey | None
    dataset_acks: tuple[Acknowledgement, ...] = ()
    item: Any = None
    """What the caller's `extract` made of the record (summary, list, show, export)."""


class Checked(NamedTuple):
    """A file's text, record and problems, before acknowledgement and placing."""

    file: str
    text: str | None
    record: Record | None
    problems: list[Problem]


def check_record_file(file: str, config: Config, context: Context) -> Checked:
    """Load one file and run every single-record check on it."""
    text, problems = read_text(file, config.limits)
    problems = [*problems, *dataset.id_problems(file)]
    record = None
    if text is not None:
        loaded = parse(text, config.limits)
        problems.extend(loaded.problems)
        if loaded.data is not None:
            problems.extend(schema_problems(loaded.data))
            record = build(loaded.data, file)
            for run_check in RECORD_CHECKS:
                problems.extend(run_check(record, context))
    return Checked(file, text, record, problems)


Extract = Callable[[Record], Any]
"""Turns a record into what a command needs; runs where the record is checked, so a
parallel run sends back only that (a summary's contribution, not the whole record)."""


def check_file(file: str, config: Config, context: Context,
               extract: Extract | None = None, with_positions: bool = True) -> FileOutcome:
    checked = check_record_file(file, config, context)
    record = checked.record
    acks = record.acknowledged if record else ()
    own = tuple(a for a in acks if a.check not in dataset.IDS)
    findings = place(checked.file, checked.text, checked.problems, own, config, with_positions)
    return FileOutcome(file, findings, dataset.RecordKey.of(record) if record else None,
                       tuple(a for a in acks if a.check in dataset.IDS),
                       extract(record) if extract is not None and record is not None else None)


def place(file: str, text: str | None, problems: list[Problem],
          acks: tuple[Acknowledgement, ...], config: Config, with_positions: bool = True) -> list[Finding]:
    """Apply severities and acknowledgements, and give each problem its line and column.

    Finding positions takes a second parse of the file; commands that only count
    findings (summary, list, export) pass `with_positions=False` and get line 1, column 1.
    """
    kept = [p for p in problems if config.severities.get(p.check, ALL[p.check].severity)]
    matched: list[Acknowledgement | None] = [_acknowledgement(p, acks) for p in kept]
    used = {a.position for a in matched if a is not None}
    for ack in acks:
        if ack.position in used or config.severities.get(ack.check, True) is None:
            continue
        where = f" at {ack.path}" if ack.path else ""
        kept.append(Problem(ACKNOWLEDGED_UNUSED.id, ("acknowledged", ack.position), Message(
            f"no {ack.check} finding{where} to acknowledge; remove this acknowledgement"),
            actual=ack.check))
        matched.append(None)
    if not kept:
        return []
    positions: Positions = {}
    if with_positions and text is not None and any(p.line is None for p in kept):
        positions = parse(text, config.limits, positions=True).positions or {}
    rid = record_id(file)
    findings = []
    for problem, match in zip(kept, matched, strict=True):
        if problem.line is not None:
            line, column = problem.line, problem.column or 1
        else:
            anchor = problem.anchor if problem.anchor is not None else problem.path
            line, column = locate(positions, anchor, problem.on_key)
        severity = config.severities.get(problem.check) or ALL[problem.check].severity
        findings.append(Finding(
            file=file, line=line, column=column, record=rid, check=problem.check,
            severity=severity, path=render_path(problem.path), message=problem.message,
            expected=problem.expected, actual=problem.actual,
            acknowledged=match is not None, note=match.note if match else None))
    return findings


def _acknowledgement(problem: Problem, acks: tuple[Acknowledgement, ...]) -> Acknowledgement | None:
    if not acks or problem.check == ACKNOWLEDGED_UNUSED.id:
        return None
    path = render_path(problem.path)
    for ack in acks:
        if ack.check == problem.check and path_within(path, ack.path):
            return ack
    return None


def _finish_dataset(outcomes: list[FileOutcome], config: Config) -> Iterator[Finding]:
    """Cross-record problems, placed in their files with those files' acknowledgements."""
    files = [o.file for o in outcomes]
    keys = [o.key for o in outcomes if o.key is not None]
    found = dataset.check(files, keys)
    for outcome in outcomes:
        problems = found.get(outcome.file, [])
        if problems or outcome.dataset_acks:
            text, _ = read_text(outcome.file, config.limits)
            yield from place(outcome.file, text, problems, outcome.dataset_acks, config)


PARALLEL_FROM = 300
"""Below this many files a pool costs more to start than it saves."""

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) as the run goes."""


def check_files(files: list[str], config: Config, context: Context,
                extract: Extract | None = None, jobs: int | None = None,
                progress: Progress | None = None, with_positions: bool = True) -> list[FileOutcome]:
    """Check every file, over several processes for large runs, in the order given.

    A parallel run returns exactly what a serial run returns: the same outcomes,
    in the same order.
    """
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    check = partial(check_file, config=config, context=context, extract=extract,
                    with_positions=with_positions)
    if jobs <= 1 or len(files) < PARALLEL_FROM:
        results: Iterable[FileOutcome] = map(check, files)
        pool = None
    else:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        methods = multiprocessing.get_all_start_methods()
        start = multiprocessing.get_context("fork" if "fork" in methods else None)
        pool = ProcessPoolExecutor(jobs, mp_context=start)
        results = pool.map(check, files, chunksize=max(1, min(64, len(files) // (jobs * 16))))
    outcomes = []
    try:
        for outcome in results:
            outcomes.append(outcome)
            if progress is not None:
                progress(len(outcomes), len(files))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return outcomes


def validate(paths: Iterable[str], config: Config, as_of: datetime.date,
             jobs: int | None = None, progress: Progress | None = None) -> Report:
    files = discover(paths)
    context = Context(as_of=as_of, tolerance=config.sum_tolerance)
    outcomes = check_files(files, config, context, jobs=jobs, progress=progress)
    return summarise(outcomes, config, as_of)


def keep_record(record: Record) -> Record:
    return record


def collect(paths: Iterable[str], config: Config, as_of: datetime.date,
            jobs: int | None = None, progress: Progress | None = None,
            extract: Extract = keep_record, with_positions: bool = True) -> tuple[list[Any], Report]:
    """What `extract` makes of each record under `paths` (the records themselves by
    default), skipping None, and the validation report that goes with them."""
    files = discover(paths)
    context = Context(as_of=as_of, tolerance=config.sum_tolerance)
    outcomes = check_files(files, config, context, extract, jobs, progress,
                           with_positions)
    items = [o.item for o in outcomes if o.item is not None]
    return items, summarise(outcomes, config, as_of)


def files_with_errors(report: Report) -> set[str]:
    """Files with at least one error that is not acknowledged."""
    return {f.file for f in report.findings
            if f.severity.value == "error" and not f.acknowledged}


def summarise(outcomes: list[FileOutcome], config: Config, as_of: datetime.date) -> Report:
    report = Report(as_of=as_of.isoformat())
    findings = [f for o in outcomes for f in o.findings]
    findings.extend(_finish_dataset(outcomes, config))
    findings.sort(key=Finding.sort_key)
    report.findings = findings
    report.files = [o.file for o in outcomes]
    report.counts.files = len(outcomes)
    report.counts.records = sum(1 for o in outcomes if o.key is not None)
    for finding in findings:
        report.counts.add(finding)
    return report
