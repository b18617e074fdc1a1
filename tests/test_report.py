"""The HTML report: self-contained, accessible, and with the totals of summary to the cent."""

from __future__ import annotations

import datetime
import json
import os
import re
import stat
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from esfproj.render.html_report import contrast
from esfproj.render.style import PALETTE
from tests.conftest import REPO

runner = CliRunner()
VOID = {"meta", "link", "br", "img", "input", "hr", "rect", "path", "circle", "line"}


class Structure(HTMLParser):
    """Checks that every element is closed in order and collects what the tests look at."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.headings: list[str] = []
        self.svgs = 0
        self.svg_labels: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and (values.get("href") or "").startswith("#"):
            self.links.append((values["href"] or "")[1:])
        for key in ("src", "href"):
            if (values.get(key) or "").startswith(("http:", "https:", "//")):
                self.external.append(values[key] or "")
        if tag in ("h1", "h2", "h3", "h4"):
            self.headings.append(tag)
        if tag == "svg":
            self.svgs += 1
            self.svg_labels.append(values.get("aria-label") or "")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "svg":
            self.svgs += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    out = tmp_path_factory.mktemp("report") / "report.html"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        result = runner.invoke(app, ["report", "--output", str(out), "--as-of", "2026-11-22"])
    assert result.exit_code == 0, result.stderr
    # Amounts are grouped with no-break spaces (test_amounts_never_break); the tests
    # below read them as plain spaces.
    return out.read_text(encoding="utf-8").replace("\u00a0", " "), out


def parse(text: str) -> Structure:
    structure = Structure()
    structure.feed(text)
    structure.close()
    return structure


def test_report_is_well_formed_and_self_contained(page: tuple[str, Path]) -> None:
    text, path = page
    structure = parse(text)
    assert structure.errors == [] and structure.stack == []
    assert structure.external == [] and "<script" not in text
    assert "@import" not in text and "url(" not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_every_record_has_a_section_reached_from_the_table(page: tuple[str, Path]) -> None:
    structure = parse(page[0])
    records = sorted(p.stem for p in (REPO / "data" / "projects").glob("*.yaml"))
    assert sorted(i.removeprefix("record-") for i in structure.ids if i.startswith("record-")) == records
    assert set(structure.links) <= structure.ids
    assert {f"record-{r}" for r in records} <= set(structure.links)


def test_charts_have_text_alternatives_and_tables(page: tuple[str, Path]) -> None:
    text = page[0]
    structure = parse(text)
    assert structure.svgs == 4 and all(structure.svg_labels)
    assert "Funding by source: ESF: 9 669 422.15 EUR (84.85 %)" in structure.svg_labels[0]
    assert text.count("<figure") == 4 and text.count("<table>") >= 4
    assert structure.headings[0] == "h1" and "h2" in structure.headings


def test_report_totals_equal_summary_to_the_cent(page: tuple[str, Path]) -> None:
    text = page[0]
    for by in ("source", "fund", "year", "status"):
        result = runner.invoke(app, ["summary", "--by", by, "--format", "json"])
        document = json.loads(result.stdout)
        for row in document["rows"]:
            amount = row["amount"]
            whole, cents = amount.split(".")
            grouped = f"{int(whole):,}".replace(",", " ") + "." + cents
            assert f"{grouped} {row['currency']}" in text, (by, row)
        for total in document["totals"]:
            whole, cents = total["amount"].split(".")
            assert f"{int(whole):,}".replace(",", " ") + "." + cents in text


def test_failing_node_is_marked_with_its_finding(page: tuple[str, Path]) -> None:
    text = page[0]
    assert re.search(
        r'<li class="fail ack"><em>breakdown by activity</em> <span class="amount">'
        r"47 032.91 EUR</span><span class=\"why\">✗ failing check funding-breakdown "
        r"\(acknowledged\): parts add up to 47 032.91 EUR",
        text,
    )


def test_headline_figures(page: tuple[str, Path]) -> None:
    text = page[0]
    for label, value in (
        ("Total (EUR)", "11 395 980.38 EUR"),
        ("EU funds", "9 669 422.15 EUR"),
        ("State budget", "1 706 368.76 EUR"),
        ("Municipalities", "20 165.27 EUR"),
        ("Other", "0.00 EUR"),  # private and other sources only
        ("Source not given", "24.20 EUR"),
        ("Records", "6"),
    ):
        assert f"<dt>{label}</dt><dd>{value}</dd>" in text


def test_palette_contrast_against_white() -> None:
    assert all(contrast(colour) >= 3 for colour in PALETTE)


def test_latvian_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    out = tmp_path / "lv.html"
    assert runner.invoke(app, ["report", "-o", str(out), "--lang", "lv"]).exit_code == 0
    text = out.read_text(encoding="utf-8").replace("\u00a0", " ")
    assert '<html lang="lv">' in text and "Finansējums pa avotiem" in text
    assert "9 669 422,15 EUR" in text and parse(text).errors == []


def test_report_filters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    out = tmp_path / "f.html"
    assert runner.invoke(app, ["report", "-o", str(out), "--participant", "jūrmala"]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    structure = parse(text)
    assert sorted(i for i in structure.ids if i.startswith("record-")) == ["record-jurmala-9.2.1.1-15-I-001"]
    # Jūrmala's two acknowledged findings, not the five findings of the whole data set.
    assert "<dt>Findings</dt><dd>0 (+2 acknowledged)</dd>" in text


def test_summary_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    result = runner.invoke(app, ["summary", "--by", "source", "--chart"])
    assert result.exit_code == 0
    chart = result.stdout.split("Records without funding figures: 4\n")[1]
    assert [line.split()[0] for line in chart.splitlines() if line.strip()] == [
        "ESF",
        "municipality",
        "state_budget",
        "unspecified",
    ]
    assert "9 669 422.15 EUR  84.85 %" in chart and "█" in chart


def test_latvian_report_rates_marks_and_footer(tmp_path: Path) -> None:
    from tests.conftest import VALID, write

    write(tmp_path, VALID.replace("rate: 85", "rate: 84.9"), "data/rec.yaml")
    out = tmp_path / "lv.html"
    code = runner.invoke(app, ["report", str(tmp_path / "data"), "-o", str(out), "--lang", "lv"])
    assert code.exit_code == 0
    assert code.stderr.endswith(f"uzrakstīts {out}: ieraksti: 1\n")  # in Latvian, as the page is
    text = out.read_text(encoding="utf-8").replace("\u00a0", " ")
    assert ('<li class="fail">ESF <span class="amount">85,00 EUR</span> <span class=meta>84,9 % · ESF</span>') in text
    today = datetime.date.today()
    footer = re.search(r"<footer>(.*)</footer></body></html>\n$", text)
    assert footer is not None
    # Two dates: when the page was made (a time too), and the day the dates were checked as of.
    assert re.fullmatch(
        rf"Sagatavoja esfproj 0\.1\.0 {today:%d\.%m\.%Y}\. [0-9]{{2}}:[0-9]{{2}}.*; datumi pārbaudīti uz "
        rf"{today:%d\.%m\.%Y}\.",
        footer.group(1),
    ), footer.group(1)


def test_amounts_never_break_and_the_footer_says_both_dates(tmp_path: Path) -> None:
    from tests.conftest import REPO

    out = tmp_path / "r.html"
    data = str(REPO / "data" / "projects")
    assert runner.invoke(app, ["report", data, "-o", str(out), "--as-of", "2026-11-22"]).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "<dt>Total (EUR)</dt><dd>11\u00a0395\u00a0980.38\u00a0EUR</dd>" in text
    assert not re.search(r"[0-9] [0-9]{3}[.,][0-9]{2}", text.split("<footer>")[0].split("</style>")[1])
    assert re.search(
        r"<footer>Made by esfproj 0\.1\.0 on [0-9-]{10} [0-9:]{5}.*; dates checked as of 2026-11-22\.", text
    )


def test_a_chart_of_many_groups_shows_the_12_largest_and_the_rest_as_one_bar(tmp_path: Path) -> None:
    """36 years of one record: the year chart draws the 12 largest years (every full year
    takes 1/36 of the money, the two part years less) and the other 24 as one bar."""
    from tests.conftest import VALID, write

    record = re.sub(r"start: [0-9-]+", "start: 1990-07-01", VALID)
    record = re.sub(r"end: [0-9-]+", "end: 2025-06-30", record)
    write(tmp_path, record, "data/rec.yaml")
    out = tmp_path / "r.html"
    assert runner.invoke(app, ["report", str(tmp_path / "data"), "-o", str(out)]).exit_code == 0
    text = out.read_text(encoding="utf-8").replace("\u00a0", " ")
    chart = re.search(r'<figure id="chart-year-EUR">(.*?)</figure>', text)
    assert chart is not None
    bars = re.findall(r'<text x="142" y="[0-9]+" text-anchor="end" font-size="13">([^<]*)</text>', chart.group(1))
    assert bars == [str(year) for year in range(1991, 2003)] + ["the other 24"]
    rows = re.findall(r"<tr><td>([^<]*)</td><td class=n>([^<]*)</td><td class=n>([^<]*)</td></tr>", chart.group(1))
    # the table beside the chart: the same 13 rows, adding up to the record's 100.00 EUR
    assert rows == [(str(year), "2.86 EUR", "2.86 %") for year in range(1991, 2003)] + [
        ("the other 24", "65.68 EUR", "65.68 %")
    ]


def table_rows(text: str) -> tuple[list[list[Any]], dict[str, list[list[Any]]]]:
    """The records table's rows and findings, as the page's script reads them."""
    import base64
    import gzip

    data = re.search(r'<script type="application/octet-stream" id="record-data">([^<]*)</script>', text)
    found = re.search(r'<script type="application/json" id="record-findings">([^<]*)</script>', text)
    assert data is not None and found is not None
    return json.loads(gzip.decompress(base64.b64decode(data.group(1)))), json.loads(found.group(1))


def test_the_records_table_holds_every_record_its_tree_and_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--no-details: one table, no section per record; the data the script draws from is every
    record's row and funding tree, and every finding with its file and path."""
    monkeypatch.chdir(REPO)
    out = tmp_path / "t.html"
    result = runner.invoke(app, ["report", "-o", str(out), "--no-details", "--as-of", "2026-11-22"])
    assert result.exit_code == 0 and result.stderr == f"wrote {out}: 6 records\n"
    text = out.read_text(encoding="utf-8")
    structure = parse(text)
    assert structure.errors == [] and structure.external == []
    assert sorted(i for i in structure.ids if i.startswith("record-")) == [
        "record-count",
        "record-data",
        "record-end",
        "record-filter",
        "record-findings",
        "record-table",
        "record-words",
    ]
    assert "<dt>Records</dt><dd>6</dd>" in text
    assert "<dt>Total (EUR)</dt><dd>11\u00a0395\u00a0980.38\u00a0EUR</dd>" in text
    rows, found = table_rows(text)
    assert [row[:10] for row in rows[:2]] == [
        [
            "9.2.2.1-15-I-002",
            "data/projects/9.2.2.1-15-I-002.yaml",
            "9.2.2.1/15/I/002",
            "Deinstitucionalizācija un sociālie pakalpojumi personām ar invaliditāti un bērniem",
            "",
            "ESF",
            "unknown",
            "2016-01-05..2023-12-31",
            "11 325 758.00\u00a0EUR",
            "11325758.00",
        ],
        [
            "jurmala-9.2.1.1-15-I-001",
            "data/projects/jurmala-9.2.1.1-15-I-001.yaml",
            "9.2.1.1/15/I/001",
            "Profesionāla sociālā darba attīstība pašvaldībās",
            "Jūrmalas pilsētas dome",
            "ESF",
            "in_progress",
            "2016-04-18..2023-12-31",
            "70 222.38\u00a0EUR",
            "70222.38",
        ],
    ]
    assert [row[8:11] for row in rows[2:]] == [["", "", None]] * 4  # no funding figures
    ministry = rows[1][10][3][0][3][0]  # Jūrmala's share, eligible costs, the ministry's part
    assert ministry[:3] == ["Labklājības ministrijas piešķirtais finansējums", "50 032.91\u00a0EUR", ""]
    assert ministry[4][0][:3] == ["by_activity", "by activity", "47 032.91\u00a0EUR"]
    # each finding under its file, at its path (the script marks the node), acknowledged or not
    assert {file: [(f[0], f[1]) for f in items] for file, items in found.items()} == {
        "data/projects/9.2.2.1-15-I-002.yaml": [("partners.count", True)],
        "data/projects/jurmala-9.2.1.1-15-I-001.yaml": [
            ("status", True),
            ("funding.parts[0].parts[0].breakdowns.by_activity", True),
        ],
        **{
            f"data/projects/salaspils-{name}.yaml": [("", False)]
            for name in ("2020.FEAD-PO.04-05-08", "8.5.1.0-16-I-001", "9.2.1.1-15-I-001", "9.2.2.1-15-I-002")
        },
    }
    assert found["data/projects/jurmala-9.2.1.1-15-I-001.yaml"][1][3].startswith(
        '<li class="finding sev-error">55:13 error[funding-breakdown] '
    )


@pytest.mark.parametrize(("count", "table"), [(200, False), (201, True)])
def test_a_report_of_more_than_200_records_is_the_records_table(tmp_path: Path, count: int, table: bool) -> None:
    from tests.conftest import VALID, write

    for number in range(count):
        write(tmp_path, VALID.replace("9.2.1.1/15/I/001", f"9.2.1.1/15/I/{number:03}"), f"data/r{number:03}.yaml")
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(tmp_path / "data"), "-o", str(out)])
    assert result.exit_code == 0 and result.stderr == f"wrote {out}: {count} records\n"
    text = out.read_text(encoding="utf-8")
    assert ('id="record-table"' in text) is table
    assert text.count('<section class="record"') == (0 if table else count)
    assert f"<dt>Records</dt><dd>{count}</dd>" in text
    assert f"<dt>Total (EUR)</dt><dd>{count * 100:,}.00\u00a0EUR</dd>".replace(",", "\u00a0") in text
    if table:
        assert [row[2] for row in table_rows(text)[0]] == [f"9.2.1.1/15/I/{n:03}" for n in range(count)]
