"""Plain scalars that YAML 1.1 and YAML 1.2 readers read differently.

PyYAML (and libyaml) follow YAML 1.1: `70_222.38` is a number, `No` and `on` are
booleans, `010` is eight, `1:20` is eighty. Editors (the YAML language server),
ruamel.yaml and the Go and JavaScript libraries follow the YAML 1.2 core schema:
the first, second and fourth are text, `010` is ten, and `1e3` (text to PyYAML)
is a thousand. Such a value means one thing in the editor and another in the
tool, so it is written in a form both read alike.

A date (`2016-04-18`) is a timestamp to YAML 1.1 and text to YAML 1.2, but both
keep the same day and the record format defines dates as that text, so dates
are not reported.
"""

from __future__ import annotations

import re
from decimal import Decimal

from esfproj.numbers import ALIKE, CORE_FLOAT, CORE_INT, OLD_FLOAT, OLD_INT, START

CORE_NULL = frozenset({"", "~", "null", "Null", "NULL"})
CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}

OLD_BOOL = {
    **{word: True for word in ("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON")},
    **{word: False for word in ("n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF")},
}
OLD_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
OLD_TIMESTAMP = re.compile(
    r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
    r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?"
)
LONGEST = 1100
"""Longer scalars are not compared: Python converts at most 4 300 digits, and nobody writes
a number that long (limits.max_number_digits is at most 1000)."""

Reading = tuple[str, object]
"""(kind, value): kind is text, null, bool, int, float or timestamp."""


def _number(text: str) -> Decimal | str:
    """An exact number, or the text of a special float (`.inf`, `.nan`)."""
    if text.lstrip("+-").lower() in (".inf", ".nan"):
        return text.lower().lstrip("+")
    return Decimal(text)


def _old_int(text: str) -> int:
    digits = text.replace("_", "")
    sign = -1 if digits.startswith("-") else 1
    digits = digits.lstrip("+-")
    if ":" in digits:
        value = 0
        for part in digits.split(":"):
            value = value * 60 + int(part)
        return sign * value
    if digits.startswith("0b"):
        return sign * int(digits[2:], 2)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    if len(digits) > 1 and digits.startswith("0"):
        return sign * int(digits[1:], 8)
    return sign * int(digits)


def _old_float(text: str) -> Decimal | str:
    digits = text.replace("_", "")
    if ":" in digits:
        sign = -1 if digits.startswith("-") else 1
        value = Decimal(0)
        for part in digits.lstrip("+-").split(":"):
            value = value * 60 + Decimal(part)
        return sign * value
    return _number(digits if digits.rstrip(".") else "0")


def yaml11(text: str) -> Reading:
    """What a YAML 1.1 reader (PyYAML) makes of a plain scalar."""
    if text in CORE_NULL:
        return ("null", None)
    if text in OLD_BOOL:
        return ("bool", OLD_BOOL[text])
    if OLD_INT.fullmatch(text):
        return ("int", _old_int(text))
    if OLD_FLOAT.fullmatch(text):
        return ("float", _old_float(text))
    if OLD_DATE.fullmatch(text) or OLD_TIMESTAMP.fullmatch(text):
        return ("timestamp", text)
    return ("text", text)


def yaml12(text: str) -> Reading:
    """What a YAML 1.2 core-schema reader (the YAML language server, ruamel.yaml) makes of it."""
    if text in CORE_NULL:
        return ("null", None)
    if text in CORE_BOOL:
        return ("bool", CORE_BOOL[text])
    if CORE_INT.fullmatch(text):
        if text.startswith("0o"):
            return ("int", int(text[2:], 8))
        if text.startswith("0x"):
            return ("int", int(text[2:], 16))
        return ("int", int(text))
    if CORE_FLOAT.fullmatch(text):
        return ("float", _number(text))
    return ("text", text)


def _same(old: Reading, new: Reading) -> bool:
    if old == new:
        return True
    if old[0] == "timestamp" and new[0] == "text" and OLD_DATE.fullmatch(str(old[1])):
        return True  # a date: the same day to both (see the module's docstring)
    numbers = ("int", "float")
    return old[0] in numbers and new[0] in numbers and old[1] == new[1]


def _described(reading: Reading, text: str, lv: bool = False) -> str:
    kind, value = reading
    if kind == "text":
        return f"teksts '{text}'" if lv else f"the text '{text}'"
    if kind == "null":
        return "null (nav vērtības)" if lv else "null (no value)"
    if kind == "bool":
        truth = ("patiess" if value else "aplams") if lv else ("true" if value else "false")
        return f"loģiskā vērtība {truth}" if lv else f"the boolean {truth}"
    if kind == "timestamp":
        return "laika zīmogs" if lv else "a timestamp"
    return f"skaitlis {_plain_number(value)}" if lv else f"the number {_plain_number(value)}"


def _fix(text: str, old: Reading, new: Reading, lv: bool = False) -> str:
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    numbers = ("int", "float")
    if old[0] in numbers and new[0] == "text" and "_" in text and ":" not in text:
        return f"rakstiet {_plain_number(old[1])}" if lv else f"write {_plain_number(old[1])}"
    if old[0] in numbers and new[0] in numbers:
        if lv:
            return f"ja tas ir teksts, lieciet to pēdiņās: {quoted}; ja skaitlis, rakstiet bez sākuma nullēm"
        return f"quote it if it is text: {quoted}; if it is a number, write it without leading zeros"
    if new[0] in numbers and old[0] == "text" and _short(new[1]):
        if lv:
            return f"rakstiet {_plain_number(new[1])} vai lieciet pēdiņās: {quoted}"
        return f"write {_plain_number(new[1])}, or quote it: {quoted}"
    return f"lieciet to pēdiņās: {quoted}" if lv else f"quote it: {quoted}"


def _short(value: object) -> bool:
    """A number of at most 40 digits either side of the point, worth writing out."""
    if isinstance(value, Decimal):
        return value.is_finite() and abs(value.adjusted()) <= 40
    return isinstance(value, int) and value.bit_length() <= 133


def _plain_number(value: object) -> str:
    """A number as written plainly; a huge or tiny one in its short form (`1E+999999999`),
    never expanded to its digits."""
    if isinstance(value, Decimal) and _short(value):
        return format(value, "f")
    if isinstance(value, int) and not _short(value):
        return "a number of more than 40 digits"
    return str(value)


def difference(text: str) -> tuple[str, str] | None:
    """How YAML 1.1 and YAML 1.2 readers disagree on a plain scalar, and the portable
    spelling, in English and in Latvian; None when they read it alike."""
    if not text or (text[0] not in START and text not in OLD_BOOL) or len(text) > LONGEST:
        return None
    if ALIKE.fullmatch(text) or OLD_DATE.fullmatch(text):  # the common numbers; a date is the same day to both
        return None
    old, new = yaml11(text), yaml12(text)
    if _same(old, new):
        return None
    english = (
        f"{text} is {_described(old, text)} to YAML 1.1 readers but {_described(new, text)} "
        f"to YAML 1.2 readers (editors' YAML language server, ruamel.yaml, Go, JavaScript); "
        f"{_fix(text, old, new)}"
    )
    latvian = (
        f"{text} YAML 1.1 lasītājiem ir {_described(old, text, True)}, bet YAML 1.2 lasītājiem (redaktoru "
        f"YAML valodas serverim, ruamel.yaml, Go, JavaScript) {_described(new, text, True)}; "
        f"{_fix(text, old, new, True)}"
    )
    return english, latvian
