"""`esfproj validate`: check the records and write each report.

Imported without Typer by `entry` for the call pre-commit and CI make, so it starts fast.
"""

from __future__ import annotations

import os

from esfproj.commands.common import Settings, emit, parse_date, progress_bar, use_colour
from esfproj.errors import UsageError
from esfproj.options import Lang, ValidateFormat
from esfproj.text import lv_count


def run(
    settings: Settings,
    *,
    paths: list[str] | None = None,
    formats: list[ValidateFormat] | None = None,
    outputs: list[str] | None = None,
    strict: bool = False,
    as_of: str | None = None,
    quiet: bool = False,
    jobs: int | None = None,
    lang: Lang = Lang.en,
) -> int:
    """Exit 1 when there are errors (or, with `strict`, warnings), else 0."""
    from esfproj.engine import validate
    from esfproj.formats import reporter

    chosen = formats or [ValidateFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else ValidateFormat.text]
    targets: list[str | None] = list(outputs or [])
    if len(chosen) > 1 and len(targets) != len(chosen):
        raise UsageError(
            f"{len(chosen)} formats need {len(chosen)} --output files, one for each, in the same order",
            lv=f"{lv_count(len(chosen), 'formātam', 'formātiem')} vajag "
            f"{lv_count(len(chosen), '--output failu', '--output failus')}, pa vienam katram, tādā pašā secībā",
        )
    if len(targets) > len(chosen):
        raise UsageError("more --output files than formats", lv="vairāk --output failu nekā formātu")
    files = [os.path.realpath(t) for t in targets if t is not None and t != "-"]
    if len(set(files)) < len(files):
        twice = next(t for t in targets if t is not None and t != "-" and files.count(os.path.realpath(t)) > 1)
        raise UsageError(
            f"--output {twice} is given for two formats; each report needs a file of its own",
            lv=f"--output {twice} norādīts diviem formātiem; katram pārskatam vajag savu failu",
        )
    targets = targets or [None]
    configured = settings.config
    day = parse_date(as_of, "--as-of")
    with progress_bar() as progress:
        report = validate(paths or configured.data_paths(), configured, day, jobs=jobs, progress=progress)
    for fmt, target in zip(chosen, targets, strict=True):
        emit(reporter(fmt)(report, use_colour(settings.colour, target), quiet, lang.value), target, settings, report)
    return 1 if report.failed(strict) else 0
