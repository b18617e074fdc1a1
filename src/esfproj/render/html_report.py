"""`esfproj report`: one self-contained HTML page of the money, the records and the data quality.

No external requests: charts are inline SVG drawn here, each with a text alternative and
a table of its numbers; the page prints on A4. Up to `DETAILS_UP_TO` records (or with
`--details`) each record has its section and the page has no script; above, the records
are one table that a small inline script sorts, filters and opens (`record_table`).
"""

from __future__ import annotations

import datetime
import html
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from itertools import groupby

from esfproj import __version__
from esfproj.checks import ALL
from esfproj.model import Counts, Finding, ValidationResult, render_path
from esfproj.money import ZERO, total
from esfproj.record import UNION_FUNDS, FundingNode, Indicator, Record, parts_total, record_total
from esfproj.render.lang import UNREAD_SENTENCES, date_text, money, number, percent, period, span_label, word
from esfproj.render.record_table import CHART_FIELDS, ReportRows, amount_text, findings_json, section
from esfproj.render.style import PALETTE, on_node
from esfproj.summary import Row, Span, Summary, largest, scope, span_total, summarise
from esfproj.text import hold_amounts, terminal

HEADLINES = ("eu_funds", "state_budget", "municipality", "other", "unspecified")
CHART_BARS = 12
"""A chart shows this many of its largest groups, and the rest as one bar."""

STYLE = """
:root { color: #1a1a1a; background: #fff; font: 15px/1.45 system-ui, -apple-system, "Segoe UI",
  Roboto, "Noto Sans", sans-serif; }
body { max-width: 62rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; } h2 { font-size: 1.3rem; margin-top: 2.2rem;
  border-bottom: 2px solid #0B5FA5; padding-bottom: .2rem; } h3 { font-size: 1.1rem; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(10rem, 1fr));
  gap: .8rem; margin: 0; }
.figures div { border: 1px solid #c9d3de; border-radius: .4rem; padding: .6rem .8rem;
  container-type: inline-size; }
/* a headline figure of n characters (digits, spaces, a currency: under .66em each) is at
   most 150/n % of its card's width wide, so no amount, however large, overflows its card */
.figures dt { font-size: .85rem; color: #3d4650; } .figures dd { margin: 0;
  font-size: min(1.2rem, calc(150cqi / var(--chars))); font-weight: 650;
  font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 1.2rem 0; display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr);
  gap: 1rem; align-items: start; break-inside: avoid; }
figcaption { grid-column: 1 / -1; font-weight: 650; }
svg { width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .45rem; border-bottom: 1px solid #dde3ea;
  vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
.tree, .tree ul { list-style: none; padding-left: 1.1rem; margin: .2rem 0; }
.tree { padding-left: 0; } .tree li { margin: .15rem 0; }
.tree .amount { font-variant-numeric: tabular-nums; font-weight: 600; }
.tree .meta { color: #3d4650; font-size: .88rem; }
.fail { border-left: 4px solid #A3243B; padding-left: .4rem; }
.fail .why { color: #A3243B; display: block; font-size: .88rem; }
.ack .why { color: #5b5b5b; } .ack { border-left-color: #8a8a8a; }
.record { border-top: 1px solid #c9d3de; margin-top: 1.6rem; break-inside: avoid-page; }
.finding { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: .82rem; word-break: break-word; }
.sev-error { color: #A3243B; } .sev-warning { color: #6B6000; } .sev-info { color: #0B5FA5; }
footer { margin-top: 3rem; color: #3d4650; font-size: .85rem; border-top: 1px solid #dde3ea;
  padding-top: .6rem; }
a { color: #0B5FA5; }
.incomplete { border: 2px solid #A3243B; padding: .4rem 1rem; margin: 1rem 0; }
.incomplete h2 { color: #A3243B; margin-top: .4rem; }
table.records th button { all: inherit; cursor: pointer; padding: 0; }
table.records td button { all: inherit; color: #0B5FA5; cursor: pointer; text-decoration: underline; }
th[aria-sort=ascending] button::after { content: " ▲"; } th[aria-sort=descending] button::after { content: " ▼"; }
@page { size: A4; margin: 15mm 14mm; }
@media print { body { max-width: none; padding: 0; font-size: 10.5pt; }
  a { color: inherit; text-decoration: none; } h2 { break-after: avoid; }
  figure { grid-template-columns: 3fr 2fr; } }
"""


def pixels(part: Decimal, whole: Decimal, length: int) -> Decimal:
    """The length in pixels, to a tenth, of `part` on a bar `length` pixels long for `whole`."""
    return (part / whole * length).quantize(Decimal("0.1"))


def e(text: object) -> str:
    """HTML text: markup escaped, control characters shown as `\x1b`, amounts held
    together by no-break spaces (`11 395 980.38` never splits on screen or in print)."""
    return html.escape(hold_amounts(terminal(str(text))), quote=True)


class _Page:
    def __init__(
        self, records: list[Record], report: ValidationResult, lang: str, span: Span | None, count: int | None = None
    ) -> None:
        self.records, self.span = records, span
        self.count = len(records) if count is None else count
        self.report = report
        self.lang = lang
        self.findings: dict[str, list[Finding]] = defaultdict(list)
        for finding in report.findings:
            self.findings[finding.file].append(finding)

    def w(self, key: str) -> str:
        return word(key, self.lang)

    def amount(self, value: Decimal, currency: str) -> str:
        return amount_text(value, currency, self.lang)

    # --- headline -----------------------------------------------------------

    def headline(self, by_source: Summary) -> str:
        groups: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
        for row in by_source.rows:
            source = row.key[0]
            group = (
                "eu_funds"
                if source in UNION_FUNDS
                else source
                if source in ("state_budget", "municipality", "unspecified")
                else "other"
            )
            groups[row.currency][group] += row.amount
        cards = []
        for grand in by_source.totals:
            cur = grand.currency
            cards.append((f"{self.w('total')} ({cur})", self.amount(grand.amount, cur)))
            cards += [
                (self.w(f"headline_{g}"), self.amount(groups[cur][g], cur))
                for g in HEADLINES
                if g != "unspecified" or groups[cur][g]
            ]
        counts = Counts.of(self.report.findings)  # those this page shows (filters narrow them)
        cards += [
            (self.w("all_records"), str(self.count)),
            (
                self.w("findings_count"),
                f"{counts.errors + counts.warnings + counts.infos} (+{counts.acknowledged} {self.w('acknowledged')})",
            ),
        ]
        body = "".join(f'<div style="--chars:{len(v)}"><dt>{e(k)}</dt><dd>{e(v)}</dd></div>' for k, v in cards)
        title = self.w("headline")
        if self.report.unread:
            title += f" ({self.w('incomplete')})"
        scope = by_source.scope
        counted = ""
        if scope.shares or scope.within_whole:
            lines = [self.w("scope_counts").format(scope.wholes, scope.shares)]
            if scope.within_whole:
                lines.append(self.w("within_whole").format(scope.within_whole))
            counted = "".join(f"<p>{e(line)}</p>" for line in lines)
        if self.span is not None:
            counted += f"<p>{e(self.w('span_note').format(span_label(self.span, self.lang)))}</p>"
            if by_source.undated:
                counted += f"<p>{e(self.w('undated').format(span_label(self.span, self.lang), by_source.undated))}</p>"
        return f'<section id="headline"><h2>{e(title)}</h2><dl class="figures">{body}</dl>{counted}</section>'

    def unread(self) -> str:
        """At the top of the page: the files whose money no figure includes."""
        if not self.report.unread:
            return ""
        body = ""
        for kind, sentence in UNREAD_SENTENCES:
            named = [u for u in self.report.unread if u.kind == kind]
            if named:
                items = "".join(f"<li><code>{e(u.text(self.lang))}</code></li>" for u in named)
                body += f"<p>{e(self.w(sentence).format(len(named), self.report.counts.files))}</p><ul>{items}</ul>"
        return (
            f'<section id="unread" class="incomplete" role="alert"><h2>'
            f"{e(self.w('incomplete').capitalize())}</h2>{body}</section>"
        )

    # --- charts -------------------------------------------------------------

    def label(self, name: str, value: str) -> str:
        return word(value, self.lang) if name in ("source", "status", "year") else value

    def chart(self, name: str, summary: Summary) -> str:
        title = self.w(f"chart_{name}")
        parts = []
        for currency, group in groupby(summary.rows, key=lambda r: r.currency):
            rows = largest(list(group), CHART_BARS, self.w("chart_rest"), summary.members)
            svg = self.stacked(rows, currency, title) if name == "source" else self.bars(name, rows, currency, title)
            table = "".join(
                f"<tr><td>{e(self.label(name, r.key[0]))}</td><td class=n>"
                f"{e(self.amount(r.amount, currency))}</td><td class=n>"
                f"{e(percent(r.share, self.lang))}</td></tr>"
                for r in rows
            )
            parts.append(
                f'<figure id="chart-{name}-{e(currency)}"><figcaption>{e(title)} ({e(currency)})'
                f"</figcaption>{svg}<table><thead><tr><th>{e(word(name, self.lang))}</th>"
                f"<th class=n>{e(word('amount', self.lang))}</th><th class=n>"
                f"{e(word('share', self.lang))}</th></tr></thead><tbody>{table}</tbody></table>"
                "</figure>"
            )
        return "".join(parts)

    def row_text(self, name: str, row: Row, currency: str) -> str:
        """`ESF: 9 669 422.15 EUR (84.85 %)`: a bar's tooltip and text alternative."""
        return f"{self.label(name, row.key[0])}: {self.amount(row.amount, currency)} ({percent(row.share, self.lang)})"

    def alt(self, name: str, rows: list[Row], currency: str) -> str:
        return "; ".join(self.row_text(name, r, currency) for r in rows)

    def bars(self, name: str, rows: list[Row], currency: str, title: str) -> str:
        width, row_height, label_width = 600, 28, 150
        largest = max((r.amount for r in rows), default=ZERO) or Decimal(1)
        height = row_height * len(rows) + 8
        shapes = []
        for i, r in enumerate(rows):
            y = 4 + i * row_height
            length = pixels(r.amount, largest, width - label_width - 120)
            text = self.row_text(name, r, currency)
            shapes.append(
                f'<g><title>{e(text)}</title><text x="{label_width - 8}" y="{y + 18}" '
                f'text-anchor="end" font-size="13">{e(self.label(name, r.key[0]))}</text>'
                f'<rect x="{label_width}" y="{y + 4}" width="{max(length, Decimal("1.5"))}" '
                f'height="18" fill="{PALETTE[0]}"/><text '
                f'x="{label_width + max(length, Decimal("1.5")) + 6}" y="{y + 18}" '
                f'font-size="12">{e(money(r.amount, self.lang))}</text></g>'
            )
        return (
            f'<svg role="img" aria-label="{e(title)}: {e(self.alt(name, rows, currency))}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{e(title)}</title>'
            f"<desc>{e(self.alt(name, rows, currency))}</desc>{''.join(shapes)}</svg>"
        )

    def stacked(self, rows: list[Row], currency: str, title: str) -> str:
        width, left = 600, Decimal(0)
        whole = total([r.amount for r in rows]) or Decimal(1)
        shapes, legend = [], []
        for i, r in enumerate(rows):
            size = pixels(r.amount, whole, width)
            colour = PALETTE[i % len(PALETTE)]
            text = self.row_text("source", r, currency)
            shapes.append(
                f'<rect x="{left}" y="4" width="{max(size, Decimal("0.8"))}" height="40" '
                f'fill="{colour}"><title>{e(text)}</title></rect>'
            )
            left += size
            x = (i % 3) * 200
            y = 64 + (i // 3) * 20
            legend.append(
                f'<g><title>{e(text)}</title><rect x="{x}" y="{y - 11}" width="12" '
                f'height="12" fill="{colour}"/><text x="{x + 17}" y="{y}" font-size="12">'
                f"{e(self.label('source', r.key[0]))} {e(percent(r.share, self.lang))}"
                "</text></g>"
            )
        height = 64 + ((len(rows) - 1) // 3) * 20 + 12
        return (
            f'<svg role="img" aria-label="{e(title)}: {e(self.alt("source", rows, currency))}" '
            f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{e(title)}</title>'
            f"<desc>{e(self.alt('source', rows, currency))}</desc>{''.join(shapes)}"
            f"{''.join(legend)}</svg>"
        )

    # --- records ------------------------------------------------------------

    def records_table(self) -> str:
        head = "".join(
            f"<th>{e(word(k, self.lang))}</th>"
            for k in ("project_number", "title", "participant_or_lead", "fund", "status", "period")
        )
        rows = []
        for r in self.records:
            amount = record_total(r) if self.span is None else span_total(r, self.span)
            rows.append(
                f'<tr><td><a href="#record-{e(r.id)}">{e(r.number or r.id)}</a></td>'
                f"<td>{e(r.title or '')}</td><td>{e(r.participant or r.lead_partner or '')}</td>"
                f"<td>{e(r.fund or '')}</td><td>{e(word(r.status or '', self.lang))}</td>"
                f'<td class="nowrap">{e(period(r.start, r.end, self.lang))}</td><td class=n>'
                f"{e(self.amount(amount, r.currency)) if amount is not None else ''}</td></tr>"
            )
        return (
            f'<section id="records"><h2>{e(self.w("records_title"))}</h2><table><thead><tr>'
            f"{head}<th class=n>{e(word('total', self.lang))}</th></tr></thead><tbody>"
            f"{''.join(rows)}</tbody></table></section>"
        )

    def node(self, record: Record, node: FundingNode, found: list[Finding]) -> str:
        path = render_path(node.path)
        mine = on_node(found, path)
        meta = [
            x
            for x in (
                percent(node.rate, self.lang) if node.rate is not None else "",
                word(node.source, self.lang) if node.source else "",
                word(node.eligibility, self.lang) if node.eligibility else "",
            )
            if x
        ]
        amount = (
            f'<span class="amount">{e(self.amount(node.total, record.currency))}</span>'
            if node.total is not None
            else ""
        )
        inner = f"{e(node.label or '')} {amount} <span class=meta>{e(' · '.join(meta))}</span>" + self.whys(mine)
        children = "".join(self.node(record, part, found) for part in node.parts)
        for name, split in node.breakdowns:
            broken = on_node(found, f"{path}.breakdowns.{name}", ("",))
            added = parts_total(split)
            sum_text = self.amount(added, record.currency) if added is not None else ""
            items = "".join(self.node(record, part, found) for part in split)
            children += (
                f'<li class="{self.classes(broken)}"><em>{e(self.w("breakdown"))} {e(self.w(name))}</em> '
                f'<span class="amount">{e(sum_text)}</span>{self.whys(broken)}'
                f"<ul>{items}</ul></li>"
            )
        return f'<li class="{self.classes(mine)}">{inner}' + (f"<ul>{children}</ul>" if children else "") + "</li>"

    def classes(self, found: list[Finding]) -> str:
        if not found:
            return ""
        return "fail" if any(not f.acknowledged for f in found) else "fail ack"

    def whys(self, found: list[Finding]) -> str:
        return "".join(
            f'<span class="why">✗ {e(self.w("failing"))} {e(f.check)}'
            f"{' (' + e(self.w('acknowledged')) + ')' if f.acknowledged else ''}: "
            f"{e(f.message.render(human=True, lang=self.lang))}</span>"
            for f in found
        )

    def indicators(self, indicators: tuple[Indicator, ...]) -> str:
        rows: list[str] = []

        def add(item: Indicator, depth: int) -> None:
            rows.append(
                f'<tr><td style="padding-left:{0.45 + depth * 1.2}rem">'
                f"{e(item.label or '')}</td><td class=n>"
                f"{e(number(item.target, self.lang) if item.target is not None else '')}"
                "</td>"
                f"<td>{e(item.unit or '')}</td></tr>"
            )
            for part in item.parts:
                add(part, depth + 1)

        for item in indicators:
            add(item, 0)
        return (
            (
                f"<h4>{e(word('indicators', self.lang))}</h4><table><thead><tr><th>"
                f"{e(word('label', self.lang))}</th><th class=n>{e(word('target', self.lang))}"
                f"</th><th>{e(word('unit', self.lang))}</th></tr></thead><tbody>{''.join(rows)}"
                "</tbody></table>"
            )
            if rows
            else ""
        )

    def record_section(self, record: Record) -> str:
        found = self.findings.get(record.file, [])
        facts = [
            ("project_number", record.number),
            ("fund", record.fund),
            ("status", word(record.status or "", self.lang)),
            ("lead_partner", record.lead_partner),
            ("scope", word(scope(record), self.lang)),
            ("participant", record.participant),
            ("period", period(record.start, record.end, self.lang)),
            ("region", record.region),
        ]
        facts_html = "".join(f"<tr><th>{e(word(k, self.lang))}</th><td>{e(v)}</td></tr>" for k, v in facts if v)
        tree = (
            f'<ul class="tree">{self.node(record, record.funding, found)}</ul>'
            if record.funding is not None
            else f"<p>{e(self.w('no_funding'))}</p>"
        )
        findings = (
            "".join(self.finding_item(f, f"{f.line}:{f.column}") for f in found)
            or f"<li>{e(self.w('no_findings'))}</li>"
        )
        return (
            f'<section class="record" id="record-{e(record.id)}"><h3>{e(record.title or record.id)}'
            f"</h3><p><code>{e(record.file)}</code></p><table>{facts_html}</table>"
            f"<h4>{e(word('funding', self.lang))} ({e(record.currency)})</h4>{tree}"
            f"{self.indicators(record.indicators)}<h4>{e(word('findings', self.lang))}</h4>"
            f'<ul>{findings}</ul><p><a href="#records">{e(self.w("back"))}</a></p></section>'
        )

    def finding_item(self, finding: Finding, where: str) -> str:
        """One finding as a list item, with its acknowledgement note where it has one."""
        note = (
            f" <strong>({e(self.w('acknowledged'))}:</strong> {e(finding.note or '')})" if finding.acknowledged else ""
        )
        return (
            f'<li class="finding sev-{finding.severity.value}">{e(where)} '
            f"{e(self.w(finding.severity.value))}[{e(finding.check)}] {e(finding.path)} "
            f"{e(finding.message.render(human=True, lang=self.lang))}{note}</li>"
        )

    # --- quality ------------------------------------------------------------

    def quality(self) -> str:
        ordered = sorted(self.report.findings, key=lambda f: (f.check, f.file, f.line))
        parts = []
        for check, group in groupby(ordered, key=lambda f: f.check):
            found = list(group)
            items = "".join(self.finding_item(f, f"{f.file}:{f.line}:{f.column}") for f in found)
            parts.append(
                f"<h3>{e(check)} <small>({e(self.w(ALL[check].severity.value))}, "
                f"{len(found)})</small></h3><p>{e(ALL[check].described(self.lang))}</p><ul>{items}</ul>"
            )
        body = "".join(parts) or f"<p>{e(self.w('no_findings'))}</p>"
        return f'<section id="quality"><h2>{e(self.w("quality"))}</h2>{body}</section>'

    def render(
        self, as_of: datetime.date, made: datetime.datetime, table: tuple[dict[str, Summary], str] | None = None
    ) -> str:
        """The page; with `table` (the charts' summaries and the records table) instead of a
        section per record."""
        if table is None:
            summaries = {name: summarise(self.records, (name,), self.span) for name in CHART_FIELDS}
            records = self.records_table() + "".join(self.record_section(r) for r in self.records)
        else:
            summaries, records = table
        charts = "".join(self.chart(name, summaries[name]) for name in CHART_FIELDS)
        return (
            f'<!doctype html>\n<html lang="{self.lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{e(self.w('report_title'))}</title><style>{STYLE}</style></head><body>"
            f"<header><h1>{e(self.w('report_title'))}</h1></header><main>"
            f'{self.unread()}{self.headline(summaries["source"])}<section id="charts"><h2>'
            f"{e(self.w('charts'))}</h2>{charts}</section>{records}"
            f"{self.quality()}</main><footer>{e(self.footer(as_of, made))}</footer></body></html>\n"
        )

    def footer(self, as_of: datetime.date, made: datetime.datetime) -> str:
        """When the page was made, and the day its dates were checked as of: two dates."""
        when = f"{date_text(made.date(), self.lang)} {made.strftime('%H:%M %Z').strip()}"
        return self.w("made").format(__version__, when, date_text(as_of, self.lang))


def render_report(
    records: list[Record],
    report: ValidationResult,
    lang: str,
    as_of: datetime.date,
    made: datetime.datetime,
    span: Span | None = None,
) -> str:
    """The page; under a span, every figure is of the money in the span."""
    return _Page(records, report, lang, span).render(as_of, made)


def render_table_report(
    rows: ReportRows, report: ValidationResult, lang: str, as_of: datetime.date, made: datetime.datetime
) -> Iterator[str]:
    """The page of many records, in pieces: the records table instead of a section per
    record, its packed rows written a piece at a time (never whole in memory as text)."""
    page = _Page([], report, lang, None, len(rows.files))
    found = findings_json((f, page.whys([f]), page.finding_item(f, f"{f.line}:{f.column}")) for f in report.findings)
    before, after = section(e(page.w("records_title")), lang, found)
    head, tail = page.render(as_of, made, (rows.summaries(), before + DATA + after)).split(DATA)
    yield head
    yield from rows.data()
    yield tail


DATA = "\x00"
"""Where the packed rows go: no text of the page holds it (`e` shows control characters)."""


def contrast(colour: str, background: str = "#FFFFFF") -> float:
    """WCAG contrast ratio of two #RRGGBB colours."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
