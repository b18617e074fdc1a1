"""The cache: what each record file's bytes give, kept between runs in one SQLite file,
and the run snapshots (`esfproj.snapshot`) in files beside it.

Two tables: `entries`, keyed by the settings fingerprint and a file's content (a hash of
its bytes) in one key, holding what the engine made of those bytes; and `files`, which
finds a file's content hash from its stat data (size, mtime_ns, inode, ctime_ns) without
reading it. Each row is a key and one or two values: every column more costs each of the
100 000 rows a cold run writes. Git's "racy timestamp" rule guards the second: a file
whose mtime is not older than the start of the run that hashed it (by the file system's
own clock) is not remembered by its stat data, so an edit within one timestamp tick is
never missed.

Every entry's values are stored with a checksum, and one that does not match is treated as
absent (then rewritten): a damaged entry is never read. A row of `files` of the wrong shape
finds nothing; its content hash is only ever used to look up an entry. Any failure of the
cache itself (a folder that cannot be written, a database that is damaged or locked by
another run) turns it off for the rest of the run, without a word: the run computes
everything, as without a cache.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

DATABASE = "cache.sqlite3"
LAYOUT = 5
"""The tables' layout: a database of another layout is emptied and made again."""
TAG = "CACHEDIR.TAG"
TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is esfproj's cache (https://bford.info/cachedir/); delete it at will.\n"
)
BATCH = 10000
"""Rows written per transaction. Each transaction writes every page of the table of entries'
index it touches, and contents' hashes are spread over all its pages: at 100 000 files,
transactions of 2 000 rows wrote 458 MB for a database of 68 MB, of 10 000 rows sorted
by key 225 MB. The rows pending take about 6 MB."""
SNAPSHOTS = 8
"""Snapshots kept (one per set of paths and settings a person runs with)."""
SNAPSHOT = "snapshot-"
"""The start of a snapshot file's name; its key in hexadecimal follows."""
ABANDONED_NS = 3600 * 10**9
"""A snapshot still being written after this long was left by a run that stopped."""
DIGEST = 16
"""Bytes of a content hash (`engine.content_digest`)."""
CHUNK = 500
"""Rows asked for per query (SQLite allows at least 999 parameters in one)."""
Item = TypeVar("Item")
STAT = struct.Struct("<4q")
"""A `Stat` as the table of files keeps it, before the content hash it finds."""
CHECKSUM = 4
"""Bytes of the CRC-32 before each value: it finds a damaged or truncated value (a torn write,
a flipped bit), at a quarter of a cryptographic hash's time over a snapshot's megabytes."""


class Stat(NamedTuple):
    """The stat data that finds a file's content without reading it (`statdata.vouching`)."""

    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int


class Fresh(NamedTuple):
    """What the cache keeps of a file just checked, as the process that checked it sends it:
    its stat data as read (None: none that can vouch for it), its content hash, the facts
    (`kept.kept`), and the record pickled (None: not kept)."""

    stat: tuple[int, int, int, int] | None
    digest: bytes
    facts: bytes
    record: bytes | None

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        """Pickled as a plain tuple: a named tuple's own way costs more than all its values."""
        return _new, (Fresh, tuple(self))


_new = tuple.__new__


def _checksum(value: bytes) -> bytes:
    return zlib.crc32(value).to_bytes(CHECKSUM, "little")


def _sealed(value: bytes) -> bytes:
    return _checksum(value) + value


def _opened(sealed: object) -> bytes | None:
    """The value, or None when its checksum does not match (a damaged or truncated entry)."""
    if not isinstance(sealed, bytes) or len(sealed) < CHECKSUM:
        return None
    value = sealed[CHECKSUM:]
    return value if _checksum(value) == sealed[:CHECKSUM] else None


class Store:
    """One run's use of the cache folder; every method fails quietly (the cache is then off)."""

    def __init__(self, path: str, connection: sqlite3.Connection, fingerprint: bytes, clock_ns: int) -> None:
        self.path = path
        self.connection: sqlite3.Connection | None = connection
        self.fingerprint = fingerprint
        self.clock_ns = clock_ns
        """The file system's time at the start of the run: a file modified since is racy."""
        self.cwd = os.getcwd()
        self.folders: dict[str, str] = {}
        """Each folder's absolute path, normalised, with a separator at its end (`_path`)."""
        self.pending_entries: list[tuple[bytes, bytes, bytes | None]] = []
        self.pending_files: list[tuple[bytes, bytes]] = []

    @classmethod
    def open(cls, folder: str, fingerprint: bytes) -> Store | None:
        """The cache in `folder` (made, with its CACHEDIR.TAG and a .gitignore holding `*`,
        if absent), or None when it cannot be used."""
        try:
            os.makedirs(folder, exist_ok=True)
            tag = os.path.join(folder, TAG)
            if not os.path.exists(tag):
                _write_new(os.path.join(folder, ".gitignore"), "# esfproj's cache: never committed\n*\n")
                _write_new(tag, TAG_TEXT)
            os.utime(tag)  # fails in a folder that cannot be written; else reads the file system's clock
            clock_ns = os.stat(tag).st_mtime_ns
            path = os.path.join(folder, DATABASE)
            connection = _connect(path)
            return cls(path, connection, fingerprint, clock_ns)
        except (OSError, sqlite3.Error):
            return None

    def remembered(self, files: list[str], stats: list[Stat | None]) -> list[bytes | None]:
        """The content hash remembered for each file whose stat data is unchanged."""
        found: list[bytes | None] = []
        width = STAT.size
        for chunk in _chunks(list(zip(files, stats, strict=True))):
            paths = [self._path(file) for file, _ in chunk]
            rows = dict(self._all(f"SELECT path, found FROM files WHERE path IN ({_marks(paths)})", paths))
            for path, (_, stat) in zip(paths, chunk, strict=True):
                row = rows.get(path)
                if stat is None or not isinstance(row, bytes) or len(row) != width + DIGEST:
                    found.append(None)
                else:
                    found.append(row[width:] if row[:width] == STAT.pack(*stat) else None)
        return found

    def _path(self, file: str) -> bytes:
        """The file's key in the table of files: its absolute path (`abspath`, without the
        `getcwd` it makes on every call), its folder's part made once per folder."""
        name = file.rpartition(os.sep)[2]
        if not name or name in (os.curdir, os.pardir) or (os.altsep and os.altsep in name):
            return os.fsencode(os.path.normpath(os.path.join(self.cwd, file)))
        folder = file[: len(file) - len(name)]  # with its separator: "/" is not ""
        prefix = self.folders.get(folder)
        if prefix is None:
            prefix = self.folders[folder] = os.path.join(os.path.normpath(os.path.join(self.cwd, folder or ".")), "")
        return os.fsencode(prefix + name)

    def empty(self) -> bool:
        """Whether the cache holds no entry for these settings (then nothing is worth hashing)."""
        query = "SELECT 1 FROM entries WHERE key BETWEEN ? AND ? AND length(key) = ? LIMIT 1"
        return not self._all(query, self._keys())

    def _keys(self) -> tuple[bytes, bytes, int]:
        """The first and last key an entry of these settings can have, and its length."""
        first, last = self.fingerprint + b"\0" * DIGEST, self.fingerprint + b"\xff" * DIGEST
        return first, last, len(first)

    def present(self, digests: list[bytes], record: bool) -> set[bytes]:
        """Which of these contents the cache holds an entry of (with its record, if asked)."""
        held = " AND record IS NOT NULL" if record else ""
        start = len(self.fingerprint)
        return {
            row[0][start:]
            for chunk in _chunks(digests)
            for row in self._all(
                f"SELECT key FROM entries WHERE key IN ({_marks(chunk)}){held}",
                [self.fingerprint + digest for digest in chunk],
            )
        }

    def entries(self, digests: list[bytes], record: bool) -> Iterator[tuple[bytes, bytes | None] | None]:
        """The entry of each content in turn (its facts, and its record when asked), read a
        chunk at a time; None for one that is absent or damaged."""
        column = "record" if record else "NULL"
        start = len(self.fingerprint)
        for chunk in _chunks(digests):
            rows = self._all(
                f"SELECT key, facts, {column} FROM entries WHERE key IN ({_marks(chunk)})",
                [self.fingerprint + digest for digest in chunk],
            )
            found = {row[0][start:]: (_opened(row[1]), _opened(row[2]) if record else None) for row in rows}
            for digest in chunk:
                facts, whole = found.get(digest, (None, None))
                yield (facts, whole) if facts is not None and (whole is not None or not record) else None

    def remember(self, file: str, stat: tuple[int, int, int, int], digest: bytes) -> None:
        """Find `file`'s content by its stat data (a `Stat`) next time, unless it is racy:
        modified at or after the start of this run, it may change again within the same
        timestamp tick."""
        if stat[1] < self.clock_ns:  # its mtime_ns
            self.pending_files.append((self._path(file), STAT.pack(*stat) + digest))
            self._flush_if_full()

    def keep(self, file: str, fresh: Fresh) -> None:
        """Keep what `fresh` holds of `file`'s content, and find it by its stat data next time."""
        record = fresh.record
        self.pending_entries.append(
            (self.fingerprint + fresh.digest, _sealed(fresh.facts), _sealed(record) if record is not None else None)
        )
        if fresh.stat is not None:
            self.remember(file, fresh.stat, fresh.digest)  # which flushes, when full
        else:
            self._flush_if_full()

    def _flush_if_full(self) -> None:
        if len(self.pending_entries) + len(self.pending_files) >= BATCH:
            self.flush()

    def snapshot(self, key: bytes) -> bytes | None:
        """The snapshot kept under `key` (see `esfproj.snapshot`), if any and undamaged."""
        path = self._snapshot_path(key)
        try:
            with open(path, "rb") as handle:
                value = _opened(handle.read())
        except OSError:
            return None
        with suppress(OSError):
            os.utime(path)  # the most recently used are kept, whether written again or served whole
        return value

    def keep_snapshot(self, key: bytes, value: bytes) -> None:
        """Keep a snapshot under `key`, and only the SNAPSHOTS most recently kept.

        A file of its own beside the database, written whole and then renamed into place
        (two runs at once each write a whole one; the last stays): a blob of tens of
        megabytes costs SQLite several times what the file system takes."""
        self.flush()
        if self.connection is None:
            return
        path = self._snapshot_path(key)
        partial = f"{path}.{os.getpid()}.partial"
        try:
            with open(partial, "wb") as handle:
                handle.write(_checksum(value))
                handle.write(value)
            os.replace(partial, path)
            kept: list[os.DirEntry[str]] = []
            partials: list[os.DirEntry[str]] = []
            for entry in os.scandir(os.path.dirname(path)):
                if entry.name.startswith(SNAPSHOT):
                    (partials if entry.name.endswith(".partial") else kept).append(entry)
            kept.sort(key=lambda entry: entry.stat().st_mtime_ns, reverse=True)
            for entry in kept[SNAPSHOTS:]:
                os.remove(entry.path)
            for entry in partials:  # another run's, being written; or left by one stopped
                if entry.stat().st_mtime_ns < self.clock_ns - ABANDONED_NS:
                    os.remove(entry.path)
        except OSError:
            with suppress(OSError):
                os.remove(partial)

    def _snapshot_path(self, key: bytes) -> str:
        return os.path.join(os.path.dirname(self.path), SNAPSHOT + key.hex())

    def prune(self) -> None:
        """Drop the entries of other settings (an older esfproj, another tolerance): run when
        the cache holds none of these, so once after each such change."""
        if self.connection is None:
            return
        with self._guarded(), self.connection:
            self.connection.execute(  # and any key not of an entry's shape (a damaged database)
                "DELETE FROM entries WHERE key IS NULL OR key NOT BETWEEN ? AND ? OR length(key) != ?", self._keys()
            )

    def flush(self) -> None:
        """Write what is pending in one transaction; if another run holds the database past
        the timeout, or it cannot be written, this run's writes are dropped."""
        entries, files = self.pending_entries, self.pending_files
        self.pending_entries, self.pending_files = [], []
        if self.connection is None or not (entries or files):
            return
        first = itemgetter(0)
        entries.sort(key=first)  # in the order of the keys: each page met once; a key
        files.sort(key=first)  # written twice keeps its last row (a stable sort)
        with self._guarded(), self.connection:
            self.connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", entries)
            self.connection.executemany("INSERT OR REPLACE INTO files VALUES (?, ?)", files)

    def close(self) -> None:
        self.flush()
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _all(self, query: str, parameters: Sequence[object]) -> list[tuple[Any, ...]]:
        if self.connection is None:
            return []
        with self._guarded():
            rows: list[tuple[Any, ...]] = self.connection.execute(query, parameters).fetchall()
            return rows
        return []

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """Any failure of the database turns the cache off for the rest of the run; a damaged
        database (not one that is locked or cannot be written) is removed, to be made anew."""
        try:
            yield
        except sqlite3.Error as error:
            if self.connection is not None:
                self.connection.close()
            self.connection = None
            if isinstance(error, sqlite3.DatabaseError) and not isinstance(error, sqlite3.OperationalError):
                _remove(self.path)


def _connect(path: str) -> sqlite3.Connection:
    """The database at `path`, made with the current layout; a damaged one, or one of
    another layout, is replaced."""
    try:
        return _prepared(path)
    except sqlite3.DatabaseError as error:  # not a database, or damaged beyond reading its layout
        if isinstance(error, sqlite3.OperationalError):
            raise
        _remove(path)
        return _prepared(path)


def _remove(path: str) -> None:
    for suffix in ("", "-wal", "-shm"):
        with suppress(OSError):
            os.remove(path + suffix)


def _prepared(path: str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=10, isolation_level=None, check_same_thread=False)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = NORMAL")
        if connection.execute("PRAGMA user_version").fetchone()[0] != LAYOUT:
            with connection:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("DROP TABLE IF EXISTS entries")
                connection.execute("DROP TABLE IF EXISTS files")
                connection.execute("DROP TABLE IF EXISTS snapshots")  # layout 2 kept them here
                # key: the fingerprint, then the content hash; found: `STAT`, then the content hash
                connection.execute("CREATE TABLE entries (key BLOB PRIMARY KEY, facts BLOB NOT NULL, record BLOB)")
                connection.execute("CREATE TABLE files (path BLOB PRIMARY KEY, found BLOB NOT NULL)")
                connection.execute(f"PRAGMA user_version = {LAYOUT}")
        connection.isolation_level = "IMMEDIATE"  # so `with connection` starts BEGIN IMMEDIATE
        return connection
    except sqlite3.Error:
        connection.close()
        raise


def _chunks(items: list[Item]) -> Iterator[list[Item]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _marks(chunk: list[Any]) -> str:
    return ", ".join("?" * len(chunk))


def _write_new(path: str, text: str) -> None:
    """Write a small file unless it exists (another run may be making the folder too): whole,
    under a name of its own, then linked to `path`, so that a full disk leaves no empty
    `.gitignore` or `CACHEDIR.TAG` (the failure turns the cache off for the run)."""
    partial = f"{path}.{os.getpid()}.partial"
    try:
        with open(partial, "w", encoding="utf-8") as handle:
            handle.write(text)
        with suppress(FileExistsError):
            os.link(partial, path)
    finally:
        with suppress(OSError):
            os.remove(partial)
