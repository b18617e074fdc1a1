"""Every grouping adds up: any row equals the sum of the rows beneath it in any other grouping."""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal
from itertools import combinations
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from esfproj.record import Record, build
from esfproj.summary import GROUP_FIELDS, Summary, summarise

CENTS = st.integers(min_value=0, max_value=10**9).map(lambda c: Decimal(c).scaleb(-2))
AMOUNTS = st.one_of(CENTS, st.integers(min_value=0, max_value=10**9).map(lambda c: Decimal(c).scaleb(-3)))
"""Amounts in cents, and with more decimals than the currency has (15.001)."""
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
            node["amount"] = draw(AMOUNTS)
    else:
        node["amount"] = draw(AMOUNTS)
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
        if draw(st.integers(min_value=0, max_value=4)):  # a record without figures, now and then
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


@settings(max_examples=80, deadline=None)
@given(records())
def test_exported_counted_rows_add_up_to_the_summary(found: list[Record]) -> None:
    """For any mix of whole projects (with and without figures) and shares: the `total` of the
    rows export marks `counted_in_totals` adds up to summary's total, currency by currency."""
    import json

    from esfproj.options import ExportFormat
    from esfproj.render.export import ExportSpool, export_item
    from esfproj.summary import Filters

    with ExportSpool(ExportFormat.json) as spool:
        for record in found:
            item = export_item(record, Filters(), ExportFormat.json)
            assert item is not None  # no filter
            spool.add(item)
        rows = json.loads("".join(spool.json({}, [])))
    exported: dict[str, Decimal] = defaultdict(Decimal)
    for row in rows:
        figures = row["totals"]
        if row["counted_in_totals"] and figures["total"] is not None:
            exported[figures["currency"]] += Decimal(figures["total"])
    summary = summarise(found, ("fund",))
    assert dict(exported) == {t.currency: t.amount for t in summary.totals}


def test_a_share_beside_a_whole_project_without_figures_is_counted_everywhere(tmp_path: Path) -> None:
    """The whole project's record gives no figures, so its share is what is known: summary,
    export's counted rows and the closing line agree (700.00, one share counted)."""
    import json

    from typer.testing import CliRunner

    from esfproj.cli import app

    (tmp_path / "whole.yaml").write_text(
        "schema_version: 1\nproject_number: 9.2.2.1/15/I/070\ntitle: t\nfund: ESF\nstatus: unknown\n",
        encoding="utf-8",
    )
    (tmp_path / "alfa.yaml").write_text(
        "schema_version: 1\nproject_number: 9.2.2.1/15/I/070\ntitle: t\nfund: ESF\nstatus: unknown\n"
        "participant: {name: Alfa}\nfunding: {amount: 700.00}\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    summary = runner.invoke(app, ["summary", str(tmp_path), "--format", "json"])
    assert summary.exit_code == 0, summary.output
    document = json.loads(summary.stdout)
    assert document["totals"] == [{"currency": "EUR", "records": 1, "amount": "700.00"}]
    assert document["scope"] == {"whole_projects": 0, "shares": 1, "shares_within_whole": 0}
    exported = json.loads(runner.invoke(app, ["export", str(tmp_path), "--format", "json"]).stdout)
    assert [(o["id"], o["counted_in_totals"], o["totals"]["total"]) for o in exported] == [
        ("alfa", True, "700.00"),
        ("whole", True, None),
    ]


def test_every_grouping_gives_the_same_total_to_the_last_digit() -> None:
    """Parts of 85 and 15.001 over eight years: by year, by source and by both, 100.001."""
    data = {
        "schema_version": 1,
        "project_number": "9.2.1.1/15/I/001",
        "period": {"start": "2016-01-05", "end": "2023-12-31"},
        "funding": {
            "amount": Decimal("100.001"),
            "parts": [
                {"amount": Decimal("85"), "source": "ESF"},
                {"amount": Decimal("15.001"), "source": "state_budget"},
            ],
        },
    }
    found = [build(data, "r.yaml")]
    for by in [("year",), ("source",), ("source", "year"), ("fund",)]:
        assert [t.amount for t in summarise(found, by).totals] == [Decimal("100.001")], by
    years = summarise(found, ("year",)).rows
    assert sum(r.amount for r in years) == Decimal("100.001")
    days = {str(y): 366 if y % 4 == 0 else 365 for y in range(2016, 2024)} | {"2016": 362}
    for row in years:  # each year within a cent of its exact share of days (2 918 in all)
        exact = Decimal("100.001") * days[row.key[0]] / 2918
        assert abs(row.amount - exact) < Decimal("0.011"), row


@settings(max_examples=80, deadline=None)
@given(records())
def test_a_summary_projected_on_one_field_is_the_summary_by_that_field(found: list[Record]) -> None:
    """The report adds up one summary by several fields and draws each chart from it: each
    projection equals the summary by that field alone, row by row (records, amount, share)."""
    from esfproj.summary import projected

    def rows(summary: Summary) -> list[tuple[Any, ...]]:
        return [(r.key, r.currency, r.amount, r.records, r.share) for r in summary.rows]

    every = summarise(found, ("source", "fund", "status", "year"))
    for name in every.by:
        alone = summarise(found, (name,))
        assert rows(projected(every, name)) == rows(alone)
        assert [(t.currency, t.amount, t.records) for t in projected(every, name).totals] == [
            (t.currency, t.amount, t.records) for t in alone.totals
        ]
        assert projected(every, name).members == alone.members
