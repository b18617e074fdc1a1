"""load -> schema -> checks -> acknowledgements -> located findings, for every file."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import NamedTuple

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
    record: Record | None = None
    """Kept only when the caller needs the records (summary, list, show, export)."""


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


def check_file(file: str, config: Config, context: Context, keep: bool = False) -> FileOutcome:
    checked = check_record_file(file, config, context)
    record = checked.record
    acks = record.acknowledged if record else ()
    own = tuple(a for a in acks if a.check not in dataset.IDS)
    findings = place(checked.file, checked.text, checked.problems, own, config)
    return FileOutcome(file, findings, dataset.RecordKey.of(record) if record else None,
                       tuple(a for a in acks if a.check in dataset.IDS),
                       record if keep else None)


def place(file: str, text: str | None, problems: list[Problem],
          acks: tuple[Acknowledgement, ...], config: Config) -> list[Finding]:
    """Apply severities and acknowledgements, and give each problem its line and column."""
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
    if text is not None and any(p.line is None for p in kept):
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


def check_files(files: list[str], config: Config, context: Context, keep: bool = False,
                jobs: int | None = None, progress: Progress | None = None) -> list[FileOutcome]:
    """Check every file, over several processes for large runs, in the order given.

    A parallel run returns exactly what a serial run returns: the same outcomes,
    in the same order.
    """
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    check = partial(check_file, config=config, context=context, keep=keep)
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


def collect(paths: Iterable[str], config: Config, as_of: datetime.date,
            jobs: int | None = None, progress: Progress | None = None
            ) -> tuple[list[Record], Report]:
    """The records under `paths` and the validation report that goes with them."""
    files = discover(paths)
    context = Context(as_of=as_of, tolerance=config.sum_tolerance)
    outcomes = check_files(files, config, context, keep=True, jobs=jobs, progress=progress)
    records = [o.record for o in outcomes if o.record is not None]
    return records, summarise(outcomes, config, as_of)


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
    report.counts.files = len(outcomes)
    report.counts.records = sum(1 for o in outcomes if o.key is not None)
    for finding in findings:
        report.counts.add(finding)
    return report
