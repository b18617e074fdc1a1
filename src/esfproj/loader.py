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
import re
import stat
from decimal import Decimal
from typing import Any, NamedTuple

import yaml
from yaml import _yaml as libyaml

from esfproj.model import Check, Message, Path, Problem, Severity
from esfproj.portability import OLD_BOOL, difference
from esfproj.text import CONTROL, one_line

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
INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)")
FLOAT_RE = re.compile(r"[-+]?(?:(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[0-9][0-9_]*[eE][-+]?[0-9]+)")
NUMBER_START = frozenset("0123456789+-.")


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
    max_number_digits: int = 30


class Loaded(NamedTuple):
    """One parsed file: `data` is None when the file cannot be used at all."""

    data: Any
    problems: list[Problem]
    positions: Positions | None = None


def _problem(check: str, text: str, line: int, column: int, path: Path = (), lv: str | None = None) -> Problem:
    return Problem(check, path, Message(text, lv=lv), line=line, column=column)


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
        return Raw(None, [special or _unreadable(error)])
    try:
        status = os.fstat(handle)
        special = _not_regular(status.st_mode)
        if special is not None:
            return Raw(None, [special])
        if status.st_size > limits.max_file_bytes:
            return Raw(
                None,
                [
                    _problem(
                        YAML_LIMITS.id,
                        f"the file is {status.st_size} bytes, over the limit of {limits.max_file_bytes} "
                        "(limits.max_file_bytes in the configuration)",
                        1,
                        1,
                        lv=f"fails ir {status.st_size} baitu, vairāk par robežu {limits.max_file_bytes} "
                        "(limits.max_file_bytes konfigurācijā)",
                    )
                ],
            )
        with os.fdopen(handle, "rb", closefd=False) as stream:
            raw = stream.read(limits.max_file_bytes + 1)
    except OSError as error:
        return Raw(None, [_unreadable(error)])
    finally:
        os.close(handle)
    return Raw(raw, [], status)


def _unreadable(error: OSError) -> Problem:
    why = error.strerror or error
    return _problem(FILE_READ.id, f"cannot read the file: {why}", 1, 1, lv=f"failu nevar nolasīt: {why}")


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


def read_number(text: str, limits: Limits) -> int | Decimal | None:
    """The exact number a plain scalar denotes, or None if it is not a number."""
    if not text or text[0] not in NUMBER_START:
        return None
    if INT_RE.fullmatch(text):
        digits = text.replace("_", "")
        if len(digits) > limits.max_number_digits:
            return None
        return int(digits)
    if FLOAT_RE.fullmatch(text) and any(c.isdigit() for c in text):
        value = Decimal(text.replace("_", ""))
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)
        if value.adjusted() > limits.max_number_digits or exponent < -limits.max_number_digits:
            return None
        if len(value.as_tuple().digits) > limits.max_number_digits:
            return None
        return value
    return None


def _plain(text: str, limits: Limits) -> Any:
    """A plain (unquoted, untagged) scalar: null, a YAML 1.1 boolean, a number or text."""
    if not text:
        return None
    first = text[0]
    if first in NUMBER_START:
        number = read_number(text, limits)
        return text if number is None else number
    if text in NULLS:
        return None
    if text in TRUES:
        return True
    if text in FALSES:
        return False
    return text


def _scalar(event: Any, limits: Limits) -> Any:
    """A quoted or tagged scalar."""
    text: str = event.value
    tag = event.tag
    if tag is None or tag == "!":
        return _plain(text, limits) if event.implicit[0] else text
    if tag in (INT_TAG, FLOAT_TAG):
        number = read_number(text, limits)
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

    The loop in `run` is the hot path of every command: it keeps its state in
    locals and touches marks only where a key, a limit or a position needs them.
    """

    def __init__(self, limits: Limits, positions: Positions | None) -> None:
        self.limits = limits
        self.positions = positions
        self.problems: list[Problem] = []
        self.nodes = 0
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.open_anchors: set[str] = set()

    def _stop(self, check: str, text: str, event: Any, lv: str | None = None) -> _Stop:
        mark = event.start_mark
        return _Stop(_problem(check, text, mark.line + 1, mark.column + 1, lv=lv))

    def _tag(self, tag: str, event: Any, path: Path | None) -> None:
        if tag not in PLAIN_TAGS:
            mark = event.start_mark
            self.problems.append(
                _problem(
                    YAML_STRUCTURE.id,
                    f"the tag {tag.replace(YAML_TAG, '!!')} is not allowed: records hold plain YAML "
                    "values only; remove the tag",
                    mark.line + 1,
                    mark.column + 1,
                    path or (),
                    lv=f"birka {tag.replace(YAML_TAG, '!!')} nav atļauta: ierakstos ir tikai vienkāršas YAML "
                    "vērtības; noņemiet birku",
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

    @staticmethod
    def _here(frame: _Frame | None) -> Path:
        """The path of the scalar about to be added to `frame` (the mapping's, for a key)."""
        if frame is None or frame.path is None:
            return ()
        if not frame.is_map:
            return (*frame.path, len(frame.container))
        if frame.key is not _NO_KEY and frame.key is not _DUPLICATE:
            return (*frame.path, frame.key)
        return frame.path

    def _portability(self, text: str, event: Any, frame: _Frame | None) -> None:
        found = difference(text)
        if found is None:
            return
        mark = event.start_mark
        self.problems.append(
            Problem(
                YAML_PORTABILITY.id,
                self._here(frame),
                Message(found[0], lv=found[1]),
                actual=text,
                line=mark.line + 1,
                column=mark.column + 1,
            )
        )

    def _control(self, value: str, event: Any, frame: _Frame | None) -> None:
        """A double-quoted value with a control character (`"\\e[31m"`, Word's `"\\v"`)."""
        path = self._here(frame)
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

    def run(self, parser: Any) -> Any:
        get_event = parser.get_event
        get_event()  # StreamStart
        event = get_event()
        if type(event) is yaml.StreamEndEvent:
            raise _Stop(
                _problem(
                    YAML_STRUCTURE.id,
                    "the file is empty: a record is a YAML mapping of fields (schema_version, project_number, ...)",
                    1,
                    1,
                    lv="fails ir tukšs: ieraksts ir YAML lauku karte (schema_version, project_number, ...)",
                )
            )
        limits, positions = self.limits, self.positions
        max_depth, max_nodes = limits.max_depth, limits.max_nodes
        scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
        mapping_start, sequence_start = yaml.MappingStartEvent, yaml.SequenceStartEvent
        end_events = (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        stack: list[_Frame] = []
        frame: _Frame | None = None
        root: Any = _NO_KEY
        nodes = 0
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar_event or kind is alias_event:
                if kind is scalar_event:
                    nodes += 1
                    tag = event.tag
                    if tag is None and event.implicit[0]:
                        text = event.value
                        value = _plain(text, limits)
                        if text and (text[0] in NUMBER_START or text in OLD_BOOL):
                            self._portability(text, event, frame)
                    else:
                        if tag is not None:
                            self._tag(tag, event, None)
                        value = _scalar(event, limits)
                        if event.style == '"' and CONTROL.search(value):
                            self._control(value, event, frame)
                    if event.anchor is not None:
                        self.anchors[event.anchor] = (value, 1)
                else:
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
                    nodes += size
                if nodes > max_nodes:
                    raise self._too_many(event)
                if frame is None:
                    root = value
                elif not frame.is_map:
                    if positions is not None and frame.path is not None:
                        mark = event.start_mark
                        positions[(*frame.path, len(frame.container))] = (0, 0, mark.line + 1, mark.column + 1)
                    frame.container.append(value)
                elif frame.key is _NO_KEY:
                    if isinstance(value, (dict, list)):
                        raise self._stop(
                            YAML_STRUCTURE.id,
                            "a mapping key must be plain text, not a mapping or list",
                            event,
                            lv=KEY_LV,
                        )
                    text = _key_text(value)
                    if text in frame.seen:
                        self._duplicate(frame, text, event)
                        frame.key = _DUPLICATE
                    else:
                        mark = event.start_mark
                        frame.seen[text] = mark.line + 1
                        frame.key = text
                        if positions is not None:
                            frame.key_line, frame.key_column = mark.line + 1, mark.column + 1
                else:
                    if frame.key is not _DUPLICATE:
                        if positions is not None and frame.path is not None:
                            mark = event.start_mark
                            positions[(*frame.path, frame.key)] = (
                                frame.key_line,
                                frame.key_column,
                                mark.line + 1,
                                mark.column + 1,
                            )
                        frame.container[frame.key] = value
                    frame.key = _NO_KEY
            elif kind is mapping_start or kind is sequence_start:
                nodes += 1
                if nodes > max_nodes:
                    raise self._too_many(event)
                if len(stack) >= max_depth:
                    raise self._stop(
                        YAML_LIMITS.id,
                        f"nesting deeper than {max_depth} levels (limits.max_depth in the configuration)",
                        event,
                        lv=f"ligzdojums dziļāks par {max_depth} līmeņiem (limits.max_depth konfigurācijā)",
                    )
                path: Path | None
                if frame is None:
                    path = ()
                elif frame.path is None:
                    path = None
                elif not frame.is_map:
                    path = (*frame.path, len(frame.container))
                elif frame.key is _NO_KEY:
                    raise self._stop(
                        YAML_STRUCTURE.id,
                        "a mapping key must be plain text, not a mapping or list",
                        event,
                        lv=KEY_LV,
                    )
                elif frame.key is _DUPLICATE:
                    path = None
                else:
                    path = (*frame.path, frame.key)
                if event.tag is not None:
                    self._tag(event.tag, event, path)
                if positions is not None and path is not None:
                    mark = event.start_mark
                    key_line, key_column = (
                        (frame.key_line, frame.key_column) if frame is not None and frame.is_map else (0, 0)
                    )
                    positions[path] = (key_line, key_column, mark.line + 1, mark.column + 1)
                if event.anchor is not None:
                    self.open_anchors.add(event.anchor)
                frame = _Frame({} if kind is mapping_start else [], path, event.anchor, nodes)
                stack.append(frame)
            elif kind in end_events:
                done = stack.pop()
                if done.anchor is not None:
                    self.open_anchors.discard(done.anchor)
                    self.anchors[done.anchor] = (done.container, nodes - done.nodes_at_start + 1)
                frame = stack[-1] if stack else None
                value = done.container
                if frame is None:
                    root = value
                elif not frame.is_map:
                    frame.container.append(value)
                else:
                    if frame.key is not _DUPLICATE:
                        frame.container[frame.key] = value
                    frame.key = _NO_KEY
            elif kind is yaml.DocumentEndEvent:
                break
        self.nodes = nodes
        event = get_event()
        if isinstance(event, yaml.DocumentStartEvent):
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
        return None if root is _NO_KEY else root


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
