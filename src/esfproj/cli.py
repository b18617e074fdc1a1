"""Typer commands only: options -> library call -> exit code."""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable
from typing import Annotated

import typer

from esfproj import __version__
from esfproj.reporters import ValidateFormat

app = typer.Typer(
    name="esfproj",
    help="Validate and summarise plain-text records of EU-funded projects.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class State:
    debug = False
    config_file: str | None = None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"esfproj {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")] = False,
    config: Annotated[str | None, typer.Option("--config", help="Use this esfproj.toml or pyproject.toml.")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    State.debug = debug
    State.config_file = config


def _run(command: Callable[[], int]) -> None:
    """Run a command body; the exit code comes from here and nowhere else."""
    from esfproj.config import ConfigError
    from esfproj.output import OutputError
    from esfproj.validate import UsageError

    try:
        code = command()
    except (UsageError, ConfigError, OutputError) as error:
        typer.echo(f"esfproj: error: {error}", err=True)
        code = 2
    except KeyboardInterrupt:
        typer.echo("esfproj: interrupted", err=True)
        code = 130
    except Exception as error:
        if State.debug:
            raise
        typer.echo(f"esfproj: internal error ({type(error).__name__}: {error}). This is a bug; "
                   "run again with --debug to see the traceback.", err=True)
        code = 3
    raise typer.Exit(code)


def _date(value: str | None, option: str) -> datetime.date:
    from esfproj.validate import UsageError

    if value is None:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} takes a date YYYY-MM-DD, not {value!r}") from None


def _colour(output: str | None) -> bool:
    return (output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
            and os.environ.get("TERM") != "dumb")


PathsArgument = Annotated[list[str] | None, typer.Argument(
    help="Record files or folders (default: the configured data folder, data/projects).",
    show_default=False)]
OutputOption = Annotated[str | None, typer.Option(
    "--output", "-o", help="Write to this file (atomically) instead of stdout.")]


@app.command()
def validate(
    paths: PathsArgument = None,
    format: Annotated[ValidateFormat, typer.Option("--format", "-f", help="Report format.")] = ValidateFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail validation too.")] = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="YYYY-MM-DD",
        help="Check status against dates as of this day (default: today).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Findings only, no closing line.")] = False,
    output: OutputOption = None,
) -> None:
    """Check every record and report every finding as file:line:col.

    Exit 0 when there are no errors (and, with --strict, no warnings); 1 when
    there are; 2 for a usage or configuration mistake.

    Example: esfproj validate data/projects --format json --as-of 2026-01-01
    """

    def body() -> int:
        from esfproj import config as configuration
        from esfproj.reporters import REPORTERS
        from esfproj.validate import validate as run_validation

        settings = configuration.load(file=State.config_file)
        day = _date(as_of, "--as-of")
        report = run_validation(paths or settings.data_paths(), settings, day)
        text = REPORTERS[format](report, _colour(output), quiet)
        from esfproj.output import emit

        emit(text, output, protected=(f.file for f in report.findings))
        return 1 if report.failed(strict) else 0

    _run(body)


def main() -> None:
    app()
