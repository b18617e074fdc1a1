"""Rows of an RFC 4180 CSV file, streamed, each with the line it starts on.

UTF-8 with or without a byte-order mark, CRLF or LF; quoted fields may hold commas,
doubled quotes and line breaks. A row that cannot be read (bytes that are not UTF-8, a
stray quote, a quote never closed, too many or too few fields) is a `BadRow` with its
reason, and the rows after it are read as usual.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from esfproj.errors import UsageError
from esfproj.model import Message
from esfproj.text import lv_count

if TYPE_CHECKING:
    from _csv import Reader

WORKBOOKS = {
    b"PK\x03\x04": ("a spreadsheet (xlsx or ods: a ZIP file)", "izklājlapa (xlsx vai ods: ZIP fails)"),
    b"\xd0\xcf\x11\xe0": ("an Excel 97-2003 workbook (xls)", "Excel 97-2003 darbgrāmata (xls)"),
}
"""How a spreadsheet file begins, and what it is (in English and in Latvian)."""
SAVE_AS_CSV = (
    "the list is {}, not CSV: save it as CSV UTF-8 (Excel: File > Save As > CSV UTF-8 (Comma delimited); "
    "LibreOffice: File > Save As > Text CSV, character set Unicode (UTF-8), field delimiter ,) and import that file"
)
SAVE_AS_CSV_LV = (
    "saraksts ir {}, nevis CSV: saglabājiet to kā CSV UTF-8 (Excel: File > Save As > CSV UTF-8 (Comma delimited); "
    "LibreOffice: File > Save As > Text CSV, character set Unicode (UTF-8), field delimiter ,) un importējiet šo failu"
)
"""The same in Latvian; the menu names as the English versions of Excel and LibreOffice write them."""
FIELD_LIMIT = 16 * 1024 * 1024
"""The longest field read (a summary may be long; csv's default is 128 KiB)."""


class Row(NamedTuple):
    line: int
    values: dict[str, str]


class BadRow(NamedTuple):
    line: int
    values: dict[str, str]
    """What could be read of it (an identifier, for the message), perhaps nothing."""
    reason: Message


def _lines(stream: BinaryIO, progress: Callable[[int], None] | None) -> Iterator[str]:
    """Decoded lines, line ends kept; bytes that are not UTF-8 become lone surrogates
    (the row is refused), and the byte-order mark of the first line goes. A spreadsheet file
    is a UsageError saying how to save it as CSV."""
    done = 0
    for number, raw in enumerate(stream):
        if number == 0:
            for magic, (what, what_lv) in WORKBOOKS.items():
                if raw.startswith(magic):
                    raise UsageError(SAVE_AS_CSV.format(what), lv=SAVE_AS_CSV_LV.format(what_lv))
        done += len(raw)
        if progress is not None and number % 1024 == 0:
            progress(done)
        line = raw.decode("utf-8", "surrogateescape")
        yield line[1:] if number == 0 and line.startswith("\ufeff") else line
    if progress is not None:
        progress(done)


NOT_UTF8 = re.compile("[\udc80-\udcff]")
"""A byte that was not UTF-8, as decoding with surrogateescape leaves it."""


def _not_utf8(fields: list[str]) -> bool:
    return any(NOT_UTF8.search(field) for field in fields)


def read_rows(
    stream: BinaryIO, needed: tuple[str, ...], progress: Callable[[int], None] | None = None
) -> Iterator[Row | BadRow]:
    """The rows after the header as they are read; the header is read now.

    A header without one of `needed`, or with one of them twice, is a UsageError naming them;
    other columns are kept (and ignored by the layouts that do not read them)."""
    csv.field_size_limit(FIELD_LIMIT)
    reader = csv.reader(_lines(stream, progress), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise UsageError(
            f"the header line cannot be read as CSV: {error}", lv=f"galvenes rindu nevar nolasīt kā CSV: {error}"
        ) from None
    if header is None or header == [] or _not_utf8(header):
        if not header:
            raise UsageError("no header line of column names", lv="nav galvenes rindas ar kolonnu nosaukumiem")
        raise UsageError("the header line is not UTF-8", lv="galvenes rinda nav UTF-8")
    missing = [name for name in needed if name not in header]
    if len(header) == 1 and ";" in header[0]:
        raise UsageError(
            "the list's columns are separated by semicolons; save it as CSV with commas (RFC 4180)",
            lv="saraksta kolonnas atdala semikoli; saglabājiet to kā CSV ar komatiem (RFC 4180)",
        )
    if missing:
        named = ", ".join(missing)
        raise UsageError(
            f"the list lacks the column{'s' if len(missing) > 1 else ''} {named}",
            lv=f"sarakstā trūkst kolonn{'u' if len(missing) > 1 else 'as'} {named}",
        )
    twice = sorted({name for name in needed if header.count(name) > 1})
    if twice:
        named = ", ".join(twice)
        raise UsageError(
            f"the list has the column{'s' if len(twice) > 1 else ''} {named} twice",
            lv=f"sarakstā kolonn{'as' if len(twice) > 1 else 'a'} {named} ir divreiz",
        )
    return _rows(reader, tuple(header))


def _rows(reader: Reader, names: tuple[str, ...]) -> Iterator[Row | BadRow]:
    while True:
        start = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield BadRow(start, {}, Message(f"not readable as CSV: {error}", lv=f"nav nolasāma kā CSV: {error}"))
            continue
        if not fields or fields == [""]:
            continue  # a blank line
        values = dict(zip(names, fields, strict=False))
        if _not_utf8(fields):
            yield BadRow(start, {}, Message("the row is not UTF-8 text", lv="rinda nav UTF-8 teksts"))
        elif len(fields) != len(names):
            yield BadRow(
                start,
                values,
                Message(
                    f"the row has {len(fields)} fields, the header {len(names)}",
                    lv=f"rindā ir {lv_count(len(fields), 'lauks', 'lauki')}, galvenē {len(names)}",
                ),
            )
        else:
            yield Row(start, values)
