"""Every grouping adds up: any row equals the sum of the rows beneath it in any other grouping."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from itertools import combinations
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from esfproj.record import Record, build
from esfproj.summary import GROUP_FIELDS, Summary, summarise

CENTS = st.integers(min_value=0, max_value=10**9).map(lambda c: Decimal(c).scaleb(-2))
SOURCES = st.sampled_from([None, "ESF", "ERDF", "state_budget", "municipality"])
ELIGIBILITY = st.sampled_from([None, "eligible", "ineligible"])


@st.composite
def funding_node(draw: st.DrawFn, depth: int = 0) -> dict[str, Any]:
    node: dict[str, Any] = {"label": "x"}
    source, eligibility = draw(SOURCES), draw(ELIGIBILITY)
    if source:
        node["source"] = source
    if eligibility:
        node["eligibility"] = eligibility
    if depth < 2 and draw(st.booleans()):
        node["parts"] = draw(st.lists(funding_node(depth + 1), min_size=1, max_size=3))
        if draw(st.booleans()):  # a stated amount, which need not equal its parts
            node["amount"] = draw(CENTS)
    else:
        node["amount"] = draw(CENTS)
    return node


@st.composite
def records(draw: st.DrawFn) -> list[Record]:
    found = []
    for i in range(draw(st.integers(min_value=1, max_value=6))):
        data: dict[str, Any] = {
            "schema_version": 1,
            "project_number": draw(st.sampled_from(["9.2.1.1/15/I/001", "9.2.2.1/15/I/002"])),
            "title": "t",
            "fund": draw(st.sampled_from(["ESF", "ERDF"])),
            "status": draw(st.sampled_from(["completed", "unknown"])),
        }
        participant = draw(st.sampled_from([None, "Alfa", "Beta"]))
        if participant:
            data["participant"] = {"name": participant}
        if draw(st.booleans()):
            start = draw(st.dates(datetime.date(2014, 1, 1), datetime.date(2024, 12, 31)))
            end = start + datetime.timedelta(days=draw(st.integers(min_value=0, max_value=3000)))
            data["period"] = {"start": start.isoformat(), "end": end.isoformat()}
        funding = draw(funding_node())
        funding["currency"] = draw(st.sampled_from(["EUR", "EUR", "SEK"]))
        data["funding"] = funding
        found.append(build(data, f"r{i}.yaml"))
    return found


def amounts(summary: Summary, keep: list[int]) -> dict[tuple[str, ...], Decimal]:
    """The summary's rows added up over the key positions not in `keep`, per currency."""
    added: dict[tuple[str, ...], Decimal] = defaultdict(Decimal)
    for row in summary.rows:
        added[(row.currency, *(row.key[i] for i in keep))] += row.amount
    return {key: value for key, value in added.items() if value}


@settings(max_examples=60, deadline=None)
@given(records())
def test_any_row_is_the_sum_of_the_rows_beneath_it_in_any_other_grouping(found: list[Record]) -> None:
    single = {name: summarise(found, (name,)) for name in GROUP_FIELDS}
    totals = {name: [(t.currency, t.amount) for t in s.totals] for name, s in single.items()}
    assert len({tuple(t) for t in totals.values()}) == 1, totals
    for a, b in combinations(GROUP_FIELDS, 2):
        pair = summarise(found, (a, b))
        assert amounts(pair, [0]) == amounts(single[a], [0]), (a, b)
        assert amounts(pair, [1]) == amounts(single[b], [0]), (a, b)
        assert [(t.currency, t.amount) for t in pair.totals] == totals[a]


def test_bundled_years_agree_with_source_and_year() -> None:
    """The case that was a cent apart: 2016 by year, and 2016's rows by source and year."""
    from esfproj.config import Config
    from esfproj.engine import collect
    from tests.conftest import AS_OF, REPO

    found, _ = collect([str(REPO / "data" / "projects")], Config(), AS_OF)
    by_year = amounts(summarise(found, ("year",)), [0])
    by_source_year = amounts(summarise(found, ("source", "year")), [1])
    assert by_year == by_source_year
    assert by_year[("EUR", "2016")] == Decimal("1411484.35")
