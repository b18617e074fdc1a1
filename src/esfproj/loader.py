"""Bytes -> plain values with exact decimals, plus where each value was written.

The loader reads libyaml's event stream (`yaml.CParser`, no Python object
construction at all) and builds dicts, lists, str, int and Decimal itself:

- numbers become `int` or `Decimal` from the text as written, never float;
- dates, timestamps and every other scalar stay text;
- YAML 1.1 booleans (`yes`, `no`, `on`, `off`...) become bool, so the schema
  can say "quote it" where a word was meant;
- tags that would construct objects, duplicate keys, several documents,
  aliases that expand too far and nesting that goes too deep are problems,
  never exceptions.

Positions (1-based line and column of each key and value) are collected only
when asked for: validation parses a second time for the few files that have
findings.
"""

from __future__ import annotations

import os
import stat
from typing import Any, NamedTuple

import yaml
from yaml import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml import _yaml as libyaml

from esfproj.model import Check, Message, Path, Problem, Severity
from esfproj.numbers import DEFAULT_DIGITS, START, read_number
from esfproj.portability import OLD_BOOL, difference
from esfproj.text import CONTROL, one_line, os_reason

# (key line, key column, value line, value column); key line 0 = no key.
Position = tuple[int, int, int, int]
Positions = dict[Path, Position]

YAML_TAG = "tag:yaml.org,2002:"
STR_TAG, INT_TAG, FLOAT_TAG = YAML_TAG + "str", YAML_TAG + "int", YAML_TAG + "float"
BOOL_TAG, NULL_TAG = YAML_TAG + "bool", YAML_TAG + "null"
PLAIN_TAGS = frozenset(
    {
        None,
        "!",
        STR_TAG,
        INT_TAG,
        FLOAT_TAG,
        BOOL_TAG,
        NULL_TAG,
        YAML_TAG + "map",
        YAML_TAG + "seq",
        YAML_TAG + "timestamp",
    }
)

NULLS = frozenset({"", "~", "null", "Null", "NULL"})
TRUES = frozenset({"yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"})
FALSES = frozenset({"no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"})


FILE_READ = Check(
    "file-read",
    Severity.ERROR,
    "the file cannot be read (missing, a folder, a FIFO or device, no permission)",
    lv="failu nevar nolasīt (nav, ir mape, FIFO vai ierīce, nav tiesību)",
)
YAML_SYNTAX = Check("yaml-syntax", Severity.ERROR, "the file is not valid YAML", lv="fails nav derīgs YAML")
YAML_ENCODING = Check("yaml-encoding", Severity.ERROR, "the file is not UTF-8", lv="fails nav UTF-8")
YAML_DUPLICATE_KEY = Check(
    "yaml-duplicate-key",
    Severity.ERROR,
    "a key appears twice in one mapping (both lines named)",
    lv="atslēga vienā kartē ir divreiz (nosauktas abas rindas)",
)
YAML_STRUCTURE = Check(
    "yaml-structure",
    Severity.ERROR,
    "empty file, more than one document, the top level is not a mapping, or a tag",
    lv="tukšs fails, vairāki dokumenti, augšējais līmenis nav karte, vai birka",
)
YAML_LIMITS = Check(
    "yaml-limits",
    Severity.ERROR,
    "over the size, nesting, alias or number limits that protect the tool",
    lv="pārsniegti izmēra, ligzdojuma, aizstājvārdu vai skaitļu ierobežojumi, kas sargā rīku",
)
KEY_LV = "kartes atslēgai jābūt vienkāršam tekstam, nevis kartei vai sarakstam"
YAML_PORTABILITY = Check(
    "yaml-portability",
    Severity.ERROR,
    "a plain value that YAML 1.1 readers (PyYAML) and YAML 1.2 readers (editors) read differently",
    lv="vienkārša vērtība, ko YAML 1.1 lasītāji (PyYAML) un YAML 1.2 lasītāji (redaktori) lasa atšķirīgi",
)
CONTROL_CHARACTER = Check(
    "control-character",
    Severity.WARNING,
    "a text holds a control character other than tab and "
    "newline (written as an escape in double quotes, or pasted from a word processor)",
    lv="tekstā ir vadības rakstzīme, kas nav tabulators vai rindas pāreja",
)


class Limits(NamedTuple):
    """Limits that protect the tool from crafted files (configurable)."""

    max_file_bytes: int = 1_048_576
    max_depth: int = 64
    max_nodes: int = 100_000
    max_number_digits: int = DEFAULT_DIGITS


class Loaded(NamedTuple):
    """One parsed file: `data` is None when the file cannot be used at all."""

    data: Any
    problems: list[Problem]
    positions: Positions | None = None


def _problem(check: str, text: str, line: int, column: int, lv: str | None = None) -> Problem:
    return Problem(check, (), Message(text, lv=lv), line=line, column=column)


class _Stop(Exception):
    """Raised inside the builder when the file cannot be read further."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message.template)
        self.problem = problem


KINDS = (
    (stat.S_ISDIR, "a folder", "mape"),
    (stat.S_ISFIFO, "a FIFO (named pipe)", "FIFO (nosaukts kanāls)"),
    (stat.S_ISSOCK, "a socket", "ligzda (socket)"),
    (stat.S_ISCHR, "a character device", "rakstzīmju ierīce"),
    (stat.S_ISBLK, "a block device", "bloku ierīce"),
)


class Raw(NamedTuple):
    """A file's bytes, or the problem that kept them from being read; `status` is the
    file's stat data as it was opened (a cache finds the bytes' entry by it)."""

    data: bytes | None
    problems: list[Problem]
    status: os.stat_result | None = None


def read_text(file: str, limits: Limits) -> tuple[str | None, list[Problem]]:
    """Read a file as UTF-8 text; every failure is a problem, never an exception."""
    raw = read_bytes(file, limits)
    return decode(raw.data) if raw.data is not None else (None, raw.problems)


def read_bytes(file: str, limits: Limits) -> Raw:
    """Read a file's bytes; every failure is a problem, never an exception.

    Only regular files are read: a FIFO, socket or device named `*.yaml` is a problem,
    and is opened without blocking, so a FIFO with no writer never hangs the run.
    """
    try:
        handle = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        try:  # a socket cannot be opened at all: say what it is
            special = _not_regular(os.stat(file).st_mode)
        except OSError:
            special = None
        return Raw(None, [special or unreadable(error)])
    try:
        status = os.fstat(handle)
        special = _not_regular(status.st_mode)
        if special is not None:
            return Raw(None, [special])
        large = too_large(status.st_size, limits)
        if large is not None:
            return Raw(None, [large])
        raw = _read_at_most(handle, limits.max_file_bytes)
        grown = too_large(len(raw), limits)  # it grew since
        if grown is not None:
            return Raw(None, [grown])
    except OSError as error:
        return Raw(None, [unreadable(error)])
    finally:
        os.close(handle)
    return Raw(raw, [], status)


def unreadable(error: OSError) -> Problem:
    why, why_lv = os_reason(error), os_reason(error, "lv")
    return _problem(FILE_READ.id, f"cannot read the file: {why}", 1, 1, lv=f"failu nevar nolasīt: {why_lv}")


READ_CHUNK = 1_048_576


def _read_at_most(handle: int, limit: int) -> bytes:
    """The file's bytes, up to one past `limit`, read a chunk at a time: memory follows the
    file's size, never the limit's."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = os.read(handle, min(READ_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def too_large(size: int, limits: Limits) -> Problem | None:
    """The problem of a file (or a git blob) of `size` bytes, over the limit; None within it."""
    if size <= limits.max_file_bytes:
        return None
    return _problem(
        YAML_LIMITS.id,
        f"the file is {size} bytes, over the limit of {limits.max_file_bytes} "
        "(limits.max_file_bytes in the configuration)",
        1,
        1,
        lv=f"fails ir {size} baitu, vairāk par robežu {limits.max_file_bytes} (limits.max_file_bytes konfigurācijā)",
    )


def _not_regular(mode: int) -> Problem | None:
    if stat.S_ISREG(mode):
        return None
    kind, kind_lv = next(
        ((en, lv) for test, en, lv in KINDS if test(mode)), ("not a regular file", "nav parasts fails")
    )
    return _problem(
        FILE_READ.id,
        f"the path is {kind}, not a file: records are regular files; rename it or move it out of the data folder",
        1,
        1,
        lv=f"ceļš ir {kind_lv}, nevis fails: ieraksti ir parasti faili; pārdēvējiet to vai "
        "pārvietojiet ārpus datu mapes",
    )


def decode(raw: bytes) -> tuple[str | None, list[Problem]]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [
            _problem(
                YAML_ENCODING.id,
                "the file is UTF-16, not UTF-8; save it as UTF-8",
                1,
                1,
                lv="fails ir UTF-16, nevis UTF-8; saglabājiet to kā UTF-8",
            )
        ]
    if b"\x00" in raw[:2] or b"\x00" in raw[-2:]:  # text in UTF-16 or UTF-32 has NULs at once
        zeros = max(raw[0::2].count(0), raw[1::2].count(0))
        if zeros * 4 > len(raw):
            return None, [
                _problem(
                    YAML_ENCODING.id,
                    "the file is UTF-16 or UTF-32 without a byte-order mark, not "
                    "UTF-8; save it as UTF-8 (in most editors: File > Save with Encoding > UTF-8)",
                    1,
                    1,
                    lv="fails ir UTF-16 vai UTF-32 bez baitu secības zīmes, nevis UTF-8; saglabājiet to kā UTF-8",
                )
            ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        byte = raw[error.start]
        return None, [
            _problem(
                YAML_ENCODING.id,
                f"byte 0x{byte:02X} is not UTF-8; save the file as UTF-8 "
                "(in most editors: File > Save with Encoding > UTF-8)",
                line,
                column,
                lv=f"baits 0x{byte:02X} nav UTF-8; saglabājiet failu kā UTF-8",
            )
        ]
    return text.removeprefix("\ufeff"), []


def _plain(text: str, max_digits: int) -> Any:
    """A plain (unquoted, untagged) scalar: null, a YAML 1.1 boolean, a number or text."""
    if not text:
        return None
    first = text[0]
    if first in START:
        number = read_number(text, max_digits)
        return text if number is None else number
    if text in NULLS:
        return None
    if text in TRUES:
        return True
    if text in FALSES:
        return False
    return text


def _scalar(event: Any, max_digits: int) -> Any:
    """A quoted or tagged scalar."""
    text: str = event.value
    tag = event.tag
    if tag is None or tag == "!":
        return _plain(text, max_digits) if event.implicit[0] else text
    if tag in (INT_TAG, FLOAT_TAG):
        number = read_number(text, max_digits)
        return text if number is None else number
    if tag == NULL_TAG and text in NULLS:
        return None
    if tag == BOOL_TAG and (text in TRUES or text in FALSES):
        return text in TRUES
    return text


def _syntax_problem(error: yaml.YAMLError, text: str) -> Problem:
    if isinstance(error, yaml.reader.ReaderError):
        index = error.position
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        return _problem(
            YAML_SYNTAX.id,
            f"{error.reason}: character {error.character!r} is not allowed in YAML text",
            line,
            column,
            lv=f"rakstzīme {error.character!r} YAML tekstā nav atļauta ({error.reason})",
        )
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    if problem == "exceeded maximum nesting depth":  # libyaml from 0.2.6 (PyYAML 6.0.4) stops at its own limit
        return _problem(
            YAML_LIMITS.id,
            "nesting deeper than the YAML reader allows (libyaml: exceeded maximum nesting depth)",
            line,
            column,
            lv="ligzdojums dziļāks, nekā YAML lasītājs atļauj (libyaml: exceeded maximum nesting depth)",
        )
    message = f"{context}, {problem}" if context else problem
    lines = text.splitlines()
    bad_line = lines[line - 1] if 0 < line <= len(lines) else ""
    tab = "\t" in bad_line[: max(column, len(bad_line) - len(bad_line.lstrip()))]
    lv = f"nav derīgs YAML: {message}"  # libyaml's own words stay as it writes them
    if tab:
        message += "; a tab is used for indentation: indent with spaces"
        lv += "; atkāpei lietots tabulators: atkāpiet ar atstarpēm"
    return _problem(YAML_SYNTAX.id, f"not valid YAML: {message}", line, column, lv=lv)


class _Marker:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_NO_KEY = _Marker("<no key>")
_DUPLICATE = _Marker("<duplicate key>")


class _Frame:
    """An open mapping or sequence. `path` is None inside a discarded duplicate."""

    __slots__ = ("anchor", "container", "is_map", "key", "key_column", "key_line", "nodes_at_start", "path", "seen")

    def __init__(self, container: Any, path: Path | None, anchor: str | None, nodes: int) -> None:
        self.container = container
        self.is_map = isinstance(container, dict)
        self.path = path
        self.key: Any = _NO_KEY
        self.key_line = self.key_column = 0
        self.seen: dict[str, int] = {}
        self.anchor = anchor
        self.nodes_at_start = nodes


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    return str(key).lower() if isinstance(key, bool) else str(key)


class _Builder:
    """Turns the event stream into values; one instance per parse.

    `run` hands each event to the method of its kind: `_scalar`, `_alias`, `_open` (a
    mapping or a list starts) and `_close`. A scalar's or an alias's value goes where the
    open container wants it (`_place`: the root, a list's next item, a mapping's key in
    `_key`, or that key's value). Every command reads every record through here: the
    common path (a plain scalar in a mapping) reads its state from slots and touches
    marks only where a key, a limit or a position needs them.
    """

    __slots__ = (
        "anchors",
        "frame",
        "limits",
        "max_digits",
        "max_nodes",
        "nodes",
        "open_anchors",
        "positions",
        "problems",
        "root",
        "stack",
    )

    def __init__(self, limits: Limits, positions: Positions | None) -> None:
        self.limits = limits
        self.max_digits, self.max_nodes = limits.max_number_digits, limits.max_nodes
        self.positions = positions
        self.problems: list[Problem] = []
        self.nodes = 0
        self.anchors: dict[str, tuple[Any, int]] = {}
        """Each anchor's value and how many values it counts for when an alias repeats it."""
        self.open_anchors: set[str] = set()
        self.stack: list[_Frame] = []
        self.frame: _Frame | None = None
        """The innermost open container; None at the top level."""
        self.root: Any = _NO_KEY

    def run(self, parser: Any) -> Any:
        """The document's value (None for an empty one); a problem that stops the reading
        is raised as `_Stop`."""
        get_event = parser.get_event
        get_event()  # StreamStart
        if type(get_event()) is StreamEndEvent:
            raise _Stop(
                _problem(
                    YAML_STRUCTURE.id,
                    "the file is empty: a record is a YAML mapping of fields (schema_version, project_number, ...)",
                    1,
                    1,
                    lv="fails ir tukšs: ieraksts ir YAML lauku karte (schema_version, project_number, ...)",
                )
            )
        scalar, alias, open_, close = self._scalar, self._alias, self._open, self._close
        scalar_event, alias_event, document_end = ScalarEvent, AliasEvent, DocumentEndEvent
        starts, ends = (MappingStartEvent, SequenceStartEvent), (MappingEndEvent, SequenceEndEvent)
        while True:  # the kinds by how often they come: this is the hot path of every command
            event = get_event()
            kind = type(event)
            if kind is scalar_event:
                scalar(event)
            elif kind in ends:
                close(event)
            elif kind in starts:
                open_(event)
            elif kind is alias_event:
                alias(event)
            elif kind is document_end:
                break
        self._second_document(get_event())
        return None if self.root is _NO_KEY else self.root

    def _scalar(self, event: Any) -> None:
        """A plain scalar is read by its form (and told where YAML 1.1 and 1.2 readers differ
        on it); a quoted or tagged one by its quotes and tag."""
        self.nodes += 1
        if event.tag is None and event.implicit[0]:
            text = event.value
            value = _plain(text, self.max_digits)
            if text and (text[0] in START or text in OLD_BOOL):
                self._portability(text, event)
        else:
            if event.tag is not None:
                self._tag(event.tag, event, None)
            value = _scalar(event, self.max_digits)
            if event.style == '"' and CONTROL.search(event.value):
                self._control(event.value, event)
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, 1)
        self._place(value, event)

    def _alias(self, event: Any) -> None:
        """`*name` repeats the value of `&name`, which counts for as many values as it holds."""
        anchor = event.anchor
        if anchor in self.open_anchors:
            raise self._stop(
                YAML_LIMITS.id,
                f"the alias *{anchor} refers to its own anchor (a recursive structure)",
                event,
                lv=f"aizstājvārds *{anchor} atsaucas uz savu enkuru (rekursīva struktūra)",
            )
        if anchor not in self.anchors:
            raise self._stop(
                YAML_SYNTAX.id,
                f"the alias *{anchor} has no anchor &{anchor} before it",
                event,
                lv=f"aizstājvārdam *{anchor} iepriekš nav enkura &{anchor}",
            )
        value, size = self.anchors[anchor]
        self.nodes += size
        self._place(value, event)

    def _place(self, value: Any, event: Any) -> None:
        """Put a scalar's or an alias's value where the open container wants it."""
        if self.nodes > self.max_nodes:
            raise self._too_many(event)
        frame = self.frame
        if frame is None:
            self.root = value
        elif not frame.is_map:
            if self.positions is not None and frame.path is not None:
                mark = event.start_mark
                self.positions[(*frame.path, len(frame.container))] = (0, 0, mark.line + 1, mark.column + 1)
            frame.container.append(value)
        elif frame.key is _NO_KEY:
            self._key(frame, value, event)
        else:
            if frame.key is not _DUPLICATE:
                if self.positions is not None and frame.path is not None:
                    mark = event.start_mark
                    where = (frame.key_line, frame.key_column, mark.line + 1, mark.column + 1)
                    self.positions[(*frame.path, frame.key)] = where
                frame.container[frame.key] = value
            frame.key = _NO_KEY

    def _key(self, frame: _Frame, value: Any, event: Any) -> None:
        """A mapping's key: plain text (a number or a boolean as written); the value of a
        key written twice is read and dropped."""
        if isinstance(value, (dict, list)):
            raise self._not_a_key(event)
        text = _key_text(value)
        if text in frame.seen:
            self._duplicate(frame, text, event)
            frame.key = _DUPLICATE
            return
        mark = event.start_mark
        frame.seen[text] = mark.line + 1
        frame.key = text
        if self.positions is not None:
            frame.key_line, frame.key_column = mark.line + 1, mark.column + 1

    def _open(self, event: Any) -> None:
        """A mapping or a list starts: within the limits, at a path (None inside the value
        of a duplicate key), with its position noted when positions are asked for."""
        self.nodes += 1
        if self.nodes > self.max_nodes:
            raise self._too_many(event)
        if len(self.stack) >= self.limits.max_depth:
            depth = self.limits.max_depth
            raise self._stop(
                YAML_LIMITS.id,
                f"nesting deeper than {depth} levels (limits.max_depth in the configuration)",
                event,
                lv=f"ligzdojums dziļāks par {depth} līmeņiem (limits.max_depth konfigurācijā)",
            )
        frame = self.frame
        path = self._child_path(frame, event)
        if event.tag is not None:
            self._tag(event.tag, event, path)
        if self.positions is not None and path is not None:
            mark = event.start_mark
            key_line, key_column = (frame.key_line, frame.key_column) if frame is not None and frame.is_map else (0, 0)
            self.positions[path] = (key_line, key_column, mark.line + 1, mark.column + 1)
        if event.anchor is not None:
            self.open_anchors.add(event.anchor)
        container: dict[str, Any] | list[Any] = {} if type(event) is MappingStartEvent else []
        self.frame = _Frame(container, path, event.anchor, self.nodes)
        self.stack.append(self.frame)

    def _child_path(self, frame: _Frame | None, event: Any) -> Path | None:
        """The path of a container starting inside `frame`."""
        if frame is None:
            return ()
        if frame.path is None:
            return None
        if not frame.is_map:
            return (*frame.path, len(frame.container))
        if frame.key is _NO_KEY:
            raise self._not_a_key(event)
        if frame.key is _DUPLICATE:
            return None
        return (*frame.path, frame.key)

    def _close(self, event: Any) -> None:
        """A mapping or a list ends: it is the value of its anchor, and goes into its parent."""
        done = self.stack.pop()
        if done.anchor is not None:
            self.open_anchors.discard(done.anchor)
            self.anchors[done.anchor] = (done.container, self.nodes - done.nodes_at_start + 1)
        frame = self.frame = self.stack[-1] if self.stack else None
        if frame is None:
            self.root = done.container
        elif not frame.is_map:
            frame.container.append(done.container)
        else:
            if frame.key is not _DUPLICATE:
                frame.container[frame.key] = done.container
            frame.key = _NO_KEY

    def _second_document(self, event: Any) -> None:
        """The event after the document's end: a second document is a problem."""
        if isinstance(event, DocumentStartEvent):
            mark = event.start_mark
            line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
            self.problems.append(
                _problem(
                    YAML_STRUCTURE.id,
                    "a second YAML document starts here: one file holds one record; move it to a file of its own",
                    line,
                    column,
                    lv="šeit sākas otrs YAML dokuments: vienā failā ir viens ieraksts; pārvietojiet to savā failā",
                )
            )

    def _stop(self, check: str, text: str, event: Any, lv: str | None = None) -> _Stop:
        mark = event.start_mark
        return _Stop(_problem(check, text, mark.line + 1, mark.column + 1, lv=lv))

    def _tag(self, tag: str, event: Any, path: Path | None) -> None:
        if tag not in PLAIN_TAGS:
            mark = event.start_mark
            shown = tag.replace(YAML_TAG, "!!")
            self.problems.append(
                Problem(
                    YAML_STRUCTURE.id,
                    path or (),
                    Message(
                        f"the tag {shown} is not allowed: records hold plain YAML values only; remove the tag",
                        lv=f"birka {shown} nav atļauta: ierakstos ir tikai vienkāršas YAML vērtības; noņemiet birku",
                    ),
                    line=mark.line + 1,
                    column=mark.column + 1,
                )
            )

    def _too_many(self, event: Any) -> _Stop:
        return self._stop(
            YAML_LIMITS.id,
            f"the document expands to more than {self.limits.max_nodes} values (aliases included; "
            "limits.max_nodes in the configuration)",
            event,
            lv=f"dokuments izvēršas vairāk nekā {self.limits.max_nodes} vērtībās (ieskaitot aizstājvārdus; "
            "limits.max_nodes konfigurācijā)",
        )

    def _not_a_key(self, event: Any) -> _Stop:
        return self._stop(YAML_STRUCTURE.id, "a mapping key must be plain text, not a mapping or list", event, KEY_LV)

    def _here(self) -> Path:
        """The path of the scalar about to be placed (the mapping's, for a key)."""
        frame = self.frame
        if frame is None or frame.path is None:
            return ()
        if not frame.is_map:
            return (*frame.path, len(frame.container))
        if frame.key is not _NO_KEY and frame.key is not _DUPLICATE:
            return (*frame.path, frame.key)
        return frame.path

    def _portability(self, text: str, event: Any) -> None:
        found = difference(text)
        if found is None:
            return
        mark = event.start_mark
        self.problems.append(
            Problem(
                YAML_PORTABILITY.id,
                self._here(),
                Message(found[0], lv=found[1]),
                actual=text,
                line=mark.line + 1,
                column=mark.column + 1,
            )
        )

    def _control(self, value: str, event: Any) -> None:
        """A double-quoted value with a control character (`"\\e[31m"`, Word's `"\\v"`)."""
        path = self._here()
        found = sorted({f"\\x{ord(c):02x}" for c in CONTROL.findall(value)})
        mark = event.start_mark
        self.problems.append(
            Problem(
                CONTROL_CHARACTER.id,
                path,
                Message(
                    f"the text '{one_line(value)}' holds the control character"
                    f"{'s' if len(found) > 1 else ''} {', '.join(found)}: nobody types them on "
                    "purpose (a pasted line break from Word is \\x0b); remove "
                    f"{'them' if len(found) > 1 else 'it'}, or write a line break as \\n",
                    lv=f"tekstā '{one_line(value)}' ir vadības rakstzīme{'s' if len(found) > 1 else ''} "
                    f"{', '.join(found)}: tās neviens neieraksta tīši (no Word iekopēta rindas pāreja ir \\x0b); "
                    "noņemiet tās vai rakstiet rindas pāreju kā \\n",
                ),
                actual=one_line(value),
                line=mark.line + 1,
                column=mark.column + 1,
            )
        )

    def _duplicate(self, frame: _Frame, text: str, event: Any) -> None:
        line = event.start_mark.line + 1
        first = frame.seen.get(text, 0)
        self.problems.append(
            Problem(
                YAML_DUPLICATE_KEY.id,
                (*frame.path, text) if frame.path is not None else (),
                Message(
                    f"the key '{text}' appears twice in one mapping, on line {first} "
                    f"and on line {line}; the value on line {line} is ignored",
                    lv=f"atslēga '{text}' vienā kartē ir divreiz, {first}. un {line}. rindā; "
                    f"vērtība {line}. rindā netiek ņemta vērā",
                ),
                line=line,
                column=event.start_mark.column + 1,
            )
        )


DEFAULT_LIMITS = Limits()


def parse(text: str, limits: Limits = DEFAULT_LIMITS, positions: bool = False) -> Loaded:
    """Parse YAML text into a record mapping; every fault is a problem."""
    builder = _Builder(limits, {} if positions else None)
    try:
        root = builder.run(libyaml.CParser(text))
    except _Stop as stop:
        return Loaded(None, [*builder.problems, stop.problem], builder.positions)
    except yaml.YAMLError as error:
        return Loaded(None, [*builder.problems, _syntax_problem(error, text)], builder.positions)
    except RecursionError:
        return Loaded(
            None,
            [
                *builder.problems,
                _problem(
                    YAML_LIMITS.id,
                    "the file nests too deeply to be read",
                    1,
                    1,
                    lv="fails ir ligzdots pārāk dziļi, lai to nolasītu",
                ),
            ],
            builder.positions,
        )
    if not isinstance(root, dict):
        kind = "empty" if root is None else "a list" if isinstance(root, list) else "a single value"
        kind_lv = "tukšs" if root is None else "saraksts" if isinstance(root, list) else "viena vērtība"
        where = builder.positions.get((), (0, 0, 1, 1)) if builder.positions else (0, 0, 1, 1)
        problem = _problem(
            YAML_STRUCTURE.id,
            f"the top level is {kind}, not a mapping of fields (schema_version, project_number, ...)",
            where[2],
            where[3],
            lv=f"augšējais līmenis ir {kind_lv}, nevis lauku karte (schema_version, project_number, ...)",
        )
        return Loaded(None, [*builder.problems, problem], builder.positions)
    return Loaded(root, builder.problems, builder.positions)


class _Seek:
    """An open container while `position_of` reads: where it is, and (a mapping) its keys."""

    __slots__ = ("index", "is_map", "key", "key_mark", "seen")

    def __init__(self, is_map: bool) -> None:
        self.is_map = is_map
        self.index = -1
        self.key: Any = None
        """The key whose value comes next (None: a key comes next; `_DUPLICATE`: a key
        written twice: its value is read and dropped, so no path runs through it)."""
        self.key_mark: Any = None
        self.seen: set[str] = set()


def position_of(text: str, path: Path, max_digits: int = DEFAULT_DIGITS) -> Position | None:
    """The position `parse(text, positions=True)` gives `path`, read only as far as it: a
    finding on a record served from the cache (a dated one, say) is placed without parsing
    the whole file again. None when the path is not written, or not simply (under an alias,
    a complex key or a duplicate key), or the text cannot be read: then parse it whole."""
    stack: list[_Seek] = []
    get_event = libyaml.CParser(text).get_event
    try:
        while True:
            event: Any = get_event()
            kind = type(event)
            if kind in (MappingEndEvent, SequenceEndEvent):
                stack.pop()
                if stack and stack[-1].is_map:
                    stack[-1].key = None
                continue
            if kind is DocumentEndEvent or kind is StreamEndEvent:
                return None
            if kind not in (ScalarEvent, AliasEvent, MappingStartEvent, SequenceStartEvent):
                continue  # the stream's and the document's start
            frame = stack[-1] if stack else None
            if frame is not None and frame.is_map and frame.key is None:  # a key
                if kind is not ScalarEvent:
                    return None
                key = _key_text(_scalar(event, max_digits))
                frame.key, frame.key_mark = (_DUPLICATE if key in frame.seen else key), event.start_mark
                frame.seen.add(key)
                continue
            if frame is not None and not frame.is_map:
                frame.index += 1
            if _at(stack, path):
                mark, key_mark = event.start_mark, frame.key_mark if frame is not None and frame.is_map else None
                key_place = (key_mark.line + 1, key_mark.column + 1) if key_mark is not None else (0, 0)
                return (*key_place, mark.line + 1, mark.column + 1)
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                stack.append(_Seek(kind is MappingStartEvent))
            elif frame is not None and frame.is_map:
                frame.key = None
    except yaml.YAMLError:
        return None


def _at(stack: list[_Seek], path: Path) -> bool:
    """Whether the node that comes now is at `path`."""
    if len(stack) != len(path):
        return False
    return all((frame.key if frame.is_map else frame.index) == step for frame, step in zip(stack, path, strict=True))


def locate(positions: Positions, path: Path, on_key: bool) -> tuple[int, int]:
    """Line and column for a path: the nearest written ancestor if it is not written."""
    while True:
        position = positions.get(path)
        if position is not None:
            if on_key and position[0]:
                return position[0], position[1]
            return position[2], position[3]
        if not path:
            return 1, 1
        path = path[:-1]
        on_key = True
