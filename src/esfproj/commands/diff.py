"""`esfproj diff`: what a change does to the money, between two git revisions (or a revision and
the working tree)."""

from __future__ import annotations

import datetime

from esfproj.commands.common import Settings, emit, use_colour, width
from esfproj.options import DiffFormat, Lang


def run(
    settings: Settings,
    *,
    base: str,
    head: str | None,
    paths: list[str] | None,
    format: DiffFormat,
    lang: Lang,
    output: str | None,
    jobs: int | None,
) -> int:
    """Exit 1 when the change brings an unacknowledged error or a file could not be read on
    either side (its totals are then incomplete, and say so); else 0."""
    from esfproj import diff
    from esfproj.gitrevs import Repository, close_readers
    from esfproj.model import ValidationResult
    from esfproj.render.diff import render

    configured = settings.config
    chosen = paths or configured.data_paths()
    repo = Repository()
    try:
        left, right = diff.sides(repo, base, head)
        comparison = diff.compare(
            repo, left, right, paths=chosen, config=configured, as_of=datetime.date.today(), jobs=jobs
        )
    finally:
        close_readers()
    text = render(comparison, format, lang.value, use_colour(settings.colour, output), width(output))
    # the guard: never over a file of the working tree compared, never into a folder compared
    read = ValidationResult(files=comparison.head_files if head is None else [], folders=chosen)
    emit(text, output, settings, read)
    return 1 if comparison.brings_errors or not comparison.complete else 0
