"""`esfproj new`: a new record file that validates clean and that editors understand."""

from __future__ import annotations

import datetime
import os
import re
import sys
from collections.abc import Callable
from typing import NamedTuple

from esfproj.commands.common import NO_SCHEMA, NO_SCHEMA_LV, Settings, ask, emit, parse_date
from esfproj.config import Config
from esfproj.errors import UsageError
from esfproj.importing.files import file_name, modeline, name_words
from esfproj.loader import parse, read_text
from esfproj.options import Lang
from esfproj.output import write_atomic
from esfproj.record import build, safe_id
from esfproj.schema import choice
from esfproj.yamltext import quoted


class Funding(NamedTuple):
    """`--amount` and `--currency`: the total of the funding skeleton."""

    amount: str
    currency: str


class Draft(NamedTuple):
    """What the new record says."""

    number: str
    title: str
    fund: str
    participant: str | None = None
    lead_partner: str | None = None
    status: str = "unknown"
    funding: Funding | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None


def content(draft: Draft) -> str:
    lines = [
        "schema_version: 1",
        f"project_number: {quoted(draft.number)}",
        f"title: {quoted(draft.title)}",
        f"fund: {choice('fund', draft.fund)}",
        f"status: {choice('status', draft.status)}",
    ]
    if draft.lead_partner:
        lines.append(f"lead_partner: {quoted(draft.lead_partner)}")
    if draft.participant:
        lines += ["participant:", f"  name: {quoted(draft.participant)}"]
    if draft.start or draft.end:
        lines.append("period:")
        lines += [f"  {key}: {day.isoformat()}" for key, day in (("start", draft.start), ("end", draft.end)) if day]
    if draft.funding is not None:
        lines += ["funding:", f"  amount: {draft.funding.amount}", f"  currency: {draft.funding.currency}"]
    return "\n".join(lines) + "\n"


def create(folder: str, config: Config, draft: Draft, record_id: str | None = None) -> tuple[str, bool]:
    """Write the new record (as `record_id`.yaml, or named after its number and participant);
    its path, and whether it names the schema for editors.

    Written whole or not at all (through `output.write_atomic`); an existing file is never
    overwritten."""
    number, participant = draft.number, draft.participant
    if not number.strip() or not draft.title.strip():
        raise UsageError(
            "a record needs a project number and a title", lv="ierakstam vajag projekta numuru un nosaukumu"
        )
    header = modeline(folder, config)
    text = header + content(draft)
    words = name_words(participant)
    taken = 1  # a share is named after its participant's first word ...
    while True:
        path = os.path.join(folder, f"{record_id}.yaml" if record_id else file_name(number, participant, taken))
        if write_atomic(path, text, replace=False):
            return path, bool(header)
        other = None if record_id else _other_share(path, number, participant, config)
        if other is None or taken >= len(words):
            raise UsageError(
                f"{path} exists already; esfproj new never overwrites a file (--id gives another name)",
                lv=f"{path} jau ir; esfproj new nekad nepārraksta failu (--id dod citu nosaukumu)",
            )
        # ... or, where another share of the project has that name, as many as tell them apart
        same = next((i for i, (a, b) in enumerate(zip(words, other, strict=False)) if a != b), len(other))
        taken = max(taken, same) + 1


def _other_share(path: str, number: str, participant: str | None, config: Config) -> list[str] | None:
    """The words of the participant whose share of the project `number` the file at `path`
    is, when that is another participant; else None (the new record would repeat it)."""
    text, _ = read_text(path, config.limits)
    data = parse(text, config.limits).data if text is not None else None
    if not isinstance(data, dict):
        return None
    other = build(data, path)
    if other.number != number or other.participant is None or other.participant == participant:
        return None
    return name_words(other.participant)


PROMPTS = {
    "en": {
        "number": "Number",
        "title": "Title",
        "fund": "Fund",
        "participant": "Participant (empty for a whole project)",
        "no_number": "a record needs a project number",
        "no_title": "a record needs a title",
        "created": "created {0}; check it with: esfproj validate {0}",
    },
    "lv": {
        "number": "Projekta numurs",
        "title": "Nosaukums",
        "fund": "Fonds",
        "participant": "Dalībnieks (tukšs visam projektam)",
        "no_number": "ierakstam vajag projekta numuru",
        "no_title": "ierakstam vajag nosaukumu",
        "created": "izveidots {0}; pārbaudiet to ar: esfproj validate {0}",
    },
}
"""What `new` says at its prompts, in each language (`--lang`)."""
AMOUNT = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
CURRENCY = re.compile(r"[A-Z]{3}")


def options(
    record_id: str | None, start: str | None, end: str | None, amount: str | None, currency: str | None
) -> tuple[datetime.date | None, datetime.date | None, Funding | None]:
    """`--id`, `--start`, `--end`, `--amount` and `--currency` checked: a usage error for one
    that the record could not hold as given."""
    if record_id is not None and (not record_id or safe_id(record_id) != record_id or record_id.startswith(".")):
        raise UsageError(
            f"--id takes letters a-z, digits, '.', '_' and '-' (not first a '.'); not {record_id!r}",
            lv=f"--id gaida burtus a-z, ciparus, '.', '_' un '-' (ne '.' sākumā); nevis {record_id!r}",
        )
    first = parse_date(start, "--start") if start is not None else None
    last = parse_date(end, "--end") if end is not None else None
    if first and last and last < first:
        raise UsageError(
            f"--start {start} --end {end}: the end is before the start",
            lv=f"--start {start} --end {end}: beigas ir pirms sākuma",
        )
    if amount is None:
        if currency is not None:
            raise UsageError("--currency goes with --amount", lv="--currency norāda kopā ar --amount")
        return first, last, None
    if not AMOUNT.fullmatch(amount):
        raise UsageError(
            f"--amount takes digits with a decimal point (1234.56); not {amount!r}",
            lv=f"--amount gaida ciparus ar decimālpunktu (1234.56); nevis {amount!r}",
        )
    if currency is not None and not CURRENCY.fullmatch(currency):
        raise UsageError(
            f"--currency takes three capital letters (EUR); not {currency!r}",
            lv=f"--currency gaida trīs lielos burtus (EUR); nevis {currency!r}",
        )
    return first, last, Funding(amount, currency or "EUR")


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
    record_id: str | None,
    start: str | None,
    end: str | None,
    amount: str | None,
    currency: str | None,
    lang: Lang,
) -> int:
    """Ask on a terminal for what is missing (again at the same prompt after a bad answer),
    then write the record; never overwrites a file."""
    say = PROMPTS[lang.value]
    first, last, funding = options(record_id, start, end, amount, currency)

    def needed(missing: str) -> Callable[[str], str]:
        def answer(typed: str) -> str:
            if not typed:
                raise UsageError(PROMPTS["en"][missing], lv=PROMPTS["lv"][missing])
            return typed

        return answer

    checks: dict[str, Callable[[str], str]] = {
        "number": needed("no_number"),
        "title": needed("no_title"),
        "fund": lambda typed: choice("fund", typed),
    }
    asked = {"number": number, "title": title, "fund": fund}
    for key, value in asked.items():
        if value is None:
            if not sys.stdin.isatty():
                raise UsageError(
                    f"--{key} is needed (or run esfproj new on a terminal)",
                    lv=f"vajag --{key} (vai palaidiet esfproj new terminālī)",
                )
            asked[key] = ask(say[key], checks[key], lang.value)
    who = participant
    if who is None and sys.stdin.isatty():
        who = ask(say["participant"], lambda typed: typed or None, lang.value)
    configured = settings.config
    draft = Draft(
        str(asked["number"]), str(asked["title"]), str(asked["fund"]), who, lead_partner, status, funding, first, last
    )
    path, has_modeline = create(folder or configured.data_paths()[0], configured, draft, record_id)
    emit(say["created"].format(path) + "\n", None, settings)
    if not has_modeline:
        print(NO_SCHEMA_LV.format("fails") if lang is Lang.lv else NO_SCHEMA.format("the file names"), file=sys.stderr)
    return 0
