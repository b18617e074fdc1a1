"""Writing results: to stdout, or atomically to a file that is never a record."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable


class OutputError(Exception):
    """The output cannot be written where asked: exit 2."""


def write_atomic(target: str, text: str, protected: Iterable[str] = (),
                 folders: Iterable[str] = ()) -> None:
    """Write `text` to `target` through a temporary file renamed into place.

    A failed write leaves neither a partial file nor a temporary one. A
    `protected` file (a record that was read) is never overwritten, and nothing
    is written inside a data folder that was read.
    """
    real = os.path.realpath(target)
    if any(os.path.realpath(p) == real for p in protected):
        raise OutputError(f"{target}: refusing to overwrite a record file")
    for folder in folders:
        inside = os.path.realpath(folder)
        if os.path.commonpath([inside, real]) == inside:
            raise OutputError(f"{target}: refusing to write into the data folder {folder}; "
                              "write the output elsewhere")
    if os.path.isdir(target):
        raise OutputError(f"{target}: is a directory")
    import tempfile

    directory = os.path.dirname(os.path.abspath(target))
    try:
        handle, temporary = tempfile.mkstemp(prefix=".esfproj-", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OutputError(f"{target}: cannot write here: {error.strerror or error}") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, _mode(target))
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"{target}: cannot write: {error.strerror or error}") from error


def _mode(target: str) -> int:
    """The target's own mode if it exists, else what a new file gets (temporary files are 0600)."""
    try:
        return os.stat(target).st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def emit(text: str, target: str | None, protected: Iterable[str] = (),
         folders: Iterable[str] = ()) -> None:
    if target is None or target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(target, text, protected, folders)
