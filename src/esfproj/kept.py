"""What a file's bytes give (`Content`), and the plain form the cache keeps it in.

Every file a cold run checks is kept, so the keeping is part of what a cold run costs.
Pickling a `Content` looks up each class it meets (`Content`, `Record`, `Money`, `Decimal`,
`date`) on every call, and rebuilds each `Decimal` through a call: 13.5 µs of the 50 µs a
cold run added to checking a file. `kept` writes the record without its body as plain data
(texts, numbers, tuples) with `marshal`, in 3.9 µs and 30 % smaller (439 bytes against
622); the problems, pickled, only for a file that has any.
"""

from __future__ import annotations

import datetime
import marshal
import pickle
from decimal import Decimal
from typing import Any, NamedTuple

from esfproj.model import Problem, Unread
from esfproj.record import Acknowledgement, Money, Record

PLAIN = b"m"
"""The first byte of the plain form (`marshal`)."""
PICKLED = b"p"
"""The first byte of a content kept pickled: one whose record holds what `marshal` cannot
write (never so for a record `record.build` made, but kept exact all the same)."""
MARSHAL_VERSION = 4
TEXTS = slice(Record._fields.index("number"), Record._fields.index("start"))
"""The record's fields from `number` to `region`: texts or None."""


class Content(NamedTuple):
    """What a file's bytes give whatever the file's name, the check date and the configured
    severities: the unit the cache keeps, keyed by `digest` and the settings' fingerprint.

    The file's name (its record's `file` and `id`, the `record-id` check of the name), the
    checks of `DATED_CHECKS` and the policy (severities, acknowledgements) are applied to it
    on every run, by `engine.file_outcome`."""

    digest: bytes
    """A hash of the file's bytes (`engine.content_digest`); empty when they could not be read."""
    problems: tuple[Problem, ...]
    """Every problem but the dated ones and the name's, in the order they are found; with
    `located`, each has its line and column."""
    record: Record | None
    """The record, under the name "" (None when the file is no record)."""
    unread: Problem | None = None
    """The problem that stopped the file being read as a record."""
    gaps: tuple[Unread, ...] = ()
    """The record's amounts that could not be read, under the name "": it is counted without them."""


_new = tuple.__new__
_from_ordinal = datetime.date.fromordinal


def kept(content: Content) -> bytes:
    """`content`, its record without its body (`data`, `funding` and `indicators` are not
    kept), as bytes that `restored` reads back."""
    record = content.record
    found = (content.problems, content.unread, content.gaps)
    problems = pickle.dumps(found, pickle.HIGHEST_PROTOCOL) if any(found) else None
    plain = _plain(record) if record is not None else None
    try:
        return PLAIN + marshal.dumps((content.digest, problems, plain), MARSHAL_VERSION)
    except ValueError:  # a value marshal cannot write: kept exact all the same
        bodiless = record._replace(data={}, funding=None, indicators=()) if record is not None else None
        return PICKLED + pickle.dumps(content._replace(record=bodiless), pickle.HIGHEST_PROTOCOL)


def restored(value: bytes) -> Content | None:
    """The `Content` that `kept` made `value` of; None for bytes it did not make."""
    try:
        if value[:1] == PICKLED:
            content = pickle.loads(value[1:])
            return content if isinstance(content, Content) else None
        if value[:1] != PLAIN:
            return None
        digest, problems, plain = marshal.loads(value[1:])
        found, unread, gaps = pickle.loads(problems) if problems is not None else ((), None, ())
        return _new(Content, (digest, found, _record(plain) if plain is not None else None, unread, gaps))
    except Exception:  # bytes that passed their checksum but are not ours: absent
        return None


def _plain(record: Record) -> tuple[Any, ...]:
    """The record without its body. Its `id` and `file` are not kept: a `Content`'s record is
    always under the name "" (`engine.named` names it for each run)."""
    money = record.money
    return (
        record[TEXTS],
        record.start.toordinal() if record.start is not None else None,
        record.end.toordinal() if record.end is not None else None,
        record.currency,
        tuple(tuple(ack) for ack in record.acknowledged),
        _plain_money(money) if money is not None else None,
    )


def _plain_money(money: Money) -> tuple[Any, ...]:
    total = str(money.total) if money.total is not None else None
    return total, tuple((key, str(amount)) for key, amount in money.leaves), money.unknown


def _record(plain: tuple[Any, ...]) -> Record:
    """`_plain` undone, without the named tuples' own constructors (twice as slow)."""
    texts, start, end, currency, acknowledged, money = plain
    if len(texts) != TEXTS.stop - TEXTS.start:
        raise ValueError("not a record kept by this layout")
    return _new(
        Record,
        (
            "",
            "",
            {},
            *texts,
            _from_ordinal(start) if start is not None else None,
            _from_ordinal(end) if end is not None else None,
            currency,
            None,
            (),
            tuple([Acknowledgement._make(ack) for ack in acknowledged]),
            _money(money) if money is not None else None,
        ),
    )


def _money(plain: tuple[Any, ...]) -> Money:
    total, leaves, unknown = plain
    amounts = tuple([(key, Decimal(amount)) for key, amount in leaves])
    return _new(Money, (Decimal(total) if total is not None else None, amounts, unknown))
