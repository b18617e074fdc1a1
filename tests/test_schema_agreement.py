"""The validator esfproj uses (jsonschema_rs) agrees with jsonschema, the reference
implementation, on every input: the same verdict, and the same errors in the same places."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from esfproj.loader import parse
from esfproj.schema import _validator, schema, schema_problems
from tests.conftest import REPO, VALID

FULL = Draft7Validator(schema(), format_checker=Draft7Validator.FORMAT_CHECKER)


def as_json(data: Any) -> Any:
    """What jsonschema should see, exactly: a whole number (14.0) as an int, as JSON Schema
    says; any other number as its Decimal (a float would round 3865120811598838.75 to a
    whole number)."""
    if isinstance(data, dict):
        return {key: as_json(value) for key, value in data.items()}
    if isinstance(data, list):
        return [as_json(value) for value in data]
    if isinstance(data, Decimal):
        return int(data) if data == data.to_integral_value() else data
    return data


def places(errors: Any, path: str, keyword: Any) -> set[tuple[tuple[Any, ...], str]]:
    return {(tuple(getattr(e, path)), keyword(e)) for e in errors}


def agree(data: Any) -> None:
    reference = FULL.is_valid(as_json(data))
    assert _validator().is_valid(data) == reference, data
    assert (schema_problems(data) == []) == reference, data
    # The same errors in the same places (a wrong key name is one error on its mapping).
    assert places(
        _validator().iter_errors(data),
        "instance_path",
        lambda e: e.kind.error.kind.name if e.kind.name == "propertyNames" else e.kind.name,
    ) == places(FULL.iter_errors(as_json(data)), "absolute_path", lambda e: e.validator), data


def test_agreement_on_every_example_and_record() -> None:
    files = [*REPO.glob("data/projects/*.yaml"), *REPO.glob("tests/examples/**/*.yaml")]
    assert len(files) > 10
    for file in files:
        data = parse(Path(file).read_text(encoding="utf-8")).data
        if data is not None:
            agree(data)


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.decimals(allow_nan=False, allow_infinity=False, places=3),
    st.sampled_from(
        [
            "",
            "ESF",
            "in_progress",
            "2016-04-18",
            "2023-02-30",
            "18.04.2016",
            "9.2.1",
            "eur",
            "EUR",
            "https://x.lv",
            "funding-sum",
            "municipality",
            "eligible",
            "lead",
            "x",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(
            st.sampled_from(
                ["label", "amount", "rate", "source", "parts", "start", "end", "code", "name", "count", "target", "x"]
            ),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=12,
)
FIELDS = [
    "schema_version",
    "project_number",
    "title",
    "fund",
    "status",
    "period",
    "funding",
    "measure",
    "partners",
    "indicators",
    "contacts",
    "sources",
    "acknowledged",
    "tags",
    "participant",
    "unknown_key",
]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8))
def test_agreement_on_random_records(changes: dict[str, Any]) -> None:
    base = parse(VALID).data
    agree({**base, **changes})


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        ["amount", "rate", "source", "eligibility", "currency", "parts", "breakdowns", "note", "label", "x"]
    ),
    VALUES,
)
def test_agreement_on_random_funding_nodes(key: str, value: Any) -> None:
    base = parse(VALID).data
    base["funding"]["parts"][0][key] = value
    agree(base)
    base["funding"][key] = Decimal("1.5") if key == "x" else value
    agree(base)
