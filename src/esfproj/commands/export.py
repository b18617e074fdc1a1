"""`esfproj export`: every record as data (CSV, JSON, JSON Lines)."""

from __future__ import annotations

from functools import partial

from esfproj.commands.common import FilterValues, Settings, complete, emit, parse_filters, read_records, refused
from esfproj.options import ExportFormat
from esfproj.render.export import ExportItem, export_item, render_export


def run(
    settings: Settings,
    *,
    paths: list[str] | None,
    filters: FilterValues,
    format: ExportFormat,
    strict: bool,
    output: str | None,
    jobs: int | None,
) -> int:
    chosen = parse_filters(filters)
    items: list[ExportItem] = []
    report = read_records(settings.config, paths, partial(export_item, filters=chosen, fmt=format), items.append, jobs)
    if refused(report, strict):
        return 1
    emit(render_export(items, report.errors_by_file(), format, report.unread), output, settings, report)
    return complete(report)
