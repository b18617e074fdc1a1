"""What one `validate` run found in each file, kept in columns so that the next run with the
same settings is served it without reading, or even unpickling, a file's entry.

The content cache (`cache.Store`'s entries) spares a run the parsing and checking of an
unchanged file, but not the per-file work of serving it: at 100 000 files that work alone
takes seconds. A snapshot holds the run's outcome per file in a few arrays, so a run whose
files are unchanged costs little more than the `stat` of each. A file's row is served only
while all of this holds:

- its stat data are those the snapshot kept, and were not racy when kept (modified at or
  after the start of the run that kept them: then its size is kept as -1, never matched);
- the check date lies in the span over which its dated checks give what they gave
  (`checks.dates.dated_span`): a new day never serves a stale dated finding.

Every other file is checked as usual (through the content cache), and the cross-record
findings are computed again whenever any file was.
"""

from __future__ import annotations

import gc
import pickle
import zlib
from array import array
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from esfproj.model import Finding, Message, Severity, Skipped, Unread, ValidationResult

UNTRUSTED = -1
"""The size kept for a file whose stat data cannot vouch for its content next time."""
BLOCK = 1024
"""Files compared at once when looking for the few that changed; items packed together."""


class Row(NamedTuple):
    """What a run keeps of one file."""

    findings: list[Finding]
    is_record: bool
    hashes: tuple[int, ...]
    """The cross-record trace (`engine.CrossTrace.hashes`)."""
    acknowledges: bool
    """The record acknowledges a cross-record check."""
    unread: Unread | None
    gaps: tuple[Unread, ...]
    holds: tuple[int, int]
    """The first and last day (ordinals) over which the file's dated checks give the same."""
    id_hash: int
    """A stable hash of the record id its name gives (for the check of clashing ids)."""
    item: Any = None
    """What the command's `extract` made of the record (None: nothing, or no extract)."""


class Snapshot:
    """A run's rows, in columns: a list, a few arrays, and dicts for the few files with
    findings or that could not be read."""

    def __init__(self, width: int) -> None:
        self.files: list[str] = []
        self.stats = array("q")
        """Four numbers per file: its `cache.Stat`, or a size of UNTRUSTED."""
        self.holds = array("q")
        """Two numbers per file: the first and last day of `Row.holds`."""
        self.records = bytearray()
        self.acknowledging = bytearray()
        self.hashes = [array("q") for _ in range(width)]
        self.ids = array("q")
        self.items = PackedColumn()
        """Each file's `Row.item`: plain data (texts, numbers, tuples), quick to pickle. Kept
        packed: a run that changes nothing needs none of them (the command's fold is kept
        whole), and they are most of a snapshot's bytes."""
        self.findings: dict[int, list[PlainFinding]] = {}
        """Kept plain (`_plain`), as pickled: a run makes Findings of them only to report them."""
        self.unread: dict[int, Unread] = {}
        self.gaps: dict[int, tuple[Unread, ...]] = {}
        self.cross: list[PlainFinding] = []
        """The run's cross-record findings, plain."""
        self.folded: Any = None
        """What the command made of all the items (`engine.Fold`), None when it makes nothing."""
        self.folders: list[tuple[str, int, int, int]] | None = None
        """The folders whose entries decided which files the run read (`discovery.Folder`):
        while none has changed, the next run does not walk them again."""
        self.skipped: list[Skipped] = []
        """What that walk passed over."""

    def add(self, file: str, stat: Sequence[int], row: Row) -> None:
        """Keep `row` for `file`, found next time by `stat` (four numbers, as `stats`)."""
        self.files.append(file)
        self.stats.extend(stat)
        self.holds.extend(row.holds)
        self.records.append(row.is_record)
        self.acknowledging.append(row.acknowledges)
        for column, value in zip(self.hashes, row.hashes, strict=True):
            column.append(value)
        self.ids.append(row.id_hash)
        self.items.append(row.item)
        if row.findings or row.unread is not None or row.gaps:  # a new row has nothing to drop
            self._note(len(self.files) - 1, row)

    def copy(self) -> Snapshot:
        """A copy, for a run over the same files that replaces a few rows (`put`): its
        columns copied whole, not row by row."""
        copy = Snapshot(len(self.hashes))
        copy.files, copy.ids = self.files, self.ids  # the same files: never changed
        copy.stats, copy.holds = array("q", self.stats), array("q", self.holds)
        copy.records, copy.acknowledging = bytearray(self.records), bytearray(self.acknowledging)
        copy.hashes = [array("q", column) for column in self.hashes]
        copy.items = self.items.copy()
        copy.findings, copy.unread, copy.gaps = dict(self.findings), dict(self.unread), dict(self.gaps)
        return copy

    def put(self, at: int, stat: Sequence[int], row: Row) -> None:
        """Replace the row of the file at `at` (its name, and so its id, stays)."""
        self.stats[4 * at : 4 * at + 4] = array("q", stat)
        self.holds[2 * at : 2 * at + 2] = array("q", row.holds)
        self.records[at], self.acknowledging[at] = row.is_record, row.acknowledges
        for column, value in zip(self.hashes, row.hashes, strict=True):
            column[at] = value
        self.items[at] = row.item
        self._note(at, row)

    def _note(self, at: int, row: Row) -> None:
        """The row's few sparse values: its findings, why it could not be read, its gaps."""
        if row.findings:
            self.findings[at] = [_plain(finding) for finding in row.findings]
        else:
            self.findings.pop(at, None)
        if row.unread is not None:
            self.unread[at] = row.unread
        else:
            self.unread.pop(at, None)
        if row.gaps:
            self.gaps[at] = row.gaps
        else:
            self.gaps.pop(at, None)

    def row(self, at: int) -> Row:
        return Row(
            [_finding(plain) for plain in self.findings.get(at, [])],
            bool(self.records[at]),
            tuple(column[at] for column in self.hashes),
            bool(self.acknowledging[at]),
            self.unread.get(at),
            self.gaps.get(at, ()),
            (self.holds[2 * at], self.holds[2 * at + 1]),
            self.ids[at],
            self.items[at],
        )

    def fill(self, report: ValidationResult) -> None:
        """Give `report` what the files of this snapshot give a run: their findings (not the
        cross-record ones), the records among them, and what could not be read, in file order."""
        for at in sorted(self.findings):
            report.findings.extend(map(_finding, self.findings[at]))
        report.records += self.records.count(1)
        for at in sorted({*self.unread, *self.gaps}):
            if at in self.unread and not self.records[at]:
                report.unread.append(self.unread[at])
            report.unread.extend(self.gaps.get(at, ()))

    def served(self, files: list[str], stats: array[int], day: int) -> list[int | None]:
        """For each file, the row of this snapshot that still holds for it (None: check it).
        `stats`: four numbers per file, as `self.stats` keeps them (a size of `statdata.NOW_UNKNOWN`
        for a file that cannot be vouched for now)."""
        if files != self.files:
            where = {file: at for at, file in enumerate(self.files)}
            return [self._holding(where.get(file), stats, index, day) for index, file in enumerate(files)]
        found: list[int | None] = list(range(len(files)))
        kept, holds = self.stats, self.holds
        for start in range(0, len(files), BLOCK):  # a block at a time, compared in C
            end = min(start + BLOCK, len(files))
            if (
                kept[4 * start : 4 * end] != stats[4 * start : 4 * end]
                or max(holds[2 * start : 2 * end : 2]) > day
                or min(holds[2 * start + 1 : 2 * end : 2]) < day
            ):
                for index in range(start, end):
                    found[index] = self._holding(index, stats, index, day)
        return found

    def _holding(self, at: int | None, stats: array[int], index: int, day: int) -> int | None:
        """`at` if this snapshot's row `at` holds for the file whose stat data are at `index`
        of `stats` on `day`, else None."""
        if (
            at is None
            or self.stats[4 * at : 4 * at + 4] != stats[4 * index : 4 * index + 4]
            or not self.holds[2 * at] <= day <= self.holds[2 * at + 1]
        ):
            return None
        return at

    def keep_found(self, folders: list[tuple[str, int, int, int]] | None, skipped: list[Skipped]) -> None:
        self.folders, self.skipped = folders, skipped

    def keep_cross(self, findings: list[Finding]) -> None:
        self.cross = [_plain(finding) for finding in findings]

    def cross_findings(self) -> list[Finding]:
        return [_finding(plain) for plain in self.cross]

    def dumps(self) -> bytes:
        """The snapshot as bytes: pickled, not compressed (the items, most of its bytes, are
        packed already; compressing the rest would cost a run that writes it a fifth of a
        second at 100 000 files)."""
        return pickle.dumps(self, pickle.HIGHEST_PROTOCOL)

    @classmethod
    def loads(cls, value: bytes, width: int) -> Snapshot | None:
        """The snapshot in `value`; None for one that cannot be read back as one (an older
        layout, say), which is then made anew."""
        try:
            snapshot = unpickled(value)
        except Exception:
            return None
        if not isinstance(snapshot, cls) or len(snapshot.hashes) != width:
            return None
        return snapshot


def positions(values: Sequence[Any], wanted: Iterable[Any]) -> list[int]:
    """The positions of the values that are in `wanted`, in order: each found by `index`, in
    C, rather than by a loop over a hundred thousand values for the few that are."""
    found = []
    for value in wanted:
        at = -1
        while True:
            try:
                at = values.index(value, at + 1)
            except ValueError:
                break
            found.append(at)
    return sorted(found)


def packed(value: Any) -> bytes:
    """`value` pickled and compressed: a column that a run unpacks only when it needs it."""
    return zlib.compress(pickle.dumps(value, pickle.HIGHEST_PROTOCOL), 1)


def unpacked(value: bytes) -> Any:
    return unpickled(zlib.decompress(value))


def unpickled(value: bytes) -> Any:
    """`pickle.loads`, with the garbage collector held off: its passes over the hundreds of
    thousands of objects a snapshot makes would take as long as the unpickling itself, and
    none of them can be garbage."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(value)
    finally:
        if collecting:
            gc.enable()


class Column(Protocol):
    """A column of items read by position (a list, a `PackedColumn`)."""

    def __len__(self) -> int: ...
    def __getitem__(self, at: int, /) -> Any: ...


class PackedColumn:
    """A column of a snapshot kept in packed blocks (`packed`) of BLOCK items: a run unpacks
    only the blocks it reads, and a snapshot written again packs anew only the blocks that
    changed.

    Memory stays flat: a block is packed as soon as it is full, only the blocks changed
    since (`opened`) are held unpacked, and a block read is held only until another one is
    (`reading`): a run over 100 000 records never holds all their items at once."""

    __slots__ = ("blocks", "length", "opened", "reading")

    def __init__(self) -> None:
        self.blocks: list[bytes | None] = []
        """Each block packed; None for one held in `opened`."""
        self.opened: dict[int, list[Any]] = {}
        self.reading: tuple[int, list[Any]] | None = None
        self.length = 0

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, at: int) -> Any:
        if not 0 <= at < self.length:
            raise IndexError(at)
        return self._block(at // BLOCK)[at % BLOCK]

    def __setitem__(self, at: int, value: Any) -> None:
        if not 0 <= at < self.length:
            raise IndexError(at)
        self._changing(at // BLOCK)[at % BLOCK] = value

    def __iter__(self) -> Iterator[Any]:
        for number in range(len(self.blocks)):
            yield from self._block(number)

    def append(self, value: Any) -> None:
        if self.length % BLOCK == 0:
            self.blocks.append(None)
            self.opened[len(self.blocks) - 1] = []
        number = len(self.blocks) - 1
        block = self._changing(number)
        block.append(value)
        self.length += 1
        if len(block) == BLOCK:  # full: packed now, not held until the snapshot is written
            self.blocks[number] = packed(block)
            del self.opened[number]

    def copy(self) -> PackedColumn:
        copy = PackedColumn()
        copy.blocks, copy.length = list(self.blocks), self.length
        copy.opened = {number: list(block) for number, block in self.opened.items()}
        return copy

    def _block(self, number: int) -> list[Any]:
        block = self.opened.get(number)
        if block is not None:
            return block
        if self.reading is None or self.reading[0] != number:
            packed_block = self.blocks[number]
            assert packed_block is not None  # a block is packed or opened
            self.reading = (number, unpacked(packed_block))
        return self.reading[1]

    def _changing(self, number: int) -> list[Any]:
        """The block, held unpacked from now on (its packed form dropped: it changes)."""
        block = self.opened.get(number)
        if block is None:
            block = self.opened[number] = list(self._block(number))
            self.blocks[number] = None
            if self.reading is not None and self.reading[0] == number:
                self.reading = None  # else read again once the block is packed anew, as it was
        return block

    def __getstate__(self) -> tuple[list[bytes], int]:
        blocks = [packed(self.opened[number]) if block is None else block for number, block in enumerate(self.blocks)]
        return blocks, self.length

    def __setstate__(self, state: tuple[list[bytes], int]) -> None:
        blocks, self.length = state
        self.blocks, self.opened, self.reading = list(blocks), {}, None


PlainFinding = tuple[Any, ...]


def _plain(finding: Finding) -> PlainFinding:
    message = finding.message
    amounts = tuple(str(amount) for amount in message.amounts)
    return (*finding[:5], finding.severity.value, finding.path, message.template, amounts, message.lv, *finding[8:])


_SEVERITIES = {severity.value: severity for severity in Severity}
_new = tuple.__new__


def _finding(plain: PlainFinding) -> Finding:
    """`_plain` undone; made without the named tuples' own constructors, which check their
    arguments and take twice as long (a warm run over 100 000 files makes ten thousand)."""
    file, line, column, record, check, severity, path, template, amounts, lv, *rest = plain
    message = _new(Message, (template, tuple(map(Decimal, amounts)) if amounts else (), lv))
    return _new(Finding, (file, line, column, record, check, _SEVERITIES[severity], path, message, *rest))
