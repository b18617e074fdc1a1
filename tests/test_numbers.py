"""How a number is written: the digit limit, and the amounts people write by mistake."""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from esfproj.numbers import fits, plain_amount, read_number, readings, written_as_number
from tests.conftest import VALID, findings_of, write
from tests.test_schema import BASE

THIRTY = "1" * 30


@pytest.mark.parametrize(
    ("text", "value"),
    [
        (THIRTY, int(THIRTY)),
        ("-" + THIRTY, -int(THIRTY)),  # the sign is no digit
        ("1_000", 1000),
        (f"{THIRTY}.{THIRTY}", Decimal(f"{THIRTY}.{THIRTY}")),  # thirty on either side of the point
        ("1e29", Decimal("1e29")),
        ("1e-30", Decimal("1e-30")),
        ("0.5", Decimal("0.5")),
        (THIRTY + "1", None),
        (f"{THIRTY}1.5", None),
        (f"0.{THIRTY}1", None),
        ("1e30", None),  # 31 digits before the point
        ("1e-31", None),
        ("1e999999999", None),
        ("9" * 5000, None),  # counted, never converted
        ("012", None),
        ("0x1F", None),
        (".", None),
        ("._", None),
        (".e5", None),  # no digit before the exponent: Decimal would raise
        ("+.e1", None),
        ("._5", Decimal("0.5")),
        ("1.", Decimal("1")),
        ("", None),
    ],
)
def test_read_number_keeps_to_the_digit_limit(text: str, value: int | Decimal | None) -> None:
    read = read_number(text, 30)
    assert read == value and type(read) is type(value)


def test_a_long_text_that_is_almost_a_number_is_read_in_linear_time() -> None:
    started = time.process_time()
    for text in ("." + "1" * 200_000 + "x", "1" * 200_000 + ".x", "._" + "_" * 200_000 + "x"):
        assert read_number(text, 30) is None and not written_as_number(text)
    assert time.process_time() - started < 1


def test_fits_counts_either_side_of_the_point() -> None:
    assert fits(Decimal("9" * 5 + "." + "9" * 5), 5)
    assert not fits(Decimal("9" * 6), 5)
    assert not fits(Decimal("0." + "0" * 5 + "1"), 5)
    assert not fits(Decimal("Infinity"), 5)


def test_written_as_number_is_the_loaders_grammar_at_any_length() -> None:
    assert written_as_number("9" * 400) and written_as_number("1.5e3") and written_as_number("-1_000")
    assert not written_as_number(".") and not written_as_number("012") and not written_as_number("1 234")


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("1 234,56", "1234.56"),
        ("1.234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("€ 1234.56", "1234.56"),
        ("1234.56 EUR", "1234.56"),
        ("eur 1\u00a0234,56", "1234.56"),
        ("70_222.38", "70222.38"),
        ("1234,56", "1234.56"),
        ("70 222,38", "70222.38"),
        ("1'234.56", "1234.56"),
        ("1.234.567", "1234567"),
        ("1,234,567.89", "1234567.89"),
        ("1 234 567,89", "1234567.89"),
        ("1 234", "1234"),
        ("-1 234,56", "-1234.56"),
        ("+1234", "1234"),
        ("12,5", "12.5"),
        ("0,123", "0.123"),  # no thousands start with 0
        ("1234,567", "1234.567"),  # nor does a group of four
        ("1 234,567", "1234.567"),  # the spaces group: the comma is the mark
        ("1.234", "1.234"),  # a single dot is the decimal point
        ("337478.40", "337478.40"),
    ],
)
def test_plain_amount_reads_what_people_write(text: str, amount: str) -> None:
    value = plain_amount(text)
    assert value is not None and str(value) == amount


@pytest.mark.parametrize("text", ["1,234", "12 34", "1,234,56", "1.234,567.89", "n/a", "", "EUR", ".5", "--5", "1 2"])
def test_plain_amount_is_none_where_the_reading_is_not_one(text: str) -> None:
    assert plain_amount(text) is None


def test_1_234_has_two_readings_and_is_1234_as_an_amount() -> None:
    assert readings("1,234") == (Decimal("1234"), Decimal("1.234"))
    assert plain_amount("1,234") is None
    assert plain_amount("1,234", places=2) == Decimal("1234")
    assert plain_amount("1,2345", places=2) == Decimal("1.2345")  # the only reading stays


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("1,234", "expected a number, found '1,234'; write it as a plain number: 1234"),
        ("1.234,56", "expected a number, found '1.234,56'; write it as a plain number: 1234.56"),
        ("1,234.56", "expected a number, found '1,234.56'; write it as a plain number: 1234.56"),
        ("€ 1 234", "expected a number, found '€ 1 234'; write it as a plain number: 1234"),
        ("012", "expected a number, found '012'; write it as a plain number: 12"),
        (".", "expected a number, found '.'; write a plain number such as 70222.38 (no spaces, a dot for decimals)"),
    ],
)
def test_the_schema_suggests_the_plain_amount(tmp_path: Path, amount: str, message: str) -> None:
    """An amount has at most two decimals: `1,234` is 1234 (1.234 would be money-precision)."""
    findings = findings_of([write(tmp_path, BASE + f'funding:\n  amount: "{amount}"\n')])
    assert [(f.check, f.line, f.column, f.message.render(True)) for f in findings] == [("schema", 7, 11, message)]


def test_elsewhere_1_234_is_told_both_readings(tmp_path: Path) -> None:
    funding_missing, finding = findings_of([write(tmp_path, BASE + 'cofinancing_rate: "8,125"\n')])
    assert funding_missing.check == "funding-missing"
    assert (finding.check, finding.path, finding.line, finding.column) == ("schema", "cofinancing_rate", 6, 19)
    assert finding.message.render(True) == (
        "expected a number, found '8,125'; write it as a plain number: 8125 if the comma separates "
        "thousands, 8.125 if it is the decimal mark"
    )
    assert finding.message.render(True, "lv") == (
        "gaidīts skaitlis, atrasts '8,125'; rakstiet to kā vienkāršu skaitli: 8125, ja komats atdala "
        "tūkstošus, 8.125, ja tas ir decimālzīme"
    )


DIGITS_37 = "1234567890123456789012345678901234567"


def test_a_quoted_long_amount_is_told_by_the_configured_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The issue's example: with max_number_digits = 40, a quoted 37-digit amount is a
    number once its quotes go; with the default 30 it is too long either way."""
    write(tmp_path, VALID.replace("amount: 100.00", f'amount: "{DIGITS_37}"'), "r.yaml")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def schema_lines() -> tuple[int, list[str]]:
        result = runner.invoke(app, ["validate", "r.yaml", "--as-of", "2026-11-22"])
        return result.exit_code, [line for line in result.stdout.splitlines() if "error[schema]" in line]

    (tmp_path / "esfproj.toml").write_text("[limits]\nmax_number_digits = 40\n")
    assert schema_lines() == (
        1,
        [
            f"r.yaml:15:11: error[schema] funding.amount: expected a number, found the text '{DIGITS_37}': "
            f"the quotes make it text; remove them: {DIGITS_37}"
        ],
    )
    (tmp_path / "esfproj.toml").write_text("[limits]\nmax_number_digits = 30\n")
    assert schema_lines() == (
        1,
        [
            "r.yaml:15:11: error[schema] funding.amount: expected a number, found a number 37 digits long: "
            "numbers are read up to 30 digits and exponents up to 30 (limits.max_number_digits)"
        ],
    )


def test_import_says_what_an_unreadable_amount_may_mean_and_still_refuses_it() -> None:
    from esfproj.importing.layouts import Unreadable, amount

    with pytest.raises(Unreadable) as refused:
        amount("Total_Eligible_Expenditure_amount", "1 234,56")
    assert refused.value.reason.template == (
        "Total_Eligible_Expenditure_amount '1 234,56' is not an amount (digits with a decimal point: 337478.40); "
        "it may mean 1234.56"
    )
    with pytest.raises(Unreadable) as ambiguous:
        amount("Total_Eligible_Expenditure_amount", "n/a")
    assert "may mean" not in ambiguous.value.reason.template
