"""A passing and a failing example for every check, shown by `esfproj checks ID`.

Each example maps file names to their contents; a test validates every one of
them, so the failing example has the finding and the passing one does not.
"""

from __future__ import annotations

from typing import NamedTuple

HEAD = """\
schema_version: 1
project_number: 9.2.1.1/15/I/001
title: Profesionāla sociālā darba attīstība pašvaldībās
fund: ESF
status: unknown
"""
FUNDING = """\
funding:
  label: Kopā
  amount: 100.00
  parts:
    - {label: ESF, amount: 85.00, rate: 85, source: ESF}
    - {label: Valsts budžets, amount: 15.00, rate: 15, source: state_budget}
"""
GOOD = HEAD + FUNDING


class Example(NamedTuple):
    passing: dict[str, str]
    failing: dict[str, str]
    note: str = ""
    """What the failing case is, where its text alone does not say (an encoding, a link)."""


def one(text: str) -> dict[str, str]:
    return {"record.yaml": text}


EXAMPLES: dict[str, Example] = {
    "file-read": Example(one(GOOD), {}, "a link to a file that does not exist, or a file the user may not read"),
    "yaml-syntax": Example(one(GOOD), one(HEAD + "funding: [1, 2\n")),
    "yaml-encoding": Example(
        one(GOOD),
        one(HEAD.replace("title: Profesionāla", "title: Jūrmala. Profesionāla") + FUNDING),
        "the failing file is saved in Windows-1257, not UTF-8",
    ),
    "yaml-duplicate-key": Example(one(GOOD), one(HEAD + "fund: ERDF\n" + FUNDING)),
    "yaml-structure": Example(one(GOOD), one("- " + HEAD.replace("\n", "\n  ").rstrip() + "\n")),
    "yaml-limits": Example(one(GOOD), one(HEAD + "notes: &a [*a]\n" + FUNDING)),
    "schema": Example(one(GOOD), one(HEAD.replace("status: unknown", "status: ongoing") + FUNDING)),
    "control-character": Example(
        one(GOOD),
        one(
            HEAD.replace(
                "title: Profesionāla sociālā darba attīstība pašvaldībās",
                'title: "Profesionāla sociālā darba\\vattīstība pašvaldībās"',
            )
            + FUNDING
        ),
        "the title holds \\v, the line break Word writes",
    ),
    "money-precision": Example(
        one(GOOD), one(GOOD.replace("amount: 85.00", "amount: 85.001").replace("amount: 15.00", "amount: 14.999"))
    ),
    "funding-amount": Example(
        one(GOOD),
        one(
            GOOD.replace(
                "{label: Valsts budžets, amount: 15.00, rate: 15, source: state_budget}",
                "{label: Valsts budžets, source: state_budget}",
            )
        ),
    ),
    "funding-sum": Example(
        one(GOOD),
        one(GOOD.replace("amount: 100.00", "amount: 110.00").replace("rate: 85, ", "").replace("rate: 15, ", "")),
    ),
    "funding-breakdown": Example(
        one(
            GOOD + "  breakdowns:\n    by_activity:\n      - {label: a, amount: 40.00}\n"
            "      - {label: b, amount: 60.00}\n"
        ),
        one(
            GOOD + "  breakdowns:\n    by_activity:\n      - {label: a, amount: 40.00}\n"
            "      - {label: b, amount: 57.00}\n"
        ),
    ),
    "funding-rate": Example(one(GOOD), one(GOOD.replace("rate: 85", "rate: 80"))),
    "funding-source": Example(one(GOOD), one(GOOD.replace("  parts:\n", "  source: ESF\n  parts:\n", 1))),
    "funding-missing": Example(one(GOOD), one(HEAD), "a record with no funding: at all"),
    "period-order": Example(
        one(HEAD + "period: {start: 2016-04-18, end: 2023-12-31}\n" + FUNDING),
        one(HEAD + "period: {start: 2023-12-31, end: 2016-04-18}\n" + FUNDING),
    ),
    "status-dates": Example(
        one(HEAD.replace("unknown", "completed") + "period: {start: 2016-04-18, end: 2023-12-31}\n" + FUNDING),
        one(HEAD.replace("unknown", "in_progress") + "period: {start: 2016-04-18, end: 2023-12-31}\n" + FUNDING),
    ),
    "number-measure": Example(
        one(HEAD + 'measure: {code: "9.2.1.1"}\n' + FUNDING), one(HEAD + 'measure: {code: "9.2.2.1"}\n' + FUNDING)
    ),
    "number-format": Example(one(GOOD), one(GOOD.replace("9.2.1.1/15/I/001", "9.2.1.1-15-I-1"))),
    "indicator-part": Example(
        one(
            GOOD + "indicators:\n  - label: Personas\n    target: 320\n    parts:\n"
            "      - {label: no tām, target: 46}\n"
        ),
        one(
            GOOD + "indicators:\n  - label: Personas\n    target: 320\n    parts:\n"
            "      - {label: no tām, target: 460}\n"
        ),
    ),
    "partner-count": Example(
        one(
            GOOD + "partners:\n  count: 14\n  groups:\n    - {kind: pašvaldības, count: 12}\n"
            "    - {kind: centri, count: 2}\n"
        ),
        one(
            GOOD + "partners:\n  count: 14\n  groups:\n    - {kind: pašvaldības, count: 12}\n"
            "    - {kind: centri, count: 3}\n"
        ),
    ),
    "contact-email": Example(
        one(GOOD + "contacts:\n  - name: Laima Grobiņa\n    email: laima.grobina@jurmala.lv\n"),
        one(GOOD + "contacts:\n  - name: Laima Grobiņa\n    email: laima.grobina [at] jurmala.lv\n"),
    ),
    "duplicate-record": Example(
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
    "project-mismatch": Example(
        {"a.yaml": GOOD + "participant: {name: A}\n", "b.yaml": GOOD + "participant: {name: B}\n"},
        {
            "a.yaml": GOOD + "participant: {name: A}\n",
            "b.yaml": GOOD.replace("fund: ESF", "fund: ERDF") + "participant: {name: B}\n",
        },
    ),
    "record-id": Example(one(GOOD), {"jurmala 9.2.1.1 (Jūrmala).yaml": GOOD}),
    "acknowledged-unused": Example(
        one(
            GOOD.replace("rate: 85", "rate: 80") + "acknowledged:\n  - check: funding-rate\n"
            "    note: The source gives 80 %.\n"
        ),
        one(GOOD + "acknowledged:\n  - check: funding-rate\n    note: The source gives 80 %.\n"),
        "an acknowledgement of funding-rate in a record whose rates agree",
    ),
}
