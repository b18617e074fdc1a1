"""`esfproj summary`: funding totals across records, exact to the cent."""

from __future__ import annotations

from functools import partial

from esfproj.commands.common import (
    FilterValues,
    Settings,
    complete,
    emit,
    parse_filters,
    read_records,
    refused,
    screen,
)
from esfproj.errors import UsageError
from esfproj.options import CsvDialect, Lang, SummaryFormat, TableFormat
from esfproj.render.tables import render_chart, render_summary
from esfproj.summary import GROUP_FIELDS, Contribution, SummaryBuilder, summary_item


def grouping(by: str) -> tuple[str, ...]:
    """`--by source,year` -> ("source", "year"); distinct known fields, or a usage error."""
    fields = tuple(f.strip() for f in by.split(",") if f.strip())
    unknown = [f for f in fields if f not in GROUP_FIELDS]
    if unknown or not fields or len(set(fields)) != len(fields):
        raise UsageError(f"--by takes distinct fields from {', '.join(GROUP_FIELDS)}; not {by!r}")
    return fields


def run(
    settings: Settings,
    *,
    paths: list[str] | None,
    by: list[str] | None,
    filters: FilterValues,
    format: SummaryFormat,
    csv_dialect: CsvDialect,
    lang: Lang,
    strict: bool,
    output: str | None,
    jobs: int | None,
    chart: bool,
) -> int:
    groupings = tuple(grouping(b) for b in by or ["fund"])
    if len(set(groupings)) != len(groupings):
        raise UsageError("--by: each grouping once")
    if len(groupings) > 1 and format is not SummaryFormat.xlsx:
        raise UsageError("--by more than once needs --format xlsx (a sheet for each grouping)")
    chosen = parse_filters(filters)
    builders = [SummaryBuilder(fields) for fields in groupings]

    def add(contributions: list[Contribution]) -> None:
        for builder, item in zip(builders, contributions, strict=True):
            builder.add(item)

    report = read_records(settings.config, paths, partial(summary_item, filters=chosen, groupings=groupings), add, jobs)
    if refused(report, strict):
        return 1
    results = [builder.result() for builder in builders]
    if format is SummaryFormat.xlsx:
        from esfproj.render.workbook import summary_workbook

        emit(summary_workbook(results, lang.value, report.unread, report.counts.files), output, settings, report)
        return complete(report)
    result, table = results[0], TableFormat(format.value)
    shown = screen(settings, output, report)
    text = render_summary(result, table, lang.value, csv_dialect, **shown)
    if chart and table is TableFormat.table:
        text += "\n" + render_chart(result, lang.value, shown["colour"], shown["width"])
    emit(text, output, settings, report)
    return complete(report)
