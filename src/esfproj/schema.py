"""The bundled JSON Schema, compiled once, and its errors as problems with hints."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, cast

import jsonschema_rs

from esfproj.loader import DEFAULT_LIMITS, read_number
from esfproj.model import Check, Message, Path, Problem, Severity

LATVIAN_DATE = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\.?")
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
LONG_NUMBER = re.compile(r"[-+]?[0-9_]*\.?[0-9_]*(?:[eE][-+]?[0-9]+)?")


SCHEMA = Check("schema", Severity.ERROR, "the record does not match the JSON Schema")


@cache
def schema_text() -> str:
    # A plain read: importlib.resources takes longer to import than validating a record.
    import os

    path = os.path.join(os.path.dirname(__file__), "project.schema.json")
    with open(path, encoding="utf-8") as file:
        return file.read()


@cache
def schema() -> dict[str, Any]:
    import json

    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


@cache
def _validator() -> jsonschema_rs.Validator:
    """One compiled validator per process: a verdict in a few microseconds a record, and
    the complete list of errors of the records it rejects."""
    return jsonschema_rs.Draft7Validator(schema_text(), validate_formats=True)


def choice(name: str, value: str) -> str:
    """The schema's spelling of a value of the vocabulary `name` (fund, status), in any case;
    a value outside it is a usage error that lists the vocabulary."""
    from esfproj.errors import UsageError

    allowed: list[str] = schema()["properties"][name]["enum"]
    for spelling in allowed:
        if spelling.casefold() == value.casefold():
            return spelling
    raise UsageError(f"--{name} takes one of {', '.join(allowed)}; not {value!r}")


def show(value: Any) -> str:
    """A value as the user wrote it, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def number_hint(text: str) -> str:
    """`70 222,38` -> `; write 70222.38`."""
    cleaned = re.sub(r"[\s\u00a0']", "", text).removesuffix("EUR").removesuffix("€")
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if cleaned.lower().lstrip("+-").lstrip(".") in ("inf", "nan", "infinity"):
        return "; write a finite number such as 70222.38"
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return "; write a plain number such as 70222.38 (no spaces, a dot for decimals)"
    return f"; write it as a plain number: {format(value, 'f')}"


def date_hint(value: str) -> str:
    match = LATVIAN_DATE.fullmatch(value.strip())
    if match:
        day, month, year = match.groups()
        return f"; write {year}-{int(month):02d}-{int(day):02d}"
    return "; write it as YYYY-MM-DD, e.g. 2016-04-18"


def _type_message(expected: str | list[str], value: Any) -> str:
    wanted = expected if isinstance(expected, str) else expected[0]
    names = {
        "string": "text",
        "number": "a number",
        "integer": "a whole number",
        "object": "a mapping of keys",
        "array": "a list",
        "boolean": "true or false",
    }
    message = f"expected {names.get(wanted, wanted)}, found {show(value)}"
    if wanted in ("number", "integer") and isinstance(value, str) and LONG_NUMBER.fullmatch(value):
        if read_number(value, DEFAULT_LIMITS) is not None:  # a number the loader reads: so quoted
            return f"expected {names[wanted]}, found the text '{value}': the quotes make it text; remove them: {value}"
        digits = sum(c.isdigit() for c in value)
        return (
            f"expected {names[wanted]}, found a number {digits} digits long: numbers are read "
            "up to 30 digits and exponents up to 30 (limits.max_number_digits)"
        )
    if wanted == "number" and isinstance(value, str):
        return message + number_hint(value)
    if wanted == "string" and isinstance(value, bool):
        return (
            message + ": an unquoted yes, no, on, off, true or false is read as true or "
            'false; put the word in quotes, e.g. "no"'
        )
    if wanted == "string" and isinstance(value, (int, Decimal)):
        return message + f': an unquoted number; put it in quotes: "{show(value)}"'
    if wanted == "integer" and isinstance(value, Decimal):
        return message + ": write a whole number without decimals"
    return message


def _pattern_message(pattern: str, value: Any) -> str:
    if pattern == DATE_PATTERN:
        return f"expected a date YYYY-MM-DD, found {show(value)}" + date_hint(str(value))
    if pattern.startswith("^[0-9]+(\\."):
        return f'expected a code of numbers and dots such as "9.2.1.1", found {show(value)}'
    if pattern == "^https?://":
        return f"expected an address beginning with https:// or http://, found {show(value)}"
    if pattern == "^[A-Z]{3}$":
        return f"expected a three-letter ISO 4217 currency code such as EUR, found {show(value)}"
    return f"{show(value)} does not have the expected form ({pattern})"


def _suggest(word: str, choices: list[str]) -> str:
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f"; did you mean '{lowered[word.lower()]}'?"
    import difflib

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _at(data: Any, path: Path) -> Any:
    """The value at `path`, as loaded (jsonschema_rs hands back floats for Decimals)."""
    for step in path:
        data = data[step]
    return data


def _subschema(location: list[str | int]) -> dict[str, Any]:
    """The schema object holding the keyword at `location` (a path through the schema)."""
    found: Any = schema()
    for step in location[:-1]:
        found = found[step]
    return cast(dict[str, Any], found)


def _problems(error: jsonschema_rs.ValidationError, data: Any) -> Iterator[Problem]:
    from jsonschema_rs import ValidationErrorKind

    path: Path = tuple(error.instance_path)
    if isinstance(error.kind, ValidationErrorKind.PropertyNames):
        error = error.kind.error  # a key's name is wrong: reported on the mapping, as the name
        value = error.instance
    else:
        value = _at(data, path)
    kind = error.kind
    keyword = kind.name
    expected: Any = kind.value
    if keyword == "additionalProperties" and isinstance(value, dict):
        known = list(_subschema(error.schema_path).get("properties", {}))
        for key in value:
            if key not in known:
                yield Problem(
                    SCHEMA.id, (*path, key), Message(f"unknown key '{key}'" + _suggest(str(key), known)), on_key=True
                )
        return
    if keyword == "required":
        key = str(expected)
        yield Problem(
            SCHEMA.id,
            (*path, key),
            Message(f"the required key '{key}' is missing"),
            expected=key,
            anchor=path,
            on_key=True,
        )
        return
    if keyword == "type":
        expected = expected[0] if len(expected) == 1 else expected
        text = _type_message(expected, value)
    elif keyword == "enum":
        choices = [str(c) for c in expected]
        text = f"expected one of {', '.join(choices)}; found {show(value)}"
        if isinstance(value, str):
            text += _suggest(value, choices)
    elif keyword == "const":
        text = f"expected {show(expected)}, found {show(value)}"
    elif keyword == "pattern":
        text = _pattern_message(expected, value)
    elif keyword == "format":
        text = f"{show(value)} is not a real calendar date"
    elif keyword == "minimum":
        text = f"expected a number of at least {expected}, found {show(value)}"
    elif keyword == "maximum":
        text = f"expected a number of at most {expected}, found {show(value)}"
    elif keyword == "minLength":
        text = "the text is empty; leave the key out if the source gives no value"
    elif keyword == "minItems":
        text = "the list is empty; leave the key out if the source gives no value"
    elif keyword == "propertyNames":
        text = f"the name {show(value)} may hold only letters, digits and _"
    else:
        text = error.message
    yield Problem(
        SCHEMA.id,
        path,
        Message(text),
        expected=_expected(keyword, expected),
        actual=None if isinstance(value, (dict, list)) else show(value),
    )


def _expected(keyword: str, expected: Any) -> str | None:
    if keyword == "enum":
        return ", ".join(str(c) for c in expected)
    if keyword in ("type", "const", "minimum", "maximum", "pattern"):
        return str(expected)
    return None


def schema_problems(data: Any) -> list[Problem]:
    """Every way `data` departs from the schema, one problem per place.

    Valid records (nearly all of them) get a verdict only; invalid ones get the
    complete list of errors, which the messages above are made from.
    """
    validator = _validator()
    if validator.is_valid(data):
        return []
    seen: set[tuple[Path, bool]] = set()
    problems: list[Problem] = []
    for error in validator.iter_errors(data):
        for problem in _problems(error, data):
            place = (problem.path, problem.on_key)
            if place not in seen:
                seen.add(place)
                problems.append(problem)
    return problems
