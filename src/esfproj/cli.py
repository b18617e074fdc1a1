"""Typer commands only: options -> library call -> exit code."""

from __future__ import annotations

import datetime
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from esfproj import __version__, command
from esfproj.formats import Colour, ExportFormat, Lang, TableFormat, ValidateFormat

if TYPE_CHECKING:
    from esfproj.model import Report
    from esfproj.record import Record
    from esfproj.summary import Filters

app = typer.Typer(
    name="esfproj",
    help="Validate and summarise plain-text records of EU-funded projects.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _run(body: Callable[[], int]) -> None:
    raise typer.Exit(command.guarded(body))


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
    color: Annotated[Colour, typer.Option(
        "--color", help="Colour: auto (on a terminal, unless NO_COLOR is set), always or never.")
    ] = Colour.auto,
) -> None:
    command.State.debug = debug
    command.State.config_file = config
    command.State.colour = color


JobsOption = Annotated[int | None, typer.Option(
    "--jobs", "-j", min=1, help="Processes to use (default: one per core, for runs of 200 files "
    "or more).", show_default=False)]


PathsArgument = Annotated[list[str] | None, typer.Argument(
    help="Record files or folders (default: the configured data folder, data/projects).",
    show_default=False)]
OutputOption = Annotated[str | None, typer.Option(
    "--output", "-o", help="Write to this file (atomically) instead of stdout.")]


@app.command()
def validate(
    paths: PathsArgument = None,
    format: Annotated[list[ValidateFormat] | None, typer.Option(
        "--format", "-f", show_default=False,
        help="Report format: text (default; github under GitHub Actions), json, github, sarif, "
        "junit. Repeat it, with an --output for each, for several reports in one run.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail validation too.")] = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="YYYY-MM-DD",
        help="Check status against dates as of this day (default: today).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Findings only, no closing line.")] = False,
    output: Annotated[list[str] | None, typer.Option(
        "--output", "-o", show_default=False,
        help="Write the report to this file (atomically) instead of stdout; one per --format.")
    ] = None,
    jobs: JobsOption = None,
) -> None:
    """Check every record and report every finding as file:line:col.

    Exit 0 when there are no errors (and, with --strict, no warnings); 1 when
    there are; 2 for a usage or configuration mistake.

    Example: esfproj validate data/projects --format json --as-of 2026-01-01

    Example: esfproj validate -f sarif -o esfproj.sarif -f junit -o esfproj.xml
    """

    _run(lambda: command.validate(paths, formats=format, outputs=output, strict=strict, as_of=as_of,
                                  quiet=quiet, jobs=jobs))


def _filters(fund: list[str] | None, status: list[str] | None, measure: list[str] | None,
             participant: list[str] | None, lead_partner: list[str] | None,
             active_on: list[str] | None, period: list[str] | None) -> Filters:
    from esfproj.errors import UsageError
    from esfproj.schema import choice
    from esfproj.summary import Filters

    ranges = []
    for value in period or []:
        first, sep, last = value.partition("..")
        if not sep:
            raise UsageError(f"--period takes YYYY-MM-DD..YYYY-MM-DD, not {value!r}")
        start, end = command.parse_date(first, "--period"), command.parse_date(last, "--period")
        if end < start:
            raise UsageError(f"--period {value}: the end is before the start; "
                             f"did you mean {last}..{first}?")
        ranges.append((start, end))
    return Filters(
        fund=tuple(choice("fund", f) for f in fund or ()),
        status=tuple(choice("status", s) for s in status or ()), measure=tuple(measure or ()),
        participant=tuple(participant or ()), lead_partner=tuple(lead_partner or ()),
        active_on=tuple(command.parse_date(d, "--active-on") for d in active_on or ()),
        period=tuple(ranges))


FundOption = Annotated[list[str] | None, typer.Option("--fund", help="Only this fund (repeatable).",
                                                      show_default=False)]
StatusOption = Annotated[list[str] | None, typer.Option("--status", help="Only this status.",
                                                        show_default=False)]
MeasureOption = Annotated[list[str] | None, typer.Option(
    "--measure", help="Only measures with this prefix: 9.2 matches 9.2.1.1.", show_default=False)]
ParticipantOption = Annotated[list[str] | None, typer.Option(
    "--participant", help="Participant name contains this (any case).", show_default=False)]
LeadOption = Annotated[list[str] | None, typer.Option(
    "--lead-partner", help="Lead partner name contains this (any case).", show_default=False)]
ActiveOption = Annotated[list[str] | None, typer.Option(
    "--active-on", metavar="YYYY-MM-DD", help="The period contains this day.", show_default=False)]
PeriodOption = Annotated[list[str] | None, typer.Option(
    "--period", metavar="FROM..TO", help="The period overlaps FROM..TO (YYYY-MM-DD).",
    show_default=False)]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of tables: en or lv.")]
StrictOption = Annotated[bool, typer.Option(
    "--strict", help="Refuse to answer (exit 1) when records have errors.")]


def _records(paths: list[str] | None, strict: bool, jobs: int | None,
             extract: Callable[[Record], Any], consume: Callable[[Any], None]
             ) -> tuple[Report, int | None]:
    """Load and validate, handing what `extract` makes of each record to `consume`; say on
    stderr how many records have errors. Returns the report and the exit code to stop with
    (1 under --strict when there are errors)."""
    from esfproj.validate import files_with_errors, run

    settings = command.settings()
    with command.progress_bar() as progress:
        # Only the count of files with errors is shown: findings need no positions.
        report = run(paths or settings.data_paths(), settings, datetime.date.today(), jobs,
                     progress, extract, consume, with_positions=False)
    broken = files_with_errors(report) | {u.file for u in report.unread}
    if broken:
        typer.echo(f"esfproj: {len(broken)} of {report.counts.files} files have errors; "
                   "figures from them may be wrong (esfproj validate shows them)", err=True)
        if strict:
            return report, 1
    return report, None


@app.command("list")
def list_records(
    paths: PathsArgument = None,
    fund: FundOption = None, status: StatusOption = None, measure: MeasureOption = None,
    participant: ParticipantOption = None, lead_partner: LeadOption = None,
    active_on: ActiveOption = None, period: PeriodOption = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    lang: LangOption = Lang.en, strict: StrictOption = False, output: OutputOption = None,
    jobs: JobsOption = None,
) -> None:
    """One row per record: id, number, participant or lead partner, fund, status, period, total.

    Example: esfproj list --fund ESF --active-on 2020-03-01 --format csv
    """

    def body() -> int:
        from functools import partial

        from esfproj.tables import ListRow, list_row, render_list

        chosen = _filters(fund, status, measure, participant, lead_partner, active_on, period)
        rows: list[ListRow] = []
        report, stop = _records(paths, strict, jobs, partial(list_row, filters=chosen),
                                rows.append)
        if stop is not None:
            return stop
        command.emit(render_list(rows, format, lang.value, command.use_colour(output),
                                 command.width(output), report.unread, report.counts.files),
                     output, report)
        return command.complete(report)

    _run(body)


@app.command()
def summary(
    paths: PathsArgument = None,
    by: Annotated[str, typer.Option(
        "--by", help="Group by these fields, comma-separated: fund, source, eligibility, status, "
        "programme, specific_objective, measure, lead_partner, participant, region, year.")] = "fund",
    fund: FundOption = None, status: StatusOption = None, measure: MeasureOption = None,
    participant: ParticipantOption = None, lead_partner: LeadOption = None,
    active_on: ActiveOption = None, period: PeriodOption = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
    lang: LangOption = Lang.en, strict: StrictOption = False, output: OutputOption = None,
    jobs: JobsOption = None,
    chart: Annotated[bool, typer.Option("--chart", help="Draw each row's share as a bar "
                                        "(table format).")] = False,
) -> None:
    """Funding totals across records, by fund, source, year...; exact to the cent.

    Example: esfproj summary --by source,year --participant jūrmala --lang lv
    """

    def body() -> int:
        from functools import partial

        from esfproj.errors import UsageError
        from esfproj.summary import GROUP_FIELDS, SummaryBuilder, summary_item
        from esfproj.tables import render_chart, render_summary

        fields = tuple(f.strip() for f in by.split(",") if f.strip())
        unknown = [f for f in fields if f not in GROUP_FIELDS]
        if unknown or not fields or len(set(fields)) != len(fields):
            raise UsageError(f"--by takes distinct fields from {', '.join(GROUP_FIELDS)}; "
                             f"not {by!r}")
        chosen = _filters(fund, status, measure, participant, lead_partner, active_on, period)
        builder = SummaryBuilder(fields)
        report, stop = _records(paths, strict, jobs,
                                partial(summary_item, filters=chosen, by=fields), builder.add)
        if stop is not None:
            return stop
        result = builder.result()
        colour, width = command.use_colour(output), command.width(output)
        text = render_summary(result, format, lang.value, colour, width, report.unread,
                              report.counts.files)
        if chart and format is TableFormat.table:
            text += "\n" + render_chart(result, lang.value, colour, width)
        command.emit(text, output, report)
        return command.complete(report)

    _run(body)


@app.command()
def show(
    record: Annotated[str, typer.Argument(help="A record id or the path of a record file.")],
    lang: LangOption = Lang.en,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="YYYY-MM-DD",
                                              help="Check dates as of this day.")] = None,
    output: OutputOption = None,
) -> None:
    """One record: its header, funding tree with failing nodes marked, indicators, findings.

    Example: esfproj show jurmala-9.2.1.1-15-I-001
    """

    def body() -> int:
        from esfproj.errors import UsageError
        from esfproj.show import render_record
        from esfproj.validate import collect

        settings = command.settings()
        paths = [p for p in settings.data_paths() if os.path.isdir(p)]
        if os.path.isfile(record):
            paths.append(record)
        records, report = collect(paths, settings, command.parse_date(as_of, "--as-of"))
        real = os.path.realpath(record)
        matches = [r for r in records if r.id == record or os.path.realpath(r.file) == real]
        if not matches:
            broken = [f for f in report.findings if os.path.realpath(f.file) == real
                      or f.record == record]
            if broken:
                from esfproj.reporters.text import line

                typer.echo("\n".join(line(f) for f in broken), err=True)
                return 1
            raise UsageError(f"no record {record!r} (give an id from esfproj list, or a path)")
        chosen = matches[0]
        findings = [f for f in report.findings if f.file == chosen.file]
        command.emit(render_record(chosen, findings, lang.value, command.use_colour(output),
                                   command.width(output), report.unread, report.counts.files),
                     output, report)
        return 0

    _run(body)


@app.command()
def export(
    paths: PathsArgument = None,
    fund: FundOption = None, status: StatusOption = None, measure: MeasureOption = None,
    participant: ParticipantOption = None, lead_partner: LeadOption = None,
    active_on: ActiveOption = None, period: PeriodOption = None,
    format: Annotated[ExportFormat, typer.Option("--format", "-f")] = ExportFormat.csv,
    strict: StrictOption = False, output: OutputOption = None, jobs: JobsOption = None,
) -> None:
    """Every record as data: CSV with fixed columns, JSON or JSON Lines; written atomically.

    Example: esfproj export --format csv --output projects.csv
    """

    def body() -> int:
        from collections import Counter
        from functools import partial

        from esfproj.export import ExportItem, export_item, render_export

        chosen = _filters(fund, status, measure, participant, lead_partner, active_on, period)
        items: list[ExportItem] = []
        report, stop = _records(paths, strict, jobs,
                                partial(export_item, filters=chosen, fmt=format), items.append)
        if stop is not None:
            return stop
        errors = Counter(f.file for f in report.findings
                         if f.severity.value == "error" and not f.acknowledged)
        command.emit(render_export(items, dict(errors), format, report.unread), output, report)
        return command.complete(report)

    _run(body)


@app.command()
def report(
    paths: PathsArgument = None,
    output: Annotated[str, typer.Option("--output", "-o", help="The HTML file to write.")] = "report.html",
    fund: FundOption = None, status: StatusOption = None, measure: MeasureOption = None,
    participant: ParticipantOption = None, lead_partner: LeadOption = None,
    active_on: ActiveOption = None, period: PeriodOption = None,
    lang: LangOption = Lang.en,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="YYYY-MM-DD",
                                              help="Check dates as of this day.")] = None,
    jobs: JobsOption = None,
) -> None:
    """One self-contained HTML page: headline figures, charts, every record, data quality.

    No scripts and no external requests: it opens offline from an e-mail and prints on A4.

    Example: esfproj report --output report.html --lang lv
    """

    def body() -> int:
        from functools import partial

        from esfproj.report import render_report
        from esfproj.summary import filtered_record
        from esfproj.validate import run

        chosen = _filters(fund, status, measure, participant, lead_partner, active_on, period)
        settings = command.settings()
        day = command.parse_date(as_of, "--as-of")
        records: list[Record] = []
        with command.progress_bar() as progress:
            result = run(paths or settings.data_paths(), settings, day, jobs, progress,
                         partial(filtered_record, filters=chosen), records.append)
        chosen_files = {r.file for r in records} | {u.file for u in result.unread}
        result.findings = [f for f in result.findings if f.file in chosen_files]
        command.emit(render_report(records, result, lang.value, day), output, result)
        typer.echo(f"wrote {output}: {len(records)} records", err=True)
        return command.complete(result)

    _run(body)


@app.command()
def checks(
    check: Annotated[str | None, typer.Argument(help="A check id, to explain that one.",
                                                show_default=False)] = None,
    format: Annotated[TableFormat, typer.Option("--format", "-f")] = TableFormat.table,
) -> None:
    """List every check with its severity, what it finds and a failing example; or explain one.

    Example: esfproj checks funding-rate
    """

    def body() -> int:
        from esfproj.checks import ALL
        from esfproj.errors import UsageError
        from esfproj.explain import checks_json, checks_table, explain
        from esfproj.tables import render, to_csv

        if check is not None:
            if check not in ALL:
                raise UsageError(f"no check {check!r}; esfproj checks lists them")
            typer.echo(explain(check), nl=False)
        elif format is TableFormat.json:
            typer.echo(checks_json(), nl=False)
        elif format is TableFormat.csv:
            table = checks_table()
            typer.echo(to_csv(["check", "severity", "summary", "failing_example"], table.rows),
                       nl=False)
        else:
            typer.echo(render(checks_table(), format, command.use_colour(None), command.width(None)),
                       nl=False)
        return 0

    _run(body)


@app.command()
def schema(output: OutputOption = None) -> None:
    """Print the JSON Schema of records (the one bundled with esfproj), or write it to a file.

    Example: esfproj schema --output schemas/project.schema.json
    """

    def body() -> int:
        from esfproj.schema import schema_text

        command.emit(schema_text(), output)
        return 0

    _run(body)


@app.command()
def new(
    number: Annotated[str | None, typer.Option("--number", help="Project number, e.g. "
                                               "9.2.1.1/15/I/001.", show_default=False)] = None,
    title: Annotated[str | None, typer.Option("--title", help="Title as published.",
                                              show_default=False)] = None,
    fund: Annotated[str | None, typer.Option("--fund", help="ESF, ESF+, ERDF, CF, FEAD...",
                                             show_default=False)] = None,
    participant: Annotated[str | None, typer.Option(
        "--participant", help="The organisation whose part this record is.",
        show_default=False)] = None,
    lead_partner: Annotated[str | None, typer.Option("--lead-partner", show_default=False)] = None,
    status: Annotated[str, typer.Option("--status")] = "unknown",
    folder: Annotated[str | None, typer.Option(
        "--folder", help="Where to write it (default: the configured data folder).",
        show_default=False)] = None,
) -> None:
    """Start a new record: a file with the required fields and the schema modeline for editors.

    Asks for what is missing when run on a terminal. Never overwrites a file.

    Example: esfproj new --number 9.2.1.1/15/I/001 --title "Profesionāla sociālā darba
    attīstība pašvaldībās" --fund ESF --participant "Jūrmalas pilsētas dome"
    """

    def body() -> int:
        from esfproj.errors import UsageError
        from esfproj.scaffold import create
        from esfproj.schema import choice

        def needed(what: str) -> Callable[[str], str]:
            def answer(typed: str) -> str:
                if not typed:
                    raise UsageError(f"a record needs a {what}")
                return typed
            return answer

        checks: dict[str, Callable[[str], str]] = {
            "number": needed("project number"), "title": needed("title"),
            "fund": lambda typed: choice("fund", typed)}
        asked = {"number": number, "title": title, "fund": fund}
        for key, value in asked.items():
            if value is None:
                if not sys.stdin.isatty():
                    raise UsageError(f"--{key} is needed (or run esfproj new on a terminal)")
                asked[key] = command.ask(key.capitalize(), checks[key])
        who = participant
        if who is None and sys.stdin.isatty():
            who = command.ask("Participant (empty for a whole project)", lambda typed: typed or None)
        settings = command.settings()
        target_folder = folder or settings.data_paths()[0]
        path, has_modeline = create(target_folder, settings, number=str(asked["number"]),
                      title=str(asked["title"]), fund=str(asked["fund"]), participant=who,
                      lead_partner=lead_partner, status=status)
        typer.echo(f"created {path}; check it with: esfproj validate {path}")
        if not has_modeline:
            typer.echo("no schemas/project.schema.json in this project, so the file names no "
                       "schema for editors; esfproj schema --output schemas/project.schema.json "
                       "writes one", err=True)
        return 0

    _run(body)

