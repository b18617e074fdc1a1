"""Partners: the count agrees with the groups and the names."""

from __future__ import annotations

from collections.abc import Iterator

from esfproj.checks.base import GOOD, Check, Context, Example, one
from esfproj.model import Message, Problem, Severity
from esfproj.record import Record, items, mapping, whole

PARTNER_COUNT = Check(
    "partner-count",
    Severity.ERROR,
    "partner count disagrees with its groups or names",
    lv="partneru skaits nesaskan ar grupām vai nosaukumiem",
)
CHECKS = (PARTNER_COUNT,)


def check(record: Record, context: Context) -> Iterator[Problem]:
    partners = mapping(record.data.get("partners"))
    count = whole(partners.get("count"))
    if count is None:
        return
    groups = [whole(mapping(g).get("count")) for g in items(partners.get("groups"))]
    counts = [g for g in groups if g is not None]
    if groups and len(counts) == len(groups):
        added = sum(counts)
        if added != count:
            yield Problem(
                PARTNER_COUNT.id,
                ("partners", "count"),
                Message(
                    f"partners.count is {count}, the groups add up to {added}",
                    lv=f"partners.count ir {count}, bet grupu summa ir {added}",
                ),
                expected=str(added),
                actual=str(count),
            )
    names = partners.get("names")
    if isinstance(names, list) and len(names) != count:
        yield Problem(
            PARTNER_COUNT.id,
            ("partners", "count"),
            Message(
                f"partners.count is {count}, {len(names)} names are listed",
                lv=f"partners.count ir {count}, bet uzskaitīti {len(names)} nosaukumi",
            ),
            expected=str(len(names)),
            actual=str(count),
        )


EXAMPLES: dict[Check, Example] = {
    PARTNER_COUNT: Example(
        one(
            GOOD + "partners:\n  count: 14\n  groups:\n    - {kind: pašvaldības, count: 12}\n"
            "    - {kind: centri, count: 2}\n"
        ),
        one(
            GOOD + "partners:\n  count: 14\n  groups:\n    - {kind: pašvaldības, count: 12}\n"
            "    - {kind: centri, count: 3}\n"
        ),
    ),
}
