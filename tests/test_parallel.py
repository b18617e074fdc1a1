"""A run over several processes reports exactly what a serial run reports, in the same order."""

from __future__ import annotations

import datetime
from pathlib import Path

from benchmarks.generate import generate as generate_records

from esfproj.config import Config
from esfproj.engine import PARALLEL_FROM, collect, validate


def generate(count: int, folder: Path, errors: float) -> None:
    generate_records(count, folder, seed=7, errors=errors)


def test_parallel_and_serial_reports_are_identical(tmp_path: Path) -> None:
    generate(PARALLEL_FROM + 100, tmp_path, errors=0.3)
    as_of = datetime.date(2026, 1, 1)
    serial = validate([str(tmp_path)], Config(), as_of, jobs=1)
    parallel = validate([str(tmp_path)], Config(), as_of, jobs=2)
    assert serial.counts.errors > 50  # errors in many files
    assert len({f.file for f in serial.findings}) > 50
    assert parallel.findings == serial.findings
    assert parallel.counts == serial.counts


def test_parallel_collect_returns_the_records_in_order(tmp_path: Path) -> None:
    generate(PARALLEL_FROM, tmp_path, errors=0.1)
    as_of = datetime.date(2026, 1, 1)
    serial, _ = collect([str(tmp_path)], Config(), as_of, jobs=1)
    parallel, _ = collect([str(tmp_path)], Config(), as_of, jobs=2)
    assert [r.file for r in parallel] == [r.file for r in serial]
    assert [r.funding for r in parallel] == [r.funding for r in serial]


def test_progress_is_reported(tmp_path: Path) -> None:
    generate(5, tmp_path, errors=0)
    seen: list[tuple[int, int]] = []
    validate(
        [str(tmp_path)], Config(), datetime.date(2026, 1, 1), progress=lambda done, total: seen.append((done, total))
    )
    assert seen == [(1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]
