"""`esfproj list`: one row per record."""

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
from esfproj.options import Lang, TableFormat
from esfproj.render.tables import ListRow, list_row, render_list


def run(
    settings: Settings,
    *,
    paths: list[str] | None,
    filters: FilterValues,
    year: int | None,
    first: str | None,
    last: str | None,
    format: TableFormat,
    lang: Lang,
    strict: bool,
    output: str | None,
    jobs: int | None,
) -> int:
    chosen = parse_filters(filters)
    span = parse_span(year, first, last)
    rows: list[ListRow] = []
    report = read_records(settings.config, paths, partial(list_row, filters=chosen, span=span), rows.append, jobs)
    if refused(report, strict):
        return 1
    text = render_list(rows, format, lang.value, **screen(settings, output, report), span=span)
    emit(text, output, settings, report)
    return complete(report)
