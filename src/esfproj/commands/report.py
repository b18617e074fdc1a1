"""`esfproj report`: one self-contained HTML page."""

from __future__ import annotations

import datetime
import sys
from collections.abc import Callable
from functools import partial
from typing import Any

from esfproj.commands.common import (
    FilterValues,
    Settings,
    complete,
    emit,
    parse_date,
    parse_filters,
    parse_span,
    progress_bar,
)
from esfproj.engine import run as run_checks
from esfproj.model import ValidationResult
from esfproj.options import Lang
from esfproj.record import Record
from esfproj.render.html_report import render_report, render_table_report
from esfproj.render.lang import word
from esfproj.render.record_table import DETAILS_UP_TO, ReportRows, report_item
from esfproj.summary import filtered_record


def run(
    settings: Settings,
    *,
    paths: list[str] | None,
    output: str,
    filters: FilterValues,
    year: int | None,
    first: str | None,
    last: str | None,
    lang: Lang,
    as_of: str | None,
    jobs: int | None,
    details: bool | None = None,
) -> int:
    """`details`: a section per record (True), the records table (False), or the table only
    above DETAILS_UP_TO records (None)."""
    chosen = parse_filters(filters)
    span = parse_span(year, first, last)
    configured = settings.config
    day = parse_date(as_of, "--as-of")
    records: list[Record] = []

    def read(extract: Callable[[Record], Any], consume: Callable[[Any], None]) -> ValidationResult:
        with progress_bar() as progress:
            where = paths or configured.data_paths()
            return run_checks(where, configured, day, jobs=jobs, progress=progress, extract=extract, consume=consume)

    whole = partial(filtered_record, filters=chosen, span=span)
    if span is not None:
        details = True  # the records table counts whole records; a span's money is drawn per record
    with ReportRows() as rows:
        if details:
            result = read(whole, records.append)
        else:
            result = read(partial(report_item, filters=chosen, lang=lang.value), rows.add)
            if details is None and len(rows.files) <= DETAILS_UP_TO:
                # a few records: read again, kept whole, for a section each (a large run never keeps them)
                result, details = read(whole, records.append), True
        shown_files = {r.file for r in records} | set(rows.files) | {u.file for u in result.unread}
        result.findings = [f for f in result.findings if f.file in shown_files]
        made = datetime.datetime.now().astimezone()
        if details:
            emit(render_report(records, result, lang.value, day, made, span), output, settings, result)
        else:
            emit(render_table_report(rows, result, lang.value, day, made), output, settings, result)
        count = len(records) if details else len(rows.files)
        print(word("wrote_one" if count == 1 else "wrote", lang.value).format(output, count), file=sys.stderr)
        return complete(result, lang.value)
