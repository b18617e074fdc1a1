"""The command-line interface: Typer declarations only.

Each command declares its options and runs the `run` function of its module in
`esfproj.commands`, imported only when that command runs; `common.guarded` turns what it
returns or raises into the exit code. The seven filter options are declared once
(`filtered`) and reach the command as one `FilterValues`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any

import typer

from esfproj import __version__
from esfproj.commands.common import FilterValues, State, guarded
from esfproj.options import Colour, ExportFormat, Lang, TableFormat, ValidateFormat

app = typer.Typer(
    name="esfproj",
    help="Validate and summarise plain-text records of EU-funded projects.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _run(body: Callable[[], int]) -> None:
    raise typer.Exit(guarded(body))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"esfproj {__version__}")
        raise typer.Exit()


DebugOption = Annotated[bool, typer.Option("--debug", help="Show the traceback of an internal error.")]
ConfigOption = Annotated[
    str | None, typer.Option("--config", help="Use this esfproj.toml or pyproject.toml.", show_default=False)
]
ColourOption = Annotated[
    Colour, typer.Option("--color", help="Colour: auto (on a terminal, unless NO_COLOR is set), always or never.")
]


@app.callback()
def _main(
    debug: DebugOption = False,
    config: ConfigOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    color: ColourOption = Colour.auto,
) -> None:
    State.debug = debug
    State.config_file = config
    State.colour = color


PathsArgument = Annotated[
    list[str] | None,
    typer.Argument(
        help="Record files or folders (default: the configured data folder, data/projects).", show_default=False
    ),
]
OutputOption = Annotated[str | None, typer.Option("--output", "-o", help="Write to this file instead of stdout.")]
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        show_default=False,
        help="Processes to use (default: one per core, for runs of 200 files or more).",
    ),
]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of tables: en or lv.")]
StrictOption = Annotated[bool, typer.Option("--strict", help="Refuse to answer (exit 1) when records have errors.")]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", metavar="YYYY-MM-DD", help="Check dates as of this day (default: today)."),
]
TableFormatOption = Annotated[TableFormat, typer.Option("--format", "-f")]

# --- the filters, declared once ----------------------------------------------------------

FILTER_OPTIONS: dict[str, Any] = {
    "fund": Annotated[
        list[str] | None, typer.Option("--fund", help="Only this fund; repeat for any of several.", show_default=False)
    ],
    "status": Annotated[
        list[str] | None,
        typer.Option("--status", help="Only this status; repeat for any of several.", show_default=False),
    ],
    "measure": Annotated[
        list[str] | None,
        typer.Option(
            "--measure", help="Only measures with this prefix: 9.2 matches 9.2.1.1; repeatable.", show_default=False
        ),
    ],
    "participant": Annotated[
        list[str] | None,
        typer.Option(
            "--participant", help="Participant name contains this (any case); repeatable.", show_default=False
        ),
    ],
    "lead_partner": Annotated[
        list[str] | None,
        typer.Option(
            "--lead-partner", help="Lead partner name contains this (any case); repeatable.", show_default=False
        ),
    ],
    "active_on": Annotated[
        list[str] | None,
        typer.Option(
            "--active-on", metavar="YYYY-MM-DD", help="The period contains this day; repeatable.", show_default=False
        ),
    ],
    "period": Annotated[
        list[str] | None,
        typer.Option(
            "--period",
            metavar="FROM..TO",
            help="The period overlaps FROM..TO (YYYY-MM-DD); repeatable.",
            show_default=False,
        ),
    ],
}


NO_FILTERS = FilterValues()  # a placeholder: `filtered` replaces the parameter


def filtered(command: Callable[..., None]) -> Callable[..., None]:
    """Give `command` the seven filter options in place of its `filters: FilterValues`."""
    signature = inspect.signature(command, eval_str=True)
    parameters: list[inspect.Parameter] = []
    for parameter in signature.parameters.values():
        if parameter.name == "filters":
            parameters += [
                inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
                for name, annotation in FILTER_OPTIONS.items()
            ]
        else:
            parameters.append(parameter.replace(kind=inspect.Parameter.KEYWORD_ONLY))

    @wraps(command)
    def with_filters(**options: Any) -> None:
        values = FilterValues(**{name: options.pop(name) for name in FILTER_OPTIONS})
        command(**options, filters=values)

    with_filters.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    with_filters.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_filters


NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Check every file afresh: neither read nor write the cache.")
]


def uncached(command: Callable[..., None]) -> Callable[..., None]:
    """Give `command` the option --no-cache, which sets `State.no_cache`."""
    signature = inspect.signature(command, eval_str=True)
    option = inspect.Parameter("no_cache", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=NoCacheOption)
    parameters = [*signature.parameters.values(), option]

    @wraps(command)
    def with_option(**options: Any) -> None:
        State.no_cache = options.pop("no_cache")
        command(**options)

    with_option.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
    with_option.__annotations__ = {p.name: p.annotation for p in parameters}
    return with_option


# --- the commands --------------------------------------------------------------------------


@app.command()
@uncached
def validate(
    paths: PathsArgument = None,
    format: Annotated[
        list[ValidateFormat] | None,
        typer.Option(
            "--format",
            "-f",
            show_default=False,
            help="Report format: text (default; github under GitHub Actions), json, github, sarif, "
            "junit. Repeat it, with an --output for each, for several reports in one run.",
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail validation too.")] = False,
    as_of: AsOfOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Findings only, no closing line.")] = False,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            show_default=False,
            help="Write the report to this file instead of stdout; one per --format.",
        ),
    ] = None,
    jobs: JobsOption = None,
    lang: Annotated[
        Lang, typer.Option("--lang", help="Language of the text report: en or lv (machine formats stay English).")
    ] = Lang.en,
    config: ConfigOption = None,
) -> None:
    """Check every record and report every finding as file:line:col.

    Exit 0 when there are no errors (and, with --strict, no warnings); 1 when
    there are; 2 for a usage or configuration mistake.

    Example: esfproj validate data/projects --format json --as-of 2026-01-01

    Example: esfproj validate -f sarif -o esfproj.sarif -f junit -o esfproj.xml
    """
    from esfproj.commands import validate as command

    _use_config(config)
    _run(lambda: command.run(paths, format, output, strict, as_of, quiet, jobs, lang.value))


def _use_config(config: str | None) -> None:
    """`--config` is global, and may also follow the command (`esfproj validate --config F`)."""
    if config is not None:
        State.config_file = config


@app.command("list")
@uncached
@filtered
def list_records(
    paths: PathsArgument = None,
    filters: FilterValues = NO_FILTERS,
    format: TableFormatOption = TableFormat.table,
    lang: LangOption = Lang.en,
    strict: StrictOption = False,
    output: OutputOption = None,
    jobs: JobsOption = None,
    config: ConfigOption = None,
) -> None:
    """One row per record: id, number, participant or lead partner, fund, status, period, total.

    Example: esfproj list --fund ESF --active-on 2020-03-01 --format csv
    """
    from esfproj.commands import list as command

    _use_config(config)
    _run(lambda: command.run(paths, filters, format, lang, strict, output, jobs))


@app.command()
@uncached
@filtered
def summary(
    paths: PathsArgument = None,
    by: Annotated[
        str,
        typer.Option(
            "--by",
            help="Group by these fields, comma-separated: fund, source, eligibility, status, "
            "programme, specific_objective, measure, lead_partner, participant, region, year.",
        ),
    ] = "fund",
    filters: FilterValues = NO_FILTERS,
    format: TableFormatOption = TableFormat.table,
    lang: LangOption = Lang.en,
    strict: StrictOption = False,
    output: OutputOption = None,
    jobs: JobsOption = None,
    chart: Annotated[bool, typer.Option("--chart", help="Draw each row's share as a bar (table format).")] = False,
    config: ConfigOption = None,
) -> None:
    """Funding totals across records, by fund, source, year...; exact to the cent.

    Example: esfproj summary --by source,year --participant jūrmala --lang lv
    """
    from esfproj.commands import summary as command

    _use_config(config)
    _run(lambda: command.run(paths, by, filters, format, lang, strict, output, jobs, chart))


@app.command()
@uncached
def show(
    record: Annotated[str, typer.Argument(help="A record id or the path of a record file.")],
    lang: LangOption = Lang.en,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    config: ConfigOption = None,
) -> None:
    """One record: its header, funding tree with failing nodes marked, indicators, findings.

    Example: esfproj show jurmala-9.2.1.1-15-I-001
    """
    from esfproj.commands import show as command

    _use_config(config)
    _run(lambda: command.run(record, lang, as_of, output))


@app.command()
@uncached
@filtered
def export(
    paths: PathsArgument = None,
    filters: FilterValues = NO_FILTERS,
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.csv,
    strict: StrictOption = False,
    output: OutputOption = None,
    jobs: JobsOption = None,
    config: ConfigOption = None,
) -> None:
    """Every record as data: CSV with fixed columns, JSON or JSON Lines; written atomically.

    Example: esfproj export --format csv --output projects.csv
    """
    from esfproj.commands import export as command

    _use_config(config)
    _run(lambda: command.run(paths, filters, format, strict, output, jobs))


@app.command()
@uncached
@filtered
def report(
    paths: PathsArgument = None,
    output: Annotated[str, typer.Option("--output", "-o", help="The HTML file to write.")] = "report.html",
    filters: FilterValues = NO_FILTERS,
    lang: LangOption = Lang.en,
    as_of: AsOfOption = None,
    jobs: JobsOption = None,
    config: ConfigOption = None,
) -> None:
    """One self-contained HTML page: headline figures, charts, every record, data quality.

    No scripts and no external requests: it opens offline from an e-mail and prints on A4.

    Example: esfproj report --output report.html --lang lv
    """
    from esfproj.commands import report as command

    _use_config(config)
    _run(lambda: command.run(paths, output, filters, lang, as_of, jobs))


@app.command("import")
def import_list(
    file: Annotated[str, typer.Argument(help="The published list of operations (CSV).", show_default=False)],
    format: Annotated[str, typer.Option("--format", "-f", help="The list's layout: kohesio.")] = "kohesio",
    into: Annotated[
        str | None,
        typer.Option(
            "--into", help="The folder to write to (default: the configured data folder).", show_default=False
        ),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be written; write nothing.")] = False,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of what it says: en or lv.")] = Lang.en,
    config: ConfigOption = None,
) -> None:
    """A published list of operations into records, one per operation; where records already
    there disagree with the list, each difference as file:line.

    Never overwrites a file. Exit 0 when every row is imported or already there and the
    same; 1 when a row is refused or a record differs; 2 for a usage mistake.

    Example: esfproj import kohesio_lv.csv --format kohesio --dry-run
    """
    from esfproj.commands import import_ as command

    _use_config(config)
    _run(lambda: command.run(file, format, into, dry_run, lang.value))


@app.command()
def checks(
    check: Annotated[str | None, typer.Argument(help="A check id, to explain that one.", show_default=False)] = None,
    format: TableFormatOption = TableFormat.table,
) -> None:
    """List every check with its severity, what it finds and a failing example; or explain one.

    Example: esfproj checks funding-rate
    """
    from esfproj.commands import checks as command

    _run(lambda: command.run(check, format))


@app.command()
def schema(output: OutputOption = None, config: ConfigOption = None) -> None:
    """Print the JSON Schema of records (the one bundled with esfproj), or write it to a file.

    Example: esfproj schema --output schemas/project.schema.json
    """
    from esfproj.commands import schema as command

    _use_config(config)
    _run(lambda: command.run(output))


@app.command()
def new(
    number: Annotated[
        str | None, typer.Option("--number", help="Project number, e.g. 9.2.1.1/15/I/001.", show_default=False)
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title as published.", show_default=False)] = None,
    fund: Annotated[str | None, typer.Option("--fund", help="ESF, ESF+, ERDF, CF, FEAD...", show_default=False)] = None,
    participant: Annotated[
        str | None,
        typer.Option("--participant", help="The organisation whose part this record is.", show_default=False),
    ] = None,
    lead_partner: Annotated[str | None, typer.Option("--lead-partner", show_default=False)] = None,
    status: Annotated[str, typer.Option("--status")] = "unknown",
    folder: Annotated[
        str | None,
        typer.Option("--folder", help="Where to write it (default: the configured data folder).", show_default=False),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Start a new record: a file with the required fields and the schema modeline for editors.

    Asks for what is missing when run on a terminal. Never overwrites a file.

    Example: esfproj new --number 9.2.1.1/15/I/001 --title "Profesionāla sociālā darba
    attīstība pašvaldībās" --fund ESF --participant "Jūrmalas pilsētas dome"
    """
    from esfproj.commands import new as command

    _use_config(config)
    _run(lambda: command.run(number, title, fund, participant, lead_partner, status, folder))
