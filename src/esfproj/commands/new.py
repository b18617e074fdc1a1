"""`esfproj new`: a new record file that validates clean and that editors understand."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from esfproj.commands.common import NO_SCHEMA, Settings, ask, emit
from esfproj.config import Config
from esfproj.errors import UsageError
from esfproj.importing.files import file_name, modeline
from esfproj.output import write_atomic
from esfproj.schema import choice
from esfproj.yamltext import quoted


def content(
    *, number: str, title: str, fund: str, participant: str | None, lead_partner: str | None, status: str
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
    return "\n".join(lines) + "\n"


def create(
    folder: str,
    config: Config,
    *,
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
    header = modeline(folder, config)
    text = header + content(
        number=number, title=title, fund=fund, participant=participant, lead_partner=lead_partner, status=status
    )
    if not write_atomic(path, text, replace=False):
        raise UsageError(f"{path} exists already; esfproj new never overwrites a file")
    return path, bool(header)


def run(
    settings: Settings,
    *,
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
    configured = settings.config
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
    emit(f"created {path}; check it with: esfproj validate {path}\n", None, settings)
    if not has_modeline:
        print(NO_SCHEMA.format("the file names"), file=sys.stderr)
    return 0
