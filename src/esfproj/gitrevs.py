"""Revisions read straight from git, never checked out: which files a tree holds (with the
id of each one's contents) and those contents, and the same for the working tree.

git runs as a subprocess (`git ls-tree`, `git diff --raw`, `git ls-files`, one
`git cat-file --batch` per process that reads): it is there wherever the records are
versioned, reads every repository git can (shallow clones, worktrees, packs, SHA-256),
and needs no new dependency. Paths given to git and read back are relative to the
repository's top, and returned relative to the current directory.
"""

from __future__ import annotations

import hashlib
import os
import stat
import subprocess
from collections.abc import Iterable
from functools import cached_property
from typing import NamedTuple

from esfproj.errors import UsageError
from esfproj.text import shown

NO_GIT = "git is not installed; esfproj diff reads the revisions with it"
NO_GIT_LV = "git nav instalēts; esfproj diff ar to nolasa revīzijas"
REGULAR_MODES = ("100644", "100755")
"""Tree entries that are files; links (120000) and submodules (160000) are no records."""
UNREAD = "unread"
"""The id of a working tree's file that cannot be read: no blob has it."""


class Blob(NamedTuple):
    """One file of a revision: its path (relative to the current directory) and the git id of
    its contents; `disk` when the contents are read from the working tree, not from git."""

    path: str
    oid: str
    disk: bool = False


def _env() -> dict[str, str]:
    # never take a lock or write the index: diff only reads; messages in English to match on
    return {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"}


class Repository:
    """The git repository that holds the current directory."""

    def __init__(self, start: str = ".") -> None:
        self.cwd = os.path.abspath(start)
        found = self._git(
            "rev-parse", "--show-toplevel", "--is-shallow-repository", "--show-object-format", cwd=self.cwd
        )
        if found.returncode != 0:
            if "not a git repository" in found.stderr:
                raise UsageError(
                    f"{shown(self.cwd)} is not inside a git repository; esfproj diff compares revisions of one",
                    lv=f"{shown(self.cwd)} nav git repozitorijā; esfproj diff salīdzina viena repozitorija revīzijas",
                )
            said = f"git: {_first_line(found.stderr)}"  # git's own words (in English: LC_ALL=C)
            raise UsageError(said, lv=said)
        top, shallow, object_format = found.stdout.split("\n")[:3]
        self.root = top
        self.shallow = shallow == "true"
        self.object_format = object_format if object_format in ("sha1", "sha256") else "sha1"  # older git: sha1

    def _git(self, *args: str, cwd: str | None = None) -> subprocess.CompletedProcess[str]:
        try:
            return subprocess.run(
                ["git", "--literal-pathspecs", *args],
                cwd=cwd or self.root,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="surrogateescape",
                env=_env(),
                check=False,
            )
        except FileNotFoundError:
            raise UsageError(NO_GIT, lv=NO_GIT_LV) from None

    def _output(self, *args: str) -> str:
        done = self._git(*args)
        if done.returncode != 0:
            said = f"git {args[0]}: {_first_line(done.stderr)}"  # git's own words (in English: LC_ALL=C)
            raise UsageError(said, lv=said)
        return done.stdout

    def commit(self, rev: str) -> str:
        """The commit `rev` names; a usage error (saying to fetch it, in a shallow clone) if none."""
        if rev.startswith("-"):
            raise UsageError(f"{rev!r} is not a revision", lv=f"{rev!r} nav revīzija")
        done = self._git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
        if done.returncode == 0:
            return done.stdout.strip()
        if self.shallow:
            raise UsageError(
                f"unknown revision {rev!r}: this clone is shallow and does not have it; fetch it "
                f"(git fetch --unshallow, or in GitHub Actions actions/checkout with fetch-depth: 0)",
                lv=f"nezināma revīzija {rev!r}: šis klons ir sekls, un tajā tās nav; ielādējiet to "
                f"(git fetch --unshallow vai GitHub Actions actions/checkout ar fetch-depth: 0)",
            )
        raise UsageError(
            f"unknown revision {rev!r} (not a branch, tag or commit of this repository)",
            lv=f"nezināma revīzija {rev!r} (nav šī repozitorija zars, birka vai komits)",
        )

    def pathspecs(self, paths: Iterable[str]) -> list[str]:
        """The paths relative to the repository's top; a usage error for one outside it."""
        out = []
        for path in paths:
            relative = os.path.relpath(os.path.abspath(os.path.join(self.cwd, path)), self.root)
            if relative == ".." or relative.startswith(".." + os.sep):
                raise UsageError(
                    f"{shown(path)} is outside the git repository {shown(self.root)}",
                    lv=f"{shown(path)} ir ārpus git repozitorija {shown(self.root)}",
                )
            out.append(relative)
        return out

    def shown_path(self, top_relative: str) -> str:
        """A path git gave (relative to the top) as the commands show paths: from the current
        directory. Git's paths are normal (no `.` or `..`), so one under the current directory
        needs no `relpath`, which 100 000 files would feel."""
        inside = self.inside
        if inside == ".":
            return top_relative
        if top_relative.startswith(inside + "/"):
            return top_relative[len(inside) + 1 :]
        return os.path.relpath(os.path.join(self.root, top_relative), self.cwd)

    @cached_property
    def inside(self) -> str:
        """The current directory relative to the top (`.` at the top)."""
        return os.path.relpath(self.cwd, self.root)

    def tree(self, commit: str, specs: list[str]) -> list[Blob]:
        """The files of `commit` under `specs` (from `pathspecs`), sorted by path."""
        listing = self._output("ls-tree", "-r", "-z", "--full-tree", commit, "--", *specs)
        blobs = []
        for entry in listing.split("\0"):
            if not entry:
                continue
            meta, _, path = entry.partition("\t")
            mode, kind, oid = meta.split(" ")
            if kind == "blob" and mode in REGULAR_MODES:
                blobs.append(Blob(self.shown_path(path), oid))
        return sorted(blobs)

    def changes(self, base: str, head: str | None, specs: list[str]) -> list[tuple[Blob | None, Blob | None]]:
        """The files under `specs` not the same in commit `base` and commit `head` (None: the
        working tree, as git would commit it all: tracked edits, staged or not, and the new
        files git does not ignore), as (base's blob, head's blob), None where a side has none.
        Only git's list of differences is read, never a whole tree; the working tree's
        edited and new files are hashed."""
        raw = self._output(
            "diff",
            "--raw",
            "-z",
            "--no-renames",
            "--no-ext-diff",
            "--no-abbrev",
            base,
            *([head] if head else []),
            "--",
            *specs,
        )
        fields = raw.split("\0")
        pairs: dict[str, tuple[Blob | None, Blob | None]] = {}
        for meta, path in zip(fields[0::2], fields[1::2], strict=False):
            if not meta.startswith(":"):
                continue
            old_mode, new_mode, old_oid, new_oid, _ = meta[1:].split(" ")
            shown_path = self.shown_path(path)
            before = Blob(shown_path, old_oid) if old_mode in REGULAR_MODES else None
            if new_mode not in REGULAR_MODES:
                after = None
            elif head is not None or new_oid.strip("0"):  # git knows the contents (a sparse checkout's too)
                after = Blob(shown_path, new_oid)
            else:  # edited on disk: hashed
                after = self._on_disk(path)
            pairs[shown_path] = (before, after)
        if head is None:
            new = self._output("ls-files", "-z", "--others", "--exclude-standard", "--", *specs)
            for path in filter(None, new.split("\0")):
                shown_path = self.shown_path(path)
                pairs[shown_path] = (pairs.get(shown_path, (None, None))[0], self._on_disk(path))
        return [(a, b) for _, (a, b) in sorted(pairs.items()) if a is None or b is None or a.oid != b.oid]

    def _on_disk(self, top_relative: str) -> Blob | None:
        """A working tree's file as a blob read from disk; None for one that is not a regular
        file (gone, or a link: git commits a link as a link, not as a record). A file that
        cannot be read has the id UNREAD: reading it again names it, never drops it."""
        path = os.path.join(self.root, top_relative)
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return None
        except OSError:
            return None
        oid = self.hash_file(path)
        return Blob(self.shown_path(top_relative), oid if oid is not None else UNREAD, disk=True)

    def hash_file(self, path: str) -> str | None:
        """The git id a regular file's contents would have, read in pieces (None for anything
        else: a link, a FIFO, a file gone meanwhile; git commits a link as a link, not as a
        record)."""
        try:
            if not stat.S_ISREG(os.lstat(path).st_mode):
                return None
            with open(path, "rb") as handle:
                digest = hashlib.new(self.object_format)
                digest.update(b"blob %d\0" % os.fstat(handle.fileno()).st_size)
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
        except OSError:
            return None
        return digest.hexdigest()


class BlobReader:
    """One `git cat-file --batch` process, reading blobs by id, one round trip each.

    A reader belongs to the process that made it: after a fork the child makes its own
    (`reader_for`), since the pipes cannot be shared.
    """

    def __init__(self, root: str) -> None:
        try:
            self.process = subprocess.Popen(
                ["git", "cat-file", "--batch"],
                cwd=root,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                env=_env(),
            )
        except FileNotFoundError:
            raise UsageError(NO_GIT, lv=NO_GIT_LV) from None

    def read(self, oid: str, limit: int) -> bytes | int:
        """One blob's contents (a round trip to the same process, no new one), or its size
        when it is over `limit` bytes (the contents are then skipped, never held)."""
        stdin, stdout = self.process.stdin, self.process.stdout
        assert stdin is not None and stdout is not None
        stdin.write(oid.encode("ascii") + b"\n")
        stdin.flush()
        header = stdout.readline().decode("ascii", "replace").split()
        if len(header) != 3 or header[1] != "blob":
            raise UsageError(
                f"git cat-file: {oid} is not a blob of this repository ({' '.join(header)})",
                lv=f"git cat-file: {oid} nav šī repozitorija blob objekts ({' '.join(header)})",
            )
        size = int(header[2])
        if size > limit:
            left = size + 1
            while left:
                chunk = stdout.read(min(left, 1 << 20))
                if not chunk:
                    raise UsageError(
                        f"git cat-file stopped while reading {oid}", lv=f"git cat-file apstājās, lasot {oid}"
                    )
                left -= len(chunk)
            return size
        raw = stdout.read(size)
        stdout.read(1)  # the newline after the contents
        return raw

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait()


_readers: dict[tuple[int, str], BlobReader] = {}


def reader_for(root: str) -> BlobReader:
    """This process's reader of the repository at `root` (made on first use)."""
    key = (os.getpid(), root)
    if key not in _readers:
        _readers[key] = BlobReader(root)
    return _readers[key]


def close_readers() -> None:
    for key, reader in list(_readers.items()):
        if key[0] == os.getpid():
            reader.close()
            del _readers[key]


def _first_line(text: str) -> str:
    lines = [line.removeprefix("fatal: ").removeprefix("error: ") for line in text.strip().splitlines()]
    return lines[0] if lines else "failed"
