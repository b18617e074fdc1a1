"""The loader: exact numbers, text dates, positions and every YAML trap as a problem."""

from __future__ import annotations

from decimal import Decimal

import pytest

from esfproj.loader import Limits, decode, locate, parse
from esfproj.money import total


def problems(text: str, limits: Limits | None = None) -> list[tuple[str, int, int]]:
    return [(p.check, p.line or 0, p.column or 0) for p in parse(text, limits or Limits()).problems]


def test_amounts_are_exact_decimals_from_the_text() -> None:
    data = parse("a: 0.10\nb: 0.20\nc: 900719925474099.26\nd: 0.01\n").data
    assert isinstance(data["a"], Decimal)
    assert data["a"] + data["b"] == Decimal("0.30")
    assert total([data["c"], data["d"]]) == Decimal("900719925474099.27")


def test_written_decimals_are_kept_and_underscores_group() -> None:
    data = parse("rate: 85.000000\namount: 70_222.38\nwhole: 19_873\n").data
    assert str(data["rate"]) == "85.000000"
    assert data["amount"] == Decimal("70222.38")
    assert data["whole"] == 19873 and isinstance(data["whole"], int)


def test_dates_and_codes_stay_text_and_words_stay_words() -> None:
    data = parse('start: 2016-04-18\ncode: "9.2"\nbad: 2023-02-30\nlv: 18.04.2016\n').data
    assert data == {"start": "2016-04-18", "code": "9.2", "bad": "2023-02-30", "lv": "18.04.2016"}


def test_yaml_11_booleans_are_booleans_so_the_schema_can_say_quote_it() -> None:
    assert parse("a: no\nb: 'no'\nc: On\n").data == {"a": False, "b": "no", "c": True}


def test_a_double_quoted_tagged_number_is_read() -> None:
    """`!!int "12"` is twelve; its text, not its value, is what holds a control character."""
    loaded = parse('a: !!int "12"\nb: !!str "x\\x07"\n')
    assert loaded.data == {"a": 12, "b": "x\x07"}
    assert [(p.check, p.path, p.line, p.column) for p in loaded.problems] == [("control-character", ("b",), 2, 4)]


def test_non_finite_and_odd_number_forms_stay_text() -> None:
    data = parse("a: .inf\nb: .nan\nc: 0x1F\nd: 012\ne: 1:20\n").data
    assert data == {"a": ".inf", "b": ".nan", "c": "0x1F", "d": "012", "e": "1:20"}


def test_an_exponent_without_digits_before_it_stays_text() -> None:
    """`.e5` was read as a number, and Decimal raised on it."""
    assert parse("a: .e5\nb: +.e1\nc: !!float .e5\n").data == {"a": ".e5", "b": "+.e1", "c": ".e5"}


def test_numbers_with_too_many_digits_stay_text() -> None:
    data = parse("a: " + "9" * 200 + "\nb: 1e999999999\n").data
    assert data["a"] == "9" * 200 and data["b"] == "1e999999999"


def test_duplicate_key_names_both_lines() -> None:
    loaded = parse("a: 1\nb: 2\na: 3\n")
    assert loaded.data == {"a": 1, "b": 2}
    (problem,) = loaded.problems
    assert (problem.check, problem.line, problem.column) == ("yaml-duplicate-key", 3, 1)
    assert "on line 1 and on line 3" in problem.message.template


def test_positions_point_at_keys_and_values() -> None:
    positions = parse("a:\n  b:\n    - x\n    - c: 1\n", positions=True).positions
    assert positions is not None
    assert locate(positions, ("a", "b"), on_key=True) == (2, 3)
    assert locate(positions, ("a", "b", 1, "c"), on_key=False) == (4, 10)
    assert locate(positions, ("a", "b", 1, "c"), on_key=True) == (4, 7)
    # Not written: the nearest written ancestor's key.
    assert locate(positions, ("a", "b", 1, "missing"), on_key=False) == (4, 7)


def test_columns_count_characters_not_bytes() -> None:
    positions = parse("ā: ēē\nb: [ā, x]\n", positions=True).positions
    assert positions is not None
    assert locate(positions, ("b", 1), on_key=False) == (2, 8)


def test_crlf_and_bom_are_accepted() -> None:
    text, found = decode(b"\xef\xbb\xbfa: 1\r\nb: 2\r\n")
    assert found == [] and text is not None
    assert parse(text).data == {"a": 1, "b": 2}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"a: \xe9\n", ("yaml-encoding", 1, 4)),
        (b"\xff\xfea\x00:\x00", ("yaml-encoding", 1, 1)),
        (b"ok: 1\nname: J\xfbrmala\n", ("yaml-encoding", 2, 8)),
    ],
)
def test_encoding_problems(raw: bytes, expected: tuple[str, int, int]) -> None:
    text, found = decode(raw)
    assert text is None
    assert [(p.check, p.line, p.column) for p in found] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", [("yaml-structure", 1, 1)]),
        ("# only a comment\n", [("yaml-structure", 1, 1)]),
        ("- a\n- b\n", [("yaml-structure", 1, 1)]),
        ("just text\n", [("yaml-structure", 1, 1)]),
        ("a: 1\n---\nb: 2\n", [("yaml-structure", 2, 1)]),
        ("a: [1, 2\n", [("yaml-syntax", 2, 1)]),
        ("a:\n\t- b\n", [("yaml-syntax", 2, 1)]),
        ("a: \x00\n", [("yaml-syntax", 1, 4)]),
        ("a: *nowhere\n", [("yaml-syntax", 1, 4)]),
        ("a: &x [1, *x]\n", [("yaml-limits", 1, 11)]),
        ("? [a, b]\n: c\n", [("yaml-structure", 1, 3)]),
        ("a: !!python/object/apply:os.system [ls]\n", [("yaml-structure", 1, 4)]),
    ],
)
def test_bad_yaml_is_a_problem_at_its_place(text: str, expected: list[tuple[str, int, int]]) -> None:
    assert problems(text) == expected


def test_tab_indentation_says_use_spaces() -> None:
    (problem,) = parse("a:\n\t- b\n").problems
    assert "indent with spaces" in problem.message.template


def test_python_tag_constructs_nothing() -> None:
    loaded = parse("a: !!python/object/apply:os.system [echo hacked]\n")
    assert loaded.data == {"a": ["echo hacked"]}
    assert "!!python/object/apply:os.system is not allowed" in loaded.problems[0].message.template


def test_alias_bomb_is_stopped_by_the_node_limit() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
        f"*a{i - 1}, *a{i - 1}, *a{i - 1}]"
        for i in range(1, 10)
    ]
    assert problems("\n".join(lines) + "\n")[0][0] == "yaml-limits"


def test_deep_nesting_is_stopped_by_the_depth_limit() -> None:
    assert problems("a: " + "[" * 100 + "]" * 100 + "\n") == [("yaml-limits", 1, 67)]
    # far deeper, libyaml from 0.2.6 (PyYAML 6.0.4) stops at its own limit first; older ones reach ours
    assert problems("a: " + "[" * 10_000 + "]" * 10_000 + "\n")[0][0] == "yaml-limits"
    assert problems("a: [[[1]]]\n", Limits(max_depth=3)) == [("yaml-limits", 1, 6)]
