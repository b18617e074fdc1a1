"""Contacts: e-mail addresses that are addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from esfproj.checks.base import GOOD, Check, Context, Example, one
from esfproj.model import Message, Problem, Severity
from esfproj.record import Record, items, mapping

CONTACT_EMAIL = Check(
    "contact-email", Severity.ERROR, "an e-mail address that is not one", lv="e-pasta adrese, kas nav adrese"
)
CHECKS = (CONTACT_EMAIL,)

EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[A-Za-z]{2,}")
AT = re.compile(r"\s*(?:\[\s*at\s*\]|\(\s*at\s*\)|\{\s*at\s*\}|\s+at\s+)\s*", re.IGNORECASE)
DOT = re.compile(r"\s*(?:\[\s*dot\s*\]|\(\s*dot\s*\)|\{\s*dot\s*\})\s*", re.IGNORECASE)


def plain_form(address: str) -> str | None:
    """`laima.grobina [at] jurmala.lv` -> `laima.grobina@jurmala.lv`, if that is an address."""
    plain = DOT.sub(".", AT.sub("@", address.strip()))
    return plain if EMAIL.fullmatch(plain) else None


def check(record: Record, context: Context) -> Iterator[Problem]:
    for i, contact in enumerate(items(record.data.get("contacts"))):
        address = mapping(contact).get("email")
        if not isinstance(address, str) or EMAIL.fullmatch(address):
            continue
        plain = plain_form(address)
        hint = f"; write {plain}" if plain else "; write it as name@host.lv"
        hint_lv = f"; rakstiet {plain}" if plain else "; rakstiet to kā vards@serveris.lv"
        yield Problem(
            CONTACT_EMAIL.id,
            ("contacts", i, "email"),
            Message(f"'{address}' is not an e-mail address{hint}", lv=f"'{address}' nav e-pasta adrese{hint_lv}"),
            expected=plain,
            actual=address,
        )


EXAMPLES: dict[Check, Example] = {
    CONTACT_EMAIL: Example(
        one(GOOD + "contacts:\n  - name: Laima Grobiņa\n    email: laima.grobina@jurmala.lv\n"),
        one(GOOD + "contacts:\n  - name: Laima Grobiņa\n    email: laima.grobina [at] jurmala.lv\n"),
    ),
}
