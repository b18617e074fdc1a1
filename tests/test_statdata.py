"""The stat data of many files: the same numbers whether one process gathers them or two."""

from __future__ import annotations

import os
import signal
import threading
from array import array
from pathlib import Path

import pytest

from esfproj import statdata
from esfproj.statdata import FORKED_FROM, NOW_UNKNOWN, file_stats

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a FIFO, which this system lacks")


def _kinds(tmp_path: Path) -> list[str]:
    """A record, an empty file, a missing one, a folder and a FIFO."""
    record = tmp_path / "a.yaml"
    record.write_text("id: x\n", encoding="utf-8")
    (tmp_path / "empty.yaml").write_bytes(b"")
    (tmp_path / "folder.yaml").mkdir()
    os.mkfifo(tmp_path / "pipe.yaml")
    return [str(tmp_path / name) for name in ("a.yaml", "empty.yaml", "gone.yaml", "folder.yaml", "pipe.yaml")]


def _expected(file: str) -> list[int]:
    status = os.stat(file) if os.path.exists(file) else None
    if status is None or not os.path.isfile(file):
        return [NOW_UNKNOWN, 0, 0, 0]
    return [status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns]


def test_each_kind_of_file_gives_its_numbers(tmp_path: Path) -> None:
    files = _kinds(tmp_path)
    assert file_stats(files) == array("q", [n for file in files for n in _expected(file)])
    assert file_stats(files)[:2] == array("q", [6, os.stat(files[0]).st_mtime_ns])


@pytest.mark.skipif(not hasattr(os, "fork"), reason="splitting the work needs fork, which this system lacks")
def test_a_long_list_split_over_two_processes_gives_the_same_numbers_in_order(tmp_path: Path) -> None:
    kinds = _kinds(tmp_path)
    files = [kinds[at % len(kinds)] for at in range(FORKED_FROM + 3)]  # the halves differ in what they start with
    numbers = file_stats(files)
    assert numbers == array("q", [n for file in files for n in _expected(file)])
    assert len(numbers) == 4 * len(files)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="splitting the work needs fork, which this system lacks")
def test_a_child_that_sends_nothing_leaves_its_half_to_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child killed half-way (out of memory, a signal) sends too few numbers: they are
    not used, and the parent gathers that half itself."""

    def dies(files: list[str], reading: int, writing: int) -> None:
        (tmp_path / "forked").write_text(str(len(files)), encoding="utf-8")
        os.write(writing, b"\1" * 40)  # a torn row
        os._exit(9)

    monkeypatch.setattr(statdata, "_child", dies)
    kinds = _kinds(tmp_path)
    files = [kinds[at % len(kinds)] for at in range(FORKED_FROM)]
    assert file_stats(files) == array("q", [n for file in files for n in _expected(file)])
    assert (tmp_path / "forked").read_text(encoding="utf-8") == str(FORKED_FROM // 2)


@pytest.mark.parametrize("fault", ["no process can be made", "SIGCHLD ignored", "Ctrl-C as the child is made"])
def test_a_child_that_cannot_be_made_or_waited_for_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    """A limit on processes gives the numbers all the same; so does a parent that ignores
    SIGCHLD (the child is reaped before it is waited for). Ctrl-C held back while the child
    is made stops it: the child is waited for and the pipe closed."""
    kinds = _kinds(tmp_path)
    files = [kinds[at % len(kinds)] for at in range(FORKED_FROM)]
    expected = array("q", [n for file in files for n in _expected(file)])
    fork, pipe = os.fork, os.pipe
    if fault == "no process can be made":

        def refused() -> int:
            raise BlockingIOError(11, "Resource temporarily unavailable")

        monkeypatch.setattr(os, "fork", refused)
        assert file_stats(files) == expected
    elif fault == "SIGCHLD ignored":
        previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
        try:
            assert file_stats(files) == expected
        finally:
            signal.signal(signal.SIGCHLD, previous)
    else:
        made: list[int] = []

        def interrupted() -> int:
            signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)  # held back until the child is made
            made.append(fork())
            return made[-1]

        def piped() -> tuple[int, int]:
            made.extend(pipe())
            return made[-2], made[-1]

        monkeypatch.setattr(os, "fork", interrupted)
        monkeypatch.setattr(os, "pipe", piped)
        previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # even where a launcher ignores it
        try:
            with pytest.raises(KeyboardInterrupt):
                file_stats(files)
        finally:
            signal.signal(signal.SIGINT, previous)
        reading, writing, child = made
        with pytest.raises(ChildProcessError):
            os.waitpid(child, os.WNOHANG)  # waited for already
        for descriptor in (reading, writing):
            with pytest.raises(OSError):
                os.fstat(descriptor)  # closed


def _status(mode: int = 0o100644, inode: int = 7, mtime_ns: int = 10**18, ctime_ns: int = 10**18) -> os.stat_result:
    """A stat result as a file system could give it (st_mode, st_ino, ... and the times in ns)."""
    times = {"st_atime_ns": mtime_ns, "st_mtime_ns": mtime_ns, "st_ctime_ns": ctime_ns}
    return os.stat_result((mode, inode, 1, 1, 0, 0, 123, 0, 0, 0), times)


def test_stat_data_is_kept_within_64_bits_or_not_at_all() -> None:
    """An inode with its top bit set (an overlay file system) keeps its low 63 bits; a time
    that 64 bits of nanoseconds do not hold (a file dated 2400) leaves the file unvouched:
    checked on every run, never an overflow."""
    assert statdata.vouching(_status()) == (123, 10**18, 7, 10**18)
    assert statdata.vouching(_status(inode=2**63 + 7)) == (123, 10**18, 7, 10**18)
    assert statdata.vouching(_status(inode=2**64 - 1)) == (123, 10**18, 2**63 - 1, 10**18)
    year_2400 = 13_569_465_600 * 10**9
    assert statdata.vouching(_status(mtime_ns=year_2400)) is None
    assert statdata.vouching(_status(ctime_ns=year_2400)) is None
    assert statdata.vouching(_status(mtime_ns=-(2**63))) is None
    assert statdata.vouching(_status(mtime_ns=-(2**63) + 1)) == (123, -(2**63) + 1, 7, 10**18)
    assert statdata.vouching(_status(mode=0o040755)) is None  # a folder


def test_a_file_dated_past_2262_is_listed_as_unvouched(tmp_path: Path) -> None:
    record = tmp_path / "a.yaml"
    record.write_text("id: x\n", encoding="utf-8")
    try:
        os.utime(record, ns=(13_569_465_600 * 10**9,) * 2)
    except (OSError, OverflowError):
        pytest.skip("this file system does not hold a date in 2400")
    if os.stat(record).st_mtime_ns <= 2**63 - 1:
        pytest.skip("this file system keeps a date in 2400 as an earlier one")
    assert file_stats([str(record)]) == array("q", [NOW_UNKNOWN, 0, 0, 0])
