"""New record files: a safe, unique name from any identifier, written whole or not at all,
and never over anything that exists."""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from functools import cache

from esfproj.errors import OutputError
from esfproj.record import safe_id
from esfproj.text import shown

LONGEST_STEM = 120


def file_name(number: str, identifier: str, taken: set[str]) -> str:
    """`9.2.1.1/15/I/001` -> `9.2.1.1-15-I-001.yaml`, the record-id rules' form of the
    project number; where another file has that name (in any case), the operation's
    identifier tells them apart (`9.2.1.1-15-I-001-3f2a9c1e.yaml`). `taken` holds the
    case-folded names in use, and gains this one."""
    stem = safe_id(number).lstrip(".")[:LONGEST_STEM].rstrip("-.") or "operation"
    name = f"{stem}.yaml"
    tag = hashlib.sha256(identifier.encode("utf-8", "surrogatepass")).hexdigest()
    length = 8
    while name.casefold() in taken:
        name = f"{stem}-{tag[:length]}.yaml"
        length += 8
        if length > len(tag):
            tag = hashlib.sha256(tag.encode()).hexdigest()
            length = 8
    taken.add(name.casefold())
    return name


def create(path: str, text: str) -> bool:
    """Write a new file whole: a temporary file beside it, linked to its name only if
    nothing has that name (a file, a link, a FIFO: nothing is replaced). False when the
    name was taken meanwhile."""
    directory = os.path.dirname(path) or "."
    try:
        handle, temporary = tempfile.mkstemp(prefix=".esfproj-", suffix=".tmp", dir=directory)
    except OSError as error:
        raise OutputError(f"{shown(directory)}: cannot write here: {error.strerror or error}") from error
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.chmod(temporary, 0o666 & ~_umask())
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError as error:
        raise OutputError(f"{shown(path)}: cannot write: {error.strerror or error}") from error
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return True


@cache
def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask
