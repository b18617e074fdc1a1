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


def run(
    settings: Settings, *, record: str, paths: list[str] | None, lang: Lang, as_of: str | None, output: str | None
) -> int:
    """`record` is an id, a project number (each of its records is shown) or a path, looked
    for under `paths` (default: the configured data folders). Exit 1 when a record asked for
    cannot be read, or states an amount that cannot be read; the files of the data set that
    cannot be read are named under the record (its cross-record findings may miss them)."""
    configured = settings.config
    folders = paths or [p for p in configured.data_paths() if os.path.isdir(p)]
    if os.path.isfile(record):
        folders = [*folders, record]
    records, report = collect(folders, configured, parse_date(as_of, "--as-of"))
    real = os.path.realpath(record)
    matches = [r for r in records if record in (r.id, r.number) or os.path.realpath(r.file) == real]
    if not matches:
        broken = [f for f in report.findings if os.path.realpath(f.file) == real or f.record == record]
        if broken:
            print("\n".join(line(f, lang=lang.value) for f in broken), file=sys.stderr)
            return 1
        where = ", ".join(folders) or "no data folder"
        raise UsageError(
            f"no record {record!r} in {where} (give an id from esfproj list, a project number or a path)",
            lv=f"{where} nav ieraksta {record!r} (norādiet ID no esfproj list, projekta numuru vai ceļu)",
        )
    shown = screen(settings, output, report)
    texts = []
    for chosen in matches:
        findings = [f for f in report.findings if f.file == chosen.file]
        related = [r for r in records if r.number is not None and r.number == chosen.number and r is not chosen]
        texts.append(render_record(chosen, findings, lang.value, related=related, **shown))
    emit("\n".join(texts), output, settings, report)
    return 1 if any(u.file == m.file for m in matches for u in report.unread) else 0
