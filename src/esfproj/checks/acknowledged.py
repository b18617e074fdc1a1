"""Acknowledgements that match no finding: the engine emits this once the record's findings are known."""

from __future__ import annotations

from collections.abc import Callable

from esfproj.checks.base import GOOD, Check, Example, one
from esfproj.model import Message, Problem, Severity, path_within, render_path
from esfproj.record import Acknowledgement

ACKNOWLEDGED_UNUSED = Check(
    "acknowledged-unused",
    Severity.WARNING,
    "an acknowledgement that matches no finding",
    lv="atzīšana, kurai neatbilst neviens konstatējums",
)
CHECKS = (ACKNOWLEDGED_UNUSED,)


def acknowledge(
    problems: list[Problem], acks: tuple[Acknowledgement, ...], enabled: Callable[[str], bool]
) -> list[tuple[Problem, Acknowledgement | None]]:
    """Each problem with the acknowledgement that covers it (the first of its check whose path
    is the problem's or above it), then an `acknowledged-unused` problem for each
    acknowledgement that covers none, unless its check is switched off (`enabled`)."""
    matched = [(problem, _covering(problem, acks)) for problem in problems]
    used = {ack.position for _, ack in matched if ack is not None}
    for ack in acks:
        if ack.position not in used and enabled(ack.check):
            matched.append((unused(ack), None))
    return matched


def _covering(problem: Problem, acks: tuple[Acknowledgement, ...]) -> Acknowledgement | None:
    if not acks or problem.check == ACKNOWLEDGED_UNUSED.id:
        return None
    path = render_path(problem.path)
    return next((a for a in acks if a.check == problem.check and path_within(path, a.path)), None)


def unused(ack: Acknowledgement) -> Problem:
    where = f" at {ack.path}" if ack.path else ""
    where_lv = f" vietā {ack.path}" if ack.path else ""
    return Problem(
        ACKNOWLEDGED_UNUSED.id,
        ("acknowledged", ack.position),
        Message(
            f"no {ack.check} finding{where} to acknowledge; remove this acknowledgement",
            lv=f"nav {ack.check} konstatējuma{where_lv}, ko atzīt; noņemiet šo atzīšanu",
        ),
        actual=ack.check,
    )


EXAMPLES: dict[Check, Example] = {
    ACKNOWLEDGED_UNUSED: Example(
        one(
            GOOD.replace("rate: 85", "rate: 80") + "acknowledged:\n  - check: funding-rate\n"
            "    note: The source gives 80 %.\n"
        ),
        one(GOOD + "acknowledged:\n  - check: funding-rate\n    note: The source gives 80 %.\n"),
        "an acknowledgement of funding-rate in a record whose rates agree",
        "funding-rate atzīšana ierakstā, kura likmes saskan",
    ),
}
