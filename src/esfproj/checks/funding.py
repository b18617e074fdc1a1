"""Funding tree checks: sums, breakdowns, rates, precision, inherited source and eligibility."""

from __future__ import annotations

from collections.abc import Iterator

from esfproj.checks.base import GOOD, HEAD, Check, Context, Example, one
from esfproj.model import Message, Path, Problem, Severity, render_path
from esfproj.money import AMOUNT_PLACES, EXACT, implied_rate, rate_agrees
from esfproj.numbers import decimals
from esfproj.record import FundingNode, Record, eligible_node, number, parts_total, union_amount
from esfproj.text import lv_number

E, INFO = Severity.ERROR, Severity.INFO
MONEY_PRECISION = Check(
    "money-precision", E, "an amount with more than two decimals", lv="summa ar vairāk nekā divām zīmēm aiz komata"
)
FUNDING_AMOUNT = Check("funding-amount", E, "a leaf node with no amount", lv="lapas mezgls bez summas")
FUNDING_SUM = Check("funding-sum", E, "parts do not add up to their node", lv="daļas nesaskaitās līdz savam mezglam")
FUNDING_BREAKDOWN = Check(
    "funding-breakdown", E, "a breakdown does not add up to its node", lv="sadalījums nesaskaitās līdz savam mezglam"
)
FUNDING_RATE = Check("funding-rate", E, "a rate disagrees with the amounts", lv="likme nesaskan ar summām")
FUNDING_SOURCE = Check(
    "funding-source",
    E,
    "a source or eligibility conflicts with an ancestor's",
    lv="avots vai attiecināmība ir pretrunā ar augstāka mezgla norādīto",
)
FUNDING_MISSING = Check("funding-missing", INFO, "no funding figures", lv="nav finansējuma datu")
COFINANCING_RATE = Check(
    "cofinancing-rate",
    INFO,
    "the operation's own EU share differs from the published co-financing rate of its priority axis",
    lv="darbības ES finansējuma daļa atšķiras no publicētās prioritārā virziena līdzfinansējuma likmes",
)
CHECKS = (
    MONEY_PRECISION,
    FUNDING_AMOUNT,
    FUNDING_SUM,
    FUNDING_BREAKDOWN,
    FUNDING_RATE,
    FUNDING_SOURCE,
    FUNDING_MISSING,
    COFINANCING_RATE,
)


def check(record: Record, context: Context) -> Iterator[Problem]:
    if record.funding is None:
        yield Problem(
            FUNDING_MISSING.id,
            (),
            Message(
                "the record has no funding figures; add them under funding: where the source gives them",
                lv="ierakstā nav finansējuma datu; pievienojiet tos zem funding:, ja avots tos norāda",
            ),
        )
        return
    walker = _Walker(record.currency, context)
    yield from walker.node(record.funding, None, {})
    yield from cofinancing(record, record.funding)


def cofinancing(record: Record, funding: FundingNode) -> Iterator[Problem]:
    """Annex XII's rate is the priority axis's, so an operation may differ from it: an info,
    never an error, and only where the record names both its eligible costs and its EU part."""
    rate = number(record.data.get("cofinancing_rate"))
    eligible = eligible_node(funding)
    if rate is None or eligible is None or eligible.total is None or eligible.total == 0:
        return
    paid = union_amount(eligible)
    if paid is None or rate_agrees(rate, paid, eligible.total):
        return
    cur, rate_text = record.currency, format(rate, "f")
    implied = format(implied_rate(paid, eligible.total, max(decimals(rate), 2)), "f")
    yield Problem(
        COFINANCING_RATE.id,
        ("cofinancing_rate",),
        Message(
            f"the operation's EU share is {implied} % ({{0}} {cur} of {{1}} {cur} eligible); the published "
            f"co-financing rate is {rate_text} %, the rate of its priority axis, which an operation's own share "
            "may differ from",
            (paid, eligible.total),
            lv=f"darbības ES daļa ir {lv_number(implied)} % ({{0}} {cur} no {{1}} {cur} attiecināmo izmaksu); "
            f"publicētā līdzfinansējuma likme ir {lv_number(rate_text)} %, tā ir prioritārā virziena likme, no kuras "
            "darbības daļa var atšķirties",
        ),
        expected=rate_text,
        actual=implied,
    )


class _Walker:
    def __init__(self, currency: str, context: Context) -> None:
        self.currency = currency
        self.context = context

    def node(
        self, node: FundingNode, parent: FundingNode | None, named: dict[str, tuple[str, Path]]
    ) -> Iterator[Problem]:
        """Check one node; `named` maps source/eligibility to (value, where) above it."""
        if node.amount is not None and decimals(node.amount) > AMOUNT_PLACES:
            yield Problem(
                MONEY_PRECISION.id,
                (*node.path, "amount"),
                Message(
                    f"the amount {{0}} has {decimals(node.amount)} decimals; amounts have at most two",
                    (node.amount,),
                    lv=f"summai {{0}} ir {decimals(node.amount)} zīmes aiz komata; summām tās ir ne vairāk kā divas",
                ),
                expected="2 decimals",
                actual=f"{decimals(node.amount)} decimals",
            )
        named = dict(named)
        for key in ("source", "eligibility"):
            value = getattr(node, key)
            if value is None:
                continue
            if key in named and named[key][0] != value:
                above, where = named[key]
                yield Problem(
                    FUNDING_SOURCE.id,
                    (*node.path, key),
                    Message(
                        f"{key} {value} conflicts with {key} {above} named above at "
                        f"{render_path(where)}; a part cannot change who pays or the eligibility "
                        "of its parent",
                        lv=f"{key} {value} ir pretrunā ar {key} {above}, kas norādīts augstāk "
                        f"{render_path(where)}; daļa nevar mainīt maksātāju vai attiecināmību, ko nosaka tās "
                        "virsmezgls",
                    ),
                    expected=above,
                    actual=value,
                )
            else:
                named[key] = (value, (*node.path, key))
        if not node.parts and not node.amount_given:
            yield Problem(
                FUNDING_AMOUNT.id,
                node.path,
                Message(
                    "this node has neither an amount nor parts; add its amount",
                    lv="šim mezglam nav ne summas, ne daļu; pievienojiet tā summu",
                ),
                anchor=node.path,
            )
        if node.rate is not None:
            yield from self.rate(node, parent)
        if node.parts and node.amount is not None:
            yield from self.split(FUNDING_SUM.id, node, node.path, node.parts)
        for name, split in node.breakdowns:
            if node.total is not None:
                yield from self.split(FUNDING_BREAKDOWN.id, node, (*node.path, "breakdowns", name), split)
        for part in node.parts:
            yield from self.node(part, node, named)
        for _, split in node.breakdowns:
            for part in split:
                yield from self.node(part, node, named)

    def split(self, check: str, node: FundingNode, path: Path, parts: tuple[FundingNode, ...]) -> Iterator[Problem]:
        stated, added = node.total, parts_total(parts)
        if stated is None or added is None:
            return
        difference = EXACT.subtract(added, stated)
        if abs(difference) <= self.context.tolerance:
            return
        cur = self.currency
        anchor = (*node.path, "amount") if check == FUNDING_SUM.id and node.amount is not None else path
        yield Problem(
            check,
            path,
            Message(
                f"parts add up to {{0}} {cur}, the node states {{1}} {cur} (difference {{2}})",
                (added, stated, difference),
                lv=f"daļu summa ir {{0}} {cur}, mezglā norādīts {{1}} {cur} (starpība {{2}})",
            ),
            expected=format(stated, "f"),
            actual=format(added, "f"),
            anchor=anchor,
            on_key=check == FUNDING_BREAKDOWN.id,
        )

    def rate(self, node: FundingNode, parent: FundingNode | None) -> Iterator[Problem]:
        rate = node.rate
        assert rate is not None
        where = (*node.path, "rate")
        if parent is None:
            yield Problem(
                FUNDING_RATE.id,
                where,
                Message(
                    "the top node has no parent amount for its rate to be a share of; remove the rate",
                    lv="augšējam mezglam nav virssummas, no kuras likme būtu daļa; noņemiet likmi",
                ),
            )
            return
        if parent.total is None or node.total is None:
            return
        if rate_agrees(rate, node.total, parent.total):
            return
        cur = self.currency
        places = decimals(rate)
        rate_text = format(rate, "f")
        if parent.total == 0:
            yield Problem(
                FUNDING_RATE.id,
                where,
                Message(
                    f"rate {rate_text} % of a parent amount of 0 {cur} cannot be {{0}} {cur}",
                    (node.total,),
                    lv=f"likme {lv_number(rate_text)} % no virssummas 0 {cur} nevar būt {{0}} {cur}",
                ),
                expected="0",
                actual=format(node.total, "f"),
            )
            return
        implied = implied_rate(node.total, parent.total, places)
        share = EXACT.divide(EXACT.multiply(parent.total, rate), 100)
        yield Problem(
            FUNDING_RATE.id,
            where,
            Message(
                f"the amounts give {format(implied, 'f')} % ({{0}} {cur} of {{1}} {cur}), "
                f"the node states {rate_text} %, which would be {{2}} {cur}",
                (node.total, parent.total, share.quantize(EXACT.create_decimal("0.01"))),
                lv=f"pēc summām likme ir {lv_number(format(implied, 'f'))} % ({{0}} {cur} no {{1}} {cur}), "
                f"mezglā norādīti {lv_number(rate_text)} %, kas būtu {{2}} {cur}",
            ),
            expected=format(implied, "f"),
            actual=rate_text,
        )


EXAMPLES: dict[Check, Example] = {
    MONEY_PRECISION: Example(
        one(GOOD), one(GOOD.replace("amount: 85.00", "amount: 85.001").replace("amount: 15.00", "amount: 14.999"))
    ),
    FUNDING_AMOUNT: Example(
        one(GOOD),
        one(
            GOOD.replace(
                "{label: Valsts budžets, amount: 15.00, rate: 15, source: state_budget}",
                "{label: Valsts budžets, source: state_budget}",
            )
        ),
    ),
    FUNDING_SUM: Example(
        one(GOOD),
        one(GOOD.replace("amount: 100.00", "amount: 110.00").replace("rate: 85, ", "").replace("rate: 15, ", "")),
    ),
    FUNDING_BREAKDOWN: Example(
        one(
            GOOD + "  breakdowns:\n    by_activity:\n      - {label: a, amount: 40.00}\n"
            "      - {label: b, amount: 60.00}\n"
        ),
        one(
            GOOD + "  breakdowns:\n    by_activity:\n      - {label: a, amount: 40.00}\n"
            "      - {label: b, amount: 57.00}\n"
        ),
    ),
    FUNDING_RATE: Example(one(GOOD), one(GOOD.replace("rate: 85", "rate: 80"))),
    FUNDING_SOURCE: Example(one(GOOD), one(GOOD.replace("  parts:\n", "  source: ESF\n  parts:\n", 1))),
    FUNDING_MISSING: Example(
        one(GOOD), one(HEAD), "a record with no funding: at all", "ieraksts, kurā vispār nav funding:"
    ),
    COFINANCING_RATE: Example(
        one(GOOD + "cofinancing_rate: 85\n"),
        one(GOOD + "cofinancing_rate: 80\n"),
        "the list of operations gives 80 % for the priority axis; this operation's EU part is 85 %",
        "darbību sarakstā prioritārajam virzienam norādīti 80 %; šīs darbības ES daļa ir 85 %",
    ),
}
