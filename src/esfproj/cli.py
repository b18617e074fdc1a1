"""The command-line interface: Typer declarations only.

Each command is declared once, with `@command()`: a function `declared(settings, *, option=...)`
whose keyword-only parameters are its options, each with its type and its Typer declaration
(`Annotated`), that runs the `run` function of its module in `esfproj.commands` (imported
only when that command runs) and returns its exit code. The decorator gives it the global
options as one `Settings`, `--config` given after the command's name included, and the
seven filter options (declared once, in `FILTER_OPTIONS`) as one `FilterValues` if it has a
parameter `filters`; `common.guarded` turns what it returns or raises into the exit code.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any

import typer

from esfproj import __version__
from esfproj.commands.common import FilterValues, Settings, guarded
from esfproj.options import (
    Colour,
    CsvDialect,
    DiffFormat,
    ExportFormat,
    Lang,
    SummaryFormat,
    TableFormat,
    ValidateFormat,
)

app = typer.Typer(
    name="esfproj",
    help="Validate and summarise plain-text records of EU-funded projects.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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
    ctx: typer.Context,
    *,
    debug: DebugOption = False,
    config: ConfigOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    color: ColourOption = Colour.auto,
) -> None:
    ctx.obj = Settings(debug=debug, config_file=config, colour=color)


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
TableFormatOption = Annotated[
    TableFormat, typer.Option("--format", "-f", help="Output format: table, csv, json or markdown.")
]
CsvDialectOption = Annotated[
    CsvDialect,
    typer.Option(
        "--csv-dialect",
        help="CSV for programs (rfc4180: ',' and '.') or for a spreadsheet with Latvian settings "
        "(excel-lv: ';', a decimal comma, a UTF-8 byte-order mark).",
    ),
]
YearOption = Annotated[
    int | None,
    typer.Option(
        "--year",
        min=1,
        max=9999,
        show_default=False,
        help="Count only each record's money in this calendar year, split by days as --by year splits it.",
    ),
]
FromOption = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="YYYY-MM-DD",
        show_default=False,
        help="With --to: count only each record's money in these days (pro rata to days).",
    ),
]
ToOption = Annotated[
    str | None,
    typer.Option("--to", metavar="YYYY-MM-DD", show_default=False, help="The last day of --from's span (counted)."),
]

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
            "--participant",
            help="Participant name contains this (any case, diacritics or not: jurmala finds Jūrmala); repeatable.",
            show_default=False,
        ),
    ],
    "lead_partner": Annotated[
        list[str] | None,
        typer.Option(
            "--lead-partner",
            help="Lead partner name contains this (any case, diacritics or not); repeatable.",
            show_default=False,
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


AFTER_DASHES = "esfproj_after_dashes"
"""Where a command class that takes `-- PATH...` (as `diff`) leaves what follows `--`."""


def command(
    name: str | None = None,
    *,
    config: bool = True,
    cached: bool = False,
    cls: type[typer.core.TyperCommand] | None = None,
) -> Callable[[Callable[..., int]], Callable[..., int]]:
    """Declare a command (see the module's doc). With `config` false (`checks`, which reads no
    configuration) it takes no `--config` after its name; with `cached` (the commands that
    read records through the cache) it takes `--no-cache`. A parameter `after_dashes` is no
    option: it gets what follows `--`, which `cls` sets aside."""

    def declare(declared: Callable[..., int]) -> Callable[..., int]:
        signature = inspect.signature(declared, eval_str=True)
        own = [p for p in list(signature.parameters.values())[1:] if p.name != "after_dashes"]  # after `settings`
        keyword = inspect.Parameter.KEYWORD_ONLY
        parameters = [inspect.Parameter("ctx", keyword, annotation=typer.Context)]
        for parameter in own:
            if parameter.name == "filters":
                parameters += [
                    inspect.Parameter(option, keyword, default=None, annotation=annotation)
                    for option, annotation in FILTER_OPTIONS.items()
                ]
            else:
                parameters.append(parameter)
        if config:
            parameters.append(inspect.Parameter("config", keyword, default=None, annotation=ConfigOption))
        if cached:
            parameters.append(inspect.Parameter("no_cache", keyword, default=False, annotation=NoCacheOption))

        @wraps(declared)
        def invoked(ctx: typer.Context, **options: Any) -> None:
            settings = ctx.ensure_object(Settings)
            given = options.pop("config", None)
            if given is not None:  # `esfproj validate --config F`: after the command's name, it wins
                settings = settings.with_config_file(given)
            if options.pop("no_cache", False):
                settings = settings.without_cache()
            if "filters" in signature.parameters:
                options["filters"] = FilterValues(**{option: options.pop(option) for option in FILTER_OPTIONS})
            if "after_dashes" in signature.parameters:
                options["after_dashes"] = ctx.meta.get(AFTER_DASHES) or None
            lang = options.get("lang")
            said = lang.value if isinstance(lang, Lang) else "en"
            raise typer.Exit(guarded(lambda: declared(settings, **options), settings.debug, said))

        invoked.__signature__ = signature.replace(parameters=parameters, return_annotation=None)  # type: ignore[attr-defined]
        invoked.__annotations__ = {p.name: p.annotation for p in parameters}
        app.command(name, cls=cls)(invoked)
        return declared

    return declare


NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Check every file afresh: neither read nor write the cache.")
]


# --- the commands --------------------------------------------------------------------------


@command(cached=True)
def validate(
    settings: Settings,
    *,
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
) -> int:
    """Check every record and report every finding as file:line:col.

    Exit 0 when there are no errors (and, with --strict, no warnings); 1 when
    there are; 2 for a usage or configuration mistake.

    Example: esfproj validate data/projects --format json --as-of 2026-01-01

    Example: esfproj validate -f sarif -o esfproj.sarif -f junit -o esfproj.xml
    """
    from esfproj.commands import validate as command

    return command.run(
        settings,
        paths=paths,
        formats=format,
        outputs=output,
        strict=strict,
        as_of=as_of,
        quiet=quiet,
        jobs=jobs,
        lang=lang,
    )


@command("list", cached=True)
def list_records(
    settings: Settings,
    *,
    paths: PathsArgument = None,
    filters: FilterValues,
    year: YearOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    sort: Annotated[
        str | None,
        typer.Option(
            "--sort",
            metavar="COLUMN",
            show_default=False,
            help="Order by this column (id, project_number, title, participant, lead_partner, fund, status, "
            "start, end, currency, total, scope); -COLUMN for descending, as --sort=-total.",
        ),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, show_default=False, help="Only the first N rows (after --sort).")
    ] = None,
    format: TableFormatOption = TableFormat.table,
    lang: LangOption = Lang.en,
    strict: StrictOption = False,
    output: OutputOption = None,
    jobs: JobsOption = None,
) -> int:
    """One row per record: id, number, title, participant or lead partner, fund, status, period, total.

    Example: esfproj list --fund ESF --active-on 2020-03-01 --sort=-total --limit 10
    """
    from esfproj.commands import list as command

    return command.run(
        settings,
        paths=paths,
        filters=filters,
        year=year,
        first=from_,
        last=to,
        sort=sort,
        limit=limit,
        format=format,
        lang=lang,
        strict=strict,
        output=output,
        jobs=jobs,
    )


@command(cached=True)
def summary(
    settings: Settings,
    *,
    paths: PathsArgument = None,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by",
            help="Group by these fields, comma-separated: fund, source, eligibility, status, "
            "programme, specific_objective, measure, lead_partner, participant, region, year "
            "[default: fund]; with --format xlsx, repeat it for a sheet per grouping.",
            show_default=False,
        ),
    ] = None,
    filters: FilterValues,
    year: YearOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    format: Annotated[
        SummaryFormat,
        typer.Option("--format", "-f", help="Output format: table, csv, json, markdown or xlsx (with --output)."),
    ] = SummaryFormat.table,
    csv_dialect: CsvDialectOption = CsvDialect.rfc4180,
    lang: LangOption = Lang.en,
    strict: StrictOption = False,
    output: OutputOption = None,
    jobs: JobsOption = None,
    chart: Annotated[bool, typer.Option("--chart", help="Draw each row's share as a bar (table format).")] = False,
    top: Annotated[
        int | None,
        typer.Option(
            "--top",
            min=1,
            show_default=False,
            help="Keep the N rows with the largest amounts and add up the rest as one row (totals unchanged).",
        ),
    ] = None,
) -> int:
    """Funding totals across records, by fund, source, year...; exact to the cent.

    Example: esfproj summary --by source,year --participant jūrmala --lang lv
    """
    from esfproj.commands import summary as command

    return command.run(
        settings,
        paths=paths,
        by=by,
        filters=filters,
        year=year,
        first=from_,
        last=to,
        format=format,
        csv_dialect=csv_dialect,
        lang=lang,
        strict=strict,
        output=output,
        jobs=jobs,
        chart=chart,
        top_rows=top,
    )


@command(cached=True)
def show(
    settings: Settings,
    *,
    record: Annotated[
        str,
        typer.Argument(
            help="A record id (as esfproj list prints it), a project number (each of its records) "
            "or the path of a record file."
        ),
    ],
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Record files or folders to look in (default: the configured data folder).", show_default=False
        ),
    ] = None,
    lang: LangOption = Lang.en,
    as_of: AsOfOption = None,
    output: OutputOption = None,
) -> int:
    """One record: its header, funding tree with failing nodes marked, indicators, findings.

    Example: esfproj show 9.2.2.1/15/I/002 data/projects
    """
    from esfproj.commands import show as command

    return command.run(settings, record=record, paths=paths, lang=lang, as_of=as_of, output=output)


@command(cached=True)
def export(
    settings: Settings,
    *,
    paths: PathsArgument = None,
    filters: FilterValues,
    year: YearOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    format: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="Output format: csv, json, jsonl (JSON Lines), xlsx or parquet."),
    ] = ExportFormat.csv,
    csv_dialect: CsvDialectOption = CsvDialect.rfc4180,
    lang: Annotated[
        Lang, typer.Option("--lang", help="Language of a workbook's headings and of messages: en or lv.")
    ] = Lang.en,
    strict: StrictOption = False,
    output: OutputOption = None,
    jobs: JobsOption = None,
) -> int:
    """Every record as data: CSV with fixed columns, JSON, JSON Lines, a workbook (xlsx) or
    Parquet; written atomically.

    Example: esfproj export --format xlsx --lang lv --output projects.xlsx
    """
    from esfproj.commands import export as command

    return command.run(
        settings,
        paths=paths,
        filters=filters,
        year=year,
        first=from_,
        last=to,
        format=format,
        csv_dialect=csv_dialect,
        lang=lang,
        strict=strict,
        output=output,
        jobs=jobs,
    )


@command(cached=True)
def report(
    settings: Settings,
    *,
    paths: PathsArgument = None,
    output: Annotated[str, typer.Option("--output", "-o", help="The HTML file to write.")] = "report.html",
    filters: FilterValues,
    year: YearOption = None,
    from_: FromOption = None,
    to: ToOption = None,
    lang: LangOption = Lang.en,
    as_of: AsOfOption = None,
    jobs: JobsOption = None,
    details: Annotated[
        bool | None,
        typer.Option(
            "--details/--no-details",
            help="A section per record, or one records table (default: the table above 200 records).",
            show_default=False,
        ),
    ] = None,
) -> int:
    """One self-contained HTML page: headline figures, charts, every record, data quality.

    No external requests: it opens offline from an e-mail and prints on A4.

    Example: esfproj report --output report.html --lang lv
    """
    from esfproj.commands import report as command

    return command.run(
        settings,
        paths=paths,
        output=output,
        filters=filters,
        year=year,
        first=from_,
        last=to,
        lang=lang,
        as_of=as_of,
        jobs=jobs,
        details=details,
    )


@command("import")
def import_list(
    settings: Settings,
    *,
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
) -> int:
    """A published list of operations into records, one per operation; where records already
    there disagree with the list, each difference as file:line.

    Never overwrites a file.

    Exit 0 when every row is imported or already there and the same;
    1 when a row is refused or a record differs; 2 for a usage mistake.

    Example: esfproj import kohesio_lv.csv --format kohesio --dry-run
    """
    from esfproj.commands import import_ as command

    return command.run(settings, file=file, format=format, into=into, dry_run=dry_run, lang=lang)


@command(config=False)
def checks(
    settings: Settings,
    *,
    check: Annotated[str | None, typer.Argument(help="A check id, to explain that one.", show_default=False)] = None,
    format: TableFormatOption = TableFormat.table,
    lang: Annotated[
        Lang, typer.Option("--lang", help="Language of the table and of an explanation: en or lv (CSV, JSON: en).")
    ] = Lang.en,
) -> int:
    """List every check with its severity, what it finds and a failing example; or explain one.

    Example: esfproj checks funding-rate
    """
    from esfproj.commands import checks as command

    return command.run(settings, check=check, format=format, lang=lang)


@command()
def schema(settings: Settings, *, output: OutputOption = None) -> int:
    """Print the JSON Schema of records (the one bundled with esfproj), or write it to a file.

    Example: esfproj schema --output schemas/project.schema.json
    """
    from esfproj.commands import schema as command

    return command.run(settings, output=output)


@command()
def new(
    settings: Settings,
    *,
    number: Annotated[
        str | None, typer.Option("--number", help="Project number, e.g. 9.2.1.1/15/I/001.", show_default=False)
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title as published.", show_default=False)] = None,
    fund: Annotated[str | None, typer.Option("--fund", help="ESF, ESF+, ERDF, CF, FEAD...", show_default=False)] = None,
    participant: Annotated[
        str | None,
        typer.Option("--participant", help="The organisation whose part this record is.", show_default=False),
    ] = None,
    lead_partner: Annotated[
        str | None,
        typer.Option("--lead-partner", help="The organisation that leads the project.", show_default=False),
    ] = None,
    status: Annotated[
        str, typer.Option("--status", help="planned, in_progress, completed, suspended, terminated or unknown.")
    ] = "unknown",
    start: Annotated[
        str | None,
        typer.Option("--start", metavar="YYYY-MM-DD", help="The first day of the period.", show_default=False),
    ] = None,
    end: Annotated[
        str | None,
        typer.Option("--end", metavar="YYYY-MM-DD", help="The last day of the period.", show_default=False),
    ] = None,
    amount: Annotated[
        str | None,
        typer.Option("--amount", help="The total funding, digits with a decimal point: 70222.38.", show_default=False),
    ] = None,
    currency: Annotated[
        str | None,
        typer.Option("--currency", help="The currency of --amount (default EUR).", show_default=False),
    ] = None,
    record_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            help="The file's name without .yaml (default: from the number, after the participant's first word).",
            show_default=False,
        ),
    ] = None,
    folder: Annotated[
        str | None,
        typer.Option("--folder", help="Where to write it (default: the configured data folder).", show_default=False),
    ] = None,
    lang: Annotated[Lang, typer.Option("--lang", help="Language of the prompts: en or lv.")] = Lang.en,
) -> int:
    """Start a new record: a file with the required fields and the schema modeline for editors.

    Asks for what is missing when run on a terminal. Never overwrites a file.

    Example: esfproj new --number 9.2.1.1/15/I/001 --fund ESF --title "Atbalsts"
    """
    from esfproj.commands import new as command

    return command.run(
        settings,
        number=number,
        title=title,
        fund=fund,
        participant=participant,
        lead_partner=lead_partner,
        status=status,
        folder=folder,
        record_id=record_id,
        start=start,
        end=end,
        amount=amount,
        currency=currency,
        lang=lang,
    )


# --- esfproj diff ------------------------------------------------------------------------


class _PathsAfterDashes(typer.core.TyperCommand):
    """`esfproj diff [BASE [HEAD]] [-- PATH...]`: what follows `--` are paths, not revisions
    (as in git)."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if "--" in args:
            at = args.index("--")
            ctx.meta[AFTER_DASHES] = args[at + 1 :]
            args = args[:at]
        return list(super().parse_args(ctx, args))


@command(cls=_PathsAfterDashes, cached=True)
def diff(
    settings: Settings,
    *,
    revisions: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[BASE [HEAD]] [-- PATH...]",
            help="Git revisions: BASE (default HEAD) and HEAD (default: the working tree, with new "
            "files git does not ignore). Paths after -- (default: the configured data folders).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text (a terminal table), markdown (GitHub) or json.")
    ] = DiffFormat.text,
    lang: LangOption = Lang.en,
    output: OutputOption = None,
    jobs: JobsOption = None,
    after_dashes: list[str] | None = None,
) -> int:
    """What a change does to the money: totals by fund and source before and after, each
    changed record with its changed values, and the findings the change brings or resolves.

    Reads the revisions straight from git; never checks anything out. Exit 0 when the change
    brings no unacknowledged error; 1 when it does, or a file on either side cannot be read;
    2 for a usage mistake (not a git repository, an unknown revision).

    Example: esfproj diff origin/main --format markdown >> "$GITHUB_STEP_SUMMARY"
    """
    from esfproj.commands import diff as command
    from esfproj.errors import UsageError

    revs = list(revisions or [])
    if len(revs) > 2:
        raise UsageError(
            f"diff takes at most two revisions, BASE and HEAD; paths go after --: {revs[2]!r}",
            lv=f"diff gaida ne vairāk kā divas revīzijas, BASE un HEAD; ceļus norāda pēc --: {revs[2]!r}",
        )
    return command.run(
        settings,
        base=revs[0] if revs else "HEAD",
        head=revs[1] if len(revs) > 1 else None,
        paths=after_dashes,
        format=format,
        lang=lang,
        output=output,
        jobs=jobs,
    )


@command(config=False)
def lsp(settings: Settings) -> int:
    """Run the language server over stdin and stdout, for editors (docs/editors.md).

    Every finding of esfproj validate as a record is typed; totals, hints and quick fixes.
    An editor starts it; it is not run by hand. It reads the workspace's configuration.

    Example: esfproj lsp
    """
    from esfproj.commands import lsp as command

    return command.run(settings)
