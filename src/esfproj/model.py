"""The values that flow through esfproj: paths, problems, findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import NamedTuple

PathPart = str | int
Path = tuple[PathPart, ...]


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


def render_path(path: Path) -> str:
    """`("funding", "parts", 0, "rate")` -> `funding.parts[0].rate`."""
    out: list[str] = []
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif out:
            out.append(f".{part}")
        else:
            out.append(part)
    return "".join(out)


NODE_KEYS = ("", ".amount", ".rate", ".source", ".eligibility", ".label", ".note", ".currency")
"""A finding at a funding node's path, or at one of these keys of it, is about that node."""


def on_node(findings: list[Finding], path: str, keys: tuple[str, ...] = NODE_KEYS
            ) -> list[Finding]:
    """The findings about the node at `path` (`keys=("",)`: at exactly that path)."""
    return [f for f in findings if any(f.path == path + key for key in keys)]


def path_within(path: str, prefix: str) -> bool:
    """True when `path` is `prefix` or lies below it."""
    if not prefix or path == prefix:
        return True
    return path.startswith(prefix) and path[len(prefix)] in ".["


class Message(NamedTuple):
    """A message whose amounts are rendered by the reporter.

    `template` uses `{0}`, `{1}`... for the amounts, so that a human report
    can group thousands (`66 905.91`) while JSON keeps `66905.91`.
    """

    template: str
    amounts: tuple[Decimal, ...] = ()

    def render(self, human: bool) -> str:
        from esfproj.money import format_amount

        if not self.amounts:
            return self.template
        return self.template.format(*(format_amount(a, group=human) for a in self.amounts))


class Problem(NamedTuple):
    """What a check found, before it is placed in a file.

    `path` is what the finding is about (reported and matched by
    acknowledgements); `anchor` is where to point in the file (defaults to
    `path`); `on_key` points at the key rather than the value. `line` and
    `column` are set when the position is already known (loader problems).
    """

    check: str
    path: Path
    message: Message
    expected: str | None = None
    actual: str | None = None
    anchor: Path | None = None
    on_key: bool = False
    line: int | None = None
    column: int | None = None


class Finding(NamedTuple):
    file: str
    line: int
    column: int
    record: str
    check: str
    severity: Severity
    path: str
    message: Message
    expected: str | None = None
    actual: str | None = None
    acknowledged: bool = False
    note: str | None = None

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.check, self.path)


@dataclass(slots=True)
class Counts:
    files: int = 0
    records: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    acknowledged: int = 0

    def add(self, finding: Finding) -> None:
        if finding.acknowledged:
            self.acknowledged += 1
        elif finding.severity is Severity.ERROR:
            self.errors += 1
        elif finding.severity is Severity.WARNING:
            self.warnings += 1
        else:
            self.infos += 1


@dataclass(slots=True)
class Report:
    """The outcome of one validation run."""

    findings: list[Finding] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)
    as_of: str = ""
    files: list[str] = field(default_factory=list)
    """Every file read: outputs never overwrite one."""
    folders: list[str] = field(default_factory=list)
    """Every folder searched for records: outputs are never written into one."""

    def failed(self, strict: bool) -> bool:
        return self.counts.errors > 0 or (strict and self.counts.warnings > 0)
