"""`esfproj list`: one row per record."""

from __future__ import annotations

from functools import partial

from esfproj.commands.common import (
    FilterValues,
    complete,
    emit,
    parse_filters,
    read_records,
    refused,
    use_colour,
    width,
)
from esfproj.options import Lang, TableFormat
from esfproj.render.tables import ListRow, list_row, render_list


def run(
    paths: list[str] | None,
    filters: FilterValues,
    format: TableFormat,
    lang: Lang,
    strict: bool,
    output: str | None,
    jobs: int | None,
) -> int:
    chosen = parse_filters(filters)
    rows: list[ListRow] = []
    report = read_records(paths, partial(list_row, filters=chosen), rows.append, jobs)
    if refused(report, strict):
        return 1
    emit(
        render_list(rows, format, lang.value, use_colour(output), width(output), report.unread, report.counts.files),
        output,
        report,
    )
    return complete(report)
