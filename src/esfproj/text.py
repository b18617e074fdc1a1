"""Text that is safe to show: file names that are not UTF-8, and control characters.

A record's values stay exact (JSON keeps them as written); each output makes them
safe in its own way: a terminal gets visible escapes (`\\x1b`), XML gets the same
escapes in place of the characters XML cannot hold, CSV quotes them.
"""

from __future__ import annotations

import errno
import re

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters other than tab and newline: nobody types them on purpose."""
UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
"""What a one-line terminal output must not pass through: controls (tab and newline too)
and lone surrogates (a file name that is not UTF-8)."""
UNPRINTABLE_BLOCK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
"""The same for output of several lines: tab and newline are kept."""
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
"""Characters XML 1.0 cannot hold, even escaped."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(path: str) -> str:
    """A file name as text: bytes that are not UTF-8 become `\\xfb`, as in `J\\xfbrmala.yaml`."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return re.sub("[\ud800-\udfff]", _escape, path)
    return path


def one_line(text: str) -> str:
    """For a terminal line: every control character, tab and newline included, made visible."""
    return UNPRINTABLE.sub(_escape, text) if UNPRINTABLE.search(text) else text


def terminal(text: str) -> str:
    """For a terminal block: control characters made visible, tab and newline kept."""
    return UNPRINTABLE_BLOCK.sub(_escape, text) if UNPRINTABLE_BLOCK.search(text) else text


def xml(text: str) -> str:
    """For XML: the characters XML cannot hold replaced by visible escapes."""
    return NOT_XML.sub(_escape, text) if NOT_XML.search(text) else text


AMOUNT_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
NO_BREAK = "\u00a0"


def hold_amounts(text: str) -> str:
    """`46 370.35` with no-break spaces in its grouping, so no line break splits it."""
    return AMOUNT_SPACE.sub(NO_BREAK, text)


def lv_date(day: object) -> str:
    """`2023-12-31` as Latvian writes it: `31.12.2023.` (anything else as it is)."""
    text = str(day)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:]}.{text[5:7]}.{text[:4]}."
    return text


def lv_number(text: str) -> str:
    """`84.99` as Latvian writes it: `84,99`."""
    return text.replace(".", ",")


def lv_count(count: int, one: str, many: str) -> str:
    """`1 ieraksts`, `21 ieraksts`, `11 ieraksti`: Latvian agrees with the last digit, 11 apart."""
    return f"{count} {one if count % 10 == 1 and count % 100 != 11 else many}"


_REASONS_LV = {
    "ENOENT": "nav tāda faila vai mapes",
    "EACCES": "nav atļaujas",
    "EPERM": "nav atļaujas",
    "EISDIR": "ir mape",
    "ENOTDIR": "nav mape",
    "ENOTEMPTY": "mape nav tukša",
    "EEXIST": "tāds fails vai mape jau ir",
    "ENAMETOOLONG": "nosaukums ir pārāk garš",
    "ELOOP": "pārāk daudz simbolisko saišu pēc kārtas",
    "ENOSPC": "diskā nav vietas",
    "EDQUOT": "pārsniegta diska kvota",
    "EFBIG": "fails ir pārāk liels",
    "EROFS": "failu sistēma ir tikai lasāma",
    "EMFILE": "atvērts pārāk daudz failu",
    "ENFILE": "sistēmā atvērts pārāk daudz failu",
    "EIO": "ievades/izvades kļūda",
    "EBUSY": "ierīce vai resurss ir aizņemts",
    "ETXTBSY": "izpildāmais fails ir aizņemts",
    "ENXIO": "nav tādas ierīces vai adreses",
    "ENODEV": "nav tādas ierīces",
    "EBADF": "nederīgs faila deskriptors",
    "EINVAL": "nederīgs arguments",
    "ENOMEM": "nepietiek atmiņas",
    "EAGAIN": "resurss uz laiku nav pieejams",
    "EOPNOTSUPP": "darbība netiek atbalstīta",
    "ENOTSUP": "darbība netiek atbalstīta",
}
REASONS_LV = {getattr(errno, name): said for name, said in _REASONS_LV.items() if hasattr(errno, name)}
"""The system's reasons in Latvian, by errno (the names this system has)."""


def os_reason(error: OSError, lang: str = "en") -> str:
    """Why the system refused, said in `lang`: in English the system's own words
    (`Permission denied`); in Latvian the common ones translated (`nav atļaujas`), any
    other as the system said it."""
    if lang == "lv" and error.errno in REASONS_LV:
        return REASONS_LV[error.errno]
    return error.strerror or str(error)
