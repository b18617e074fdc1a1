"""Checks across records: ids, duplicate records, records of one project that disagree."""

from __future__ import annotations

import re
from typing import NamedTuple

from esfproj.checks.base import GOOD, Check, Example, one
from esfproj.model import Message, Problem, Severity
from esfproj.record import Record, record_id, safe_id
from esfproj.text import shown

DUPLICATE_RECORD = Check("duplicate-record", Severity.ERROR, "two records with the same project number and participant")
PROJECT_MISMATCH = Check(
    "project-mismatch",
    Severity.WARNING,
    "two records with the same project number disagree on title, fund, measure or lead partner",
)
RECORD_ID = Check("record-id", Severity.ERROR, "two files with the same id, or an id with disallowed characters")
CHECKS = (DUPLICATE_RECORD, PROJECT_MISMATCH, RECORD_ID)
IDS = frozenset(c.id for c in CHECKS)
ID_RE = re.compile(r"[A-Za-z0-9._-]+")
COMPARED = (
    ("title", ("title",)),
    ("fund", ("fund",)),
    ("measure", ("measure", "code")),
    ("lead_partner", ("lead_partner",)),
)


class RecordKey(NamedTuple):
    """The little of each record that cross-record checks need."""

    file: str
    number: str | None
    participant: str | None
    title: str | None
    fund: str | None
    measure: str | None
    lead_partner: str | None

    @classmethod
    def of(cls, record: Record) -> RecordKey:
        return cls(
            record.file,
            record.number,
            record.participant,
            record.title,
            record.fund,
            record.measure,
            record.lead_partner,
        )


def id_problems(file: str) -> list[Problem]:
    """The id check that needs only the file name."""
    rid = shown(record_id(file))
    if ID_RE.fullmatch(rid):
        return []
    bad = "".join(sorted({c for c in rid if not ID_RE.fullmatch(c)}))
    suggestion = safe_id(rid)
    return [
        Problem(
            RECORD_ID.id,
            (),
            Message(
                f"the id '{rid}' (the file name) has characters other than a-z A-Z 0-9 . _ -: "
                f"{bad!r}; rename the file, e.g. to {suggestion}"
            ),
            actual=rid,
            line=1,
            column=1,
        )
    ]


def check(files: list[str], keys: list[RecordKey]) -> dict[str, list[Problem]]:
    """Problems by file; `files` and `keys` in sorted file order."""
    found: dict[str, list[Problem]] = {}
    first_file: dict[str, str] = {}
    for file in files:
        rid = record_id(file)
        if rid in first_file:
            found.setdefault(file, []).append(
                Problem(
                    RECORD_ID.id,
                    (),
                    Message(
                        f"the id '{shown(rid)}' is also the id of {shown(first_file[rid])}; ids are unique across "
                        "the data set: rename one file"
                    ),
                    actual=shown(rid),
                    line=1,
                    column=1,
                )
            )
        else:
            first_file[rid] = file
    first_record: dict[tuple[str, str | None], RecordKey] = {}
    first_of_project: dict[str, RecordKey] = {}
    for key in keys:
        if key.number is None:
            continue
        identity = (key.number, key.participant)
        if identity in first_record:
            other = first_record[identity]
            who = f"participant {key.participant}" if key.participant else "no participant"
            found.setdefault(key.file, []).append(
                Problem(
                    DUPLICATE_RECORD.id,
                    ("project_number",),
                    Message(f"{shown(other.file)} is already the record of {key.number} with {who}"),
                    actual=key.number,
                )
            )
        else:
            first_record[identity] = key
        if key.number not in first_of_project:
            first_of_project[key.number] = key
            continue
        other = first_of_project[key.number]
        for field, path in COMPARED:
            mine, theirs = getattr(key, field), getattr(other, field)
            if mine is not None and theirs is not None and mine != theirs:
                found.setdefault(key.file, []).append(
                    Problem(
                        PROJECT_MISMATCH.id,
                        path,
                        Message(
                            f"{field} '{mine}' differs from '{theirs}' in {shown(other.file)}, a record of the "
                            f"same project {key.number}"
                        ),
                        expected=theirs,
                        actual=mine,
                    )
                )
    return found


EXAMPLES: dict[Check, Example] = {
    DUPLICATE_RECORD: Example(
        {
            "a.yaml": GOOD + "participant: {name: Jūrmalas pilsētas dome}\n",
            "b.yaml": GOOD + "participant: {name: Salaspils novada pašvaldība}\n",
        },
        {
            "a.yaml": GOOD + "participant: {name: Jūrmalas pilsētas dome}\n",
            "b.yaml": GOOD + "participant: {name: Jūrmalas pilsētas dome}\n",
        },
        "two records of one project number with the same participant",
    ),
    PROJECT_MISMATCH: Example(
        {"a.yaml": GOOD + "participant: {name: A}\n", "b.yaml": GOOD + "participant: {name: B}\n"},
        {
            "a.yaml": GOOD + "participant: {name: A}\n",
            "b.yaml": GOOD.replace("fund: ESF", "fund: ERDF") + "participant: {name: B}\n",
        },
    ),
    RECORD_ID: Example(one(GOOD), {"jurmala 9.2.1.1 (Jūrmala).yaml": GOOD}),
}
