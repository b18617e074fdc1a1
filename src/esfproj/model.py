"""The values that flow through esfproj: paths, problems, findings."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from operator import itemgetter
from typing import NamedTuple

from esfproj.money import format_amount

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
    can group thousands (`66 905.91`, Latvian `66 905,91`) while JSON keeps
    `66905.91`. `lv` is the same message in Latvian, for `--lang lv`; machine
    formats are always in English.
    """

    template: str
    amounts: tuple[Decimal, ...] = ()
    lv: str | None = None

    def render(self, human: bool, lang: str = "en") -> str:
        template = self.lv if lang == "lv" and self.lv is not None else self.template
        if not self.amounts:
            return template
        return template.format(*(format_amount(a, group=human, lang=lang if human else "en") for a in self.amounts))


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


FINDING_ORDER: Callable[[Finding], tuple[str, int, int, str, str]] = itemgetter(0, 1, 2, 4, 6)
"""Findings in order: by file, line, column, check and path (in C: a run over 100 000
records sorts ten thousand findings)."""


class Check(NamedTuple):
    """A check: the code refers to it by this object (a misspelt name fails at import and
    under mypy), findings and configuration by its id."""

    id: str
    severity: Severity
    summary: str
    lv: str = ""
    """The summary in Latvian, for `--lang lv`."""

    def described(self, lang: str = "en") -> str:
        return self.lv if lang == "lv" and self.lv else self.summary


class Unread(NamedTuple):
    """Money that no figure includes, named: a file that could not be read as a record, a
    folder that could not be listed, or an amount of a counted record that could not be read."""

    file: str
    line: int
    column: int
    check: str
    message: str
    kind: str = "file"
    """`file`, `folder` or `amount`."""
    lv: str | None = None
    """The message in Latvian, for `--lang lv`; machine formats keep `message`."""

    def __str__(self) -> str:
        return self.text()

    def text(self, lang: str = "en") -> str:
        """`FILE:LINE:COL: CHECK: MESSAGE`, the message in `lang` where it has that form."""
        message = self.lv if lang == "lv" and self.lv is not None else self.message
        return f"{self.file}:{self.line}:{self.column}: {self.check}: {message}"

    def data(self) -> dict[str, object]:
        """As JSON and CSV give it: in English, without the Latvian form."""
        return {key: value for key, value in self._asdict().items() if key != "lv"}


class Skipped(NamedTuple):
    """A folder or file a walk passed over on purpose, which the run counts and says."""

    path: str
    why: str
    """`hidden` (a folder whose name starts with a dot), `venv` (a Python virtual
    environment) or `excluded` (matches the configuration's `exclude`)."""


class Counts(NamedTuple):
    """Findings by kind, and the files and records they came from."""

    files: int = 0
    records: int = 0
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    acknowledged: int = 0

    @classmethod
    def of(cls, findings: list[Finding], files: int = 0, records: int = 0) -> Counts:
        kinds = {Severity.ERROR: 0, Severity.WARNING: 0, Severity.INFO: 0}
        acknowledged = 0
        for finding in findings:
            if finding.acknowledged:
                acknowledged += 1
            else:
                kinds[finding.severity] += 1
        return cls(files, records, kinds[Severity.ERROR], kinds[Severity.WARNING], kinds[Severity.INFO], acknowledged)


class ValidationResult:
    """The outcome of one validation run: every finding, the files read and those that
    could not be read as records. Counts are derived from the findings, never stored."""

    __slots__ = ("as_of", "files", "findings", "folders", "records", "skipped", "unread")

    def __init__(self, as_of: str = "", files: list[str] | None = None, folders: list[str] | None = None) -> None:
        self.findings: list[Finding] = []
        self.records = 0
        """How many files were read as records."""
        self.as_of = as_of
        self.files: list[str] = files if files is not None else []
        """Every file read: outputs never overwrite one."""
        self.folders: list[str] = folders if folders is not None else []
        """Every folder searched for records: outputs are never written into one."""
        self.unread: list[Unread] = []
        """What could not be read (files, folders, amounts): any total printed leaves it out."""
        self.skipped: list[Skipped] = []
        """What the walk passed over on purpose (hidden folders, virtual environments, excluded)."""

    @property
    def counts(self) -> Counts:
        return Counts.of(self.findings, len(self.files), self.records)

    def errors_by_file(self) -> dict[str, int]:
        """Unacknowledged errors in each file that has any."""
        found: dict[str, int] = {}
        for finding in self.findings:
            if finding.severity is Severity.ERROR and not finding.acknowledged:
                found[finding.file] = found.get(finding.file, 0) + 1
        return found

    def failed(self, strict: bool) -> bool:
        counts = self.counts
        return counts.errors > 0 or (strict and counts.warnings > 0)
