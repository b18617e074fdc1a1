"""Writing results: to stdout, or to a file that is never anything the user wrote.

Every command's `--output` goes through `emit`, and so through one guard:

- never into a data folder (configured, default, or read by the command), never over
  a file the command read, never over an existing file that looks like a record;
- a regular file (or a new one) is written atomically, through a temporary file
  renamed into place, creating missing parent folders; streamed output (chunks written
  as they are made) too: the file appears whole, once the last chunk is written;
- a link writes its target, atomically, after the target passes the same guard;
- a device or a FIFO (`/dev/null`, `/dev/stdout`, a pipe) is written in place,
  never replaced by a regular file; `-` means stdout.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from esfproj import interrupts
from esfproj.errors import OutputError
from esfproj.loader import parse
from esfproj.text import os_reason, shown

RECORD_KEYS = ("project_number", "schema_version")
Content = str | bytes | Iterable[str]
"""What is written: text, bytes (a workbook), or chunks of text made as they are written."""
SNIFF_BYTES = 1_048_576


class Guard(NamedTuple):
    """What an output must never touch."""

    files: Iterable[str] = ()
    """Files the command read."""
    folders: Iterable[str] = ()
    """Folders the command read, and the configured (or default) data folders."""


NO_GUARD = Guard()


def looks_like_record(path: str) -> bool:
    """An existing YAML mapping with `project_number` or `schema_version`, whatever its name."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(SNIFF_BYTES)
    except OSError:
        return False
    if b"project_number" not in raw and b"schema_version" not in raw:
        return False
    data = parse(raw.decode("utf-8", "replace")).data
    return isinstance(data, dict) and any(key in data for key in RECORD_KEYS)


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([folder, path]) == folder


def check(target: str, guard: Guard) -> tuple[str, bool]:
    """The real path `target` writes to, and whether it is a regular file (or a new one)
    rather than a device or FIFO; an OutputError where the guard says it may not be written."""
    real = os.path.realpath(target)
    name = shown(target)
    if any(os.path.realpath(file) == real for file in guard.files):
        raise OutputError(
            f"{name}: refusing to overwrite a record file this command read",
            lv=f"{name}: atteikts pārrakstīt ieraksta failu, ko šī komanda nolasīja",
        )
    for folder in guard.folders:
        if _inside(real, os.path.realpath(folder)):
            raise OutputError(
                f"{name}: refusing to write into the data folder {shown(folder)}; write the output elsewhere",
                lv=f"{name}: atteikts rakstīt datu mapē {shown(folder)}; rakstiet izvadi citur",
            )
    try:
        mode = os.stat(real).st_mode
    except OSError:
        return real, True  # a new file
    if stat.S_ISDIR(mode):
        raise OutputError(f"{name}: is a directory", lv=f"{name}: ir mape")
    if stat.S_ISREG(mode) and looks_like_record(real):
        raise OutputError(
            f"{name}: refusing to overwrite a record (it has {' or '.join(RECORD_KEYS)}); write the output elsewhere",
            lv=f"{name}: atteikts pārrakstīt ierakstu (tajā ir {' vai '.join(RECORD_KEYS)}); rakstiet izvadi citur",
        )
    return real, stat.S_ISREG(mode)


def _cannot_write(name: str, error: OSError, here: bool = False) -> OutputError:
    """`name` cannot be written (`here`: nothing can be written in its folder), and why."""
    why, why_lv = os_reason(error), os_reason(error, "lv")
    if here:
        return OutputError(f"{name}: cannot write here: {why}", lv=f"{name}: šeit nevar rakstīt: {why_lv}")
    return OutputError(f"{name}: cannot write: {why}", lv=f"{name}: nevar uzrakstīt: {why_lv}")


def write_atomic(target: str, text: Content, replace: bool = True) -> bool:
    """Write `text` (as UTF-8; bytes as they are; or its chunks, as they come) to the regular
    file `target` through a temporary file beside it, renamed into place once every chunk is
    written; with `replace` false, linked to its name only if nothing has that name (a file,
    a link, a FIFO), and False when something has.

    A failed or interrupted write (or a chunk that raises) leaves neither a partial file nor a
    temporary one.
    """
    import tempfile  # only when a file is written: kept off validate's start-up

    directory = os.path.dirname(os.path.abspath(target))
    name = shown(target)
    try:
        os.makedirs(directory, exist_ok=True)
    except OSError as error:
        raise _cannot_write(name, error, here=True) from error
    if not replace:
        linked = _link_unnamed(target, text, directory)
        if linked is not None:
            return linked
    held = interrupts.hold()  # until the try below is entered, whose finally removes the file
    try:
        handle, temporary = tempfile.mkstemp(prefix=".esfproj-", suffix=".tmp", dir=directory)
    except OSError as error:
        interrupts.release(held)
        raise _cannot_write(name, error, here=True) from error
    try:
        interrupts.release(held)
        with os.fdopen(handle, "wb") as stream:
            stream.writelines(_encoded(text))
        os.chmod(temporary, _mode(target))
        if replace:
            os.replace(temporary, target)
        else:
            os.link(temporary, target)
    except FileExistsError:
        return False
    except OSError as error:
        raise _cannot_write(name, error) from error
    finally:
        held = interrupts.hold()
        with contextlib.suppress(OSError):
            os.unlink(temporary)  # gone already when it was renamed into place
        interrupts.release(held)
    return True


def _link_unnamed(target: str, text: Content, directory: str) -> bool | None:
    """Linux: `text` written to a file with no name (O_TMPFILE), then linked to `target`
    whole, so that not even kill -9 leaves a temporary file; False when `target` exists;
    None where the system or the file system has no unnamed files (a named temporary file
    is used instead)."""
    flag = getattr(os, "O_TMPFILE", 0)
    try:
        descriptors = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY) if flag else None
    except OSError:
        descriptors = None
    if descriptors is None:
        return None
    name = shown(target)
    try:
        handle = os.open(directory, flag | os.O_WRONLY, 0o666)  # the umask applies
    except OSError as error:
        os.close(descriptors)
        if error.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL):
            return None
        raise _cannot_write(name, error, here=True) from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.writelines(_encoded(text))
            stream.flush()
            # linkat(.., AT_SYMLINK_FOLLOW) of /proc/self/fd/N: a name for the file itself
            os.link(str(handle), target, src_dir_fd=descriptors)
    except FileExistsError:
        return False
    except OSError as error:
        raise _cannot_write(name, error) from error
    finally:
        os.close(descriptors)
    return True


def _encoded(text: Content) -> Iterable[bytes]:
    """What is written, as bytes: text as UTF-8, bytes as they are, chunks one by one."""
    if isinstance(text, bytes):
        return (text,)
    if isinstance(text, str):
        return (text.encode("utf-8"),)
    return (chunk.encode("utf-8") for chunk in text)


def _write_in_place(target: str, text: Content) -> None:
    """A device or FIFO: opened and written, never replaced."""
    try:
        with open(target, "wb") as stream:
            stream.writelines(_encoded(text))
    except OSError as error:
        raise _cannot_write(shown(target), error) from error


def _mode(target: str) -> int:
    """The target's own mode if it exists, else what a new file gets (temporary files are 0600)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        return _new_file_mode()


@cache
def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def emit(text: Content, target: str | None, guard: Guard = NO_GUARD) -> None:
    """Print `text`, or write it to `target` through the guard. `text` may be chunks made as
    they are written (a large export), so that the whole never has to be in memory; bytes (a
    workbook, a Parquet file) are written as they are, never to a terminal."""
    if target is None or target == "-":
        if not isinstance(text, bytes):
            sys.stdout.writelines((text,) if isinstance(text, str) else text)
            sys.stdout.flush()
            return
        if sys.stdout.isatty():
            raise OutputError(
                "this format is a binary file, not for a terminal: give --output FILE",
                lv="šis formāts ir binārs fails, nevis terminālim: norādiet --output FILE",
            )
        sys.stdout.flush()
        sys.stdout.buffer.write(text)
        sys.stdout.buffer.flush()
        return
    real, regular = check(target, guard)
    if regular:
        write_atomic(real, text)
    else:
        _write_in_place(real, text)
