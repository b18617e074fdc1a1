"""`export --format json` indents with orjson, falling back to json for what orjson refuses:
the text is, byte for byte, what `json.dumps(value, indent=2, ensure_ascii=False)` gives."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from esfproj.render.export import indented

ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()))  # lone surrogates and controls too
KEYS = st.one_of(ANY_TEXT, st.integers(), st.booleans(), st.none())
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63), ANY_TEXT)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner) | st.dictionaries(KEYS, inner), max_leaves=30)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_indented_is_what_json_gives(value: Any) -> None:
    assert indented(value) == json.dumps(value, indent=2, ensure_ascii=False)


def test_what_orjson_refuses_is_made_by_json() -> None:
    for value in ({"big": 2**70}, {1: "a key that is a number"}, {"file": "\udcff.yaml"}):
        assert indented(value) == json.dumps(value, indent=2, ensure_ascii=False)
