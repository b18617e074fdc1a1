"""Acknowledgements that match no finding: the engine emits this once the record's findings are known."""

from __future__ import annotations

from esfproj.checks.base import GOOD, Check, Example, one
from esfproj.model import Severity

ACKNOWLEDGED_UNUSED = Check(
    "acknowledged-unused",
    Severity.WARNING,
    "an acknowledgement that matches no finding",
    lv="atzīšana, kurai neatbilst neviens konstatējums",
)
CHECKS = (ACKNOWLEDGED_UNUSED,)


EXAMPLES: dict[Check, Example] = {
    ACKNOWLEDGED_UNUSED: Example(
        one(
            GOOD.replace("rate: 85", "rate: 80") + "acknowledged:\n  - check: funding-rate\n"
            "    note: The source gives 80 %.\n"
        ),
        one(GOOD + "acknowledged:\n  - check: funding-rate\n    note: The source gives 80 %.\n"),
        "an acknowledgement of funding-rate in a record whose rates agree",
    ),
}
