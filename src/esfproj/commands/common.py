"""What every command shares, without Typer: the settings (the global options and the
configuration), the one place exit codes come from, dates, filters, colour, progress,
prompts, reading the records, and output through the guard.

`esfproj validate PATH...` imports this module at start-up, so each function imports what
only it needs (Rich, the engine, the configuration) inside itself: start-up pays for none."""

from __future__ import annotations

import datetime
import errno
import io
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final, NamedTuple, TypedDict

from esfproj.options import Colour

if TYPE_CHECKING:
    from esfproj.config import Config
    from esfproj.engine import Fold, Progress
    from esfproj.model import Unread, ValidationResult
    from esfproj.output import Content
    from esfproj.record import Record
    from esfproj.summary import Filters, Span


class Settings:
    """The global options, made once per run (by `cli` from the command line, or by `entry`
    with their defaults) and handed to the command's `run`; and the configuration they name.

    A plain class rather than a dataclass: `dataclasses` imports `inspect`, which would
    slow down the start of `esfproj validate PATH...` by a third."""

    __slots__ = ("_config", "colour", "config_file", "debug", "no_cache")

    def __init__(
        self,
        *,
        debug: bool = False,
        config_file: str | None = None,
        colour: Colour = Colour.auto,
        no_cache: bool = False,
    ) -> None:
        self.debug: Final = debug
        self.config_file: Final = config_file
        self.colour: Final = colour
        self.no_cache: Final = no_cache
        self._config: Config | None = None

    def with_config_file(self, config_file: str) -> Settings:
        """The same options with another --config (given after the command's name)."""
        return Settings(debug=self.debug, config_file=config_file, colour=self.colour, no_cache=self.no_cache)

    def without_cache(self) -> Settings:
        """The same options under --no-cache."""
        return Settings(debug=self.debug, config_file=self.config_file, colour=self.colour, no_cache=True)

    @property
    def config(self) -> Config:
        """The configuration: the --config file, or the one found from the current folder up,
        without its cache under --no-cache; read once, when a command first needs it (`checks`
        never does)."""
        if self._config is None:
            from esfproj import config

            loaded = config.load(file=self.config_file)
            self._config = loaded._replace(cache=None) if self.no_cache else loaded
        return self._config


STDOUT_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EROFS, errno.ENXIO, errno.EBADF}
"""How printing fails (stdout on a full disk, /dev/full, a device gone): an OSError with no
file name; one with a name comes from a file the command opened, whose errors it reports."""


def guarded(command: Callable[[], int], debug: bool = False, lang: str = "en") -> int:
    """Run a command body and give its exit code: the one place exit codes come from. With
    `debug`, an internal error raises, showing its traceback; a mistake is said in `lang`
    where it has that form."""
    from esfproj.errors import EsfprojError

    lv = lang == "lv"
    if sys.stdout is None:  # started with stdout closed (`esfproj summary >&-`)
        sys.stdout = _Closed()
    try:
        code = command()
        if not sys.stdout.closed:  # the language server closes it when the client says `exit`
            sys.stdout.flush()  # here, so that a failure to print is reported like any other
        return code
    except EsfprojError as error:
        print(f"esfproj: {'kļūda' if lv else 'error'}: {error.text(lang)}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        said = "pārtraukts" if lv else "interrupted"
        print(("\n" if sys.stderr.isatty() else "") + f"esfproj: {said}", file=sys.stderr)
        _drop_stdout()  # what is left unprinted may never be read (a pager that is not reading)
        return 130
    except BrokenPipeError:
        # the reader of stdout has gone (`esfproj import ... | head`): stop as a command
        # killed by SIGPIPE does, quietly
        _drop_stdout()
        return 141
    except OSError as error:
        if error.filename is not None or error.errno not in STDOUT_ERRORS:
            return _internal(error, debug, lang)
        from esfproj.text import os_reason

        said = "kļūda: stdout: nevar uzrakstīt" if lv else "error: stdout: cannot write"
        print(f"esfproj: {said}: {os_reason(error, lang)}", file=sys.stderr)
        _drop_stdout()
        return 2
    except Exception as error:
        return _internal(error, debug, lang)


class _Closed(io.TextIOBase):
    """Stdout when there is none: printing fails, as on a closed file."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "it is closed")


def _internal(error: Exception, debug: bool, lang: str = "en") -> int:
    if debug:
        raise error
    what = f"{type(error).__name__}: {error}"
    if lang == "lv":
        said = (
            f"iekšēja kļūda ({what}). Tā ir esfproj kļūda; palaidiet vēlreiz ar --debug, "
            "lai redzētu izsekojumu (traceback)."
        )
    else:
        said = f"internal error ({what}). This is a bug; run again with --debug to see the traceback."
    print(f"esfproj: {said}", file=sys.stderr)
    return 3


def _drop_stdout() -> None:
    """Point stdout at the null device, so that Python's last flush at exit, of what could
    not be printed, neither fails nor blocks."""
    try:
        target = sys.stdout.fileno()
    except (AttributeError, ValueError, OSError):  # no stdout, or not a file (a test's capture)
        return
    os.dup2(os.open(os.devnull, os.O_WRONLY), target)


NO_SCHEMA = (
    "no schemas/project.schema.json in this project, so {} no schema for editors; "
    "esfproj schema --output schemas/project.schema.json writes one"
)
"""Said by `new` and `import` when the records they write can name no schema."""
NO_SCHEMA_LV = (
    "šajā projektā nav schemas/project.schema.json, tāpēc {} redaktoriem nenorāda shēmu; "
    "esfproj schema --output schemas/project.schema.json to uzraksta"
)


def ask(label: str, answer: Callable[[str], str | None], lang: str = "en") -> str | None:
    """Ask at a prompt until `answer` accepts what was typed (it raises UsageError to ask
    again, at this prompt, said in `lang`); Ctrl-D ends the command (exit 1), Ctrl-C
    interrupts it (130)."""
    from esfproj.errors import Cancelled, UsageError

    while True:
        try:
            typed = input(f"{label}: ")
        except EOFError:
            print(file=sys.stderr)
            raise Cancelled(
                "no answer (end of input); nothing was written",
                lv="nav atbildes (ievades beigas); nekas nav uzrakstīts",
            ) from None
        try:
            return answer(typed.strip())
        except UsageError as error:
            print(f"esfproj: {error.text(lang)}", file=sys.stderr)


def complete(report: ValidationResult, lang: str = "en") -> int:
    """The exit code of a command that printed figures: 1 when a file could not be read, so
    that a figure may leave money out (the output itself names the files), else 0."""
    from esfproj.render.lang import word

    if report.unread:
        kinds = [u.kind for u in report.unread]
        what = [
            word("files_unread", lang).format(kinds.count("file"), report.counts.files),
            word("folders_unlisted", lang).format(kinds.count("folder")),
            word("amounts_unread", lang).format(kinds.count("amount")),
        ]
        named = [text for text, kind in zip(what, ("file", "folder", "amount"), strict=True) if kind in kinds]
        print(f"esfproj: {word('incomplete_note', lang).format('; '.join(named))}", file=sys.stderr)
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
        raise UsageError(
            f"{option} takes a date YYYY-MM-DD, not {value!r}", lv=f"{option} gaida datumu GGGG-MM-DD, nevis {value!r}"
        ) from None


def use_colour(colour: Colour, output: str | None) -> bool:
    """Colour for what is printed (never in a file): as --color says; on `auto`, on a terminal
    unless NO_COLOR is set or the terminal is dumb."""
    if colour is not Colour.auto:
        return colour is Colour.always and output is None
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def width(output: str | None) -> int | None:
    import shutil

    return shutil.get_terminal_size().columns if output is None and sys.stdout.isatty() else None


class Screen(TypedDict):
    """How a table or a record is shown: in colour and how wide, as where it goes allows, and
    the files left out of it (`render_list(rows, fmt, lang, **screen(...))`)."""

    colour: bool
    width: int | None
    unread: list[Unread]
    files: int


def screen(settings: Settings, output: str | None, report: ValidationResult) -> Screen:
    return Screen(
        colour=use_colour(settings.colour, output), width=width(output), unread=report.unread, files=report.counts.files
    )


def emit(text: Content, output: str | None, settings: Settings, report: ValidationResult | None = None) -> None:
    """Print, or write to `output` through the output guard: never over a record or a file
    the command read, never into a data folder (configured, default, or read). `text` may be
    chunks, written as they are made."""
    from esfproj.output import Guard
    from esfproj.output import emit as write

    if output is None or output == "-":
        write(text, output)
        return
    folders = [*settings.config.data_paths(), *(report.folders if report else ())]
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
            raise UsageError(
                f"--period takes YYYY-MM-DD..YYYY-MM-DD, not {value!r}",
                lv=f"--period gaida GGGG-MM-DD..GGGG-MM-DD, nevis {value!r}",
            )
        start, end = parse_date(first, "--period"), parse_date(last, "--period")
        if end < start:
            raise UsageError(
                f"--period {value}: the end is before the start; did you mean {last}..{first}?",
                lv=f"--period {value}: beigas ir pirms sākuma; vai domājāt {last}..{first}?",
            )
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


def parse_span(year: int | None, first: str | None, last: str | None) -> Span | None:
    """`--year YYYY`, or `--from DATE --to DATE` (both), as the span whose money is counted."""
    from esfproj.errors import UsageError
    from esfproj.summary import Span

    if year is not None:
        if first is not None or last is not None:
            raise UsageError(
                "--year and --from/--to are two ways to give the span; give one",
                lv="--year un --from/--to ir divi veidi, kā norādīt laikposmu; norādiet vienu",
            )
        return Span(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    if first is None and last is None:
        return None
    if first is None or last is None:
        raise UsageError(
            "--from and --to are given together (a span of days, both counted)",
            lv="--from un --to norāda kopā (dienu laikposms, abas dienas ieskaitot)",
        )
    span = Span(parse_date(first, "--from"), parse_date(last, "--to"))
    if span.last < span.first:
        raise UsageError(
            f"--from {first} --to {last}: the end is before the start",
            lv=f"--from {first} --to {last}: beigas ir pirms sākuma",
        )
    return span


def read_records(
    config: Config,
    paths: list[str] | None,
    extract: Callable[[Record], Any],
    consume: Callable[[Any], None] | None,
    jobs: int | None = None,
    lang: str = "en",
    *,
    fold: Fold | None = None,
    kept_as: str | None = None,
    body: bool = True,
) -> ValidationResult:
    """Read and check every record under `paths` (default: the configured data folders),
    handing what `extract` makes of each to `consume` (or `fold`; `body`: see `engine.run`); say on
    stderr how many files have errors. Findings get no positions: these commands only count
    them."""
    from esfproj.engine import run

    with progress_bar() as progress:
        report = run(
            paths or config.data_paths(),
            config,
            datetime.date.today(),
            jobs=jobs,
            progress=progress,
            extract=extract,
            consume=consume,
            with_positions=False,
            fold=fold,
            kept_as=kept_as,
            body=body,
        )
    from esfproj.render.lang import word

    if report.skipped:
        from esfproj.render.findings import passed_over

        print(f"esfproj: {passed_over(report.skipped, lang).removeprefix('; ')}", file=sys.stderr)
    folders = {u.file for u in report.unread if u.kind == "folder"}
    broken = (report.errors_by_file().keys() - folders) | {u.file for u in report.unread if u.kind == "file"}
    if broken:
        print(f"esfproj: {word('files_with_errors', lang).format(len(broken), report.counts.files)}", file=sys.stderr)
    return report


def refused(report: ValidationResult, strict: bool, lang: str = "en") -> bool:
    """Under --strict, a command refuses to answer (exit 1) when records have errors or
    money could not be read; it says so on stderr, and why."""
    if not strict or not (report.errors_by_file() or report.unread):
        return False
    from esfproj.render.lang import word

    errors, left_out = len(report.errors_by_file()), len(report.unread)
    print(f"esfproj: {word('refused_strict', lang).format(errors, left_out)}", file=sys.stderr)
    return True
