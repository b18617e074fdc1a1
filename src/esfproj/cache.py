"""The cache: what each record file's bytes give, kept between runs in one SQLite file.

Two tables: `entries`, keyed by a file's content (a hash of its bytes) and the settings
fingerprint, holding what the engine made of those bytes; and `files`, which finds a
file's content hash from its stat data (size, mtime_ns, inode, ctime_ns) without reading
it. Git's "racy timestamp" rule guards the second: a file whose mtime is not older than the
start of the run that hashed it (by the file system's own clock) is not remembered by its
stat data, so an edit within one timestamp tick is never missed.

Every value is stored with a checksum, and one that does not match is treated as absent
(then rewritten): a damaged entry is never read. Any failure of the cache itself (a folder
that cannot be written, a database that is damaged or locked by another run) turns it off
for the rest of the run, without a word: the run computes everything, as without a cache.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import NamedTuple

DATABASE = "cache.sqlite3"
LAYOUT = 1
"""The tables' layout: a database of another layout is emptied and made again."""
TAG = "CACHEDIR.TAG"
TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This folder is esfproj's cache (https://bford.info/cachedir/); delete it at will.\n"
)
BATCH = 2000
"""Rows written per transaction."""
CHECKSUM = 8


class Stat(NamedTuple):
    """The stat data that finds a file's content without reading it."""

    size: int
    mtime_ns: int
    inode: int
    ctime_ns: int

    @classmethod
    def of(cls, status: os.stat_result) -> Stat:
        return cls(status.st_size, status.st_mtime_ns, status.st_ino, status.st_ctime_ns)


def _sealed(value: bytes) -> bytes:
    return hashlib.blake2b(value, digest_size=CHECKSUM).digest() + value


def _opened(sealed: object) -> bytes | None:
    """The value, or None when its checksum does not match (a damaged or truncated entry)."""
    if not isinstance(sealed, bytes) or len(sealed) < CHECKSUM:
        return None
    value = sealed[CHECKSUM:]
    return value if hashlib.blake2b(value, digest_size=CHECKSUM).digest() == sealed[:CHECKSUM] else None


class Store:
    """One run's use of the cache folder; every method fails quietly (the cache is then off)."""

    def __init__(self, path: str, connection: sqlite3.Connection, fingerprint: bytes, clock_ns: int) -> None:
        self.path = path
        self.connection: sqlite3.Connection | None = connection
        self.fingerprint = fingerprint
        self.clock_ns = clock_ns
        """The file system's time at the start of the run: a file modified since is racy."""
        self.pending_entries: list[tuple[bytes, bytes, bytes | None]] = []
        self.pending_files: list[tuple[bytes, int, int, int, int, bytes]] = []

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
        except (OSError, sqlite3.Error):
            return None
        return cls(path, connection, fingerprint, clock_ns)

    def _key(self, digest: bytes) -> bytes:
        return digest + self.fingerprint

    def digest(self, file: str, stat: Stat) -> bytes | None:
        """The content hash remembered for `file`, if its stat data is unchanged."""
        row = self._one(
            "SELECT digest FROM files WHERE path = ? AND size = ? AND mtime = ? AND inode = ? AND ctime = ?",
            (os.fsencode(os.path.abspath(file)), *stat),
        )
        return row[0] if row is not None and isinstance(row[0], bytes) else None

    def has(self, digest: bytes) -> bool:
        return self._one("SELECT 1 FROM entries WHERE key = ?", (self._key(digest),)) is not None

    def get(self, digest: bytes, record: bool) -> tuple[bytes, bytes | None] | None:
        """The entry of a content: its facts, and its record when asked; None when it is
        absent or damaged."""
        column = "record" if record else "NULL"
        row = self._one(f"SELECT facts, {column} FROM entries WHERE key = ?", (self._key(digest),))
        if row is None:
            return None
        facts, whole = _opened(row[0]), _opened(row[1]) if record else None
        if facts is None or (record and whole is None):
            return None
        return facts, whole

    def remember(self, file: str, stat: Stat, digest: bytes) -> None:
        """Find `file`'s content by its stat data next time, unless it is racy: modified at or
        after the start of this run, it may change again within the same timestamp tick."""
        if stat.mtime_ns < self.clock_ns:
            self.pending_files.append((os.fsencode(os.path.abspath(file)), *stat, digest))
            self._flush_if_full()

    def put(self, digest: bytes, facts: bytes, record: bytes | None) -> None:
        self.pending_entries.append((self._key(digest), _sealed(facts), _sealed(record) if record else None))
        self._flush_if_full()

    def _flush_if_full(self) -> None:
        if len(self.pending_entries) + len(self.pending_files) >= BATCH:
            self.flush()

    def flush(self) -> None:
        """Write what is pending in one transaction; if another run holds the database past
        the timeout, or it cannot be written, this run's writes are dropped."""
        entries, files = self.pending_entries, self.pending_files
        self.pending_entries, self.pending_files = [], []
        if self.connection is None or not (entries or files):
            return
        with self._guarded(), self.connection:
            self.connection.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?)", entries)
            self.connection.executemany("INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?)", files)

    def close(self) -> None:
        self.flush()
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def _one(self, query: str, parameters: tuple[object, ...]) -> tuple[object, ...] | None:
        if self.connection is None:
            return None
        with self._guarded():
            row: tuple[object, ...] | None = self.connection.execute(query, parameters).fetchone()
            return row
        return None

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
                connection.execute("CREATE TABLE entries (key BLOB PRIMARY KEY, facts BLOB NOT NULL, record BLOB)")
                connection.execute(
                    "CREATE TABLE files (path BLOB PRIMARY KEY, size INTEGER, mtime INTEGER, inode INTEGER, "
                    "ctime INTEGER, digest BLOB)"
                )
                connection.execute(f"PRAGMA user_version = {LAYOUT}")
        connection.isolation_level = "IMMEDIATE"  # so `with connection` starts BEGIN IMMEDIATE
        return connection
    except sqlite3.Error:
        connection.close()
        raise


def _write_new(path: str, text: str) -> None:
    """Write a small file unless it exists (another run may be making the folder too)."""
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        pass
