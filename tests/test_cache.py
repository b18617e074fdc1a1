"""The cache never changes an answer: every command's output with it is, byte for byte, its
output with `--no-cache`, through any sequence of edits; a damaged cache is ignored and made
again; two runs at once leave it whole."""

from __future__ import annotations

import os
import pickle
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from esfproj import discovery, engine
from esfproj.cache import DATABASE, SNAPSHOT, STAT, TAG_TEXT, Fresh, Stat, Store
from esfproj.cli import app
from tests.conftest import REPO, VALID

runner = CliRunner()
BUNDLED = sorted((REPO / "data" / "projects").glob("*.yaml"))
DAYS = ("2026-11-22", "2020-01-01", "2030-06-30")
COMMANDS = (
    ["validate"],
    ["validate", "--format", "json"],
    ["summary", "--by", "source,year", "--format", "json"],
    ["summary", "--by", "fund"],
    ["list", "--format", "csv"],
    ["list", "--fund", "ESF", "--year", "2020", "--sort", "-total"],
    ["export", "--format", "json"],
)
UNREADABLE_AMOUNT = VALID.replace("amount: 85.00", "amount: 1 234,56")
TAB = VALID.replace("  label: Kopā", "\tlabel: Kopā")


def esfproj(top: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--config", str(top / "esfproj.toml")])
    return result.exit_code, result.output


def outputs(top: Path, day: str, *extra: str) -> list[tuple[int, str]]:
    """Every command's exit code and output (stdout and stderr) on the data set."""
    found = []
    for command in COMMANDS:
        dated = ["--as-of", day] if command[0] == "validate" else []
        found.append(esfproj(top, *command, *dated, str(top / "records"), *extra))
    ids = sorted(p.stem for p in (top / "records").glob("*.yaml"))
    if ids:
        found.append(esfproj(top, "show", ids[0], "--as-of", day, *extra))
    return found


def data_set(top: Path, tolerance: str = "0", funding_missing: str = "info") -> None:
    (top / "esfproj.toml").write_text(
        f'paths = ["records"]\nsum_tolerance = {tolerance}\n[checks]\nfunding-missing = "{funding_missing}"\n',
        encoding="utf-8",
    )


def age(path: Path, seconds: int) -> None:
    """Set a file's mtime `seconds` back: it is then not racy, and found by its stat data."""
    when = path.stat().st_mtime_ns - seconds * 1_000_000_000
    os.utime(path, ns=(when, when))


def step(top: Path, rng: random.Random, number: int) -> str:
    """One random change to the data set or the settings; what it did."""
    records = top / "records"
    files = sorted(records.glob("*.yaml"))
    target = rng.choice(files) if files else None
    kind = rng.choice(
        [
            *("edit", "same-size edit", "touch", "rename", "delete", "new", "copy", "break", "config", "age", "age"),
            *("subfolder", "environment"),
        ]
    )
    if target is None or kind == "new":
        number_text = f"9.2.1.1/15/I/{100 + number:03d}"
        (records / f"new-{number}.yaml").write_text(VALID.replace("9.2.1.1/15/I/001", number_text), encoding="utf-8")
    elif kind == "edit":
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace("title: ", f"title: {number} ", 1) + f"# edit {number}\n", encoding="utf-8")
    elif kind == "same-size edit":  # a digit changed, the size and the mtime kept: only the ctime tells
        status = target.stat()
        text = target.read_text(encoding="utf-8")
        digits = [i for i, c in enumerate(text) if c.isdigit()]
        at = rng.choice(digits)
        target.write_text(text[:at] + str((int(text[at]) + 1) % 10) + text[at + 1 :], encoding="utf-8")
        os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns))
    elif kind == "touch":
        os.utime(target)
    elif kind == "rename":
        target.rename(records / f"renamed-{number}.yaml")
    elif kind == "delete":
        target.unlink()
    elif kind == "copy":  # the same content under another name: served from the cache, a duplicate
        shutil.copyfile(target, records / f"copy-{number}.yaml")
    elif kind == "break":
        target.write_text(rng.choice([TAB, UNREADABLE_AMOUNT, "- a list\n", ""]), encoding="utf-8")
    elif kind == "subfolder":  # a folder below, with a record: the walk's folders change
        (records / "sub").mkdir(exist_ok=True)
        shutil.copyfile(target, records / "sub" / f"in-sub-{number}.yaml")
    elif kind == "environment":  # the folder below becomes a virtual environment, or stops being one
        marker = records / "sub" / "pyvenv.cfg"
        if marker.exists():
            marker.unlink()
        elif marker.parent.exists():
            marker.write_text("home = /usr\n", encoding="utf-8")
    elif kind == "config":
        data_set(top, rng.choice(["0", "1.00"]), rng.choice(["info", "off", "error"]))
    else:
        for file in files:
            age(file, rng.randrange(1, 1000))
    return f"{kind} {target.name if target else ''}"


def random_sequence(tmp_path: Path, seed: int, steps: int) -> None:
    top = tmp_path / f"seed-{seed}"
    (top / "records").mkdir(parents=True)
    for source in BUNDLED:
        shutil.copy(source, top / "records" / source.name)
    data_set(top)
    rng = random.Random(seed)
    done = []
    for number in range(steps):
        done.append(step(top, rng, number))
        day = rng.choice(DAYS)
        cached = outputs(top, day)
        again = outputs(top, day)
        fresh = outputs(top, day, "--no-cache")
        assert cached == fresh, (seed, done)
        assert again == fresh, (seed, done)
    assert (top / ".esfproj_cache" / DATABASE).exists()


@pytest.fixture
def quick_folders(monkeypatch: pytest.MonkeyPatch) -> None:
    """Folders changed a moment before a run are trusted, as on a file system whose
    timestamps are exact (the tests' own): else every walk within RACY_NS of the change
    that made it would be done again, and the sparing of walks never tested."""
    monkeypatch.setattr(discovery, "RACY_NS", 0)


@pytest.mark.usefixtures("quick_folders")
def test_every_command_answers_the_same_with_and_without_the_cache(tmp_path: Path) -> None:
    random_sequence(tmp_path, seed=1, steps=12)


@pytest.mark.slow
@pytest.mark.parametrize("seed", [2, 3, 4])
@pytest.mark.usefixtures("quick_folders")
def test_long_random_sequences(tmp_path: Path, seed: int) -> None:
    random_sequence(tmp_path, seed=seed, steps=40)


def served(top: Path) -> dict[bytes, bytes]:
    """The remembered content hash of each file the cache finds by its stat data."""
    with sqlite3.connect(top / ".esfproj_cache" / DATABASE) as connection:
        return {bytes(row[0]): row[1][STAT.size :] for row in connection.execute("SELECT * FROM files")}


def small_set(tmp_path: Path) -> Path:
    (tmp_path / "records").mkdir()
    for source in BUNDLED:
        shutil.copy(source, tmp_path / "records" / source.name)
        age(tmp_path / "records" / source.name, 10)
    data_set(tmp_path)
    return tmp_path


def test_the_cache_folder_is_tagged_and_ignored(tmp_path: Path) -> None:
    top = small_set(tmp_path)
    assert esfproj(top, "validate", str(top / "records"))[0] == 0
    folder = top / ".esfproj_cache"
    assert (
        (folder / "CACHEDIR.TAG")
        .read_text(encoding="utf-8")
        .startswith("Signature: 8a477f597d28d172789f06886806bc55\n")
    )
    assert (folder / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert len(served(top)) == len(BUNDLED)  # every record found by its stat data next time


def test_no_cache_and_the_switches_leave_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    top = small_set(tmp_path)
    for command in (["validate"], ["summary"], ["list"], ["export"], ["report", "-o", str(top / "r.html")]):
        assert esfproj(top, *command, str(top / "records"), "--no-cache")[0] == 0
    assert not (top / ".esfproj_cache").exists()
    (top / "esfproj.toml").write_text('paths = ["records"]\n[cache]\nenabled = false\n', encoding="utf-8")
    assert esfproj(top, "validate", str(top / "records"))[0] == 0
    assert not (top / ".esfproj_cache").exists()
    (top / "esfproj.toml").write_text('paths = ["records"]\n[cache]\ndir = "elsewhere"\n', encoding="utf-8")
    assert esfproj(top, "validate", str(top / "records"))[0] == 0
    assert (top / "elsewhere" / DATABASE).exists()
    monkeypatch.setenv("ESFPROJ_CACHE_DIR", str(top / "from-env"))
    assert esfproj(top, "validate", str(top / "records"))[0] == 0
    assert (top / "from-env" / DATABASE).exists()


def test_a_bad_cache_table_is_one_line_and_exit_2(tmp_path: Path) -> None:
    top = small_set(tmp_path)
    (top / "esfproj.toml").write_text('[cache]\nenabled = "no"\n', encoding="utf-8")
    assert esfproj(top, "validate", str(top / "records")) == (
        2,
        f"esfproj: error: {top / 'esfproj.toml'}: cache.enabled must be true or false\n",
    )


def test_a_racy_file_is_hashed_again(tmp_path: Path) -> None:
    """A file modified at or after the start of the run that read it is not remembered by its
    stat data: an edit within the same timestamp tick would keep every field of it."""
    top = small_set(tmp_path)
    racy = top / "records" / BUNDLED[0].name
    future = racy.stat().st_mtime_ns + 3600 * 1_000_000_000
    os.utime(racy, ns=(future, future))
    esfproj(top, "validate", str(top / "records"))
    remembered = {os.path.basename(path) for path in served(top)}
    assert remembered == {p.name.encode() for p in BUNDLED[1:]}


def test_stat_data_past_64_bits_is_no_overflow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file dated 2400 is checked on every run (no stat data vouches for it); a file system
    whose inodes have their top bit set (an overlay) is served from the cache as any other:
    every command answers as without the cache, with no internal error."""
    top = small_set(tmp_path)
    dated = top / "records" / BUNDLED[0].name
    try:
        os.utime(dated, ns=(13_569_465_600 * 10**9,) * 2)
    except (OSError, OverflowError):
        pytest.skip("this file system does not hold a date in 2400")
    without = outputs(top, "2026-11-22", "--no-cache")
    assert outputs(top, "2026-11-22") == without
    assert outputs(top, "2026-11-22") == without
    assert dated.name.encode() not in {os.path.basename(path) for path in served(top)}

    shutil.rmtree(top / ".esfproj_cache")
    stat, fstat = os.stat, os.fstat

    def overlay(status: os.stat_result) -> os.stat_result:
        times = {name: getattr(status, name) for name in ("st_atime_ns", "st_mtime_ns", "st_ctime_ns")}
        return os.stat_result((status[0], status.st_ino | 2**63, *status[2:10]), times)

    monkeypatch.setattr(os, "stat", lambda *args, **kwargs: overlay(stat(*args, **kwargs)))
    monkeypatch.setattr(os, "fstat", lambda *args, **kwargs: overlay(fstat(*args, **kwargs)))
    assert outputs(top, "2026-11-22") == without
    assert outputs(top, "2026-11-22") == without
    assert len(served(top)) == len(BUNDLED) - 1  # all but the one dated 2400


def test_the_store_remembers_only_files_older_than_its_clock(tmp_path: Path) -> None:
    store = Store.open(str(tmp_path / "c"), b"f" * 16)
    assert store is not None
    now = store.clock_ns
    store.remember("old.yaml", Stat(10, now - 1, 1, now - 1), b"a" * 16)
    store.remember("same-tick.yaml", Stat(10, now, 2, now), b"b" * 16)
    store.close()
    again = Store.open(str(tmp_path / "c"), b"f" * 16)
    assert again is not None
    assert again.remembered(["old.yaml", "same-tick.yaml"], [Stat(10, now - 1, 1, now - 1), Stat(10, now, 2, now)]) == [
        b"a" * 16,
        None,
    ]
    assert again.remembered(["old.yaml"], [Stat(11, now - 1, 1, now - 1)]) == [None]  # the size differs
    again.close()


def test_what_is_written_twice_before_a_flush_keeps_what_was_written_last(tmp_path: Path) -> None:
    """The rows pending are sorted by key before they are written (each page of the tables
    met once); a file remembered twice in one run (hashed, then checked again when it
    changed), or a content kept twice, keeps its last row, whatever the rows' values."""
    store = Store.open(str(tmp_path / "c"), b"f" * 16)
    assert store is not None
    old = store.clock_ns - 10
    store.remember("b.yaml", Stat(90, old, 1, old), b"9" * 16)
    store.remember("a.yaml", Stat(50, old, 2, old), b"5" * 16)
    store.remember("b.yaml", Stat(10, old, 1, old), b"1" * 16)  # smaller, and after
    store.keep("c.yaml", Fresh(None, b"d" * 16, b"without", None))
    store.keep("c.yaml", Fresh(None, b"d" * 16, b"with a body", b"body"))  # sorts first by its values
    store.close()
    again = Store.open(str(tmp_path / "c"), b"f" * 16)
    assert again is not None
    stats: list[Stat | None] = [Stat(10, old, 1, old), Stat(90, old, 1, old), Stat(50, old, 2, old)]
    assert again.remembered(["b.yaml", "b.yaml", "a.yaml"], stats) == [b"1" * 16, None, b"5" * 16]
    assert list(again.entries([b"d" * 16], record=True)) == [(b"with a body", b"body")]
    again.close()


def test_keys_of_other_settings_or_another_shape_are_no_entries_and_are_pruned(tmp_path: Path) -> None:
    """`empty` counts only this fingerprint's entries, and `prune` keeps only them: a
    neighbouring fingerprint, a key this fingerprint starts but of another length, text or
    NULL (a damaged database) would otherwise make every run hash every file for nothing."""
    fingerprint = b"\x10" * 16
    store = Store.open(str(tmp_path / "c"), fingerprint)
    assert store is not None and store.connection is not None
    stray = [
        b"\x0f" + b"\xff" * 31,
        b"\x11" + b"\x00" * 31,
        fingerprint,
        fingerprint + b"\x01",
        fingerprint + b"\xff" * 17,
    ]
    with store.connection:
        for key in [*stray, "text", None]:
            store.connection.execute("INSERT INTO entries VALUES (?, ?, NULL)", (key, b"x"))
    assert store.empty()
    store.keep("a.yaml", Fresh(None, b"\x00" * 16, b"first", None))
    store.keep("b.yaml", Fresh(None, b"\xff" * 16, b"last", None))
    store.flush()
    assert not store.empty()
    store.prune()
    keys = [row[0] for row in store.connection.execute("SELECT key FROM entries ORDER BY key")]
    assert keys == [fingerprint + b"\x00" * 16, fingerprint + b"\xff" * 16]
    store.close()


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_what_a_worker_sends_for_the_cache_is_read_back_as_it_was(protocol: int) -> None:
    for fresh in (Fresh((1, -2, 2**63 - 1, 4), b"d" * 16, b"facts", None), Fresh(None, b"e" * 16, b"", b"body")):
        back = pickle.loads(pickle.dumps([fresh, fresh], protocol))
        assert back == [fresh, fresh] and {type(each) for each in back} == {Fresh}


def test_a_file_is_remembered_under_its_absolute_path_however_it_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key of the table of files is `abspath`'s, made once per folder: `./a.yaml`,
    `x/../a.yaml` and the absolute name find the same file."""
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    store = Store.open(str(tmp_path / "c"), b"f" * 16)
    assert store is not None
    names = ["a.yaml", "./a.yaml", "../sub/a.yaml", "x//../a.yaml", "/a.yaml", "//a.yaml", "../", "x/..", "."]
    for name in [*names, *names]:  # the second time, from the folders made
        assert store._path(name) == os.fsencode(os.path.abspath(name)), name
    stat = Stat(10, store.clock_ns - 1, 1, 1)
    store.remember("x/../a.yaml", stat, b"a" * 16)
    store.close()
    again = Store.open(str(tmp_path / "c"), b"f" * 16)
    assert again is not None
    assert again.remembered(["a.yaml", str(tmp_path / "sub" / "a.yaml"), "../a.yaml"], [stat] * 3) == [
        b"a" * 16,
        b"a" * 16,
        None,
    ]
    again.close()


@pytest.mark.parametrize(
    "damage",
    [
        "truncate entries",
        "garbage entries",
        "truncate files",
        "files finding other contents",
        "files holding text",
        "garbage database",
        "truncated database",
        "empty database",
    ],
)
def test_a_damaged_cache_is_ignored_and_made_again(tmp_path: Path, damage: str) -> None:
    top = small_set(tmp_path)
    (top / "records" / "broken.yaml").write_text(UNREADABLE_AMOUNT, encoding="utf-8")
    fresh = outputs(top, DAYS[0], "--no-cache")
    assert outputs(top, DAYS[0]) == fresh
    database = top / ".esfproj_cache" / DATABASE
    if damage == "truncate entries":
        with sqlite3.connect(database) as connection:
            connection.execute("UPDATE entries SET facts = substr(facts, 1, 20), record = substr(record, 1, 9)")
    elif damage == "garbage entries":
        with sqlite3.connect(database) as connection:
            connection.execute("UPDATE entries SET facts = randomblob(length(facts)), record = randomblob(300)")
    elif damage.endswith(("files", "contents", "text")):
        found = {
            "truncate files": "substr(found, 1, 40)",
            "files finding other contents": f"substr(found, 1, {STAT.size}) || randomblob(16)",
            "files holding text": "'text'",
        }[damage]
        with sqlite3.connect(database) as connection:
            connection.execute(f"UPDATE files SET found = {found}")
    else:
        size = database.stat().st_size
        written = {"garbage database": os.urandom(size), "truncated database": database.read_bytes()[: size // 2]}
        database.write_bytes(written.get(damage, b""))
    assert outputs(top, DAYS[0]) == fresh
    assert outputs(top, DAYS[0]) == fresh
    with sqlite3.connect(database) as connection:  # made again: whole entries for every file
        lengths = [row[0] for row in connection.execute("SELECT length(facts) FROM entries")]
    assert len(lengths) == len(BUNDLED) + 1
    assert min(lengths) > 100


def test_two_runs_at_once_leave_the_cache_whole(tmp_path: Path) -> None:
    """Two processes filling one cache at the same time, then a third reading it: every
    answer is the answer without the cache."""
    top = tmp_path
    (top / "records").mkdir()
    for number in range(300):
        text = VALID.replace("9.2.1.1/15/I/001", f"9.2.1.1/15/I/{number:03d}").replace("100.00", f"{number + 100}.00")
        text = text.replace("amount: 85.00", f"amount: {number + 85}.00")
        (top / "records" / f"r{number:03d}.yaml").write_text(text, encoding="utf-8")
        age(top / "records" / f"r{number:03d}.yaml", 5)
    data_set(top)
    command = [sys.executable, "-m", "esfproj", "--config", str(top / "esfproj.toml")]
    summary = [*command, "summary", "--by", "source", "--format", "json", str(top / "records")]
    validate = [*command, "validate", "--as-of", "2026-11-22", "--format", "json", str(top / "records")]
    expected = [subprocess.run([*c, "--no-cache"], capture_output=True, check=False) for c in (summary, validate)]
    both = [subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for c in (summary, validate)]
    at_once = []
    for process in both:
        out, err = process.communicate()
        at_once.append((process.returncode, out, err))
    again = [subprocess.run(c, capture_output=True, check=False) for c in (summary, validate)]
    for found in (at_once, [(r.returncode, r.stdout, r.stderr) for r in again]):
        assert found == [(r.returncode, r.stdout, r.stderr) for r in expected]
    with sqlite3.connect(top / ".esfproj_cache" / DATABASE) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM entries").fetchone() == (300,)
    assert len(list((top / ".esfproj_cache").glob(f"{SNAPSHOT}*"))) == 2  # summary's, validate's


def calls_to(monkeypatch: pytest.MonkeyPatch, name: str, top: Path, *args: str) -> tuple[list[Any], tuple[int, str]]:
    """The first argument of each call a command makes to `engine.<name>`, and its exit code
    and output."""
    called: list[Any] = []
    function = getattr(engine, name)

    def calling(first: Any, *more: Any, **options: Any) -> Any:
        called.append(first)
        return function(first, *more, **options)

    with monkeypatch.context() as patch:
        patch.setattr(engine, name, calling)
        answer = esfproj(top, *args)
    return called, answer


def checked_by(monkeypatch: pytest.MonkeyPatch, top: Path, *args: str) -> tuple[list[str], tuple[int, str]]:
    """The files a command checks (not served from the cache), and its exit code and output."""
    checked, answer = calls_to(monkeypatch, "check_file", top, *args)
    return sorted(Path(file).name for file in checked), answer


def test_findings_kept_by_a_run_that_only_counts_them_are_placed_when_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`summary` keeps a file's findings without their positions (it only counts them); a
    `validate` served that entry places them from the file's text, exactly where `--no-cache`
    places them, without checking the file again."""
    (tmp_path / "records").mkdir()
    record = tmp_path / "records" / "rec.yaml"
    record.write_text(VALID.replace("amount: 85.00", "amount: 86.00"), encoding="utf-8")
    age(record, 10)
    data_set(tmp_path)
    assert esfproj(tmp_path, "summary")[0] == 0
    checked, served = checked_by(monkeypatch, tmp_path, "validate", "--as-of", DAYS[0])
    assert checked == []
    assert served == esfproj(tmp_path, "validate", "--as-of", DAYS[0], "--no-cache")
    assert [line.split(" ")[0] for line in served[1].splitlines()[:2]] == [
        f"{record}:15:11:",
        f"{record}:19:13:",
    ]


def test_summary_and_list_take_what_validate_kept_and_only_the_body_readers_keep_bodies(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every entry holds what `summary` and `list` take from a record (its money), so after
    `validate` they check no file, in any grouping; `export`, `report` and `show` read a
    record's body, which the first of them keeps."""
    records = tmp_path / "records"
    records.mkdir()
    share = VALID.replace("status: in_progress", "status: in_progress\nparticipant:\n  name: Jūrmala")
    unreadable = UNREADABLE_AMOUNT.replace("9.2.1.1/15/I/001", "9.2.1.1/15/I/002")
    texts = {
        "whole.yaml": VALID,
        "share.yaml": share,
        "unreadable.yaml": unreadable,
        "broken.yaml": "title: [unclosed\n",
    }
    for name, text in texts.items():  # broken.yaml: no record, and an entry with no body (kept as such)
        (records / name).write_text(text, encoding="utf-8")
        age(records / name, 10)
    data_set(tmp_path)
    every = ["broken.yaml", "share.yaml", "unreadable.yaml", "whole.yaml"]
    assert checked_by(monkeypatch, tmp_path, "validate")[0] == every
    for command in (["summary"], ["summary", "--by", "participant,year", "--format", "json"], ["list"]):
        checked, served = checked_by(monkeypatch, tmp_path, *command)
        assert checked == [], command
        assert served == esfproj(tmp_path, *command, "--no-cache"), command
    assert "amounts that could not be read: 1" in served[1]
    checked, served = checked_by(monkeypatch, tmp_path, "export", "--format", "json")
    assert checked == every  # the bodies, kept by none of the commands before
    assert served == esfproj(tmp_path, "export", "--format", "json", "--no-cache")
    checked, served = checked_by(monkeypatch, tmp_path, "export", "--format", "csv")
    assert checked == []
    assert served == esfproj(tmp_path, "export", "--format", "csv", "--no-cache")


def test_a_file_changed_while_its_findings_are_placed_is_checked_as_it_is_now(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache found a file's content, and the file changed before its findings were
    placed: they are not placed in the new text (they would land in the wrong places, or
    at 1:1); the file is checked again, as it is now."""
    (tmp_path / "records").mkdir()
    record = tmp_path / "records" / "rec.yaml"
    record.write_text(VALID.replace("amount: 85.00", "amount: 86.00"), encoding="utf-8")
    age(record, 10)
    data_set(tmp_path)
    assert esfproj(tmp_path, "summary")[0] == 0  # its findings kept unplaced
    known = engine._known

    def changing(*args: Any, **options: Any) -> Any:
        found = known(*args, **options)
        record.write_text(VALID, encoding="utf-8")  # corrected, once its content was found
        return found

    monkeypatch.setattr(engine, "_known", changing)
    served = esfproj(tmp_path, "validate", "--as-of", DAYS[0])
    monkeypatch.undo()
    assert served == esfproj(tmp_path, "validate", "--as-of", DAYS[0], "--no-cache")
    assert served[0] == 0 and "0 errors" in served[1]


def walks_by(monkeypatch: pytest.MonkeyPatch, top: Path, *args: str) -> tuple[int, tuple[int, str]]:
    """How many times a command walked the folders, and its exit code and output."""
    walks, answer = calls_to(monkeypatch, "discover", top, *args)
    return len(walks), answer


@pytest.mark.usefixtures("quick_folders")
def test_a_run_walks_the_folders_again_only_when_one_of_them_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Adding, removing or renaming a file, a folder below with records, or a folder that
    becomes a virtual environment (or stops being one) is found; with no folder changed, the
    last walk's files are taken as they were."""
    top = small_set(tmp_path)
    records = top / "records"
    command = ("summary", "--by", "source")

    def answers(walked: int) -> None:
        walks, answer = walks_by(monkeypatch, top, *command)
        assert (walks, answer) == (walked, esfproj(top, *command, "--no-cache"))

    answers(1)  # the first run walks
    answers(0)  # nothing changed: no walk
    changes: list[Callable[[], object]] = [
        lambda: shutil.copyfile(records / BUNDLED[0].name, records / "added.yaml"),
        lambda: (records / "added.yaml").rename(records / "renamed.yaml"),
        lambda: (records / "renamed.yaml").unlink(),
        lambda: (records / "below").mkdir(),
        lambda: shutil.copyfile(records / BUNDLED[1].name, records / "below" / "deep.YAML"),
        lambda: (records / "below" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8"),
        lambda: (records / "below" / "pyvenv.cfg").unlink(),
        lambda: (records / "notes.txt").write_text("not a record\n", encoding="utf-8"),
    ]
    for change in changes:
        change()
        answers(1)  # walked again: the change is in the answer, as without the cache
        answers(0)  # and not again
    assert "\ndeep," in esfproj(top, "list", "--format", "csv")[1]  # the folder below is read


def test_what_a_walk_found_is_kept_only_while_nothing_else_decides_it(tmp_path: Path) -> None:
    """A folder changed at or after the start of the run that read it is not trusted (a
    second change within the same timestamp tick would leave its times as they were); a
    link, or a file named as a path, leaves nothing to keep."""
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "a.yaml").write_text(VALID, encoding="utf-8")
    found = discovery.discover([str(tmp_path / "records")])
    assert found.folders is not None and [f[0] for f in found.folders] == [str(tmp_path / "records")]
    changed = max(found.folders[0][1:3])  # the later of mtime_ns and ctime_ns
    assert discovery.trusted(found.folders, changed + discovery.RACY_NS + 1) == found.folders
    assert discovery.trusted(found.folders, changed + discovery.RACY_NS) is None
    assert discovery.RACY_NS >= 2 * 10**9  # FAT's timestamps are two seconds apart
    assert discovery.unchanged(found.folders)
    os.chmod(tmp_path / "records", 0o755)  # the ctime alone changes
    assert not discovery.unchanged(found.folders)
    assert discovery.discover([str(tmp_path / "records" / "a.yaml")]).folders is None
    os.symlink(tmp_path / "records" / "a.yaml", tmp_path / "records" / "b.yaml")
    assert discovery.discover([str(tmp_path / "records")]).folders is None


@pytest.mark.usefixtures("quick_folders")
@pytest.mark.parametrize(
    "case",
    [
        "link becomes a folder",
        "dangling link's folder made",
        "environment's marker gone",
        "excluded becomes environment",
        "hidden becomes a cache",
    ],
)
def test_what_a_folders_times_do_not_show_is_found_all_the_same(tmp_path: Path, case: str) -> None:
    """Changes that leave every walked folder's times as they were: where a link leads, a
    marker that is a link, a passed-over folder's reason. A cached run finds what a walk
    finds, and says what it passed over, as `--no-cache` does."""
    top = small_set(tmp_path)
    (top / "esfproj.toml").write_text('paths = ["records"]\nexclude = ["old"]\n', encoding="utf-8")
    records, outside = top / "records", top / "outside"
    outside.mkdir()
    record = (records / BUNDLED[0].name).read_bytes()
    if case == "link becomes a folder":
        (outside / "thing").write_text("x\n", encoding="utf-8")
        (records / "more").symlink_to(outside / "thing")
    elif case == "dangling link's folder made":
        (records / "more").symlink_to(outside / "later")
    elif case == "environment's marker gone":
        (records / "env").mkdir()
        (records / "env" / "deep.yaml").write_bytes(record)
        (outside / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
        (records / "env" / "pyvenv.cfg").symlink_to(outside / "pyvenv.cfg")
    elif case == "excluded becomes environment":
        (records / "old").mkdir()
    else:
        (records / ".stuff").mkdir()
    commands = (["summary"], ["list", "--format", "csv"])
    for command in commands:
        esfproj(top, *command)  # the cache's snapshot, with the folders walked
    if case == "link becomes a folder":
        (outside / "thing").unlink()
        (outside / "thing").mkdir()
        (outside / "thing" / "deep.yaml").write_bytes(record.replace(b"title: ", b"title: deep ", 1))
    elif case == "dangling link's folder made":
        (outside / "later").mkdir()
        (outside / "later" / "deep.yaml").write_bytes(record)
    elif case == "environment's marker gone":
        (outside / "pyvenv.cfg").unlink()
    elif case == "excluded becomes environment":
        (records / "old" / "pyvenv.cfg").write_text("home = /usr\n", encoding="utf-8")
    else:
        (records / ".stuff" / "CACHEDIR.TAG").write_text(TAG_TEXT, encoding="utf-8")
        (records / ".stuff" / DATABASE).write_bytes(b"")
    for command in commands:
        assert esfproj(top, *command) == esfproj(top, *command, "--no-cache"), command
