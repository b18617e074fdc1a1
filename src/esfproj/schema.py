"""The bundled JSON Schema, compiled once, and its errors as problems with hints."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from esfproj.errors import UsageError
from esfproj.model import Check, Message, Path, Problem, Severity
from esfproj.money import AMOUNT_PLACES
from esfproj.numbers import DEFAULT_DIGITS, read_number, readings, written_as_number

if TYPE_CHECKING:
    import jsonschema_rs

LATVIAN_DATE = re.compile(r"(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})\.?")
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
CCI_PATTERN = r"^[0-9]{4}[A-Z]{2}[0-9A-Z]+$"


SCHEMA = Check(
    "schema", Severity.ERROR, "the record does not match the JSON Schema", lv="ieraksts neatbilst JSON shēmai"
)


@cache
def schema_text() -> str:
    # A plain read: importlib.resources takes longer to import than validating a record.

    path = os.path.join(os.path.dirname(__file__), "project.schema.json")
    with open(path, encoding="utf-8") as file:
        return file.read()


@cache
def schema() -> dict[str, Any]:

    loaded: dict[str, Any] = json.loads(schema_text())
    return loaded


@cache
def _validator() -> jsonschema_rs.Validator:
    """One compiled validator per process: a verdict in a few microseconds a record, and
    the complete list of errors of the records it rejects. Imported here: a run served
    from the cache validates nothing, and the import is a seventieth of its time."""
    import jsonschema_rs

    return jsonschema_rs.Draft7Validator(schema_text(), validate_formats=True)


def choice(name: str, value: str) -> str:
    """The schema's spelling of a value of the vocabulary `name` (fund, status), in any case;
    a value outside it is a usage error that lists the vocabulary."""

    allowed: list[str] = schema()["properties"][name]["enum"]
    for spelling in allowed:
        if spelling.casefold() == value.casefold():
            return spelling
    listed = ", ".join(allowed)
    raise UsageError(
        f"--{name} takes one of {listed}; not {value!r}", lv=f"--{name} gaida vienu no: {listed}; nevis {value!r}"
    )


def show(value: Any, lv: bool = False) -> str:
    """A value as the user wrote it, for messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "nekas (tukša vērtība)" if lv else "nothing (an empty value)"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dict):
        return "karte" if lv else "a mapping"
    if isinstance(value, list):
        return "saraksts" if lv else "a list"
    if isinstance(value, str):
        return f"'{value}'"
    return str(value)


def number_hint(text: str, lv: bool = False, places: int | None = None) -> str:
    """What to write instead of a number written as text: `70 222,38` -> `; write it as a
    plain number: 70222.38`.

    `1,234` is 1234 where a comma separates thousands and 1.234 where it is the decimal
    mark: both are named, unless the value may have at most `places` decimals (an amount:
    two), where 1.234 would only be another error and 1234 alone is suggested."""
    if text.strip().lower().lstrip("+-").lstrip(".") in ("inf", "nan", "infinity"):
        return "; rakstiet galīgu skaitli, piemēram, 70222.38" if lv else "; write a finite number such as 70222.38"
    found = [format(value, "f") for value in readings(text, places)]
    if len(found) == 1:
        return f"; rakstiet to kā vienkāršu skaitli: {found[0]}" if lv else f"; write it as a plain number: {found[0]}"
    if len(found) == 2:
        if lv:
            return (
                f"; rakstiet to kā vienkāršu skaitli: {found[0]}, ja komats atdala tūkstošus, "
                f"{found[1]}, ja tas ir decimālzīme"
            )
        return (
            f"; write it as a plain number: {found[0]} if the comma separates thousands, "
            f"{found[1]} if it is the decimal mark"
        )
    if lv:
        return "; rakstiet vienkāršu skaitli, piemēram, 70222.38 (bez atstarpēm, decimāldaļu atdala punkts)"
    return "; write a plain number such as 70222.38 (no spaces, a dot for decimals)"


def date_hint(value: str, lv: bool = False) -> str:
    match = LATVIAN_DATE.fullmatch(value.strip())
    if match:
        day, month, year = match.groups()
        return f"; {'rakstiet' if lv else 'write'} {year}-{int(month):02d}-{int(day):02d}"
    return "; rakstiet to kā GGGG-MM-DD, piemēram, 2016-04-18" if lv else "; write it as YYYY-MM-DD, e.g. 2016-04-18"


TYPE_NAMES = {
    "string": ("text", "teksts"),
    "number": ("a number", "skaitlis"),
    "integer": ("a whole number", "vesels skaitlis"),
    "object": ("a mapping of keys", "atslēgu karte"),
    "array": ("a list", "saraksts"),
    "boolean": ("true or false", "true vai false"),
}


def _type_message(expected: str | list[str], value: Any, lv: bool, max_digits: int, places: int | None) -> str:
    """The message for a value of the wrong type; a number written as text is told how to
    write it (`places`: the most decimals the value may have, None when any number)."""
    wanted = expected if isinstance(expected, str) else expected[0]
    name = TYPE_NAMES.get(wanted, (wanted, wanted))[1 if lv else 0]
    shown_value = show(value, lv)
    message = f"gaidīts {name}, atrasts {shown_value}" if lv else f"expected {name}, found {shown_value}"
    if wanted in ("number", "integer") and isinstance(value, str) and written_as_number(value):
        if read_number(value, max_digits) is not None:  # a number the loader reads: so quoted
            if lv:
                return f"gaidīts {name}, atrasts teksts '{value}': pēdiņas to padara par tekstu; noņemiet tās: {value}"
            return f"expected {name}, found the text '{value}': the quotes make it text; remove them: {value}"
        digits = sum(c.isdigit() for c in value)
        if lv:
            return (
                f"gaidīts {name}, atrasts {digits} ciparu garš skaitlis: skaitļi tiek lasīti līdz {max_digits} "
                f"cipariem un kāpinātāji līdz {max_digits} (limits.max_number_digits)"
            )
        return (
            f"expected {name}, found a number {digits} digits long: numbers are read "
            f"up to {max_digits} digits and exponents up to {max_digits} (limits.max_number_digits)"
        )
    if wanted == "number" and isinstance(value, str):
        return message + number_hint(value, lv, places)
    if wanted == "string" and isinstance(value, bool):
        if lv:
            return (
                message + ": bez pēdiņām yes, no, on, off, true vai false tiek lasīts kā true vai false; "
                'lieciet vārdu pēdiņās, piemēram, "no"'
            )
        return (
            message + ": an unquoted yes, no, on, off, true or false is read as true or "
            'false; put the word in quotes, e.g. "no"'
        )
    if wanted == "string" and isinstance(value, (int, Decimal)):
        if lv:
            return message + f': skaitlis bez pēdiņām; lieciet to pēdiņās: "{show(value)}"'
        return message + f': an unquoted number; put it in quotes: "{show(value)}"'
    if wanted == "integer" and isinstance(value, Decimal):
        return message + (
            ": rakstiet veselu skaitli bez decimāldaļas" if lv else ": write a whole number without decimals"
        )
    return message


def _pattern_message(pattern: str, value: Any, lv: bool = False) -> str:
    found = show(value, lv)
    if pattern == DATE_PATTERN:
        if lv:
            return f"gaidīts datums GGGG-MM-DD, atrasts {found}" + date_hint(str(value), lv)
        return f"expected a date YYYY-MM-DD, found {found}" + date_hint(str(value))
    if pattern.startswith("^[0-9]+(\\."):
        if lv:
            return f'gaidīts kods no cipariem un punktiem, piemēram, "9.2.1.1", atrasts {found}'
        return f'expected a code of numbers and dots such as "9.2.1.1", found {found}'
    if pattern == "^https?://":
        if lv:
            return f"gaidīta adrese, kas sākas ar https:// vai http://, atrasts {found}"
        return f"expected an address beginning with https:// or http://, found {found}"
    if pattern == CCI_PATTERN:
        if lv:
            return f"gaidīts programmas CCI kods, piemēram, 2014LV16MAOP001, atrasts {found}"
        return f"expected a programme's CCI code such as 2014LV16MAOP001, found {found}"
    if pattern == "^[A-Z]{3}$":
        if lv:
            return f"gaidīts trīsburtu ISO 4217 valūtas kods, piemēram, EUR, atrasts {found}"
        return f"expected a three-letter ISO 4217 currency code such as EUR, found {found}"
    if lv:
        return f"{found} nav gaidītajā formā ({pattern})"
    return f"{found} does not have the expected form ({pattern})"


def _suggest(word: str, choices: list[str], lv: bool = False) -> str:
    lowered = {c.lower(): c for c in choices}
    mean = "; vai domājāt '{0}'?" if lv else "; did you mean '{0}'?"
    if word.lower() in lowered:
        return mean.format(lowered[word.lower()])
    import difflib  # only for a misspelt value: kept off validate's start-up

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return mean.format(close[0]) if close else ""


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


def _problems(error: jsonschema_rs.ValidationError, data: Any, max_digits: int) -> Iterator[Problem]:

    path: Path = tuple(error.instance_path)
    from jsonschema_rs import ValidationErrorKind

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
                message = Message(
                    f"unknown key '{key}'" + _suggest(str(key), known),
                    lv=f"nezināma atslēga '{key}'" + _suggest(str(key), known, lv=True),
                )
                yield Problem(SCHEMA.id, (*path, key), message, on_key=True)
        return
    if keyword == "required":
        key = str(expected)
        yield Problem(
            SCHEMA.id,
            (*path, key),
            Message(f"the required key '{key}' is missing", lv=f"trūkst obligātās atslēgas '{key}'"),
            expected=key,
            anchor=path,
            on_key=True,
        )
        return
    if keyword == "type":
        expected = expected[0] if len(expected) == 1 else expected
        places = AMOUNT_PLACES if path[-1:] == ("amount",) else None
        text, text_lv = (_type_message(expected, value, lv, max_digits, places) for lv in (False, True))
    else:
        text, text_lv = (_message(keyword, expected, value, lv) or error.message for lv in (False, True))
    yield Problem(
        SCHEMA.id,
        path,
        Message(text, lv=text_lv),
        expected=_expected(keyword, expected),
        actual=None if isinstance(value, (dict, list)) else show(value),
    )


def _message(keyword: str, expected: Any, value: Any, lv: bool) -> str | None:
    """The message for one schema keyword, in English or Latvian; None for a keyword the
    records' schema does not use (then jsonschema's own message is shown)."""
    found = show(value, lv)
    if keyword == "enum":
        choices = [str(c) for c in expected]
        text = (
            f"gaidīts viens no {', '.join(choices)}; atrasts {found}"
            if lv
            else (f"expected one of {', '.join(choices)}; found {found}")
        )
        return text + (_suggest(value, choices, lv) if isinstance(value, str) else "")
    if keyword == "const":
        return f"gaidīts {show(expected, lv)}, atrasts {found}" if lv else f"expected {show(expected)}, found {found}"
    if keyword == "pattern":
        return _pattern_message(expected, value, lv)
    texts = {
        "format": (f"{found} is not a real calendar date", f"{found} nav īsts kalendāra datums"),
        "minimum": (
            f"expected a number of at least {expected}, found {found}",
            f"gaidīts skaitlis, ne mazāks par {expected}, atrasts {found}",
        ),
        "maximum": (
            f"expected a number of at most {expected}, found {found}",
            f"gaidīts skaitlis, ne lielāks par {expected}, atrasts {found}",
        ),
        "minLength": (
            "the text is empty; leave the key out if the source gives no value",
            "teksts ir tukšs; izlaidiet atslēgu, ja avots vērtību nenorāda",
        ),
        "minProperties": (
            "the mapping is empty; leave the key out if the source gives no value",
            "karte ir tukša; izlaidiet atslēgu, ja avots vērtību nenorāda",
        ),
        "minItems": (
            "the list is empty; leave the key out if the source gives no value",
            "saraksts ir tukšs; izlaidiet atslēgu, ja avots vērtību nenorāda",
        ),
        "propertyNames": (
            f"the name {found} may hold only letters, digits and _",
            f"nosaukumā {found} drīkst būt tikai burti, cipari un _",
        ),
    }
    return texts[keyword][1 if lv else 0] if keyword in texts else None


def _expected(keyword: str, expected: Any) -> str | None:
    if keyword == "enum":
        return ", ".join(str(c) for c in expected)
    if keyword in ("type", "const", "minimum", "maximum", "pattern"):
        return str(expected)
    return None


def schema_problems(data: Any, max_digits: int = DEFAULT_DIGITS) -> list[Problem]:
    """Every way `data` departs from the schema, one problem per place; `max_digits` is the
    digit limit the record was read with (limits.max_number_digits).

    Valid records (nearly all of them) get a verdict only; invalid ones get the
    complete list of errors, which the messages above are made from.
    """
    validator = _validator()
    if validator.is_valid(data):
        return []
    seen: set[tuple[Path, bool]] = set()
    problems: list[Problem] = []
    for error in validator.iter_errors(data):
        for problem in _problems(error, data, max_digits):
            place = (problem.path, problem.on_key)
            if place not in seen:
                seen.add(place)
                problems.append(problem)
    return problems
