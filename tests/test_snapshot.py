"""The run snapshot: a `validate` run after no change checks no file, after one edit checks
that file alone, on a new day checks exactly the records whose dated checks may now say
something else; and always answers what a run without the cache answers. With the two
pieces it rests on: `loader.position_of` (a position read only as far as it is written)
and `checks.dates.dated_span`."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

from esfproj import engine
from esfproj.cache import SNAPSHOT
from esfproj.checks import Context
from esfproj.checks.dates import dated, dated_span
from esfproj.config import Config
from esfproj.loader import parse, position_of
from esfproj.model import Finding
from esfproj.record import build
from esfproj.snapshot import BLOCK, PackedColumn
from tests.conftest import REPO, VALID

SUITE = REPO.parent / "shared" / "yaml-test-suite" / "cases"


def texts() -> Iterator[tuple[str, str]]:
    """YAML texts of every shape at hand: the bundled records, the tests' examples, and the
    YAML test suite's inputs where it is beside the repository."""
    sources = [*sorted((REPO / "data" / "projects").glob("*.yaml")), *sorted((REPO / "tests").glob("**/*.yaml"))]
    sources += sorted(SUITE.glob("**/in.yaml")) if SUITE.is_dir() else []
    for source in sources:
        yield str(source.relative_to(REPO.parent)), source.read_bytes().decode("utf-8", "replace")
    yield "duplicate keys", "a: 1\nb: {x: 1}\nb: {y: 2}\nc: [1, {z: 3}]\n"
    yield "aliases", "base: &b {x: 1, y: [1, 2]}\ncopy: *b\nlist: [*b, 2]\n"
    yield "odd keys", "1.50: a\nyes: b\n~: c\n'quoted': d\n? complex\n: e\n"


@pytest.mark.parametrize("name, text", list(texts()), ids=lambda value: str(value)[:40])
def test_position_of_gives_what_the_whole_parse_gives(name: str, text: str) -> None:
    """Found, it is the same; not found (a path through an alias used as a key, say), the
    engine parses the whole file. Every path of a record file is found."""
    loaded = parse(text, positions=True)
    for path, position in (loaded.positions or {}).items():
        found = position_of(text, path)
        assert found == position or (found is None and "yaml-test-suite" in name), (name, path)
    for path in (("no such key",), ("status", 0), (0,)):
        if path not in (loaded.positions or {}):
            assert position_of(text, path) is None, (name, path)


def test_position_of_a_duplicate_keys_value_is_the_first() -> None:
    text = "status: planned\nstatus: completed\nperiod: {start: 2020-01-01}\nperiod: {end: 2021-01-01}\n"
    assert position_of(text, ("status",)) == (1, 1, 1, 9)
    assert position_of(text, ("period", "start")) == (3, 10, 3, 17)
    assert position_of(text, ("period", "end")) is None  # only in the value that is dropped
    assert parse(text, positions=True).positions == {
        (): (0, 0, 1, 1),
        ("status",): (1, 1, 1, 9),
        ("period",): (3, 1, 3, 9),
        ("period", "start"): (3, 10, 3, 17),
    }


DAYS = [datetime.date(2019, 12, 30) + datetime.timedelta(days=n) for n in range(6)]


@pytest.mark.parametrize("status", ["in_progress", "completed", "planned", "unknown"])
def test_dated_checks_say_the_same_on_every_day_of_the_span(status: str) -> None:
    """For every status and every start and end around the check date: on each day of the
    span, `dated` finds the same problems (by check and path); the day after it, or the day
    before, it finds something else, unless the span is unbounded there."""
    for start, end, today in itertools.product([None, *DAYS], [None, *DAYS], DAYS[1:-1]):
        period = {k: v.isoformat() for k, v in (("start", start), ("end", end)) if v is not None}
        record = build({"status": status, "period": period} if period else {"status": status}, "r.yaml")
        first, last = dated_span(record, Context(as_of=today))

        def found(day: int, record: object = record) -> list[tuple[str, object]]:
            context = Context(as_of=datetime.date.fromordinal(day))
            return [(p.check, p.path) for p in dated(record, context)]  # type: ignore[arg-type]

        assert first <= today.toordinal() <= last
        expected = found(today.toordinal())
        for day in range(max(first, DAYS[0].toordinal() - 3), min(last, DAYS[-1].toordinal() + 3) + 1):
            assert found(day) == expected, (status, start, end, today, day)
        if expected:  # a finding names the check date: it holds for that day alone
            assert first == last == today.toordinal()


# -- the snapshot, through validate ---------------------------------------------------------

AS_OF = datetime.date(2026, 11, 22)


def records(top: Path, count: int = 6) -> Path:
    folder = top / "records"
    folder.mkdir(parents=True)
    for number in range(count):
        text = VALID.replace("9.2.1.1/15/I/001", f"9.2.1.1/15/I/{number:03d}")
        text = text.replace("end: 2027-12-31", f"end: 2026-11-{20 + number:02d}")  # ends about AS_OF
        (folder / f"r{number}.yaml").write_text(text, encoding="utf-8")
    (folder / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    (folder / "twin.yaml").write_text(VALID.replace("9.2.1.1/15/I/001", "9.2.1.1/15/I/000"), encoding="utf-8")
    for file in folder.iterdir():
        age(file)
    return folder


def age(file: Path, seconds: int = 60) -> None:
    """The file modified a minute ago: not racy, so a snapshot may serve it."""
    when = file.stat().st_mtime_ns - seconds * 1_000_000_000
    os.utime(file, ns=(when, when))


class Checked:
    """Which files each run checked (rather than serving them from its snapshot)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.files: list[str] = []
        real = engine.check_files

        def check_files(files: list[str], *args: object, **kwargs: object) -> Iterator[engine.FileOutcome[object]]:
            self.files.extend(os.path.basename(f) for f in files)
            return real(files, *args, **kwargs)  # type: ignore[arg-type]

        monkeypatch.setattr(engine, "check_files", check_files)

    def taken(self) -> list[str]:
        files, self.files = sorted(self.files), []
        return files


def run(folder: Path, config: Config, day: datetime.date = AS_OF) -> tuple[list[Finding], int, list[str]]:
    report = engine.validate([str(folder)], config, day)
    return report.findings, report.records, [u.file for u in report.unread]


@pytest.fixture
def setting(tmp_path: Path) -> tuple[Path, Config, Config]:
    folder = records(tmp_path)
    cached = Config(cache=str(tmp_path / "cache"))
    return folder, cached, Config()


def test_no_change_checks_no_file(setting: tuple[Path, Config, Config], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, cached, uncached = setting
    fresh = run(folder, uncached)
    checked = Checked(monkeypatch)
    assert run(folder, cached) == fresh
    assert checked.taken() == sorted(p.name for p in folder.iterdir())
    assert run(folder, cached) == fresh
    assert checked.taken() == []
    assert any(f.check == "duplicate-record" for f in fresh[0])  # cross-record findings served too


def test_one_edit_checks_that_file_alone(setting: tuple[Path, Config, Config], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, cached, uncached = setting
    run(folder, cached)
    checked = Checked(monkeypatch)
    edited = folder / "r2.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("amount: 85.00", "amount: 84.00"), encoding="utf-8")
    age(edited)
    served = run(folder, cached)
    assert checked.taken() == ["r2.yaml"]
    assert served == run(folder, uncached)
    assert any(f.check == "funding-sum" and f.file.endswith("r2.yaml") for f in served[0])
    checked.taken()
    assert run(folder, cached) == served
    assert checked.taken() == []


def test_renamed_new_and_deleted_files(setting: tuple[Path, Config, Config], monkeypatch: pytest.MonkeyPatch) -> None:
    folder, cached, uncached = setting
    run(folder, cached)
    checked = Checked(monkeypatch)
    (folder / "r1.yaml").rename(folder / "moved.yaml")
    (folder / "r3.yaml").unlink()
    (folder / "new.yaml").write_text(VALID.replace("9.2.1.1/15/I/001", "9.2.1.1/15/I/000"), encoding="utf-8")
    age(folder / "new.yaml")
    served = run(folder, cached)
    assert checked.taken() == ["moved.yaml", "new.yaml"]
    assert served == run(folder, uncached)


def test_a_new_day_checks_the_records_whose_dated_checks_may_change(
    setting: tuple[Path, Config, Config], monkeypatch: pytest.MonkeyPatch
) -> None:
    """r{n} ends on 2026-11-(20+n) with status in_progress: on 2026-11-22 r0 and r1 have a
    status-dates finding (which names the day, so holds for it alone); on 2026-11-23 r2's
    end has passed too, and it is r3's end date (a day the check can turn on, for another
    status). r4 and r5 end later: their rows still hold."""
    folder, cached, uncached = setting
    run(folder, cached)
    checked = Checked(monkeypatch)
    day = AS_OF + datetime.timedelta(days=1)
    served = run(folder, cached, day)
    assert checked.taken() == ["r0.yaml", "r1.yaml", "r2.yaml", "r3.yaml"]
    assert served == run(folder, uncached, day)
    checked.taken()
    assert run(folder, cached, day) == served
    assert checked.taken() == []


def test_a_racy_file_is_checked_again_until_it_is_old(
    setting: tuple[Path, Config, Config], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, cached, _ = setting
    racy = folder / "r4.yaml"
    later = racy.stat().st_mtime_ns + 3600 * 1_000_000_000
    os.utime(racy, ns=(later, later))  # modified "after" the run starts: its stat data cannot vouch
    run(folder, cached)
    checked = Checked(monkeypatch)
    run(folder, cached)
    assert checked.taken() == ["r4.yaml"]
    age(racy, 7200)
    run(folder, cached)
    assert checked.taken() == ["r4.yaml"]
    run(folder, cached)
    assert checked.taken() == []


@pytest.mark.parametrize("damage", ["garbage", "truncated", "not a snapshot"])
def test_a_damaged_snapshot_is_ignored_and_made_again(
    setting: tuple[Path, Config, Config], monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    folder, cached, uncached = setting
    fresh = run(folder, uncached)
    run(folder, cached)
    (kept,) = Path(str(cached.cache)).glob(f"{SNAPSHOT}*")
    value = kept.read_bytes()
    if damage == "garbage":
        kept.write_bytes(os.urandom(len(value)))
    elif damage == "truncated":
        kept.write_bytes(value[: len(value) // 2])
    else:  # a sound checksum over a value that is no snapshot
        other = pickle.dumps({"not": "a snapshot"})
        kept.write_bytes(hashlib.blake2b(other, digest_size=8).digest() + other)
    checked = Checked(monkeypatch)
    assert run(folder, cached) == fresh
    assert checked.taken() == sorted(p.name for p in folder.iterdir())
    assert run(folder, cached) == fresh
    assert checked.taken() == []


def test_other_settings_keep_their_own_snapshot(
    setting: tuple[Path, Config, Config], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The severities are applied on every run: a run with other ones is not served the
    snapshot of the first, and each is served its own after."""
    folder, cached, _ = setting
    quiet = cached._replace(severities={"status-dates": None})
    run(folder, cached)
    checked = Checked(monkeypatch)
    loud, hushed = run(folder, cached), run(folder, quiet)
    assert any(f.check == "status-dates" for f in loud[0])
    assert not any(f.check == "status-dates" for f in hushed[0])
    assert checked.taken() == sorted(p.name for p in folder.iterdir())
    assert (run(folder, cached), run(folder, quiet)) == (loud, hushed)
    assert checked.taken() == []


def test_a_packed_column_holds_only_the_blocks_that_changed_and_one_read() -> None:
    """Items are packed a block at a time as they come, so a run over 100 000 records never
    holds them all; reading holds one block; a change holds its block until written."""
    column = PackedColumn()
    values = [f"item {number}" for number in range(3 * BLOCK + 5)]
    for value in values:
        column.append(value)
    assert list(column.opened) == [3]  # the last block, not yet full
    assert [block is not None for block in column.blocks] == [True, True, True, False]
    assert list(column) == values and column[BLOCK + 1] == values[BLOCK + 1]
    assert list(column.opened) == [3]  # read, not held
    column[1] = "changed"
    assert sorted(column.opened) == [0, 3] and column.blocks[0] is None
    again = pickle.loads(pickle.dumps(column))
    assert list(again) == ["item 0", "changed", *values[2:]]
    assert again.opened == {} and all(block is not None for block in again.blocks)
    copied = again.copy()
    copied[2 * BLOCK] = "in the copy"
    assert again[2 * BLOCK] == values[2 * BLOCK] and copied[2 * BLOCK] == "in the copy"


def test_a_block_read_then_filled_is_read_as_it_is_now() -> None:
    """A snapshot's last block, read (and so held as the one read), then filled and packed
    anew by appends, is read back with its new items, not as it was read."""
    column = PackedColumn()
    for number in range(BLOCK + 3):
        column.append(number)
    column = pickle.loads(pickle.dumps(column))  # as a snapshot is loaded: every block packed
    assert column[BLOCK] == BLOCK
    for number in range(BLOCK - 3):
        column.append(100_000 + number)
    assert column[BLOCK + 5] == 100_002 and len(column) == 2 * BLOCK
    assert list(column)[-1] == 100_000 + BLOCK - 4
