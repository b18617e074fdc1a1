"""Exact money: Decimal arithmetic, formatting in English and Latvian, the rate rule."""

from __future__ import annotations

import decimal
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

from esfproj.numbers import DEFAULT_DIGITS, decimals


def _precision(digits: int) -> int:
    return 3 * digits + 20


EXACT = Context(prec=_precision(DEFAULT_DIGITS), rounding=ROUND_HALF_EVEN)
"""Wide enough that sums never round and every quotient can be rounded to cents; see
`allow_digits`, which sets it from the configured limit."""
AMOUNT_PLACES = 2
"""The most decimals an amount has (the `money-precision` check)."""
CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


def allow_digits(digits: int) -> None:
    """Make Decimal arithmetic exact for every number the digit limit `digits` lets the
    loader read (`numbers.fits`: up to `digits` digits on either side of the point).

    Such a number spans at most 2 * digits digits; a quotient of two of them, rounded to
    cents, at most 3 * digits; and 20 more digits leave room for sums of 10**20 amounts.
    The default context (28 digits) would fail on `rate: 1e26`.

    The precision is process-wide rather than a context handed to each function:
    Decimal's own operators (`+`, `abs`, `quantize`) use the thread's context wherever the
    checks, the summary and `import` compute, and each worker process of a parallel run
    starts with the default one; so `engine` (once per run and once per file, as a worker
    may be new) and `import` set it from the limit the records are read with.
    """
    precision = _precision(digits)
    if EXACT.prec != precision:
        EXACT.prec = precision
    context = decimal.getcontext()
    if context.prec != precision:
        context.prec = precision


def total(values: list[Decimal]) -> Decimal:
    result = ZERO
    for value in values:
        result = EXACT.add(result, value)
    return result


def format_amount(value: Decimal, group: bool = True, lang: str = "en") -> str:
    """`66905.91` -> `66 905.91` (en) or `66 905,91` (lv); ungrouped for machines.

    Amounts keep the decimals they have, at least two (`19873` -> `19 873.00`).
    """
    if decimals(value) < 2:
        value = value.quantize(CENT)
    text = format(value, "f")
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, fraction = text.partition(".")
    if group:
        groups = []
        while len(whole) > 3:
            groups.append(whole[-3:])
            whole = whole[:-3]
        groups.append(whole)
        whole = " ".join(reversed(groups))
    mark = "," if lang == "lv" else "."
    return f"{sign}{whole}{mark}{fraction}" if fraction else f"{sign}{whole}"


def trimmed(amount: Decimal) -> Decimal:
    """A sum as shown: the decimals its value needs, at least two (`0.250` -> `0.25`,
    `1.125` stays, `110` -> `110.00`). A sum's own exponent is the smallest of every amount
    ever added to it, even one taken back out; a total kept between runs and updated must
    show as the same total made anew, in every format (a spreadsheet's cell too)."""
    _, digits, exponent = amount.as_tuple()
    if not isinstance(exponent, int) or exponent == -AMOUNT_PLACES:
        return amount
    if exponent > -AMOUNT_PLACES:
        return amount.quantize(CENT, context=EXACT)
    if not any(digits):
        return CENT * 0
    zeros = len(digits) - len(bytes(digits).rstrip(b"\0"))
    wanted = min(exponent + zeros, -AMOUNT_PLACES)
    return amount if wanted == exponent else amount.quantize(Decimal(1).scaleb(wanted), context=EXACT)


def machine(value: Decimal) -> str:
    """The decimal string used in JSON and CSV: no grouping, at least two decimals."""
    return format_amount(value, group=False)


def implied_rate(amount: Decimal, parent: Decimal, places: int) -> Decimal:
    """`100 * amount / parent`, rounded half up to `places` decimals."""
    exact = EXACT.divide(EXACT.multiply(amount, HUNDRED), parent)
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP, context=EXACT)


def rate_agrees(rate: Decimal, amount: Decimal, parent: Decimal) -> bool:
    """The `funding-rate` rule of records.md.

    The rate implied by the amounts, rounded to as many decimals as the rate
    is written with, equals the rate; or the amount is within one cent of
    `parent * rate / 100`.
    """
    if parent == 0:
        return amount == 0
    if implied_rate(amount, parent, decimals(rate)) == rate:
        return True
    expected = EXACT.divide(EXACT.multiply(parent, rate), HUNDRED)
    return abs(EXACT.subtract(amount, expected)) <= CENT


def share(amount: Decimal, whole: Decimal) -> Decimal:
    """Percentage with two decimals; 0 when the whole is 0."""
    if whole == 0:
        return Decimal("0.00")
    return implied_rate(amount, whole, 2)
