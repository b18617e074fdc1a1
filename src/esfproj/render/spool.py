"""Rows held in a temporary file rather than in memory, for outputs of any number of records."""

from __future__ import annotations

import pickle
from array import array
from collections.abc import Iterable, Iterator
from typing import IO, Generic, TypeVar

Value = TypeVar("Value")


class Spool(Generic[Value]):
    """Values pickled to a temporary file as they come (Decimals and dates kept as they
    are), and read back in the order they came, or in any order by their numbers; only
    their offsets stay in memory. Used as a context manager, which removes the file."""

    def __init__(self) -> None:
        import tempfile  # only for the commands that spool: kept off validate's start-up

        self.file: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)
        self.offsets = array("Q", [0])
        """Where each value starts, and (last) where the next will."""

    def __enter__(self) -> Spool[Value]:
        return self

    def __exit__(self, *_: object) -> None:
        self.file.close()

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def add(self, value: Value) -> int:
        """Keep `value`; its number (0, 1, ...)."""
        raw = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        self.file.seek(self.offsets[-1])
        self.file.write(raw)
        self.offsets.append(self.offsets[-1] + len(raw))
        return len(self.offsets) - 2

    def __iter__(self) -> Iterator[Value]:
        """Every value, in the order it came (as often as asked)."""
        self.file.seek(0)
        for start, end in zip(self.offsets, self.offsets[1:], strict=False):
            yield pickle.loads(self.file.read(end - start))  # our own temporary file, written above

    def pick(self, numbers: Iterable[int]) -> Iterator[Value]:
        """The values with these numbers, in that order."""
        for number in numbers:
            start = self.offsets[number]
            self.file.seek(start)
            yield pickle.loads(self.file.read(self.offsets[number + 1] - start))
