"""Where things are written in a record's text: the loader's positions (where each value
starts) completed with where each scalar ends, and the value under the cursor."""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml
from yaml import _yaml as libyaml

from esfproj.config import Config
from esfproj.loader import Positions, parse
from esfproj.model import Path

Point = tuple[int, int]
"""A 1-based line and column, in characters, as the loader and `validate` give them."""


class Places(NamedTuple):
    """One text's positions: where each path's key and value start, where each scalar ends,
    and where each flow collection (`[...]`, `{...}`) ends."""

    text: str
    positions: Positions
    ends: dict[Point, Point]

    @classmethod
    def of(cls, text: str, config: Config) -> Places:
        return cls(text, parse(text, config.limits, positions=True).positions or {}, _ends(text))

    def value(self, path: Path) -> tuple[Point, Point] | None:
        """Where the value at `path` starts and ends (None where it is not written)."""
        position = self.positions.get(path)
        if position is None:
            return None
        start = (position[2], position[3])
        return start, self.end(start)

    def end(self, start: Point) -> Point:
        """The end of the scalar or flow collection that starts at `start`; for a block
        collection or an unknown start, the end of its line."""
        found = self.ends.get(start)
        if found is not None:
            return found
        lines = self.text.split("\n")
        line = lines[start[0] - 1] if 0 < start[0] <= len(lines) else ""
        return start[0], max(len(line.rstrip("\r")) + 1, start[1] + 1)

    def slice(self, start: Point, end: Point) -> str:
        """The text between two points."""
        return self.text[self.offset(start) : self.offset(end)]

    def offset(self, point: Point) -> int:
        """The index in the text of a 1-based line and column."""
        index = 0
        for _ in range(point[0] - 1):
            found = self.text.find("\n", index)
            if found < 0:
                return len(self.text)
            index = found + 1
        return min(index + point[1] - 1, len(self.text))

    def path_at(self, line: int, column: int) -> Path | None:
        """The path of the key or value under (line, column), both 1-based: of the entries
        written on that line, the one that starts last at or before the column."""
        best: tuple[int, Path] | None = None
        for path, (key_line, key_column, value_line, value_column) in self.positions.items():
            for at_line, at_column in ((key_line, key_column), (value_line, value_column)):
                if at_line == line and at_column <= column and (best is None or at_column >= best[0]):
                    best = (at_column, path)  # on a tie the later, deeper entry: a part's first key
        return best[1] if best is not None else None


def _ends(text: str) -> dict[Point, Point]:
    """Start -> end of every scalar and flow collection libyaml reads before any error."""
    ends: dict[Point, Point] = {}
    opened: list[tuple[Point, bool]] = []
    parser = libyaml.CParser(text)
    try:
        while True:
            event: Any = parser.get_event()
            kind = type(event)
            if event is None or kind is yaml.StreamEndEvent:
                break
            if kind is yaml.ScalarEvent or kind is yaml.AliasEvent:
                ends[_point(event.start_mark)] = _point(event.end_mark)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                opened.append((_point(event.start_mark), bool(event.flow_style)))
            elif (kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent) and opened:
                begun, flow = opened.pop()
                if flow:
                    ends[begun] = _point(event.end_mark)
    except yaml.YAMLError:
        pass  # a text half typed: the ends found so far
    return ends


def _point(mark: Any) -> Point:
    return mark.line + 1, mark.column + 1
