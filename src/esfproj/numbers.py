"""How a number is written: the one place every other module asks.

- The forms the loader reads as numbers (`INT`, `FLOAT`): decimal integers and decimals,
  with an exponent or with YAML 1.1's underscores (`70_222.38`, which `portability` then
  reports); octal, hexadecimal and sexagesimal forms stay text.
- The forms YAML 1.1 readers (`OLD_INT`, `OLD_FLOAT`) and YAML 1.2 core-schema readers
  (`CORE_INT`, `CORE_FLOAT`) read as numbers, which `portability` compares.
- The digit limit (limits.max_number_digits): a number is read with at most that many
  digits before the point and as many after it (`read_number`, `fits`); the loader, the
  schema's messages and `import` all apply it through these two.
- The amounts a person writes by mistake (`1 234,56`, `1.234,56`, `€ 1234.56`): what they
  mean, where that is unambiguous (`readings`, `plain_amount`), for the schema's
  suggestion, the editor's quick fix and `import`.
"""

from __future__ import annotations

import re
from decimal import Decimal

DEFAULT_DIGITS = 30
"""limits.max_number_digits when the configuration does not set it."""

START = frozenset("0123456789+-.")
"""A plain scalar that starts with none of these is no number to any reader."""
INT = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
FLOAT = re.compile(
    r"[-+]?(?:(?:[0-9][0-9_]*\.[0-9_]*|\._*[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)?|[0-9][0-9_]*[eE][-+]?[0-9]+)"
)
"""A digit before the exponent, always: `.e5` is text."""

OLD_INT = re.compile(
    r"[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"
)
OLD_FLOAT = re.compile(
    r"[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
CORE_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
CORE_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"
)
ALIKE = re.compile(r"-?(?:[1-9][0-9]*|0)(?:\.[0-9]+)?")
"""The common amounts and counts (`70222.38`, `14`), which every reader reads alike."""
LISTED = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
"""A number as a published list writes it: digits and a decimal point (`337478.40`)."""


def written_as_number(text: str) -> bool:
    """Whether the loader reads `text` as a number when it is within the digit limit."""
    return bool(INT.fullmatch(text) or FLOAT.fullmatch(text))


def fits(value: Decimal, max_digits: int) -> bool:
    """At most `max_digits` digits before the point and as many after it.

    So a number spans at most 2 * max_digits digits, which is what `money.allow_digits`
    makes Decimal arithmetic exact for."""
    exponent = value.as_tuple().exponent
    return isinstance(exponent, int) and value.adjusted() < max_digits and -exponent <= max_digits


def read_number(text: str, max_digits: int) -> int | Decimal | None:
    """The exact number a plain scalar denotes, or None if it is not a number or does not
    `fit` the digit limit (it then stays text)."""
    if not text or text[0] not in START:
        return None
    if INT.fullmatch(text):
        digits = text.replace("_", "")
        if len(digits) > max_digits and len(digits.lstrip("+-")) > max_digits:
            return None  # counted before converting: Python converts at most 4 300 digits
        return int(digits)
    if FLOAT.fullmatch(text):
        value = Decimal(text.replace("_", ""))
        return value if fits(value, max_digits) else None
    return None


def decimals(value: Decimal) -> int:
    """How many decimals the value was written with (`85.000000` -> 6)."""
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


DIGITS = re.compile("[0-9]+")
UNSIGNED = re.compile(r"[0-9]+(?:\.[0-9]+)?")
SPACES = re.compile(r"[\s\u00a0\u2009\u202f]+")
CURRENCY = re.compile(r"^(?:€|EUR)|(?:€|EUR)$", re.IGNORECASE)
GROUPED = re.compile(r"[1-9][0-9]{0,2}(?:([ '_.,])[0-9]{3})?(?:\1[0-9]{3})*")
"""Digits in groups of three after a first group of one to three, one separator between
them throughout (`1 234 567`, `1.234.567`, `1'234`)."""


def readings(text: str, places: int | None = None) -> tuple[Decimal, ...]:
    """Every amount `text` can mean as a person writes it: `1 234,56`, `1.234,56`,
    `1,234.56`, `1'234.56`, `€ 1234.56`, `1234.56 EUR`, `70_222.38`, `1234,56`, `-1 234`.

    No reading for text that is no amount; two for `1,234`, a thousand and more where a comma
    separates thousands (English) and 1.234 where it is the decimal mark (Latvian). Where
    the value may have at most `places` decimals (an amount: 2), a reading with more is
    dropped when another is left, so `1,234` as an amount is 1234 alone. A single dot is
    the decimal point (`1.234`): that is how a record writes numbers.
    """
    body = SPACES.sub(" ", CURRENCY.sub("", text.strip()).strip())
    negative = body.startswith("-")
    found = _readings(body[1:] if body.startswith(("-", "+")) else body)
    if places is not None and any(decimals(value) <= places for value in found):
        found = [value for value in found if decimals(value) <= places]
    return tuple(value.copy_negate() if negative else value for value in found)


def _readings(body: str) -> list[Decimal]:
    """The unsigned amounts of `body`: whole part (grouped or not), then a decimal mark and
    digits; the last `.` or `,` is the mark when both are written."""
    if UNSIGNED.fullmatch(body):
        return [Decimal(body)]
    found = [Decimal(_digits(body))] if _grouped(body, "") else []
    mark = max(body.rfind("."), body.rfind(","))
    if mark > 0 and DIGITS.fullmatch(body[mark + 1 :]) and _grouped(body[:mark], body[mark]):
        found.append(Decimal(f"{_digits(body[:mark])}.{body[mark + 1 :]}"))
    return found


def _grouped(whole: str, mark: str) -> bool:
    """Whether `whole` is a whole part before the decimal mark `mark` ("" for none): digits,
    or digits in groups of three whose separator is not the mark."""
    if DIGITS.fullmatch(whole):
        return True
    match = GROUPED.fullmatch(whole)
    return match is not None and match.group(1) != mark


def _digits(grouped: str) -> str:
    return "".join(c for c in grouped if c.isdigit())


def plain_amount(text: str, places: int | None = None) -> Decimal | None:
    """The one amount `text` means (see `readings`), or None when it means none or two."""
    found = readings(text, places)
    return found[0] if len(found) == 1 else None
