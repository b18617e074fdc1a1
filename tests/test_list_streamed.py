"""`list` at any size: its rows read back from a spool, every format made a row at a time,
and a large terminal table drawn by esfproj exactly as Rich draws a small one."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from esfproj.model import Unread
from esfproj.options import TableFormat
from esfproj.render import tables
from esfproj.render.tables import ListRow, Selection, json_array, list_table, render_list, to_markdown
from esfproj.summary import Span
from tests.test_browser import PEAK

TITLES = [
    "Profesionāla sociālā darba attīstība pašvaldībās un vēl daudz garāks nosaukums",
    "Īss",
    "宽字符的项目名称比四十个单元格更长的标题文字在这里",
    "",
    None,
]


def rows(count: int) -> list[ListRow]:
    made = []
    for number in range(count):
        made.append(
            ListRow(
                f"r-{number:04d}",
                f"9.2.1.1/15/I/{number:03d}" if number % 4 else None,
                TITLES[number % len(TITLES)],
                "Jūrmalas pilsētas dome" if number % 3 else None,
                "Salaspils novada pašvaldība" if number % 5 == 1 else None,
                "ESF" if number % 2 else "ERDF",
                ["in_progress", "completed", None][number % 3],
                "2016-04-18" if number % 6 else None,
                "2023-12-31" if number % 7 else None,
                "EUR" if number % 8 else None,
                Decimal(f"{number * 1234567}.{number % 100:02d}") if number % 8 else None,
                "participant_share" if number % 3 else "whole_project",
                number % 9 == 4,
            )
        )
    return made


UNREAD = [Unread("data/broken.yaml", 3, 5, "yaml-syntax", "cannot be read", "file", "nevar nolasīt")]


def drawn(made: list[ListRow], fmt: TableFormat, lang: str = "en", span: Span | None = None, matched: int = 0) -> str:
    text = render_list(made, fmt, lang, colour=False, width=None, unread=UNREAD, files=9, span=span, matched=matched)
    return text if isinstance(text, str) else "".join(text)


@pytest.mark.parametrize("lang", ["en", "lv"])
@pytest.mark.parametrize("count", [0, 1, 40])
def test_the_streamed_terminal_table_is_what_rich_draws(monkeypatch: pytest.MonkeyPatch, lang: str, count: int) -> None:
    made = rows(count)
    span = Span(datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
    for chosen_span, matched in ((None, 0), (span, count + 3)):
        by_rich = drawn(made, TableFormat.table, lang, chosen_span, matched)
        monkeypatch.setattr(tables, "STREAMED_ROWS", -1)
        streamed = drawn(made, TableFormat.table, lang, chosen_span, matched)
        monkeypatch.setattr(tables, "STREAMED_ROWS", 2000)
        assert streamed == by_rich


def test_markdown_is_what_the_table_gives() -> None:
    made = rows(25)
    table = list_table(made, "en", UNREAD, 9, True)
    assert drawn(made, TableFormat.markdown) == to_markdown(table)
    assert drawn([], TableFormat.markdown) == to_markdown(list_table([], "en", UNREAD, 9, True))


@pytest.mark.parametrize("values", [[], [{}], [{"a": [1, {"b": "x\ny"}], "c": None}, {"d": "ā"}], [1, "two"]])
def test_a_json_array_a_value_at_a_time(values: list[object]) -> None:
    assert "".join(json_array(values)) == json.dumps(values, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("sort", [None, "title", "-total", "status"])
def test_a_spooled_selection_gives_the_rows_of_one_in_memory(sort: str | None) -> None:
    made = rows(60)
    with Selection(sort, None) as spooled, Selection(sort, 10**6) as held:
        for row in made:
            spooled.add(row)
            held.add(row)
        assert spooled.spool is not None and held.spool is None
        assert list(spooled.ordered()) == list(held.ordered()) == held.ordered_list()
        assert list(spooled.ordered()) == list(spooled.ordered())  # read back as often as asked
        assert len(spooled.ordered()) == 60


@pytest.mark.slow
def test_list_of_20000_records_keeps_its_memory(tmp_path: Path) -> None:
    """Every format, as a fresh process on 20 000 generated records: under 120 MiB (the
    rows alone, held, took 169 MiB), and the JSON is the whole list."""
    from benchmarks.generate import generate

    generate(20_000, tmp_path / "data")
    peaks = {}
    for fmt in ("table", "json", "csv", "markdown"):
        out = tmp_path / f"list.{fmt}"
        command = [sys.executable, "-m", "esfproj", "list", str(tmp_path / "data"), "--no-cache"]
        command += ["--format", fmt, "-o", str(out)]
        done = subprocess.run([sys.executable, "-c", PEAK, *command], capture_output=True, text=True, check=False)
        assert done.returncode == 1, done.stderr  # the generated records state amounts that cannot be read
        peaks[fmt] = int(done.stdout) / 1024
    listed = json.loads((tmp_path / "list.json").read_text(encoding="utf-8"))
    assert len([item for item in listed if item["project_number"] is not None]) == 20_000
    assert max(peaks.values()) < 120, peaks
    lines = (tmp_path / "list.table").read_text(encoding="utf-8").splitlines()
    assert lines[0].split() == [
        "Id",
        "Project",
        "number",
        "Title",
        "Scope",
        "Participant",
        "/",
        "lead",
        "Fund",
        "Status",
        "Period",
        "Total",
    ]
