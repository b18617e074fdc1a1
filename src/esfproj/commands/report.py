"""`esfproj report`: one self-contained HTML page."""

from __future__ import annotations

import datetime
import sys
from functools import partial

from esfproj.commands.common import FilterValues, Settings, complete, emit, parse_date, parse_filters, progress_bar
from esfproj.engine import run as run_checks
from esfproj.options import Lang
from esfproj.record import Record
from esfproj.render.html_report import render_report
from esfproj.summary import filtered_record


def run(
    settings: Settings,
    *,
    paths: list[str] | None,
    output: str,
    filters: FilterValues,
    lang: Lang,
    as_of: str | None,
    jobs: int | None,
) -> int:
    chosen = parse_filters(filters)
    configured = settings.config
    day = parse_date(as_of, "--as-of")
    records: list[Record] = []
    with progress_bar() as progress:
        result = run_checks(
            paths or configured.data_paths(),
            configured,
            day,
            jobs=jobs,
            progress=progress,
            extract=partial(filtered_record, filters=chosen),
            consume=records.append,
        )
    shown_files = {r.file for r in records} | {u.file for u in result.unread}
    result.findings = [f for f in result.findings if f.file in shown_files]
    made = datetime.datetime.now().astimezone()
    emit(render_report(records, result, lang.value, day, made), output, settings, result)
    print(f"wrote {output}: {len(records)} record{'' if len(records) == 1 else 's'}", file=sys.stderr)
    return complete(result)
