"""The schema: one source of truth, strict, helpful in editors, and helpful in messages."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from esfproj.record import EU_FUNDS, NOT_EU_SOURCES, UNION_FUNDS
from esfproj.schema import schema, schema_text
from tests.conftest import REPO, findings_of, write


def test_the_repository_schema_is_the_bundled_one() -> None:
    """One file: `schemas/project.schema.json`, which editors and check-jsonschema read, is a
    link to the package's schema, which esfproj reads."""
    link = REPO / "schemas" / "project.schema.json"
    assert link.is_symlink() and link.resolve() == REPO / "src" / "esfproj" / "project.schema.json"
    assert schema_text() == link.read_text("utf-8")


def test_schema_is_valid_against_its_metaschema() -> None:
    Draft7Validator.check_schema(schema())


def _objects(node: Any, where: str = "#") -> list[tuple[str, dict[str, Any]]]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            found.append((where, node))
        for key, value in node.items():
            found.extend(_objects(value, f"{where}/{key}"))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found.extend(_objects(value, f"{where}/{i}"))
    return found


def test_every_object_is_strict_and_every_property_documented() -> None:
    definitions = schema()["definitions"]
    for where, node in _objects(schema()):
        assert node.get("additionalProperties") is False, where
        for name, prop in node["properties"].items():
            if "$ref" in prop:
                prop = definitions[prop["$ref"].rsplit("/", 1)[1]]
            assert prop.get("title") and prop.get("description"), f"{where}/{name}"
            assert prop.get("examples"), f"{where}/{name}"
            check = Draft7Validator({**prop, "definitions": definitions}, format_checker=Draft7Validator.FORMAT_CHECKER)
            for example in prop["examples"]:
                assert check.is_valid(example), (f"{where}/{name}", example)


def test_enums_match_records_md() -> None:
    props = schema()["properties"]
    assert props["status"]["enum"] == ["planned", "in_progress", "completed", "suspended", "terminated", "unknown"]
    node = schema()["definitions"]["fundingNode"]["properties"]
    assert "currency" not in node
    assert "currency" in schema()["definitions"]["topFundingNode"]["properties"]


def test_every_fund_and_source_is_classified_in_one_place() -> None:
    """A fund added to the schema but not to `record.EU_FUNDS` (or a source to
    `NOT_EU_SOURCES`) fails here, so no EU money is ever silently "Other"."""
    definitions = schema()["definitions"]
    assert not set(EU_FUNDS) & set(NOT_EU_SOURCES) and set(EU_FUNDS) == UNION_FUNDS
    assert schema()["properties"]["fund"]["enum"] == [*EU_FUNDS, "other"]
    for node in ("fundingNode", "topFundingNode"):
        assert definitions[node]["properties"]["source"]["enum"] == [*EU_FUNDS, *NOT_EU_SOURCES]
    assert "other" in NOT_EU_SOURCES


def test_records_md_lists_every_eu_fund() -> None:
    text = (REPO / "docs" / "records.md").read_text(encoding="utf-8")
    table = text.split("## Funds\n")[1].split("\n\n")[1]
    assert re.findall(r"^\| `([^`]+)` \|", table, re.MULTILINE) == list(EU_FUNDS)


BASE = """\
schema_version: 1
project_number: 9.2.1.1/15/I/001
title: T
fund: ESF
status: unknown
"""


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            'funding:\n  amount: "70 222,38"\n',
            "expected a number, found '70 222,38'; write it as a plain number: 70222.38",
        ),
        ("period:\n  start: 18.04.2016\n", "expected a date YYYY-MM-DD, found '18.04.2016'; write 2016-04-18"),
        ("period:\n  start: 2023-02-30\n", "'2023-02-30' is not a real calendar date"),
        (
            "region: no\n",
            "expected text, found false: an unquoted yes, no, on, off, true or false "
            'is read as true or false; put the word in quotes, e.g. "no"',
        ),
        ("measure:\n  code: 9.2\n", 'expected text, found 9.2: an unquoted number; put it in quotes: "9.2"'),
        ("fundng: {}\n", "unknown key 'fundng'; did you mean 'funding'?"),
        (
            "funding:\n  amount: 1\n  currency: eur\n",
            "expected a three-letter ISO 4217 currency code such as EUR, found 'eur'",
        ),
        ("funding:\n  amount: -5\n", "expected a number of at least 0, found -5"),
        ("funding:\n  amount: .inf\n", "expected a number, found '.inf'; write a finite number such as 70222.38"),
    ],
)
def test_schema_messages_say_what_to_write(tmp_path: Path, extra: str, message: str) -> None:
    findings = [f for f in findings_of([write(tmp_path, BASE + extra)]) if f.check == "schema"]
    assert [f.message.render(True) for f in findings] == [message]


def test_status_enum_suggests_the_spelling(tmp_path: Path) -> None:
    text = BASE.replace("status: unknown", "status: In_Progress")
    (finding,) = [f for f in findings_of([write(tmp_path, text)]) if f.check == "schema"]
    assert finding.message.render(True).endswith("; did you mean 'in_progress'?")


def test_schema_json_is_editor_friendly_json() -> None:
    data = json.loads(schema_text())
    assert data["$schema"] == "http://json-schema.org/draft-07/schema#"
