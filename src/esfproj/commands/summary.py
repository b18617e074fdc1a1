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
from esfproj.options import Lang, TableFormat
from esfproj.render.tables import render_chart, render_summary
from esfproj.summary import GROUP_FIELDS, SummaryBuilder, summary_item


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
    by: str,
    filters: FilterValues,
    format: TableFormat,
    lang: Lang,
    strict: bool,
    output: str | None,
    jobs: int | None,
    chart: bool,
) -> int:
    fields = grouping(by)
    chosen = parse_filters(filters)
    builder = SummaryBuilder(fields)
    report = read_records(settings.config, paths, partial(summary_item, filters=chosen, by=fields), builder.add, jobs)
    if refused(report, strict):
        return 1
    result = builder.result()
    shown = screen(settings, output, report)
    text = render_summary(result, format, lang.value, **shown)
    if chart and format is TableFormat.table:
        text += "\n" + render_chart(result, lang.value, shown["colour"], shown["width"])
    emit(text, output, settings, report)
    return complete(report)
