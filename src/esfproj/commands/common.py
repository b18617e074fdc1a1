"""What every command shares, without Typer: the global options, the one place exit codes
come from, the configuration, dates, filters, colour, progress, prompts, reading the
records, and output through the guard."""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, NamedTuple

from esfproj.options import Colour

if TYPE_CHECKING:
    from esfproj.config import Config
    from esfproj.engine import Progress
    from esfproj.model import ValidationResult
    from esfproj.record import Record
    from esfproj.summary import Filters


class State:
    """The global options (set by the Typer callback; their defaults otherwise)."""

    debug = False
    config_file: str | None = None
    colour = Colour.auto
    no_cache = False


def guarded(command: Callable[[], int]) -> int:
    """Run a command body and give its exit code: the one place exit codes come from."""
    from esfproj.errors import EsfprojError

    try:
        return command()
    except EsfprojError as error:
        print(f"esfproj: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print(("\n" if sys.stderr.isatty() else "") + "esfproj: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of stdout has gone (`esfproj import ... | head`): stop as a command
        # killed by SIGPIPE does, quietly, and keep Python from failing to flush at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as error:
        if State.debug:
            raise
        print(
            f"esfproj: internal error ({type(error).__name__}: {error}). This is a bug; "
            "run again with --debug to see the traceback.",
            file=sys.stderr,
        )
        return 3


def settings() -> Config:
    """The configuration: the --config file, or the one found from the current folder up;
    without its cache under --no-cache."""
    from esfproj import config

    configured = config.load(file=State.config_file)
    return configured._replace(cache=None) if State.no_cache else configured


def ask(label: str, answer: Callable[[str], str | None]) -> str | None:
    """Ask at a prompt until `answer` accepts what was typed (it raises UsageError to ask
    again, at this prompt); Ctrl-D ends the command (exit 1), Ctrl-C interrupts it (130)."""
    from esfproj.errors import Cancelled, UsageError

    while True:
        try:
            typed = input(f"{label}: ")
        except EOFError:
            print(file=sys.stderr)
            raise Cancelled("no answer (end of input); nothing was written") from None
        try:
            return answer(typed.strip())
        except UsageError as error:
            print(f"esfproj: {error}", file=sys.stderr)


def complete(report: ValidationResult) -> int:
    """The exit code of a command that printed figures: 1 when a file could not be read, so
    that a figure may leave money out (the output itself names the files), else 0."""
    if report.unread:
        kinds = [u.kind for u in report.unread]
        what = [
            f"{kinds.count('file')} of {report.counts.files} files could not be read",
            f"folders that could not be listed: {kinds.count('folder')}",
            f"amounts that could not be read: {kinds.count('amount')}",
        ]
        named = [text for text, kind in zip(what, ("file", "folder", "amount"), strict=True) if kind in kinds]
        print(f"esfproj: incomplete: {'; '.join(named)}; the figures leave them out", file=sys.stderr)
        return 1
    return 0


def parse_date(value: str | None, option: str) -> datetime.date:
    """An option's YYYY-MM-DD, or today when it was not given."""
    from esfproj.errors import UsageError

    if value is None:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} takes a date YYYY-MM-DD, not {value!r}") from None


def use_colour(output: str | None) -> bool:
    if State.colour is not Colour.auto:
        return State.colour is Colour.always and output is None
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def width(output: str | None) -> int | None:
    import shutil

    return shutil.get_terminal_size().columns if output is None and sys.stdout.isatty() else None


def emit(text: str, output: str | None, report: ValidationResult | None = None) -> None:
    """Print, or write to `output` through the output guard: never over a record or a file
    the command read, never into a data folder (configured, default, or read)."""
    from esfproj.output import Guard
    from esfproj.output import emit as write

    if output is None or output == "-":
        write(text, output)
        return
    folders = [*settings().data_paths(), *(report.folders if report else ())]
    write(text, output, Guard(report.files if report else (), folders))


@contextmanager
def progress_bar(hint: int = 300, label: str = "checking", in_bytes: bool = False) -> Iterator[Progress | None]:
    """A progress bar on stderr for long runs (a total of `hint` files, or bytes, or more),
    only when stderr is a terminal. Lines printed meanwhile go above it when stdout is the
    same terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, MofNCompleteColumn, TimeElapsedColumn
    from rich.progress import Progress as Bar

    bar = Bar(
        label,
        BarColumn(),
        DownloadColumn() if in_bytes else MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        console=Console(stderr=True),
        redirect_stdout=sys.stdout.isatty(),
        redirect_stderr=False,
    )
    task = None

    def update(done: int, total: int) -> None:
        nonlocal task
        if total < hint:
            return
        if task is None:
            bar.start()
            task = bar.add_task(label, total=total)
        bar.update(task, completed=done)

    try:
        yield update
    finally:
        bar.stop()


class FilterValues(NamedTuple):
    """The filter options as typed (each may be given several times); `parse_filters`
    checks them and turns them into the `Filters` that records are matched with."""

    fund: list[str] | None = None
    status: list[str] | None = None
    measure: list[str] | None = None
    participant: list[str] | None = None
    lead_partner: list[str] | None = None
    active_on: list[str] | None = None
    period: list[str] | None = None


def parse_filters(values: FilterValues) -> Filters:
    """Vocabulary and dates checked: a value that can match nothing is a usage error."""
    from esfproj.errors import UsageError
    from esfproj.schema import choice
    from esfproj.summary import Filters

    ranges = []
    for value in values.period or []:
        first, sep, last = value.partition("..")
        if not sep:
            raise UsageError(f"--period takes YYYY-MM-DD..YYYY-MM-DD, not {value!r}")
        start, end = parse_date(first, "--period"), parse_date(last, "--period")
        if end < start:
            raise UsageError(f"--period {value}: the end is before the start; did you mean {last}..{first}?")
        ranges.append((start, end))
    return Filters(
        fund=tuple(choice("fund", f) for f in values.fund or ()),
        status=tuple(choice("status", s) for s in values.status or ()),
        measure=tuple(values.measure or ()),
        participant=tuple(values.participant or ()),
        lead_partner=tuple(values.lead_partner or ()),
        active_on=tuple(parse_date(d, "--active-on") for d in values.active_on or ()),
        period=tuple(ranges),
    )


def read_records(
    paths: list[str] | None, extract: Callable[[Record], Any], consume: Callable[[Any], None], jobs: int | None = None
) -> ValidationResult:
    """Read and check every record under `paths` (default: the configured data folders),
    handing what `extract` makes of each to `consume`; say on stderr how many files have
    errors. Findings get no positions: these commands only count them."""
    from esfproj.engine import run

    configured = settings()
    with progress_bar() as progress:
        report = run(
            paths or configured.data_paths(),
            configured,
            datetime.date.today(),
            jobs=jobs,
            progress=progress,
            extract=extract,
            consume=consume,
            with_positions=False,
        )
    folders = {u.file for u in report.unread if u.kind == "folder"}
    broken = (report.errors_by_file().keys() - folders) | {u.file for u in report.unread if u.kind == "file"}
    if broken:
        print(
            f"esfproj: {len(broken)} of {report.counts.files} files have errors; "
            "figures from them may be wrong (esfproj validate shows them)",
            file=sys.stderr,
        )
    return report


def refused(report: ValidationResult, strict: bool) -> bool:
    """Under --strict, a command refuses to answer (exit 1) when records have errors."""
    return strict and bool(report.errors_by_file() or report.unread)
