"""New record files, for `esfproj new` and `esfproj import`: one safe name from a project
number, unique where another file has it, and the modeline that names the schema for
editors. Each is written whole and never over anything, through `output.write_atomic`."""

from __future__ import annotations

import hashlib
import os
import re

from esfproj.config import Config
from esfproj.record import plain_ascii, safe_id

LONGEST_STEM = 120
SCHEMA_FILE = os.path.join("schemas", "project.schema.json")


def stem(number: str, participant: str | None = None) -> str:
    """`9.2.1.1/15/I/001` -> `9.2.1.1-15-I-001`, the record-id rules' form of the project
    number; a participant's share after the first word of its name, plain ASCII, lower case
    (`jurmalas-9.2.1.1-15-I-001` for Jūrmalas pilsētas dome). Never hidden (no leading dot)
    and never too long for a file system."""
    words = re.findall(r"[A-Za-z0-9]+", plain_ascii(participant or ""))
    prefix = f"{words[0].lower()}-" if words else ""
    return (prefix + safe_id(number).lstrip("."))[:LONGEST_STEM].rstrip("-.") or "record"


def file_name(number: str, participant: str | None = None) -> str:
    """The record's file name: its `stem` and `.yaml`."""
    return f"{stem(number, participant)}.yaml"


def free_name(number: str, identifier: str, taken: set[str]) -> str:
    """`file_name(number)`; where another file has that name (in any case), the operation's
    identifier tells them apart (`9.2.1.1-15-I-001-3f2a9c1e.yaml`). `taken` holds the
    case-folded names in use, and gains this one."""
    name = file_name(number)
    tag = hashlib.sha256(identifier.encode("utf-8", "surrogatepass")).hexdigest()
    length = 8
    while name.casefold() in taken:
        name = f"{stem(number)}-{tag[:length]}.yaml"
        length += 8
        if length > len(tag):
            tag = hashlib.sha256(tag.encode()).hexdigest()
            length = 8
    taken.add(name.casefold())
    return name


def modeline(folder: str, config: Config) -> str:
    """The first line of a record written into `folder`, that tells editors (the YAML
    language server) the record's schema, as a path from `folder`; empty when the project
    has no schemas/project.schema.json."""
    schema = os.path.join(config.root, SCHEMA_FILE)
    if not os.path.isfile(schema):
        return ""
    return f"# yaml-language-server: $schema={os.path.relpath(schema, os.path.abspath(folder)).replace(os.sep, '/')}\n"
