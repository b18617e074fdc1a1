"""`esfproj export`: every record as data (CSV, JSON, JSON Lines, a workbook, Parquet)."""

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
)
from esfproj.options import CsvDialect, ExportFormat, Lang
from esfproj.output import Content
from esfproj.render.export import ExportSpool, export_item


def run(
    settings: Settings,
    *,
    paths: list[str] | None,
    filters: FilterValues,
    year: int | None,
    first: str | None,
    last: str | None,
    format: ExportFormat,
    csv_dialect: CsvDialect,
    lang: Lang,
    strict: bool,
    output: str | None,
    jobs: int | None,
) -> int:
    chosen = parse_filters(filters)
    span = parse_span(year, first, last)
    extract = partial(export_item, filters=chosen, fmt=format, span=span)
    with ExportSpool(format) as spool:
        report = read_records(settings.config, paths, extract, spool.add, jobs, lang.value)
        if refused(report, strict, lang.value):
            return 1
        errors = report.errors_by_file()
        content: Content
        if format is ExportFormat.xlsx:
            from esfproj.render.workbook import export_workbook

            content = export_workbook(spool.rows(errors, report.unread), lang.value, report.unread, report.counts.files)
        elif format is ExportFormat.parquet:
            from esfproj.render.parquet import parquet_bytes

            content = parquet_bytes(partial(spool.rows, errors, report.unread))
        elif format is ExportFormat.csv:
            content = spool.csv(errors, report.unread, csv_dialect)
        else:
            content = spool.json(errors, report.unread)
        emit(content, output, settings, report)
    return complete(report, lang.value)
