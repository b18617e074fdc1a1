"""Which files a run reads: every record file under the paths given, each once; every folder
that cannot be listed (named, never dropped); and what was passed over on purpose (hidden
folders, virtual environments, the configuration's `exclude`), counted so the run can say so."""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Iterable
from typing import NamedTuple

from esfproj.cache import DATABASE, TAG
from esfproj.errors import UsageError
from esfproj.loader import FILE_READ
from esfproj.model import Message, Problem, Skipped
from esfproj.text import os_reason, shown

YAML_SUFFIXES = (".yaml", ".yml")
HIDDEN, VENV, EXCLUDED = "hidden", "venv", "excluded"
"""Why a folder or file was passed over (`model.Skipped.why`)."""
CACHE = "cache"
"""A folder passed over as an esfproj cache: not counted among those skipped."""


class Unlisted(NamedTuple):
    folder: str
    problem: Problem


Folder = tuple[str, int, int, int]
"""A folder whose entries decided what a walk found: its path, and its mtime_ns, ctime_ns
and inode, read before its entries were. A subfolder passed over is kept as (path, code,
0, 0), the code saying why (`PASSED_OVER`): that is decided again on every run, from what
it holds (a virtual environment, a cache folder, whose own times change on every run)."""
PASSED_OVER = {CACHE: -1, HIDDEN: -2, VENV: -3, EXCLUDED: -4}
"""Why a subfolder was passed over, as kept in a `Folder`."""
RACY_NS = 3 * 10**9
"""How much older than the start of a run a folder's times must be for the run to keep
them: file systems with whole-second or two-second timestamps (ext3, FAT, some network
shares) give a change late in a second the time of its start."""


class Found(NamedTuple):
    """What a run was asked to read: every record file, every folder that could not be
    listed (its records are in no figure, so the run names it), and what was passed over."""

    files: list[str]
    unlisted: list[Unlisted]
    skipped: list[Skipped]
    folders: list[Folder] | None = None
    """The folders whose entries decided all this (`unchanged`: then a walk would find the
    same); None when more decided it (a link, a folder that cannot be listed, a file named
    as a path), or off POSIX systems, where a program may set a folder's times back."""


class Exclude(NamedTuple):
    """The configuration's `exclude` glob patterns, matched against a path relative to the
    folder of the configuration file (`drafts/*`, `**/old-*.yaml`) or against a name."""

    patterns: tuple[str, ...] = ()
    root: str = "."

    def matches(self, path: str) -> bool:
        if not self.patterns:
            return False
        relative = os.path.relpath(os.path.abspath(path), self.root).replace(os.sep, "/")
        name = os.path.basename(path)
        return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(name, p) for p in self.patterns)


NO_EXCLUDE = Exclude()


def unchanged(folders: list[Folder], exclude: Exclude = NO_EXCLUDE) -> bool:
    """Whether a walk would find what it found when `folders` were read. Adding, removing or
    renaming an entry changes its folder's mtime and ctime (POSIX), and nothing can set a
    ctime back; a folder changed shortly before the run that read it is not to be trusted
    (`trusted`); a subfolder passed over is decided again."""
    for path, mtime, ctime, inode in folders:
        if mtime < 0:
            if PASSED_OVER.get(_decided(path, exclude) or "", 0) != mtime:
                return False
            continue
        try:
            status = os.stat(path)
        except OSError:
            return False
        if (status.st_mtime_ns, status.st_ctime_ns, status.st_ino) != (mtime, ctime, inode):
            return False
    return True


def trusted(folders: list[Folder] | None, clock_ns: int) -> list[Folder] | None:
    """`folders`, if none was changed within RACY_NS of `clock_ns` (the start of the run that
    read them) or after it: a change later in the same timestamp tick would leave its times
    as they were."""
    if folders is None or any(max(mtime, ctime) >= clock_ns - RACY_NS for _, mtime, ctime, _ in folders):
        return None
    return folders


def is_record_name(name: str) -> bool:
    """A record file's name ends in `.yaml` or `.yml`, in any case (`.YAML`, `.Yml`)."""
    return name.lower().endswith(YAML_SUFFIXES)


def discover(paths: Iterable[str], exclude: Exclude = NO_EXCLUDE) -> Found:
    """Every record file under `paths`, sorted, each read once; a path that does not exist
    is a UsageError.

    Links to folders are followed (a folder reached twice is read once). A link to a file
    that is also found by its own name is left out: it is the same record, not a
    duplicate of it. A path given is always read; only what a walk meets is passed over.
    """
    walk = _Walk()
    for path in paths:
        try:
            mode = os.stat(path).st_mode if os.path.exists(path) else os.lstat(path).st_mode
        except FileNotFoundError:
            raise UsageError(
                f"{shown(path)}: no such file or directory", lv=f"{shown(path)}: nav tāda faila vai mapes"
            ) from None
        except OSError as error:  # a parent folder that cannot be searched
            walk.unlisted.append(_unlisted(path, error))
            continue
        if stat.S_ISDIR(mode):
            walk.walk(path, exclude)
        else:
            walk.found.add(path)
            walk.plain = False
            if os.path.islink(path):
                walk.links.add(path)
    found, links = walk.found, walk.links
    if links:
        targets = {os.path.realpath(f) for f in found if f not in links}
        for link in sorted(links):
            real = os.path.realpath(link)
            if real in targets:
                found.discard(link)
            elif os.path.exists(real):
                targets.add(real)  # two links to one file outside the set: the first is read
    plain = walk.plain and not links and not walk.unlisted and os.name == "posix"  # POSIX says what changes a ctime
    return Found(sorted(found), sorted(walk.unlisted), sorted(walk.skipped), walk.folders if plain else None)


class _Walk:
    """What the walks of one run gather."""

    def __init__(self) -> None:
        self.found: set[str] = set()
        self.links: set[str] = set()
        """The files found that are links."""
        self.unlisted: list[Unlisted] = []
        self.skipped: list[Skipped] = []
        self.folders: list[Folder] = []
        self.plain = True
        """Only the folders' entries decided what was found (`Found.folders`)."""

    def walk(self, top: str, exclude: Exclude) -> None:
        """Add the record files below `top` to `found` (and those that are links to `links`),
        the folders that cannot be listed to `unlisted` (os.walk would drop them without a
        word), and what is passed over to `skipped`.

        Depth first, each folder's subfolders in name order, as os.walk goes; but reading each
        folder's entries once, so that a file costs no system call here (`os.walk` and
        `os.path.islink` would stat each one twice more)."""
        seen: set[str] = set()
        pending = [top]
        while pending:
            directory = pending.pop()
            real = os.path.realpath(directory)
            if real in seen:  # a link back to a folder already read
                continue
            seen.add(real)
            try:
                status = os.stat(directory)  # before its entries: a change after them is seen next time
                with os.scandir(directory) as listing:
                    entries = list(listing)
            except OSError as error:
                self.unlisted.append(_unlisted(directory, error))
                continue
            self.folders.append((directory, status.st_mtime_ns, status.st_ctime_ns, status.st_ino))
            subdirs = []
            for entry in entries:  # 100 000 times in a large run: kept free of calls
                link = entry.is_symlink()
                if link:  # what it leads to may change, its folder's times not
                    self.plain = False
                try:
                    folder = entry.is_dir()
                except OSError:  # cannot be looked at: no folder
                    folder = False
                    self.plain = False
                if folder:
                    subdirs.append(entry.name)
                elif entry.name.lower().endswith(YAML_SUFFIXES):  # `is_record_name`
                    path = entry.path
                    if exclude.patterns and exclude.matches(path):
                        self.skipped.append(Skipped(path, EXCLUDED))
                    else:
                        self.found.add(path)
                        if link:
                            self.links.add(path)
            pending.extend(reversed(self._kept(directory, subdirs, exclude)))

    def _kept(self, directory: str, subdirs: list[str], exclude: Exclude) -> list[str]:
        """The subfolders to walk, in name order; those passed over noted (an esfproj cache
        folder, made beside the configuration, without a word)."""
        kept = []
        for sub in sorted(subdirs):
            path = os.path.join(directory, sub)
            why = _decided(path, exclude)
            if why is None:
                kept.append(path)
                continue
            self.folders.append((path, PASSED_OVER[why], 0, 0))
            if why != CACHE:
                self.skipped.append(Skipped(os.path.join(path, ""), why))
        return kept


def _decided(path: str, exclude: Exclude) -> str | None:
    """Why a walk passes over the folder at `path` (None: it is walked)."""
    name = os.path.basename(path)
    if os.path.isfile(os.path.join(path, TAG)) and os.path.isfile(os.path.join(path, DATABASE)):
        return CACHE
    if name.startswith("."):
        return HIDDEN
    if os.path.isfile(os.path.join(path, "pyvenv.cfg")):
        return VENV
    return EXCLUDED if exclude.matches(path) else None


def _unlisted(folder: str, error: OSError) -> Unlisted:
    why = os_reason(error)
    return Unlisted(
        os.path.join(folder, ""),
        Problem(
            FILE_READ.id,
            (),
            Message(
                f"cannot list the folder: {why}; no record in it is in any figure",
                lv=f"mapes saturu nevar nolasīt: {os_reason(error, 'lv')}; neviens tās ieraksts nav nevienā skaitlī",
            ),
            line=1,
            column=1,
        ),
    )
