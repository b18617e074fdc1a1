"""Project numbers: known forms, and agreement with the measure and objective codes."""

from __future__ import annotations

from collections.abc import Iterator

from esfproj.checks.base import FUNDING, GOOD, HEAD, Check, Context, Example, one
from esfproj.model import Message, Problem, Severity
from esfproj.record import NUMBER_FORMS as FORMS
from esfproj.record import Record, number_code

NUMBER_MEASURE = Check(
    "number-measure",
    Severity.ERROR,
    "the project number, measure code and specific objective code disagree",
    lv="projekta numurs, pasākuma kods un specifiskā mērķa kods nesaskan",
)
NUMBER_FORMAT = Check(
    "number-format",
    Severity.WARNING,
    "a project number of no known form",
    lv="projekta numurs nav nevienā zināmā formā",
)
CHECKS = (NUMBER_MEASURE, NUMBER_FORMAT)


def check(record: Record, context: Context) -> Iterator[Problem]:
    number = record.number
    if number is None:
        return
    known = any(form.fullmatch(number) for _, form in FORMS)
    if not known:
        yield Problem(
            NUMBER_FORMAT.id,
            ("project_number",),
            Message(
                f"'{number}' is of no known form: 9.2.1.1/15/I/001 (2014-2020), "
                "4.2.2.3/1/24/I/001 (2021-2027) or 2020.FEAD/PO.04/05/08 (FEAD)",
                lv=f"'{number}' nav zināmā formā: 9.2.1.1/15/I/001 (2014-2020), "
                "4.2.2.3/1/24/I/001 (2021-2027) vai 2020.FEAD/PO.04/05/08 (FEAD)",
            ),
            actual=number,
        )
    code = number_code(number) if known else None
    measure, objective = record.measure, record.objective_code
    if code and measure and code != measure:
        yield Problem(
            NUMBER_MEASURE.id,
            ("measure", "code"),
            Message(
                f"the project number {number} begins with {code}, the measure code is {measure}",
                lv=f"projekta numurs {number} sākas ar {code}, bet pasākuma kods ir {measure}",
            ),
            expected=code,
            actual=measure,
        )
    if measure and objective and not measure.startswith(objective + "."):
        yield Problem(
            NUMBER_MEASURE.id,
            ("specific_objective", "code"),
            Message(
                f"the measure {measure} does not belong to the specific objective {objective}",
                lv=f"pasākums {measure} nepieder specifiskajam atbalsta mērķim {objective}",
            ),
            expected=measure.rsplit(".", 1)[0],
            actual=objective,
        )
    elif code and objective and not measure and not code.startswith(objective + "."):
        yield Problem(
            NUMBER_MEASURE.id,
            ("specific_objective", "code"),
            Message(
                f"the project number {number} does not belong to the specific objective {objective}",
                lv=f"projekta numurs {number} nepieder specifiskajam atbalsta mērķim {objective}",
            ),
            expected=code.rsplit(".", 1)[0],
            actual=objective,
        )


EXAMPLES: dict[Check, Example] = {
    NUMBER_MEASURE: Example(
        one(HEAD + 'measure: {code: "9.2.1.1"}\n' + FUNDING), one(HEAD + 'measure: {code: "9.2.2.1"}\n' + FUNDING)
    ),
    NUMBER_FORMAT: Example(one(GOOD), one(GOOD.replace("9.2.1.1/15/I/001", "9.2.1.1-15-I-1"))),
}
