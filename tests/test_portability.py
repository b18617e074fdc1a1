"""yaml-portability: plain values that YAML 1.1 and YAML 1.2 readers read differently."""

from __future__ import annotations

import pytest

from esfproj.portability import difference, yaml11, yaml12
from tests.conftest import VALID, CheckText


@pytest.mark.parametrize(
    ("text", "fix"),
    [
        ("70_222.38", "write 70222.38"),
        ("19_873", "write 19873"),
        ("No", 'quote it: "No"'),
        ("on", 'quote it: "on"'),
        ("y", 'quote it: "y"'),
        ("OFF", 'quote it: "OFF"'),
        ("010", 'quote it if it is text: "010"; if it is a number, write it without leading zeros'),
        ("1:20", 'quote it: "1:20"'),
        ("1e3", 'write 1000, or quote it: "1e3"'),
        ("0o17", 'write 15, or quote it: "0o17"'),
        ("0b101", 'quote it: "0b101"'),
        ("2016-04-18 10:00:00", 'quote it: "2016-04-18 10:00:00"'),
    ],
)
def test_values_read_differently_get_their_portable_spelling(text: str, fix: str) -> None:
    message = (difference(text) or ("", ""))[0]
    assert message.endswith("; " + fix)
    assert yaml11(text) != yaml12(text)


def test_the_message_says_what_each_reader_makes_of_it() -> None:
    assert (difference("70_222.38") or ("", ""))[0] == (
        "70_222.38 is the number 70222.38 to YAML 1.1 readers but the text '70_222.38' to YAML 1.2 readers "
        "(editors' YAML language server, ruamel.yaml, Go, JavaScript); write 70222.38"
    )
    assert "is the boolean false to YAML 1.1 readers but the text 'No'" in (difference("No") or ("", ""))[0]
    assert (difference("No") or ("", ""))[1] == (
        "No YAML 1.1 lasītājiem ir loģiskā vērtība aplams, bet YAML 1.2 lasītājiem (redaktoru YAML valodas "
        "serverim, ruamel.yaml, Go, JavaScript) teksts 'No'; lieciet to pēdiņās: \"No\""
    )


@pytest.mark.parametrize(
    "text",
    ["70222.38", "19873", "85", "-3.5", ".5", "1.", "1.0e+3", "0x1A", "00", "~", "null", "true", "False", "ESF",
     "9.2.1.1", "2016-04-18", ".inf", "-.inf", ".NaN", "Jūrmala", "2020.FEAD/PO.04/05/08"],
)  # fmt: skip
def test_values_read_alike_are_not_reported(text: str) -> None:
    assert difference(text) is None


def test_a_huge_number_is_never_expanded() -> None:
    message = (difference("1e999999999") or ("", ""))[0]
    assert "1E+999999999" in message and len(message) < 300
    assert difference("1" + "0" * 5000) is None  # longer than any number allowed


def test_found_at_its_line_and_column_quoted_values_pass(check_text: CheckText) -> None:
    text = VALID.replace("title: Profesionāla sociālā darba attīstība pašvaldībās", "title: No") + (
        'status_text: "No"\nnotes: on\n'
    )
    text = text.replace("amount: 100.00", "amount: 1_00.00")
    assert check_text(text) == [
        ("schema", "error", 3, 8, "title"),
        ("yaml-portability", "error", 3, 8, "title"),
        ("yaml-portability", "error", 15, 11, "funding.amount"),
        ("schema", "error", 26, 8, "notes"),
        ("yaml-portability", "error", 26, 8, "notes"),
    ]
