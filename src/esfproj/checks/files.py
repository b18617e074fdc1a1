"""Examples of the file-level checks.

The loader and the schema sit below the checks and define these checks
themselves; their passing and failing examples live here, where the other
examples are, so the loader does not carry sample records.
"""

from __future__ import annotations

from esfproj.checks.base import FUNDING, GOOD, HEAD, Check, Example, one
from esfproj.loader import (
    CONTROL_CHARACTER,
    FILE_READ,
    YAML_DUPLICATE_KEY,
    YAML_ENCODING,
    YAML_LIMITS,
    YAML_PORTABILITY,
    YAML_STRUCTURE,
    YAML_SYNTAX,
)
from esfproj.schema import SCHEMA

CHECKS = (
    FILE_READ,
    YAML_SYNTAX,
    YAML_ENCODING,
    YAML_DUPLICATE_KEY,
    YAML_STRUCTURE,
    YAML_LIMITS,
    YAML_PORTABILITY,
    SCHEMA,
    CONTROL_CHARACTER,
)


EXAMPLES: dict[Check, Example] = {
    FILE_READ: Example(
        one(GOOD),
        {},
        "a link to a file that does not exist, or a file the user may not read",
        "saite uz failu, kura nav, vai fails, ko lietotājs nedrīkst lasīt",
    ),
    YAML_SYNTAX: Example(one(GOOD), one(HEAD + "funding: [1, 2\n")),
    YAML_ENCODING: Example(
        one(GOOD),
        one(HEAD.replace("title: Profesionāla", "title: Jūrmala. Profesionāla") + FUNDING),
        "the failing file is saved in Windows-1257, not UTF-8",
        "fails, kas neiztur, ir saglabāts kā Windows-1257, nevis UTF-8",
    ),
    YAML_DUPLICATE_KEY: Example(one(GOOD), one(HEAD + "fund: ERDF\n" + FUNDING)),
    YAML_STRUCTURE: Example(one(GOOD), one("- " + HEAD.replace("\n", "\n  ").rstrip() + "\n")),
    YAML_LIMITS: Example(one(GOOD), one(HEAD + "notes: &a [*a]\n" + FUNDING)),
    SCHEMA: Example(one(GOOD), one(HEAD.replace("status: unknown", "status: ongoing") + FUNDING)),
    CONTROL_CHARACTER: Example(
        one(GOOD),
        one(
            HEAD.replace(
                "title: Profesionāla sociālā darba attīstība pašvaldībās",
                'title: "Profesionāla sociālā darba\\vattīstība pašvaldībās"',
            )
            + FUNDING
        ),
        "the title holds \\v, the line break Word writes",
        "nosaukumā ir \\v, rindas pāreja, ko raksta Word",
    ),
    YAML_PORTABILITY: Example(
        one(GOOD.replace("amount: 100.00", "amount: 1000.00").replace("85.00", "850.00").replace("15.00", "150.00")),
        one(GOOD.replace("amount: 100.00", "amount: 1_000.00").replace("85.00", "850.00").replace("15.00", "150.00")),
    ),
}
