"""`esfproj summary`: funding totals across records, exact to the cent."""

from __future__ import annotations

from functools import partial

from esfproj.commands.common import (
    FilterValues,
    Settings,
    complete,
    emit,
    parse_filters,
    parse_span,
    read_records,
    refused,
    screen,
)
from esfproj.errors import UsageError
from esfproj.options import CsvDialect, Lang, SummaryFormat, TableFormat
from esfproj.render.tables import render_chart, render_summary
from esfproj.summary import (
    GROUP_FIELDS,
    UNALLOCATED,
    Summary,
    SummaryFold,
    summary_item,
    top,
)


def grouping(by: str) -> tuple[str, ...]:
    """`--by source,year` -> ("source", "year"); distinct known fields, or a usage error."""
    fields = tuple(f.strip() for f in by.split(",") if f.strip())
    unknown = [f for f in fields if f not in GROUP_FIELDS]
    if unknown or not fields or len(set(fields)) != len(fields):
        fields_text = ", ".join(GROUP_FIELDS)
        raise UsageError(
            f"--by takes distinct fields from {fields_text}; not {by!r}",
            lv=f"--by gaida dažādus laukus no {fields_text}; nevis {by!r}",
        )
    return fields


MOST_YEARS = 100
"""`--by year` prints at most this many years of rows without `--top`."""


def too_many(result: Summary) -> None:
    """Refuse a table of more than `MOST_YEARS` years (a period ending in 9999, say)."""
    at = result.by.index("year")
    years = sorted({row.key[at] for row in result.rows} - {UNALLOCATED})
    if len(years) > MOST_YEARS:
        raise UsageError(
            f"--by year would print {len(years)} years of rows ({years[0]}..{years[-1]}); a period that long is "
            "likely a typo (esfproj validate finds it: date-range); give --top N to print the largest rows",
            lv=f"--by year izdrukātu {len(years)} gadu rindas ({years[0]}..{years[-1]}); tik garš periods, "
            "visticamāk, ir drukas kļūda (esfproj validate to atrod: date-range); ar --top N izdrukā lielākās rindas",
        )


def limited(result: Summary, top_rows: int | None) -> Summary:
    """`--top N` applied; without it, a table by year refused past MOST_YEARS years."""
    if top_rows is not None:
        return top(result, top_rows)
    if "year" in result.by:
        too_many(result)
    return result


def run(
    settings: Settings,
    *,
    paths: list[str] | None,
    by: list[str] | None,
    filters: FilterValues,
    year: int | None,
    first: str | None,
    last: str | None,
    format: SummaryFormat,
    csv_dialect: CsvDialect,
    lang: Lang,
    strict: bool,
    output: str | None,
    jobs: int | None,
    chart: bool,
    top_rows: int | None,
) -> int:
    groupings = tuple(grouping(b) for b in by or ["fund"])
    if len(set(groupings)) != len(groupings):
        raise UsageError("--by: each grouping once", lv="--by: katru grupējumu vienreiz")
    if len(groupings) > 1 and format is not SummaryFormat.xlsx:
        raise UsageError(
            "--by more than once needs --format xlsx (a sheet for each grouping)",
            lv="--by vairāk nekā vienu reizi prasa --format xlsx (katram grupējumam sava lapa)",
        )
    chosen = parse_filters(filters)
    span = parse_span(year, first, last)
    totals = SummaryFold(groupings, span, repr(("summary", chosen, groupings, span)))
    extract = partial(summary_item, filters=chosen, groupings=groupings, span=span)
    report = read_records(settings.config, paths, extract, None, jobs, lang.value, fold=totals, body=False)
    if refused(report, strict, lang.value):
        return 1
    results = [limited(result, top_rows) for result in totals.results()]
    if format is SummaryFormat.xlsx:
        from esfproj.render.workbook import summary_workbook

        emit(summary_workbook(results, lang.value, report.unread, report.counts.files), output, settings, report)
        return complete(report, lang.value)
    result, table = results[0], TableFormat(format.value)
    shown = screen(settings, output, report)
    text = render_summary(result, table, lang.value, csv_dialect, **shown)
    if chart and table is TableFormat.table:
        text += "\n" + render_chart(result, lang.value, shown["colour"], shown["width"])
    emit(text, output, settings, report)
    return complete(report, lang.value)
