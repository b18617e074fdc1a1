"""`esfproj import`: a published list of operations into records, and where the records
already there disagree with it. The work is `importing`'s; this says what happened to
each row, and how many rows came to what."""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import BinaryIO

from esfproj.commands.common import NO_SCHEMA, NO_SCHEMA_LV, Settings, emit, progress_bar
from esfproj.errors import UsageError
from esfproj.importing.existing import Difference, index
from esfproj.importing.files import modeline
from esfproj.importing.importer import Created, Import, Outcome, Rejected, Repeated, outcome
from esfproj.importing.layouts import LAYOUTS
from esfproj.importing.rows import read_rows
from esfproj.money import allow_digits
from esfproj.options import Lang
from esfproj.render.lang import word
from esfproj.text import lv_count, one_line, os_reason, shown
from esfproj.yamltext import scalar

OUTCOMES = ("created", "unchanged", "differing", "refused", "repeated")


def run(settings: Settings, *, file: str, format: str, into: str | None, dry_run: bool, lang: Lang) -> int:
    """Exit 0 when every row is imported or already there and the same; 1 when a row is
    refused, a record differs from the list, or a record there cannot be read."""
    layout = LAYOUTS.get(format)
    if layout is None:
        raise UsageError(
            f"--format takes one of {', '.join(LAYOUTS)}; not {format!r}",
            lv=f"--format gaida vienu no: {', '.join(LAYOUTS)}; nevis {format!r}",
        )
    configured = settings.config
    allow_digits(configured.limits.max_number_digits)
    folder = into or configured.data_paths()[0]
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise UsageError(f"--into {shown(folder)}: not a folder", lv=f"--into {shown(folder)}: nav mape")
    counts: Counter[str] = Counter(dict.fromkeys(OUTCOMES, 0))
    with _open(file) as stream:
        size = os.fstat(stream.fileno()).st_size
        with progress_bar(hint=4 * 1024 * 1024, label="importing", in_bytes=True) as progress:
            rows = read_rows(stream, layout.columns(), progress and (lambda done: progress(done, size)))
            existing = index(folder, configured)
            for unread_file, why in existing.unread:
                line = word("import_unread", lang.value).format(
                    shown(unread_file), one_line(why.render(True, lang.value))
                )
                emit(line + "\n", None, settings)
            header = modeline(folder, configured)
            importer = Import(
                layout=layout,
                config=configured,
                existing=existing,
                folder=folder,
                source=shown(file),
                header=header,
                dry_run=dry_run,
            )
            for said in importer.outcomes(rows, listed_as=shown(os.path.basename(file))):
                lines = _lines(said, dry_run, lang.value)
                if lines:
                    emit("".join(line + "\n" for line in lines), None, settings)
                counts[outcome(said)] += 1
    closing = word("import_closing_dry" if dry_run else "import_closing", lang.value)
    emit(closing.format(_rows(sum(counts.values()), lang.value), *(counts[o] for o in OUTCOMES)) + "\n", None, settings)
    if counts["created"] and not header:
        note = NO_SCHEMA_LV.format("ieraksti") if lang is Lang.lv else NO_SCHEMA.format("the records name")
        print(note, file=sys.stderr)
    return 1 if counts["refused"] or counts["differing"] or existing.unread else 0


def _rows(count: int, lang: str) -> str:
    if lang == "lv":
        return lv_count(count, "rinda", "rindas")
    return f"{count} row" if count == 1 else f"{count} rows"


def _open(file: str) -> BinaryIO:
    if os.path.isdir(file):
        raise UsageError(
            f"{shown(file)}: is a folder, not a list of operations",
            lv=f"{shown(file)}: ir mape, nevis darbību saraksts",
        )
    try:
        return open(file, "rb")
    except OSError as error:
        raise UsageError(
            f"{shown(file)}: cannot read: {os_reason(error)}",
            lv=f"{shown(file)}: nevar nolasīt: {os_reason(error, 'lv')}",
        ) from None


def _lines(said: Outcome, dry_run: bool, lang: str) -> list[str]:
    """What is said of one row: nothing for a record created or unchanged."""
    if isinstance(said, Created):
        return [word("import_would_create", lang).format(shown(said.path), said.where)] if dry_run else []
    if isinstance(said, Repeated):
        if said.same:
            return [word("import_repeat", lang).format(said.where, one_line(said.identifier), said.first)]
        return [_refused(said, word("import_repeat_differs", lang).format(said.first), lang)]
    if isinstance(said, Rejected):
        return [_refused(said, said.reason.render(True, lang), lang)]
    if isinstance(said.found, list):
        return [one_line(_difference(difference, lang)) for difference in said.found]
    why = one_line(said.found.render(True, lang))
    return [word("import_not_compared", lang).format(shown(said.file), why, said.where)]


def _refused(said: Repeated | Rejected, reason: str, lang: str) -> str:
    who = one_line(said.identifier) or word("import_no_identifier", lang)
    return word("import_refused", lang).format(said.where, who, one_line(reason))


def _difference(found: Difference, lang: str) -> str:
    listed, recorded = _value(found.listed, lang), _value(found.recorded, lang)
    return word("import_differs", lang).format(found.file, found.line, found.field, listed, recorded)


def _value(value: object, lang: str) -> str:
    """As the record would write it, in either language: `2021-12-31`, `2236265.00`,
    `"Ogres novada pašvaldība"`; these are the data, to be found in the file."""
    if value is None:
        return word("import_nothing", lang)
    if isinstance(value, dict):
        return word("import_mapping", lang)
    if isinstance(value, list):
        return word("import_list", lang)
    return scalar(value)
