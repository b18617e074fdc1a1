"""The rows of a list as they come: refused, repeated, compared with their record, or
created; what happened to each, in the order of the rows (`esfproj import` says it).

Rows are streamed: what is kept per operation is its identifier, its line and a digest
(to find repeats), never the record. A record that exists is never written again.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import partial
from typing import NamedTuple

from esfproj.config import Config
from esfproj.engine import mapped
from esfproj.importing.existing import Difference, Existing, Match, differences, imported_from, match
from esfproj.importing.files import free_name
from esfproj.importing.layouts import Layout
from esfproj.importing.operations import Operation, Refused, digest, operation
from esfproj.importing.rows import BadRow, Row
from esfproj.model import Message
from esfproj.output import write_atomic
from esfproj.yamltext import dump

BATCH = 4096
"""Rows whose records are compared together (over every core), their outcomes kept in order."""


class Created(NamedTuple):
    """A new record, at `path` (in a dry run, where it would be)."""

    where: str
    path: str


class Repeated(NamedTuple):
    """A row that repeats the operation of line `first`: imported once if `same` (the same
    values), else refused."""

    where: str
    identifier: str
    first: int
    same: bool


class Rejected(NamedTuple):
    """A row refused, and why: nothing is written for it."""

    where: str
    identifier: str
    reason: Message


class Compared(NamedTuple):
    """A row whose record is there: where it differs from the list (nowhere: unchanged), or
    why the record cannot be read."""

    where: str
    file: str
    found: list[Difference] | Message


Outcome = Created | Repeated | Rejected | Compared
"""`where` is `list:line`, the row's place in the list."""


def outcome(said: Outcome) -> str:
    """What one row came to, as counted in the closing line."""
    if isinstance(said, Compared):
        return "differing" if said.found else "unchanged"
    if isinstance(said, Repeated):
        return "repeated" if said.same else "refused"
    return "created" if isinstance(said, Created) else "refused"


class _Compare(NamedTuple):
    where: str
    target: Match
    item: Operation


class Import:
    """One list into one folder: each row decided as it comes, the records to compare
    compared a batch at a time over every core."""

    def __init__(
        self,
        *,
        layout: Layout,
        config: Config,
        existing: Existing,
        folder: str,
        source: str,
        header: str,
        dry_run: bool,
    ) -> None:
        self.layout, self.config, self.existing = layout, config, existing
        self.folder, self.source, self.header, self.dry_run = folder, source, header, dry_run
        self.seen: dict[str, tuple[int, bytes]] = {}

    def outcomes(self, rows: Iterable[Row | BadRow], listed_as: str) -> Iterator[Outcome]:
        """What each row came to, in the order of the rows; `listed_as` is the list's name in
        each record's `listing`."""
        digits = self.config.limits.max_number_digits
        batch: list[Outcome | _Compare] = []
        for row in rows:
            batch.append(self._decide(operation(self.layout, row, listed_as, digits)))
            if len(batch) >= BATCH:
                yield from self._compared(batch)
                batch = []
        yield from self._compared(batch)

    def _decide(self, item: Operation | Refused) -> Outcome | _Compare:
        where = f"{self.source}:{item.line}"
        if isinstance(item, Refused):
            return Rejected(where, item.identifier, item.reason)
        first = self.seen.get(item.identifier)
        mark = digest(item)
        if first is not None:
            return Repeated(where, item.identifier, first[0], first[1] == mark)
        self.seen[item.identifier] = (item.line, mark)
        target = match(self.existing, self.layout.name, item)
        if target is None:
            return self._create(item, where)
        return _Compare(where, target, item)

    def _compared(self, batch: list[Outcome | _Compare]) -> Iterator[Outcome]:
        """The batch's records compared with their rows, and every row's outcome in order."""
        jobs = [entry for entry in batch if isinstance(entry, _Compare)]
        compared = mapped(partial(_compare, config=self.config), jobs)
        for entry in batch:
            yield next(compared) if isinstance(entry, _Compare) else entry

    def _create(self, item: Operation, where: str) -> Outcome | _Compare:
        """Link the record to the first of the operation's names (the same in every run) that
        is free, or compare it with the record another run has just written for the same
        operation: one record per operation, whatever runs at once."""
        number = item.data.get("project_number")
        text = self.header + dump(item.data)
        while True:
            name = free_name(number if isinstance(number, str) else "", item.identifier, self.existing.names)
            path = os.path.join(self.folder, name)
            if self.dry_run or write_atomic(path, text, replace=False):  # never over a name taken meanwhile
                return Created(where, path)
            if imported_from(path, self.config) == (self.layout.name, item.identifier):
                return _Compare(where, Match(path, True), item)


def _compare(job: _Compare, config: Config) -> Compared:
    return Compared(job.where, job.target.file, differences(job.target, job.item, config))
