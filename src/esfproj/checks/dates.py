"""Dates: periods in order, and status against the dates."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from esfproj.checks.base import FUNDING, HEAD, Check, Context, Example, one
from esfproj.model import Message, Path, Problem, Severity
from esfproj.record import Record, date, items, mapping
from esfproj.text import lv_date

PERIOD_ORDER = Check(
    "period-order",
    Severity.ERROR,
    "a start after its end; activities_start after period.end; a participation stretch outside period",
    lv="sākums pēc beigām; activities_start pēc period.end; dalības posms ārpus perioda",
)
STATUS_DATES = Check(
    "status-dates",
    Severity.WARNING,
    "status contradicts the dates as of the check date",
    lv="statuss ir pretrunā ar datumiem pārbaudes dienā",
)
DATE_RANGE = Check(
    "date-range",
    Severity.WARNING,
    "a date before 1990 or after 2100, most likely a typing error (9999-12-31)",
    lv="datums pirms 1990. vai pēc 2100. gada, visticamāk drukas kļūda (31.12.9999.)",
)
CHECKS = (PERIOD_ORDER, STATUS_DATES, DATE_RANGE)
FIRST_YEAR, LAST_YEAR = 1990, 2100
"""The years a record's dates plausibly fall in: EU funds reached Latvia in the 1990s, and
`summary --by year` would otherwise print a row for every year to 9999."""


def check(record: Record, context: Context) -> Iterator[Problem]:
    """The checks of the dates that do not depend on the check date."""
    yield from _order(record)
    yield from _range(record.data)


def dated(record: Record, context: Context) -> Iterator[Problem]:
    """The checks that depend on the check date (`--as-of`), so a cache never keeps what
    they find: it runs them on every run. They read only the record's typed fields (its
    status, start and end), never `data`, `funding` or `indicators`, which the cache
    leaves out of what it reads back for them (`kept.Content`)."""
    return _status(record, context)


ALWAYS = (datetime.date.min.toordinal(), datetime.date.max.toordinal())


def dated_span(record: Record, context: Context) -> tuple[int, int]:
    """The first and last day (as ordinals) around the check date over which `dated` gives
    the same for this record, so that a snapshot serves it only within them.

    A finding names the check date, so it holds for that day alone. Otherwise what `_status`
    finds changes only between the day before and the day of a start or an end date, or the
    day of one and the day after: the span runs between the nearest such days."""
    today = context.as_of.toordinal()
    if any(True for _ in dated(record, context)):
        return today, today
    turns = [day.toordinal() + step for day in (record.start, record.end) if day is not None for step in (0, 1)]
    first = max((turn for turn in turns if turn <= today), default=ALWAYS[0])
    last = min((turn - 1 for turn in turns if turn > today), default=ALWAYS[1])
    return first, last


DATED: tuple[tuple[str, ...], ...] = (
    ("period", "start"),
    ("period", "end"),
    ("activities_start",),
    ("participation", "*", "start"),
    ("participation", "*", "end"),
    ("legal_basis", "*", "date"),
    ("sources", "*", "retrieved"),
)
"""Where the schema has dates (`*`: each item of a list); a test keeps this equal to the schema."""


def _range(data: dict[str, Any]) -> Iterator[Problem]:
    """Every date of the record outside FIRST_YEAR..LAST_YEAR, at its place."""
    for pattern in DATED:
        for path, value in _at(data, pattern, ()):
            day = date(value)
            if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
                yield Problem(
                    DATE_RANGE.id,
                    path,
                    Message(
                        f"{day} is outside {FIRST_YEAR}-{LAST_YEAR}; is it a typing error?",
                        lv=f"{lv_date(day)} ir ārpus {FIRST_YEAR}.-{LAST_YEAR}. gada; vai tā ir drukas kļūda?",
                    ),
                    expected=f"a date from {FIRST_YEAR} to {LAST_YEAR}",
                    actual=str(day),
                )


def _at(value: Any, pattern: tuple[str, ...], path: Path) -> Iterator[tuple[Path, Any]]:
    if not pattern:
        yield path, value
    elif pattern[0] == "*":
        for i, item in enumerate(items(value)):
            yield from _at(item, pattern[1:], (*path, i))
    elif isinstance(value, dict) and pattern[0] in value:
        yield from _at(value[pattern[0]], pattern[1:], (*path, pattern[0]))


def _order(record: Record) -> Iterator[Problem]:
    start, end = record.start, record.end
    if start and end and start > end:
        yield Problem(
            PERIOD_ORDER.id,
            ("period", "end"),
            Message(
                f"the period ends on {end} before it starts on {start}",
                lv=f"periods beidzas {lv_date(end)}, pirms tas sākas {lv_date(start)}",
            ),
            expected=f"on or after {start}",
            actual=str(end),
        )
    activities = date(record.data.get("activities_start"))
    if activities and end and activities > end:
        yield Problem(
            PERIOD_ORDER.id,
            ("activities_start",),
            Message(
                f"activities start on {activities}, after the period ends on {end}",
                lv=f"darbības sākas {lv_date(activities)}, pēc perioda beigām {lv_date(end)}",
            ),
            expected=f"on or before {end}",
            actual=str(activities),
        )
    for i, stretch in enumerate(items(record.data.get("participation"))):
        stretch = mapping(stretch)
        s_start, s_end = date(stretch.get("start")), date(stretch.get("end"))
        if s_start and s_end and s_start > s_end:
            yield Problem(
                PERIOD_ORDER.id,
                ("participation", i, "end"),
                Message(
                    f"the stretch ends on {s_end} before it starts on {s_start}",
                    lv=f"dalības posms beidzas {lv_date(s_end)}, pirms tas sākas {lv_date(s_start)}",
                ),
                expected=f"on or after {s_start}",
                actual=str(s_end),
            )
            continue
        if start and s_start and s_start < start:
            yield Problem(
                PERIOD_ORDER.id,
                ("participation", i, "start"),
                Message(
                    f"the stretch starts on {s_start}, before the period starts on {start}",
                    lv=f"dalības posms sākas {lv_date(s_start)}, pirms perioda sākuma {lv_date(start)}",
                ),
                expected=f"on or after {start}",
                actual=str(s_start),
            )
        if end and s_end and s_end > end:
            yield Problem(
                PERIOD_ORDER.id,
                ("participation", i, "end"),
                Message(
                    f"the stretch ends on {s_end}, after the period ends on {end}",
                    lv=f"dalības posms beidzas {lv_date(s_end)}, pēc perioda beigām {lv_date(end)}",
                ),
                expected=f"on or before {end}",
                actual=str(s_end),
            )


def _status(record: Record, context: Context) -> Iterator[Problem]:
    today, status = context.as_of, record.status
    where = ("status",)
    if status == "in_progress" and record.end and record.end < today:
        yield Problem(
            STATUS_DATES.id,
            where,
            Message(
                f"status is in_progress, but the period ended on {record.end} (checked as of {today})",
                lv=f"statuss ir īstenošanā, bet periods beidzās {lv_date(record.end)} (pārbaudīts uz {lv_date(today)})",
            ),
            expected="completed",
            actual=status,
        )
    elif status == "completed" and record.end and record.end > today:
        yield Problem(
            STATUS_DATES.id,
            where,
            Message(
                f"status is completed, but the period ends on {record.end} (checked as of {today})",
                lv=f"statuss ir pabeigts, bet periods beidzas {lv_date(record.end)} (pārbaudīts uz {lv_date(today)})",
            ),
            expected="in_progress",
            actual=status,
        )
    elif status == "planned" and record.start and record.start < today:
        yield Problem(
            STATUS_DATES.id,
            where,
            Message(
                f"status is planned, but the period started on {record.start} (checked as of {today})",
                lv=f"statuss ir plānots, bet periods sākās {lv_date(record.start)} (pārbaudīts uz {lv_date(today)})",
            ),
            expected="in_progress",
            actual=status,
        )


EXAMPLES: dict[Check, Example] = {
    PERIOD_ORDER: Example(
        one(HEAD + "period: {start: 2016-04-18, end: 2023-12-31}\n" + FUNDING),
        one(HEAD + "period: {start: 2023-12-31, end: 2016-04-18}\n" + FUNDING),
    ),
    STATUS_DATES: Example(
        one(HEAD.replace("unknown", "completed") + "period: {start: 2016-04-18, end: 2023-12-31}\n" + FUNDING),
        one(HEAD.replace("unknown", "in_progress") + "period: {start: 2016-04-18, end: 2023-12-31}\n" + FUNDING),
    ),
    DATE_RANGE: Example(
        one(HEAD + "period: {start: 2016-04-18, end: 2023-12-31}\n" + FUNDING),
        one(HEAD + "period: {start: 2016-04-18, end: 9999-12-31}\n" + FUNDING),
    ),
}
