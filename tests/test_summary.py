"""Totals, exact to the cent, on small data sets computed by hand."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from esfproj.config import Config
from esfproj.engine import collect
from esfproj.record import Record
from esfproj.summary import Filters, Summary, spread_over_years, summarise
from tests.conftest import AS_OF, write

D = Decimal
RIGA = """\
schema_version: 1
project_number: 9.2.2.1/15/I/002
title: Riga
fund: ESF
status: in_progress
programme: {name: Izaugsme un nodarbinātība}
specific_objective: {code: "9.2.2"}
measure: {code: "9.2.2.1"}
lead_partner: Rīgas plānošanas reģions
region: Rīgas plānošanas reģions
period: {start: 2019-07-01, end: 2020-06-30}
funding:
  label: Kopā
  amount: 1000.00
  parts:
    - label: Attiecināmās
      eligibility: eligible
      parts:
        - {label: ESF, amount: 850.00, rate: 85, source: ESF}
        - {label: VB, amount: 100.00, source: state_budget}
    - {label: Neattiecināmās, amount: 50.00, eligibility: ineligible, source: municipality}
"""
JURMALA = """\
schema_version: 1
project_number: 9.2.1.1/15/I/001
title: Jūrmala
fund: ESF
status: completed
measure: {code: "9.2.1.1"}
lead_partner: Labklājības ministrija
participant: {name: Jūrmalas pilsētas dome, role: partner}
period: {start: 2020-01-01, end: 2020-12-31}
funding:
  label: Kopā
  amount: 200.01
  parts:
    - {label: ESF, amount: 100.01, source: ESF}
    - {label: Pašvaldība, amount: 100.00}
"""
FEAD = """\
schema_version: 1
project_number: 2020.FEAD/PO.04/05/08
title: Pakas
fund: FEAD
status: unknown
participant: {name: Salaspils novada Sociālais dienests}
funding:
  label: Total
  amount: 30.00
  currency: SEK
  source: FEAD
"""
EMPTY = """\
schema_version: 1
project_number: 8.5.1.0/16/I/001
title: Bez naudas
fund: ESF
status: unknown
"""


@pytest.fixture
def records(tmp_path: Path) -> list[Record]:
    for name, text in [("riga", RIGA), ("jurmala", JURMALA), ("fead", FEAD), ("empty", EMPTY)]:
        write(tmp_path, text, f"{name}.yaml")
    found, _ = collect([str(tmp_path)], Config(), AS_OF)
    return found


def rows(records: list[Record], by: str, filters: Filters | None = None) -> tuple[list[Any], Summary]:
    chosen = [r for r in records if (filters or Filters()).matches(r)]
    result = summarise(chosen, tuple(by.split(",")))
    return [(row.key, row.currency, row.records, row.amount, row.share) for row in result.rows], result


def test_by_fund_uses_record_totals_and_keeps_currencies_apart(records: list[Record]) -> None:
    found, result = rows(records, "fund")
    assert found == [(("ESF",), "EUR", 2, D("1200.01"), D("100.00")), (("FEAD",), "SEK", 1, D("30.00"), D("100.00"))]
    assert [(t.currency, t.records, t.amount) for t in result.totals] == [
        ("EUR", 2, D("1200.01")),
        ("SEK", 1, D("30.00")),
    ]
    assert result.without_funding == 1 and result.records == 4


def test_by_source_sums_leaves_with_inherited_sources(records: list[Record]) -> None:
    found, _ = rows(records, "source")
    assert found == [
        (("ESF",), "EUR", 2, D("950.01"), D("79.17")),
        (("municipality",), "EUR", 1, D("50.00"), D("4.17")),
        (("state_budget",), "EUR", 1, D("100.00"), D("8.33")),
        (("unspecified",), "EUR", 1, D("100.00"), D("8.33")),
        (("FEAD",), "SEK", 1, D("30.00"), D("100.00")),
    ]


def test_by_eligibility(records: list[Record]) -> None:
    found, _ = rows(records, "eligibility", Filters(fund=("ESF",)))
    assert found == [
        (("eligible",), "EUR", 1, D("950.00"), D("79.17")),
        (("ineligible",), "EUR", 1, D("50.00"), D("4.17")),
        (("unspecified",), "EUR", 1, D("200.01"), D("16.67")),
    ]


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("status", [("completed",), ("in_progress",)]),
        ("programme", [("Izaugsme un nodarbinātība",), ("unspecified",)]),
        ("specific_objective", [("9.2.2",), ("unspecified",)]),
        ("measure", [("9.2.1.1",), ("9.2.2.1",)]),
        ("lead_partner", [("Labklājības ministrija",), ("Rīgas plānošanas reģions",)]),
        ("participant", [("Jūrmalas pilsētas dome",), ("unspecified",)]),
        ("region", [("Rīgas plānošanas reģions",), ("unspecified",)]),
    ],
)
def test_record_fields(records: list[Record], by: str, expected: list[Any]) -> None:
    found, _ = rows(records, by, Filters(fund=("esf",)))
    assert [r[0] for r in found] == expected
    amounts = {r[0]: r[3] for r in found}
    riga_key = [
        k
        for k in expected
        if k[0] in ("in_progress", "Izaugsme un nodarbinātība", "9.2.2", "9.2.2.1", "Rīgas plānošanas reģions")
        or (by == "participant" and k[0] == "unspecified")
    ]
    assert [amounts[k] for k in riga_key] == [D("1000.00")]


def test_by_year_spreads_by_days_with_inclusive_ends(records: list[Record]) -> None:
    found, _ = rows(records, "year", Filters(fund=("ESF",)))
    # Riga: 2019-07-01..2020-06-30 is 366 days, 184 in 2019: 1000 * 184/366 = 502.732...
    # Jūrmala: all of 2020.
    assert found == [(("2019",), "EUR", 1, D("502.73"), D("41.89")), (("2020",), "EUR", 2, D("697.28"), D("58.11"))]


def test_year_without_dates_is_unallocated(records: list[Record]) -> None:
    found, _ = rows(records, "year", Filters(fund=("FEAD",)))
    assert found == [(("unallocated",), "SEK", 1, D("30.00"), D("100.00"))]


def test_two_levels(records: list[Record]) -> None:
    found, _ = rows(records, "fund,source", Filters(participant=("jūrmalas",)))
    assert found == [
        (("ESF", "ESF"), "EUR", 1, D("100.01"), D("50.00")),
        (("ESF", "unspecified"), "EUR", 1, D("100.00"), D("50.00")),
    ]


def test_source_and_year_together(records: list[Record]) -> None:
    found, _ = rows(records, "source,year", Filters(lead_partner=("rīgas",)))
    assert found == [
        (("ESF", "2019"), "EUR", 1, D("427.32"), D("42.73")),
        (("ESF", "2020"), "EUR", 1, D("422.68"), D("42.27")),
        (("municipality", "2019"), "EUR", 1, D("25.14"), D("2.51")),
        (("municipality", "2020"), "EUR", 1, D("24.86"), D("2.49")),
        (("state_budget", "2019"), "EUR", 1, D("50.27"), D("5.03")),
        (("state_budget", "2020"), "EUR", 1, D("49.73"), D("4.97")),
    ]


@pytest.mark.parametrize(
    ("filters", "ids"),
    [
        (Filters(fund=("FEAD", "esf")), ["empty", "fead", "jurmala", "riga"]),
        (Filters(status=("completed",)), ["jurmala"]),
        (Filters(measure=("9.2",)), ["jurmala", "riga"]),
        (Filters(measure=("9.2.2",)), ["riga"]),
        (Filters(measure=("8.5.1.0",)), ["empty"]),
        (Filters(measure=("9.21",)), []),
        (Filters(participant=("SALASPILS",)), ["fead"]),
        (Filters(lead_partner=("ministrija", "reģions")), ["jurmala", "riga"]),
        (Filters(active_on=(datetime.date(2019, 12, 31),)), ["riga"]),
        (Filters(active_on=(datetime.date(2020, 6, 30),)), ["jurmala", "riga"]),
        (Filters(active_on=(datetime.date(2020, 7, 1),)), ["jurmala"]),
        (Filters(period=((datetime.date(2018, 1, 1), datetime.date(2019, 7, 1)),)), ["riga"]),
        (Filters(period=((datetime.date(2020, 12, 31), datetime.date(2030, 1, 1)),)), ["jurmala"]),
        (Filters(fund=("ESF",), status=("in_progress", "completed"), measure=("9.2.2",)), ["riga"]),
    ],
)
def test_filters(records: list[Record], filters: Filters, ids: list[str]) -> None:
    assert sorted(r.id for r in records if filters.matches(r)) == ids


@pytest.mark.parametrize(
    ("amount", "start", "end", "expected"),
    [
        ("1000.00", "2019-07-01", "2020-06-30", {"2019": "502.73", "2020": "497.27"}),
        # 2020 is a leap year: 2020-12-31..2021-01-01 is one day in each year.
        ("0.01", "2020-12-31", "2021-01-01", {"2020": "0.01", "2021": "0.00"}),
        ("100.00", "2020-02-28", "2020-03-01", {"2020": "100.00"}),
        ("100.00", "2023-05-05", "2023-05-05", {"2023": "100.00"}),
        # 1096 days: 365, 366, 365; 33.30 + 33.39 + 33.30 leaves a cent for 2020 (largest remainder).
        ("100.00", "2019-01-01", "2021-12-31", {"2019": "33.30", "2020": "33.40", "2021": "33.30"}),
        ("0.02", "2019-12-31", "2021-01-01", {"2019": "0.00", "2020": "0.02", "2021": "0.00"}),
    ],
)
def test_spread_over_years(amount: str, start: str, end: str, expected: dict[str, str]) -> None:
    spread = spread_over_years(D(amount), datetime.date.fromisoformat(start), datetime.date.fromisoformat(end))
    assert {k: str(v) for k, v in spread.items()} == expected
    assert sum(spread.values()) == D(amount)
