"""`esfproj export`: every record as data (CSV, JSON, JSON Lines, a workbook, Parquet)."""

from __future__ import annotations

from functools import partial

from esfproj.commands.common import FilterValues, Settings, complete, emit, parse_filters, read_records, refused
from esfproj.options import CsvDialect, ExportFormat, Lang
from esfproj.render.export import ExportItem, export_item, export_rows, render_export


def run(
    settings: Settings,
    *,
    paths: list[str] | None,
    filters: FilterValues,
    format: ExportFormat,
    csv_dialect: CsvDialect,
    lang: Lang,
    strict: bool,
    output: str | None,
    jobs: int | None,
) -> int:
    chosen = parse_filters(filters)
    items: list[ExportItem] = []
    report = read_records(settings.config, paths, partial(export_item, filters=chosen, fmt=format), items.append, jobs)
    if refused(report, strict):
        return 1
    errors = report.errors_by_file()
    content: str | bytes
    if format is ExportFormat.xlsx:
        from esfproj.render.workbook import export_workbook

        rows = export_rows(items, errors, report.unread)
        content = export_workbook(rows, lang.value, report.unread, report.counts.files)
    elif format is ExportFormat.parquet:
        from esfproj.render.parquet import parquet_bytes

        content = parquet_bytes(partial(export_rows, items, errors, report.unread))
    else:
        content = render_export(items, errors, format, report.unread, csv_dialect)
    emit(content, output, settings, report)
    return complete(report)
