"""New record files: a safe, unique name from any identifier."""

from __future__ import annotations

import hashlib

from esfproj.record import safe_id

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
