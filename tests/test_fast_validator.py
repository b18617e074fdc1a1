"""The generated fast validator is current and agrees with jsonschema on every input."""

from __future__ import annotations

import importlib.util
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator

from esfproj.loader import parse
from esfproj.schema import is_valid, schema
from tests.conftest import REPO, VALID

FULL = Draft7Validator(schema(), format_checker=Draft7Validator.FORMAT_CHECKER)


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location(
        "generate_fast_validator", REPO / "scripts" / "generate_fast_validator.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_validator_is_up_to_date() -> None:
    generator = _generator()
    assert generator.TARGET.read_text(encoding="utf-8") == generator.generate(), (
        "run: python scripts/generate_fast_validator.py")


def agree(data: Any) -> None:
    assert is_valid(data) == FULL.is_valid(data), data


def test_agreement_on_every_example_and_record() -> None:
    files = [*REPO.glob("data/projects/*.yaml"), *REPO.glob("tests/examples/**/*.yaml")]
    assert len(files) > 10
    for file in files:
        data = parse(Path(file).read_text(encoding="utf-8")).data
        if data is not None:
            agree(data)


SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-5, 10**6),
                    st.decimals(allow_nan=False, allow_infinity=False, places=3),
                    st.sampled_from(["", "ESF", "in_progress", "2016-04-18", "2023-02-30",
                                     "18.04.2016", "9.2.1", "eur", "EUR", "https://x.lv",
                                     "funding-sum", "municipality", "eligible", "lead", "x"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(["label", "amount", "rate", "source", "parts", "start",
                                     "end", "code", "name", "count", "target", "x"]),
                    inner, max_size=4)), max_leaves=12)
FIELDS = ["schema_version", "project_number", "title", "fund", "status", "period", "funding",
          "measure", "partners", "indicators", "contacts", "sources", "acknowledged", "tags",
          "participant", "unknown_key"]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=8))
def test_agreement_on_random_records(changes: dict[str, Any]) -> None:
    base = parse(VALID).data
    agree({**base, **changes})


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["amount", "rate", "source", "eligibility", "currency", "parts",
                        "breakdowns", "note", "label", "x"]), VALUES)
def test_agreement_on_random_funding_nodes(key: str, value: Any) -> None:
    base = parse(VALID).data
    base["funding"]["parts"][0][key] = value
    agree(base)
    base["funding"][key] = Decimal("1.5") if key == "x" else value
    agree(base)
