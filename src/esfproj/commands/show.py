"""`esfproj show`: one record, its funding tree with failing nodes marked, and findings."""

from __future__ import annotations

import os
import sys

from esfproj.commands.common import Settings, emit, parse_date, screen
from esfproj.engine import collect
from esfproj.errors import UsageError
from esfproj.options import Lang
from esfproj.render.findings import line
from esfproj.render.record import render_record


def run(settings: Settings, *, record: str, lang: Lang, as_of: str | None, output: str | None) -> int:
    """Exit 1 when the record asked for cannot be read, or states an amount that cannot be
    read; the files of the data set that cannot be read are named under the record (its
    cross-record findings may miss them)."""
    configured = settings.config
    paths = [p for p in configured.data_paths() if os.path.isdir(p)]
    if os.path.isfile(record):
        paths.append(record)
    records, report = collect(paths, configured, parse_date(as_of, "--as-of"))
    real = os.path.realpath(record)
    matches = [r for r in records if r.id == record or os.path.realpath(r.file) == real]
    if not matches:
        broken = [f for f in report.findings if os.path.realpath(f.file) == real or f.record == record]
        if broken:
            print("\n".join(line(f, lang=lang.value) for f in broken), file=sys.stderr)
            return 1
        raise UsageError(f"no record {record!r} (give an id from esfproj list, or a path)")
    chosen = matches[0]
    findings = [f for f in report.findings if f.file == chosen.file]
    emit(render_record(chosen, findings, lang.value, **screen(settings, output, report)), output, settings, report)
    return 1 if any(u.file == chosen.file for u in report.unread) else 0
