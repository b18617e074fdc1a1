"""Checks across records: ids, duplicate records, records of one project that disagree."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import NamedTuple

from esfproj.checks.base import GOOD, Check, Example, one
from esfproj.model import Message, Problem, Severity
from esfproj.money import EXACT, total
from esfproj.record import Record, record_id, safe_id
from esfproj.text import shown

DUPLICATE_RECORD = Check(
    "duplicate-record",
    Severity.ERROR,
    "two records with the same project number and participant",
    lv="divi ieraksti ar vienu projekta numuru un dalībnieku",
)
PROJECT_MISMATCH = Check(
    "project-mismatch",
    Severity.WARNING,
    "two records with the same project number disagree on title, fund, measure or lead partner",
    lv="divi viena projekta numura ieraksti atšķiras nosaukumā, fondā, pasākumā vai vadošajā partnerī",
)
RECORD_ID = Check(
    "record-id",
    Severity.ERROR,
    "two files with the same id, or an id with disallowed characters",
    lv="divi faili ar vienu identifikatoru, vai identifikators ar neatļautām rakstzīmēm",
)
FUNDING_SHARES = Check(
    "funding-shares",
    Severity.ERROR,
    "participants' shares add up to more than the whole project, or are in another currency",
    lv="dalībnieku daļas kopā pārsniedz visu projektu, vai ir citā valūtā",
)
CHECKS = (DUPLICATE_RECORD, PROJECT_MISMATCH, RECORD_ID, FUNDING_SHARES)
GROUPED_BY: tuple[Callable[[Record], str | None], ...] = (lambda record: record.number,)
"""What records share for a cross-record check to compare them. A run keeps a hash of each
value per record, not the record; at the end the records that share one with another record
are read again and `check` runs over them. A new check that compares records sharing another
value (a title, a participant) adds a function giving that value here, and its comparison
to `check`; records that share nothing are never compared. `record-id` is keyed on file
names, which the engine always keeps."""
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
    amount: Decimal | None = None
    """The record's funding total, if it has one."""
    currency: str = "EUR"

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
            record.funding.total if record.funding is not None else None,
            record.currency,
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
                f"{bad!r}; rename the file, e.g. to {suggestion}",
                lv=f"identifikatorā '{rid}' (faila nosaukumā) ir citas rakstzīmes kā a-z A-Z 0-9 . _ -: "
                f"{bad!r}; pārdēvējiet failu, piemēram, par {suggestion}",
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
                        "the data set: rename one file",
                        lv=f"identifikators '{shown(rid)}' ir arī faila {shown(first_file[rid])} identifikators; "
                        "datu kopā tiem jābūt unikāliem: pārdēvējiet vienu failu",
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
            who_lv = f"dalībnieku {key.participant}" if key.participant else "bez dalībnieka"
            found.setdefault(key.file, []).append(
                Problem(
                    DUPLICATE_RECORD.id,
                    ("project_number",),
                    Message(
                        f"{shown(other.file)} is already the record of {key.number} with {who}",
                        lv=f"{shown(other.file)} jau ir projekta {key.number} ieraksts ar {who_lv}",
                    ),
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
                            f"same project {key.number}",
                            lv=f"{field} '{mine}' atšķiras no '{theirs}' failā {shown(other.file)}, tā paša "
                            f"projekta {key.number} ierakstā",
                        ),
                        expected=theirs,
                        actual=mine,
                    )
                )
    for file, problem in share_problems(keys):
        found.setdefault(file, []).append(problem)
    return found


def share_problems(keys: list[RecordKey]) -> Iterator[tuple[str, Problem]]:
    """funding-shares: at each share record of a project whose whole-project record is in
    the set, when the shares (in the whole's currency) add up to more than the whole, or
    the share is in another currency."""
    wholes: dict[str, RecordKey] = {}
    shares: dict[str, list[RecordKey]] = {}
    for key in keys:
        if key.number is None or key.amount is None:
            continue
        if key.participant is None:
            wholes.setdefault(key.number, key)
        else:
            shares.setdefault(key.number, []).append(key)
    for number, whole in wholes.items():
        assert whole.amount is not None
        cur = whole.currency
        alike = [s for s in shares.get(number, []) if s.currency == cur]
        added = total([s.amount for s in alike if s.amount is not None])
        for share in shares.get(number, []):
            if share.currency != cur:
                message = Message(
                    f"this share of {number} is in {share.currency}, the whole project in "
                    f"{shown(whole.file)} is in {cur}; write the share in {cur}",
                    lv=f"šī projekta {number} daļa ir {share.currency}, viss projekts failā "
                    f"{shown(whole.file)} ir {cur}; norādiet daļu {cur}",
                )
                yield share.file, Problem(FUNDING_SHARES.id, ("funding",), message, cur, share.currency)
            elif added > whole.amount:
                who = "the one participant's share" if len(alike) == 1 else f"the {len(alike)} participants' shares"
                message = Message(
                    f"{who} of {number} add{'s' if len(alike) == 1 else ''} up to {{0}} {cur}, more than the "
                    f"whole project's {{1}} {cur} in {shown(whole.file)} (difference {{2}})",
                    (added, whole.amount, EXACT.subtract(added, whole.amount)),
                    lv=f"projekta {number} dalībnieku daļu ({len(alike)}) summa ir {{0}} {cur}, vairāk nekā "
                    f"viss projekts, {{1}} {cur}, failā {shown(whole.file)} (starpība {{2}})",
                )
                expected = f"at most {format(whole.amount, 'f')}"
                yield share.file, Problem(FUNDING_SHARES.id, ("funding",), message, expected, format(added, "f"))


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
        "divi viena projekta numura ieraksti ar vienu un to pašu dalībnieku",
    ),
    PROJECT_MISMATCH: Example(
        {"a.yaml": GOOD + "participant: {name: A}\n", "b.yaml": GOOD + "participant: {name: B}\n"},
        {
            "a.yaml": GOOD + "participant: {name: A}\n",
            "b.yaml": GOOD.replace("fund: ESF", "fund: ERDF") + "participant: {name: B}\n",
        },
    ),
    RECORD_ID: Example(one(GOOD), {"jurmala 9.2.1.1 (Jūrmala).yaml": GOOD}),
    FUNDING_SHARES: Example(
        {
            "whole.yaml": GOOD,
            "a.yaml": GOOD.replace("amount: 100.00", "amount: 60.00").replace("85.00", "51.00").replace("15.00", "9.00")
            + "participant: {name: A}\n",
        },
        {
            "whole.yaml": GOOD,
            "a.yaml": GOOD.replace("amount: 100.00", "amount: 60.00").replace("85.00", "51.00").replace("15.00", "9.00")
            + "participant: {name: A}\n",
            "b.yaml": GOOD.replace("amount: 100.00", "amount: 60.00").replace("85.00", "51.00").replace("15.00", "9.00")
            + "participant: {name: B}\n",
        },
        "two shares of 60.00 of a whole project of 100.00",
        "divas daļas pa 60,00 no visa projekta, kas ir 100,00",
    ),
}
