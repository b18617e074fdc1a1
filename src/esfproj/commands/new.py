"""`esfproj new`: a new record file that validates clean and that editors understand."""

from __future__ import annotations

import os
import re
from collections.abc import Callable

from esfproj.config import Config
from esfproj.errors import UsageError
from esfproj.output import write_atomic
from esfproj.record import plain_ascii, safe_id
from esfproj.schema import choice
from esfproj.yamltext import quoted

SCHEMA_FILE = os.path.join("schemas", "project.schema.json")


def slug(text: str) -> str:
    """`Jūrmalas pilsētas dome` -> `jurmalas`: the first word, plain ASCII, lower case."""
    words = re.findall(r"[A-Za-z0-9]+", plain_ascii(text))
    return words[0].lower() if words else ""


def file_name(number: str, participant: str | None) -> str:
    """`9.2.1.1/15/I/001` of Jūrmalas pilsētas dome -> `jurmalas-9.2.1.1-15-I-001.yaml`."""
    stem = safe_id(number)
    prefix = slug(participant) if participant else ""
    return f"{prefix}-{stem}.yaml" if prefix else f"{stem}.yaml"


NO_SCHEMA = (
    "no schemas/project.schema.json in this project, so {} no schema for editors; "
    "esfproj schema --output schemas/project.schema.json writes one"
)


def schema_reference(folder: str, config: Config) -> str | None:
    """The project's schema as a path from `folder`, for the editors' modeline; None when
    the project has no schemas/project.schema.json."""
    schema_path = os.path.join(config.root, SCHEMA_FILE)
    if not os.path.isfile(schema_path):
        return None
    return os.path.relpath(schema_path, os.path.abspath(folder)).replace(os.sep, "/")


def modeline(schema: str | None) -> str:
    """The first line that tells editors (the YAML language server) the record's schema."""
    return f"# yaml-language-server: $schema={schema}\n" if schema else ""


def content(
    number: str,
    title: str,
    fund: str,
    participant: str | None,
    lead_partner: str | None,
    status: str,
    schema: str | None,
) -> str:
    lines = [
        "schema_version: 1",
        f"project_number: {quoted(number)}",
        f"title: {quoted(title)}",
        f"fund: {choice('fund', fund)}",
        f"status: {choice('status', status)}",
    ]
    if lead_partner:
        lines.append(f"lead_partner: {quoted(lead_partner)}")
    if participant:
        lines += ["participant:", f"  name: {quoted(participant)}"]
    return modeline(schema) + "\n".join(lines) + "\n"


def create(
    folder: str,
    config: Config,
    number: str,
    title: str,
    fund: str,
    participant: str | None,
    lead_partner: str | None,
    status: str,
) -> tuple[str, bool]:
    """Write the new record; its path, and whether it names the schema for editors.

    Written whole or not at all (through `output.write_atomic`); an existing file is never
    overwritten."""
    if not number.strip() or not title.strip():
        raise UsageError("a record needs a project number and a title")
    path = os.path.join(folder, file_name(number, participant))
    schema = schema_reference(folder, config)
    text = content(number, title, fund, participant, lead_partner, status, schema)
    if not write_atomic(path, text, replace=False):
        raise UsageError(f"{path} exists already; esfproj new never overwrites a file")
    return path, schema is not None


def run(
    number: str | None,
    title: str | None,
    fund: str | None,
    participant: str | None,
    lead_partner: str | None,
    status: str,
    folder: str | None,
) -> int:
    """Ask on a terminal for what is missing (again at the same prompt after a bad answer),
    then write the record; never overwrites a file."""
    import sys

    from esfproj.commands.common import ask, settings

    def needed(what: str) -> Callable[[str], str]:
        def answer(typed: str) -> str:
            if not typed:
                raise UsageError(f"a record needs a {what}")
            return typed

        return answer

    checks: dict[str, Callable[[str], str]] = {
        "number": needed("project number"),
        "title": needed("title"),
        "fund": lambda typed: choice("fund", typed),
    }
    asked = {"number": number, "title": title, "fund": fund}
    for key, value in asked.items():
        if value is None:
            if not sys.stdin.isatty():
                raise UsageError(f"--{key} is needed (or run esfproj new on a terminal)")
            asked[key] = ask(key.capitalize(), checks[key])
    who = participant
    if who is None and sys.stdin.isatty():
        who = ask("Participant (empty for a whole project)", lambda typed: typed or None)
    configured = settings()
    path, has_modeline = create(
        folder or configured.data_paths()[0],
        configured,
        number=str(asked["number"]),
        title=str(asked["title"]),
        fund=str(asked["fund"]),
        participant=who,
        lead_partner=lead_partner,
        status=status,
    )
    print(f"created {path}; check it with: esfproj validate {path}")
    if not has_modeline:
        print(NO_SCHEMA.format("the file names"), file=sys.stderr)
    return 0
