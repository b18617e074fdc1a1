"""The values that flow through esfproj: paths, problems, findings."""

from __future__ import annotations

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


class Unread(NamedTuple):
    """A file that could not be read as a record: its money is in no total."""

    file: str
    line: int
    column: int
    check: str
    message: str

    def as_dict(self) -> dict[str, object]:
        return self._asdict()

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.check}: {self.message}"


class Counts:
    """Findings by kind, and the files and records they came from."""

    __slots__ = ("acknowledged", "errors", "files", "infos", "records", "warnings")

    def __init__(self) -> None:
        self.files = self.records = self.errors = self.warnings = self.infos = 0
        self.acknowledged = 0

    def as_tuple(self) -> tuple[int, int, int, int, int, int]:
        return (self.files, self.records, self.errors, self.warnings, self.infos, self.acknowledged)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Counts) and self.as_tuple() == other.as_tuple()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)}" for name in self.__slots__)
        return f"Counts({fields})"

    def add(self, finding: Finding) -> None:
        if finding.acknowledged:
            self.acknowledged += 1
        elif finding.severity is Severity.ERROR:
            self.errors += 1
        elif finding.severity is Severity.WARNING:
            self.warnings += 1
        else:
            self.infos += 1


class Report:
    """The outcome of one validation run."""

    __slots__ = ("as_of", "counts", "files", "findings", "folders", "unread")

    def __init__(self, as_of: str = "", files: list[str] | None = None,
                 folders: list[str] | None = None) -> None:
        self.findings: list[Finding] = []
        self.counts = Counts()
        self.as_of = as_of
        self.files: list[str] = files if files is not None else []
        """Every file read: outputs never overwrite one."""
        self.folders: list[str] = folders if folders is not None else []
        """Every folder searched for records: outputs are never written into one."""
        self.unread: list[Unread] = []
        """Files that could not be read as records: any total printed leaves them out."""

    def failed(self, strict: bool) -> bool:
        return self.counts.errors > 0 or (strict and self.counts.warnings > 0)
