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


class Unlisted(NamedTuple):
    folder: str
    problem: Problem


class Found(NamedTuple):
    """What a run was asked to read: every record file, every folder that could not be
    listed (its records are in no figure, so the run names it), and what was passed over."""

    files: list[str]
    unlisted: list[Unlisted]
    skipped: list[Skipped]


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
    found: set[str] = set()
    links: set[str] = set()
    unlisted: list[Unlisted] = []
    skipped: list[Skipped] = []
    for path in paths:
        try:
            mode = os.stat(path).st_mode if os.path.exists(path) else os.lstat(path).st_mode
        except FileNotFoundError:
            raise UsageError(
                f"{shown(path)}: no such file or directory", lv=f"{shown(path)}: nav tāda faila vai mapes"
            ) from None
        except OSError as error:  # a parent folder that cannot be searched
            unlisted.append(_unlisted(path, error))
            continue
        if stat.S_ISDIR(mode):
            _walk(path, exclude, Found([], unlisted, skipped), found, links)
        else:
            found.add(path)
            if os.path.islink(path):
                links.add(path)
    if links:
        targets = {os.path.realpath(f) for f in found if f not in links}
        for link in sorted(links):
            real = os.path.realpath(link)
            if real in targets:
                found.discard(link)
            elif os.path.exists(real):
                targets.add(real)  # two links to one file outside the set: the first is read
    return Found(sorted(found), sorted(unlisted), sorted(skipped))


def _walk(top: str, exclude: Exclude, out: Found, found: set[str], links: set[str]) -> None:
    """Add the record files below `top` to `found` (and those that are links to `links`),
    the folders that cannot be listed to `out.unlisted` (os.walk would drop them without a
    word), and what is passed over to `out.skipped`.

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
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError as error:
            out.unlisted.append(_unlisted(directory, error))
            continue
        subdirs = []
        for entry in entries:  # 100 000 times in a large run: kept free of calls
            try:
                folder = entry.is_dir()
            except OSError:  # cannot be looked at: no folder
                folder = False
            if folder:
                subdirs.append(entry.name)
            elif entry.name.lower().endswith(YAML_SUFFIXES):  # `is_record_name`
                path = entry.path
                if exclude.patterns and exclude.matches(path):
                    out.skipped.append(Skipped(path, EXCLUDED))
                else:
                    found.add(path)
                    if entry.is_symlink():
                        links.add(path)
        kept = []
        for sub in sorted(subdirs):
            path = os.path.join(directory, sub)
            if _is_cache(path):  # esfproj's own, made beside the configuration: nothing to say
                continue
            why = _passed_over(path, sub, exclude)
            if why:
                out.skipped.append(Skipped(os.path.join(path, ""), why))
            else:
                kept.append(path)
        pending.extend(reversed(kept))


def _is_cache(path: str) -> bool:
    return os.path.isfile(os.path.join(path, TAG)) and os.path.isfile(os.path.join(path, DATABASE))


def _passed_over(path: str, name: str, exclude: Exclude) -> str | None:
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
