"""The form the cache keeps a file's content in: read back, it is the content, its record
without its body."""

from __future__ import annotations

import datetime
import marshal
import pickle
from decimal import Decimal
from typing import Any

import pytest

from esfproj import engine
from esfproj.checks import Context
from esfproj.config import Config
from esfproj.kept import PICKLED, PLAIN, Content, kept, restored
from esfproj.record import Acknowledgement, Money, Record, money_of
from tests.conftest import REPO, VALID

CONTEXT = Context(as_of=datetime.date(2026, 11, 22))
TEXTS = {
    "valid": VALID,
    "a schema error": VALID.replace("status: in_progress", "status: 12"),
    "an amount that cannot be read": VALID.replace("amount: 85.00", "amount: lots"),
    "acknowledged": VALID
    + "acknowledged:\n  - check: sum-parts\n    path: funding\n    note: as published, 0.01 apart\n",
    "no period": VALID.replace("period:\n  start: 2016-04-18\n  end: 2027-12-31\n", ""),
    "not YAML": "title: [unclosed\n",
    "not a mapping": "- a list\n",
}
CASES = [(name, text.encode()) for name, text in TEXTS.items()]
CASES += [(path.name, path.read_bytes()) for path in sorted((REPO / "data" / "projects").glob("*.yaml"))]
CASES += [("not UTF-8", b"title: \xff\xfe\n")]


def _bodiless(content: Content) -> Content:
    """What reading back a kept content gives: the record without its body, with its money."""
    record = content.record
    if record is None:
        return content
    light = record._replace(data={}, funding=None, indicators=(), money=money_of(record))
    return content._replace(record=light)


@pytest.mark.parametrize(("name", "raw"), CASES, ids=[name for name, _ in CASES])
def test_a_kept_content_reads_back_as_it_was_without_its_records_body(name: str, raw: bytes) -> None:
    for located in (False, True):
        content, _ = engine.content(raw, Config(), CONTEXT, located=located)
        value = kept(_bodiless(content))
        assert value[:1] == PLAIN
        assert restored(value) == _bodiless(content)


def test_the_cases_cover_what_a_content_holds() -> None:
    assert len({text for text in TEXTS.values()}) == len(TEXTS)  # each change made
    contents = [engine.content(raw, Config(), CONTEXT)[0] for _, raw in CASES]
    assert any(c.record is None and c.unread is not None for c in contents)  # no record
    assert any(c.record is not None and c.problems for c in contents)
    assert any(c.gaps for c in contents)  # an amount not read
    assert any(c.record is not None and c.record.acknowledged for c in contents)
    assert any(c.record is not None and c.record.end is None for c in contents)


def test_every_field_of_a_record_without_its_body_is_kept() -> None:
    """Each field set to a value of its own, so that a field added to `Record`, or moved,
    and not kept, fails here."""
    money = Money(Decimal("-0.00"), ((("ESF", "eligible"), Decimal("1E+3")), ((None, None), Decimal("7"))), True)
    fields: dict[str, Any] = {name: f"{name} text" for name in Record._fields}
    fields.update(
        data={},
        funding=None,
        indicators=(),
        id="",
        file="",
        start=datetime.date(1, 1, 1),
        end=datetime.date(9999, 12, 31),
        acknowledged=(Acknowledgement(0, "sum-parts", "funding", "note"), Acknowledgement(3, "a", "", "")),
        money=money,
    )
    record = Record(**fields)
    back = restored(kept(Content(b"digest", (), record)))
    assert back is not None and back.record == record
    assert back.record.money is not None
    assert [str(amount) for _, amount in back.record.money.leaves] == ["1E+3", "7"]
    assert str(back.record.money.total) == "-0.00"


class Title(str):
    """A text of a type of its own, which marshal cannot write."""


def test_a_record_holding_what_marshal_cannot_write_is_kept_pickled() -> None:
    record, _ = engine.content(VALID.encode(), Config(), CONTEXT)
    assert record.record is not None
    content = _bodiless(record._replace(record=record.record._replace(title=Title("a title"))))
    value = kept(content)
    assert value[:1] == PICKLED
    assert restored(value) == content


FOREIGN = [
    b"",
    b"m",
    b"m\x00garbage",
    b"x" + kept(Content(b"d", (), None)),
    PICKLED + pickle.dumps(12),
    PICKLED + b"\x80",
    PLAIN + marshal.dumps((b"d", None, (("a title",), None, None, "EUR", (), None))),  # too few texts
    PLAIN + marshal.dumps((b"d", None, (("",) * 10, None, None, "EUR", ((0, "a"),), None))),  # a short acknowledgement
    PLAIN + marshal.dumps((b"d", pickle.dumps(((), None)), None)),  # problems without gaps
]


@pytest.mark.parametrize("value", FOREIGN)
def test_bytes_that_kept_did_not_make_are_read_as_absent(value: bytes) -> None:
    assert restored(value) is None


def test_a_content_that_is_no_record_is_kept_whole() -> None:
    content, _ = engine.content(b"- a list\n", Config(), CONTEXT)
    assert content.record is None and content.unread is not None
    assert restored(kept(content)) == content
