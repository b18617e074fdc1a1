"""A record without its body, as the cache keeps every record, gives `summary` and `list`
exactly what the whole record gives: its `Money` stands for its funding tree."""

from __future__ import annotations

import datetime
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

from esfproj import engine
from esfproj.cache import Stat
from esfproj.checks import Context
from esfproj.config import Config
from esfproj.kept import restored
from esfproj.record import Money, Record, money_of, record_total, unreadable_amounts, with_money
from esfproj.render.tables import list_row
from esfproj.summary import GROUP_FIELDS, Filters, Span, summary_item
from tests.conftest import REPO, VALID

BUNDLED = sorted((REPO / "data" / "projects").glob("*.yaml"))
SHARE = VALID.replace("status: in_progress", "status: in_progress\nparticipant:\n  name: Jūrmalas valstspilsēta")
NESTED = VALID.replace(
    "      source: state_budget\n",
    "      source: state_budget\n"
    "      parts:\n"
    "        - label: A\n"
    "          amount: 10.00\n"
    "          eligibility: ineligible\n"
    "        - label: B\n",  # no amount: the rest of 15.00 is the parent's, unspecified below it
)
EDGE_CASES = {
    "valid": VALID,
    "share": SHARE,
    "nested, a leaf without an amount": NESTED,
    "an amount that cannot be read": VALID.replace("amount: 85.00", "amount: 1 234,56"),
    "funding written as text": VALID.split("funding:")[0] + 'funding: "100 EUR"\n',
    "no funding": VALID.split("funding:")[0],
    "no period": VALID.replace("period:\n  start: 2016-04-18\n  end: 2027-12-31\n", ""),
    "an open end": VALID.replace("  end: 2027-12-31\n", ""),
    "another currency": VALID.replace("  label: Kopā\n", "  label: Kopā\n  currency: USD\n"),
}
SPANS = (
    None,
    Span(datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)),
    Span(datetime.date(2016, 5, 1), datetime.date(2016, 5, 31)),
    Span(datetime.date(2030, 1, 1), datetime.date(2030, 12, 31)),
)
FILTERS = (Filters(), Filters(fund=("esf",)), Filters(participant=("jurmala",)), Filters(measure=("9.2",)))


def whole_and_kept(raw: bytes) -> tuple[Record, Record]:
    """The record as checked, and as the cache reads it back without its body."""
    facts, _ = engine.content(raw, Config(), Context(as_of=datetime.date(2026, 11, 22)))
    assert facts.record is not None
    fresh = engine._fresh(Stat(1, 2, 3, 4), facts, whole=False)
    assert fresh.record is None  # the body is not kept
    kept = restored(fresh.facts)
    assert kept is not None and kept.record is not None
    return engine.named(facts.record, "rec.yaml"), engine.named(kept.record, "rec.yaml")


CASES = [(name, text.encode()) for name, text in EDGE_CASES.items()] + [(p.name, p.read_bytes()) for p in BUNDLED]


@pytest.mark.parametrize(("name", "raw"), CASES, ids=[name for name, _ in CASES])
def test_a_record_carries_the_money_its_tree_gives(name: str, raw: bytes) -> None:
    facts, _ = engine.content(raw, Config(), Context(as_of=datetime.date(2026, 11, 22)))
    assert facts.record is not None and facts.record.money is None
    carrying = with_money(facts.record)
    assert carrying == facts.record._replace(money=money_of(facts.record))
    assert with_money(carrying) is carrying


@pytest.mark.parametrize(("name", "raw"), CASES, ids=[name for name, _ in CASES])
def test_a_file_checked_for_the_cache_carries_the_money_its_tree_gives(name: str, raw: bytes, tmp_path: Path) -> None:
    """`check_file` tells `money_of` whether the record has amounts it cannot read (from its
    gaps) rather than letting it walk the tree again: the money must be the same."""
    (tmp_path / "rec.yaml").write_bytes(raw)
    context = Context(as_of=datetime.date(2026, 11, 22))
    _, fresh = engine.check_file(str(tmp_path / "rec.yaml"), Config(), context, keep=True)
    assert fresh is not None
    kept = restored(fresh.facts)
    assert kept is not None and kept.record is not None
    facts, _ = engine.content(raw, Config(), context)
    assert facts.record is not None
    assert kept.record.money == money_of(facts.record)
    assert kept.record.money.unknown == bool(unreadable_amounts(facts.record))


@pytest.mark.parametrize(("name", "raw"), CASES, ids=[name for name, _ in CASES])
def test_a_record_without_its_body_gives_summary_and_list_the_same(name: str, raw: bytes) -> None:
    whole, kept = whole_and_kept(raw)
    assert (kept.data, kept.funding, kept.indicators) == ({}, None, ())
    assert money_of(kept) == money_of(whole)
    assert record_total(kept) == record_total(whole)
    groupings = (*((field,) for field in GROUP_FIELDS), ("source", "year"), ("fund", "eligibility", "year"))
    for span in SPANS:
        for filters in FILTERS:
            assert summary_item(kept, filters, groupings, span) == summary_item(whole, filters, groupings, span)
            assert list_row(kept, filters, span) == list_row(whole, filters, span)


def test_money_is_the_trees_leaves_with_what_they_inherit() -> None:
    _, kept = whole_and_kept(NESTED.encode())
    assert kept.money == Money(
        Decimal("100.00"),
        ((("ESF", None), Decimal("85.00")), (("state_budget", "ineligible"), Decimal("10.00"))),
        False,
    )
    unread, _ = whole_and_kept(EDGE_CASES["funding written as text"].encode())
    assert money_of(unread) == Money(None, (), True)


def test_a_file_checked_for_the_cache_reckons_its_money_once_for_both_records(tmp_path: Path) -> None:
    """The record the command extracts from, the one kept whole and the one kept without its
    body carry the same `Money`, the one the tree gives."""
    file = tmp_path / "rec.yaml"
    file.write_text(NESTED, encoding="utf-8")
    context = Context(as_of=datetime.date(2026, 11, 22))
    outcome, fresh = engine.check_file(
        str(file), Config(), context, extract=lambda record: record, keep=True, whole=True
    )
    assert fresh is not None and fresh.record is not None
    extracted, whole, light = outcome.item, pickle.loads(fresh.record), restored(fresh.facts)
    assert light is not None and light.record is not None
    assert extracted is not None and whole.funding is not None and light.record.funding is None
    assert extracted.money == whole.money == light.record.money == money_of(whole._replace(money=None))
    assert whole.money is not None and whole.money.total == Decimal("100.00")
