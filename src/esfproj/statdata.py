"""The stat data of many files, in columns: what tells a run, without reading them, which
files are as the cache last saw them.

At 100 000 files the `stat` calls are the largest part of a run that the cache serves
whole (a quarter of a second, two thirds of it in the system). Like git's preloaded index,
a large list is split over two processes: Python's threads would wait on each other, so the
second half is stat'ed in a forked child, which sends its numbers back through a pipe.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from array import array
from contextlib import suppress
from typing import NoReturn

from esfproj import interrupts

NOW_UNKNOWN = -2
"""The size given for a file that has no stat data now (gone, or not a regular file), or
none that can vouch for its content (`vouching`)."""
WIDTH = 4
"""Numbers per file: size, mtime_ns, inode, ctime_ns (`cache.Stat`)."""
FORKED_FROM = 20_000
"""Files from which a second process pays for itself (forking costs a few milliseconds)."""
HIGHEST = 2**63 - 1
"""The largest number a column of stat data holds (a signed 64-bit integer, as in SQLite)."""


def file_stats(files: list[str]) -> array[int]:
    """Each regular file's stat data, four numbers in a row; a size of NOW_UNKNOWN for
    anything else (it is read, and reported, as usual). The same numbers however they are
    gathered: where a child cannot be made or gives too few numbers, this process does its
    half too. A child is never left behind: stopped (Ctrl-C), this process stops it."""
    if len(files) < FORKED_FROM or not _can_fork():
        return _stats(files)
    half = len(files) // 2
    running: int | None = None
    reading = writing = -1
    held = interrupts.hold()  # a Ctrl-C now would reach the child before it ignores it
    try:
        try:
            reading, writing = os.pipe()
            running = os.fork()
        except OSError:  # no file descriptor, or no process, left
            running = None
        if running == 0:
            _child(files[half:], reading, writing)
        interrupts.release(held)  # a Ctrl-C held back is raised here: the child is stopped below
        if running is None:
            return _stats(files)
        os.close(writing)
        writing = -1
        numbers = _stats(files[:half])
        with open(reading, "rb", closefd=False) as pipe:
            sent = pipe.read()
        _waited(running)
        running = None
    finally:
        interrupts.release(held)  # again, if something failed before: the same mask, set twice
        for descriptor in (reading, writing):
            if descriptor >= 0:
                os.close(descriptor)  # a child still writing then stops
        if running is not None:
            with suppress(OSError):
                os.kill(running, signal.SIGKILL)
            _waited(running)
    rest = array("q")
    if len(sent) == WIDTH * rest.itemsize * (len(files) - half):
        rest.frombytes(sent)
    else:  # the child could not finish (out of memory, killed): its half is done here
        rest = _stats(files[half:])
    numbers.extend(rest)
    return numbers


def _waited(child: int) -> None:
    """Wait for `child` to end (if this process ignores SIGCHLD, it was reaped already)."""
    with suppress(ChildProcessError):
        os.waitpid(child, 0)


def _can_fork() -> bool:
    """Where a fork is cheap and safe: a system that has it, more than one core, and no
    other thread (one forked mid-way could hold a lock the child needs)."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def _child(files: list[str], reading: int, writing: int) -> NoReturn:
    """In the forked child: send the stat data of `files` and leave at once, never back into
    the parent's code (no cleanup, no buffered output written twice)."""
    status = 1
    try:
        interrupts.leave_to_parent()
        os.close(reading)
        with open(writing, "wb") as pipe:
            pipe.write(_stats(files).tobytes())
        status = 0
    finally:
        os._exit(status)


def vouching(status: os.stat_result) -> tuple[int, int, int, int] | None:
    """The four numbers that vouch for a regular file's content (`cache.Stat`), each within
    64 bits; None when they cannot: not a regular file, or a time before 1677 or after
    2262, which 64 bits of nanoseconds do not hold (such a file is checked on every run).
    The inode is kept in its low 63 bits, as git keeps its low 32: an overlay file system
    sets the top one, and the size and times still tell an edited file."""
    mtime_ns, ctime_ns = status.st_mtime_ns, status.st_ctime_ns
    if status.st_mode & 0o170000 != stat.S_IFREG or not (
        -HIGHEST <= mtime_ns <= HIGHEST and -HIGHEST <= ctime_ns <= HIGHEST
    ):
        return None
    return status.st_size, mtime_ns, status.st_ino & HIGHEST, ctime_ns


def _stats(files: list[str]) -> array[int]:
    """`file_stats` in this process: it runs 100 000 times in a large run."""
    numbers = array("q")
    extend, unknown = numbers.extend, (NOW_UNKNOWN, 0, 0, 0)
    for file in files:
        try:
            status = os.stat(file)
        except OSError:
            extend(unknown)
            continue
        extend(vouching(status) or unknown)
    return numbers
