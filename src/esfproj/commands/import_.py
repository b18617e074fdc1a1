"""`esfproj import`: a published list of operations into records, and where the records
already there disagree with it.

Rows are streamed: what is kept per operation is its identifier, its line and a digest
(to find repeats), never the record. A record that exists is never written again.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from functools import partial
from typing import BinaryIO, NamedTuple

from esfproj.config import Config
from esfproj.engine import mapped
from esfproj.errors import UsageError
from esfproj.importing.existing import Difference, Existing, Match, differences, imported_from, index, match
from esfproj.importing.files import file_name
from esfproj.importing.layouts import LAYOUTS, Layout
from esfproj.importing.operations import Operation, Refused, digest, operation
from esfproj.importing.rows import read_rows
from esfproj.model import Message
from esfproj.money import allow_digits
from esfproj.output import write_atomic
from esfproj.render.lang import word
from esfproj.text import lv_count, one_line, shown
from esfproj.yamltext import dump, scalar

OUTCOMES = ("created", "unchanged", "differing", "refused", "repeated")


def run(file: str, format: str, into: str | None, dry_run: bool, lang: str = "en") -> int:
    """Exit 0 when every row is imported or already there and the same; 1 when a row is
    refused, a record differs from the list, or a record there cannot be read."""
    from esfproj.commands.common import progress_bar, settings
    from esfproj.commands.new import NO_SCHEMA, modeline, schema_reference

    layout = LAYOUTS.get(format)
    if layout is None:
        raise UsageError(f"--format takes one of {', '.join(LAYOUTS)}; not {format!r}")
    configured = settings()
    allow_digits(configured.limits.max_number_digits)
    folder = into or configured.data_paths()[0]
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise UsageError(f"--into {shown(folder)}: not a folder")
    with _open(file) as stream:
        size = os.fstat(stream.fileno()).st_size
        with progress_bar(hint=4 * 1024 * 1024, label="importing", in_bytes=True) as progress:
            rows = read_rows(stream, layout.columns(), progress and (lambda done: progress(done, size)))
            existing = index(folder, configured)
            for unread_file, why in existing.unread:
                print(word("import_unread", lang).format(shown(unread_file), one_line(why.render(True, lang))))
            header = modeline(schema_reference(folder, configured))
            importer = _Import(layout, configured, existing, folder, shown(file), header, dry_run, lang)
            listed_as = shown(os.path.basename(file))
            digits = configured.limits.max_number_digits
            for row in rows:
                importer.take(operation(layout, row, listed_as, digits))
            importer.flush()
    counts = importer.counts
    closing = word("import_closing_dry" if dry_run else "import_closing", lang)
    print(closing.format(_rows(sum(counts.values()), lang), *(counts[outcome] for outcome in OUTCOMES)))
    if counts["created"] and not header:
        print(NO_SCHEMA.format("the records name"), file=sys.stderr)
    return 1 if counts["refused"] or counts["differing"] or existing.unread else 0


def _rows(count: int, lang: str) -> str:
    if lang == "lv":
        return lv_count(count, "rinda", "rindas")
    return f"{count} row" if count == 1 else f"{count} rows"


def _open(file: str) -> BinaryIO:
    if os.path.isdir(file):
        raise UsageError(f"{shown(file)}: is a folder, not a list of operations")
    try:
        return open(file, "rb")
    except OSError as error:
        raise UsageError(f"{shown(file)}: cannot read: {error.strerror or error}") from None


BATCH = 4096
"""Rows whose records are compared together (over every core), their lines kept in order."""


class _Compare(NamedTuple):
    where: str
    target: Match
    item: Operation


Said = tuple[list[str], str]
"""The lines said of one row, and its outcome."""


class _Import:
    """The rows as they come: refused, repeated, compared with their record, or created.
    What is said of each row is printed in the order of the rows."""

    def __init__(
        self,
        layout: Layout,
        config: Config,
        existing: Existing,
        folder: str,
        source: str,
        header: str,
        dry_run: bool,
        lang: str,
    ) -> None:
        self.layout, self.config, self.existing = layout, config, existing
        self.folder, self.source, self.header, self.dry_run, self.lang = folder, source, header, dry_run, lang
        self.seen: dict[str, tuple[int, bytes]] = {}
        self.counts: Counter[str] = Counter(dict.fromkeys(OUTCOMES, 0))
        self.batch: list[Said | _Compare] = []

    def take(self, item: Operation | Refused) -> None:
        self.batch.append(self.decide(item))
        if len(self.batch) >= BATCH:
            self.flush()

    def decide(self, item: Operation | Refused) -> Said | _Compare:
        where, lang = f"{self.source}:{item.line}", self.lang
        if isinstance(item, Refused):
            return _refused(where, item.identifier, item.reason.render(True, lang), lang)
        first = self.seen.get(item.identifier)
        mark = digest(item)
        if first is not None:
            if first[1] == mark:
                return [word("import_repeat", lang).format(where, one_line(item.identifier), first[0])], "repeated"
            return _refused(where, item.identifier, word("import_repeat_differs", lang).format(first[0]), lang)
        self.seen[item.identifier] = (item.line, mark)
        target = match(self.existing, self.layout.name, item)
        if target is None:
            return self.create(item, where)
        return _Compare(where, target, item)

    def flush(self) -> None:
        """Compare the batch's records with their rows, then say what each row came to."""
        jobs = [entry for entry in self.batch if isinstance(entry, _Compare)]
        compared = mapped(partial(_compared, config=self.config, lang=self.lang), jobs)
        for entry in self.batch:
            lines, outcome = next(compared) if isinstance(entry, _Compare) else entry
            for line in lines:
                print(line)
            self.counts[outcome] += 1
        self.batch.clear()

    def create(self, item: Operation, where: str) -> Said | _Compare:
        """Link the record to the first of the operation's names (the same in every run) that
        is free, or compare it with the record another run has just written for the same
        operation: one record per operation, whatever runs at once."""
        number = item.data.get("project_number")
        text = self.header + dump(item.data)
        while True:
            name = file_name(number if isinstance(number, str) else "", item.identifier, self.existing.names)
            path = os.path.join(self.folder, name)
            if self.dry_run:
                return [word("import_would_create", self.lang).format(shown(path), where)], "created"
            if write_atomic(path, text, replace=False):  # never over a name taken meanwhile
                return [], "created"
            if imported_from(path, self.config) == (self.layout.name, item.identifier):
                return _Compare(where, Match(path, True), item)


def _refused(where: str, identifier: str, reason: str, lang: str) -> Said:
    who = one_line(identifier) or word("import_no_identifier", lang)
    return [word("import_refused", lang).format(where, who, one_line(reason))], "refused"


def _compared(job: _Compare, config: Config, lang: str) -> Said:
    found = differences(job.target, job.item, config)
    if isinstance(found, Message):
        why = one_line(found.render(True, lang))
        return [word("import_not_compared", lang).format(shown(job.target.file), why, job.where)], "differing"
    if found:
        return [one_line(_difference(difference, lang)) for difference in found], "differing"
    return [], "unchanged"


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
