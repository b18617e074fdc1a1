"""Writing records as YAML text that every reader reads alike, and exactly as given.

Texts are double-quoted with escapes for everything a YAML reader would change or
refuse (line breaks, the Unicode line and paragraph separators, control and other
non-printable characters), so any text reads back unchanged; a few plain words
(`ESF`, `unknown`) and dates are written plain. Numbers are Decimal, written as
their exact text, never through float.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from decimal import Decimal

from esfproj.portability import CORE_BOOL, CORE_NULL, OLD_BOOL

PLAIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_+]*")
"""Words safe to write plain, unless YAML 1.1 or 1.2 reads them as something else."""
DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
SPECIAL_WORDS = frozenset(word.casefold() for word in (*OLD_BOOL, *CORE_BOOL, *CORE_NULL))
"""Words a YAML 1.1 or 1.2 reader takes for a boolean or null, in any case: quoted."""
ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\t": "\\t",
    "\r": "\\r",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
ESCAPED = re.compile('[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]')
"""What YAML does not let stand as itself in a double-quoted text: the quote and backslash,
control characters, and what readers take as line breaks (U+0085, U+2028, U+2029) or a
byte-order mark (U+FEFF), or refuse (U+FFFE, U+FFFF, lone surrogates)."""


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    escape = ESCAPES.get(char)
    if escape is not None:
        return escape
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def quoted(text: str) -> str:
    """`Jūrmala "A"` -> `"Jūrmala \\"A\\""`: a double-quoted YAML text that reads back as `text`."""
    return '"' + ESCAPED.sub(_escape, text) + '"'


def scalar(value: object) -> str:
    """One value as YAML: exact numbers, true/false, plain words and dates, quoted texts."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        raise TypeError(f"cannot write {type(value).__name__} as a YAML scalar")
    if DATE.fullmatch(value) or (PLAIN_WORD.fullmatch(value) and value.casefold() not in SPECIAL_WORDS):
        return value
    return quoted(value)


def dump(data: Mapping[str, object]) -> str:
    """A mapping of mappings, lists and scalars as block YAML, keys in their order."""
    lines: list[str] = []
    _mapping(data, "", lines)
    return "".join(line + "\n" for line in lines)


def _mapping(data: Mapping[str, object], indent: str, lines: list[str], first: str | None = None) -> None:
    for i, (key, value) in enumerate(data.items()):
        lead = first if first is not None and i == 0 else indent
        if isinstance(value, Mapping):
            lines.append(f"{lead}{key}:")
            _mapping(value, indent + "  ", lines)
        elif isinstance(value, Sequence) and not isinstance(value, str):
            lines.append(f"{lead}{key}:")
            _sequence(value, indent + "  ", lines)
        else:
            lines.append(f"{lead}{key}: {scalar(value)}")


def _sequence(items: Sequence[object], indent: str, lines: list[str]) -> None:
    for item in items:
        if isinstance(item, Mapping) and item:
            _mapping(item, indent + "  ", lines, first=indent + "- ")
        else:
            lines.append(f"{indent}- {scalar(item)}")
