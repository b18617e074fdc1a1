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
from esfproj.render.tables import Selection, list_row, render_list


def run(
    settings: Settings,
    *,
    paths: list[str] | None,
    filters: FilterValues,
    year: int | None,
    first: str | None,
    last: str | None,
    sort: str | None,
    limit: int | None,
    format: TableFormat,
    lang: Lang,
    strict: bool,
    output: str | None,
    jobs: int | None,
) -> int:
    chosen = parse_filters(filters)
    span = parse_span(year, first, last)
    with Selection(sort, limit) as chosen_rows:
        report = read_records(
            settings.config,
            paths,
            partial(list_row, filters=chosen, span=span),
            chosen_rows.add,
            jobs,
            lang.value,
            kept_as=repr(("list", chosen, span)),  # a row is small: kept in the run snapshot
            body=False,  # a row takes only the record's fields and money
        )
        if refused(report, strict, lang.value):
            return 1
        rows = chosen_rows.ordered()
        text = render_list(
            rows, format, lang.value, **screen(settings, output, report), span=span, matched=chosen_rows.seen
        )
        emit(text, output, settings, report)
    return complete(report, lang.value)
