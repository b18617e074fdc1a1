"""The report's records as one table, for reports of many records (more than `DETAILS_UP_TO`,
or `--no-details`): one row per record, sorted and filtered in the page, each record's
funding tree and findings shown on demand.

Why: a section per record makes 3.5 KB of HTML a record (69 MB for 20 000) that a browser
takes minutes to draw. Here each record is one compact JSON array, made in the worker that
checks it, and the arrays are gzip-compressed as they come (a report keeps only that, a few
hundred bytes a record, and the contributions added up for the charts); the page holds them
as base64 and a small inline script unpacks them (the browser's own `DecompressionStream`),
so the page stays one self-contained file that works offline.
"""

from __future__ import annotations

import base64
import json
import zlib
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any, NamedTuple

from esfproj.model import Finding
from esfproj.money import machine
from esfproj.record import FundingNode, Record, parts_total, record_total
from esfproj.render.lang import money, percent, period, word
from esfproj.render.spool import Spool
from esfproj.render.style import NODE_KEYS
from esfproj.summary import Contribution, Filters, Summary, SummaryBuilder, contribution, projected
from esfproj.text import NO_BREAK

DETAILS_UP_TO = 200
"""Up to this many records a report has a section per record; above, the records table."""
CHART_FIELDS = ("source", "fund", "year", "status")
GROUPINGS = (("source", "fund", "status"), ("year",))
"""The summaries a large report adds up, each chart a projection of one: by year apart, as a
record's money spread over years is several times the pieces, and a summary keeps a share's
pieces until the end (its whole project's record may still come)."""
COLUMNS = ("project_number", "title", "participant_or_lead", "fund", "status", "period", "total")


class ReportItem(NamedTuple):
    """What a report keeps of one record: its file, its money by each of `GROUPINGS`, its row."""

    file: str
    contributions: tuple[Contribution, ...]
    row: str
    """The record's row and funding tree as compact JSON (see `row`)."""


def amount_text(value: Decimal, currency: str, lang: str) -> str:
    """`11 395 980.38 EUR` with no-break spaces, so neither screen nor print splits it."""
    return f"{money(value, lang)}{NO_BREAK}{currency}"


def tree(node: FundingNode, currency: str, lang: str) -> list[Any]:
    """[label, amount, rates and sources, parts, breakdowns], texts as the page shows them;
    the script gives each node its path, to mark the findings about it."""
    meta = [
        percent(node.rate, lang) if node.rate is not None else "",
        word(node.source, lang) if node.source else "",
        word(node.eligibility, lang) if node.eligibility else "",
    ]
    breakdowns = []
    for name, split in node.breakdowns:
        added = parts_total(split)
        breakdowns.append(
            [
                name,
                word(name, lang),
                amount_text(added, currency, lang) if added is not None else "",
                [tree(part, currency, lang) for part in split],
            ]
        )
    return [
        node.label or "",
        amount_text(node.total, currency, lang) if node.total is not None else "",
        " · ".join(x for x in meta if x),
        [tree(part, currency, lang) for part in node.parts],
        breakdowns,
    ]


def row(record: Record, lang: str) -> list[Any]:
    """[id, file, project number, title, participant or lead, fund, status, period, total,
    total as a decimal string (to sort by), funding tree or null, currency]."""
    amount = record_total(record)
    return [
        record.id,
        record.file,
        record.number or record.id,
        record.title or "",
        record.participant or record.lead_partner or "",
        record.fund or "",
        word(record.status or "", lang),
        period(record.start, record.end, lang),
        amount_text(amount, record.currency, lang) if amount is not None else "",
        machine(amount) if amount is not None else "",
        tree(record.funding, record.currency, lang) if record.funding is not None else None,
        record.currency,
    ]


def report_item(record: Record, filters: Filters, lang: str) -> ReportItem | None:
    """Run in the worker processes: what the report keeps of the record, or None if filtered out."""
    if not filters.matches(record):
        return None
    contributions = tuple(contribution(record, by) for by in GROUPINGS)
    return ReportItem(record.file, contributions, json.dumps(row(record, lang), ensure_ascii=False))


class ReportRows:
    """The records of a report as they come: their contributions to the charts' sums
    (`GROUPINGS`) spooled to a temporary file, the whole projects' numbers, the files, the
    rows packed. Used as a context manager, which removes the spool.

    Why spooled: a share is counted unless its whole project's record is in the report,
    which may come later; a builder fed as the records come keeps every share until the
    end (at 100 000 records, hundreds of megabytes). Added up once every whole project is
    known, no share is kept."""

    def __init__(self) -> None:
        self.contributions: Spool[tuple[Contribution, ...]] = Spool()
        self.wholes: dict[str, str] = {}
        self.files: list[str] = []
        self.packer = zlib.compressobj(6, wbits=31)  # gzip, which DecompressionStream reads
        self.packed = bytearray()

    def __enter__(self) -> ReportRows:
        return self

    def __exit__(self, *_: object) -> None:
        self.contributions.__exit__()

    def add(self, item: ReportItem) -> None:
        self.contributions.add(item.contributions)
        whole = SummaryBuilder.whole_project(item.contributions[0])
        if whole is not None:
            self.wholes.setdefault(*whole)
        self.packed += self.packer.compress((("," if self.files else "[") + item.row).encode())
        self.files.append(item.file)

    def summaries(self) -> dict[str, Summary]:
        builders = [SummaryBuilder(by, wholes=self.wholes) for by in GROUPINGS]
        for contributions in self.contributions:
            for builder, piece in zip(builders, contributions, strict=True):
                builder.add(piece)
        summaries = [builder.result() for builder in builders]
        return {name: projected(every, name) for every in summaries for name in every.by}

    def data(self) -> Iterator[str]:
        """Every row, as a JSON array, gzip-compressed, in base64 a piece at a time."""
        self.packed += self.packer.compress(b"]" if self.files else b"[]") + self.packer.flush()
        step = 3 * 2**16  # whole groups of 3 bytes: the pieces join into one base64 text
        for start in range(0, len(self.packed), step):
            yield base64.b64encode(self.packed[start : start + step]).decode("ascii")


def findings_json(found: Iterable[tuple[Finding, str, str]]) -> str:
    """Each record's findings, by file: [path, acknowledged, the why under its node, the list
    item], the HTML made by the page (so escaped in one place); safe inside <script>."""
    by_file: dict[str, list[list[Any]]] = {}
    for finding, why, item in found:
        by_file.setdefault(finding.file, []).append([finding.path, finding.acknowledged, why, item])
    return json.dumps(by_file, ensure_ascii=False).replace("<", "\\u003c")


def section(title: str, lang: str, findings: str) -> tuple[str, str]:
    """The records table, before and after its data (`ReportRows.data`, written between)."""
    words = {
        key: word(key, lang) for key in ("breakdown", "findings", "no_findings", "no_funding", "filter", "showing")
    }
    head = "".join(
        f'<th scope="col"><button type="button" data-column="{i}">{word(name, lang)}</button></th>'
        for i, name in enumerate(COLUMNS)
    )
    return (
        f'<section id="records"><h2>{title}</h2><p><label>{words["filter"]} '
        f'<input type="search" id="record-filter"></label> <output id="record-count"></output></p>'
        f"<noscript><p>{word('needs_script', lang)}</p></noscript>"
        f'<table id="record-table" class="records"><thead><tr>{head}</tr></thead><tbody></tbody></table>'
        '<div id="record-end"></div>'
        '<script type="application/octet-stream" id="record-data">',
        f'</script><script type="application/json" id="record-findings">{findings}</script>'
        f'<script type="application/json" id="record-words">{json.dumps(words, ensure_ascii=False)}</script>'
        f"<script>{SCRIPT.replace('NODE_KEYS', json.dumps(list(NODE_KEYS)))}</script></section>",
    )


SCRIPT = """
(async () => {
  const $ = id => document.getElementById(id);
  const words = JSON.parse($('record-words').textContent);
  const found = JSON.parse($('record-findings').textContent);
  const packed = atob($('record-data').textContent), bytes = new Uint8Array(packed.length);
  for (let i = 0; i < packed.length; i++) bytes[i] = packed.charCodeAt(i);
  const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
  const rows = JSON.parse(await new Response(unpacked).text());
  const keys = NODE_KEYS;
  const esc = s => String(s).replace(/[&<>"']/g, c => '&#' + c.charCodeAt(0) + ';');
  const cls = fs => !fs.length ? '' : fs.some(f => !f[1]) ? 'fail' : 'fail ack';
  const whys = fs => fs.map(f => f[2]).join('');
  const node = (n, path, fs) => {
    const mine = fs.filter(f => keys.some(k => f[0] === path + k));
    let inner = n[3].map((p, i) => node(p, `${path}.parts[${i}]`, fs)).join('');
    for (const [key, name, sum, items] of n[4]) {
      const at = `${path}.breakdowns.${key}`, broken = fs.filter(f => f[0] === at);
      inner += `<li class="${cls(broken)}"><em>${esc(words.breakdown)} ${esc(name)}</em> ` +
        `<span class="amount">${esc(sum)}</span>${whys(broken)}<ul>` +
        items.map((p, i) => node(p, `${at}[${i}]`, fs)).join('') + '</ul></li>';
    }
    return `<li class="${cls(mine)}">${esc(n[0])} <span class="amount">${esc(n[1])}</span> ` +
      `<span class=meta>${esc(n[2])}</span>${whys(mine)}` + (inner ? `<ul>${inner}</ul>` : '') + '</li>';
  };
  const details = r => {
    const fs = found[r[1]] || [];
    const funding = r[10] ? `<ul class="tree">${node(r[10], 'funding', fs)}</ul>` : `<p>${esc(words.no_funding)}</p>`;
    const items = fs.map(f => f[3]).join('') || `<li>${esc(words.no_findings)}</li>`;
    return `<tr class="detail"><td colspan="7"><p><code>${esc(r[1])}</code></p>${funding}` +
      `<h4>${esc(words.findings)}</h4><ul>${items}</ul></td></tr>`;
  };
  const line = (r, i) => `<tr data-row="${i}"><td><button type="button" aria-expanded="false">` +
    `${esc(r[2])}</button></td><td>${esc(r[3])}</td>` +
    `<td>${esc(r[4])}</td><td>${esc(r[5])}</td><td>${esc(r[6])}</td><td class="nowrap">${esc(r[7])}</td>` +
    `<td class=n>${esc(r[8])}</td></tr>`;
  const field = [2, 3, 4, 5, 6, 7, 9];
  const collator = new Intl.Collator(document.documentElement.lang, {numeric: true});
  const parts = s => { const [w, f = ''] = s.replace('-', '').split('.'); return [s.startsWith('-'), w, f]; };
  const compare = (a, b, column) => {  // amounts as decimal text, exactly: never as floats
    if (column !== 6) return collator.compare(a, b);
    const [na, wa, fa] = parts(a), [nb, wb, fb] = parts(b);
    if (na !== nb) return na ? -1 : 1;
    const n = Math.max(wa.length, wb.length), m = Math.max(fa.length, fb.length);
    const x = wa.padStart(n, '0') + fa.padEnd(m, '0'), y = wb.padStart(n, '0') + fb.padEnd(m, '0');
    return (x < y ? -1 : x > y ? 1 : 0) * (na ? -1 : 1);
  };
  const text = rows.map(r => [2, 3, 4, 5, 6, 7, 8].map(i => r[i]).join(' ').toLowerCase());
  const body = $('record-table').tBodies[0];
  // rows are drawn a page at a time, the next as the reader scrolls near the end: a browser
  // lays out 500 rows at once in an instant, 20 000 in seconds
  let order = rows.map((_, i) => i), shown = order, drawn = 0;
  const more = () => {
    body.insertAdjacentHTML('beforeend', shown.slice(drawn, drawn + 500).map(i => line(rows[i], i)).join(''));
    drawn += 500;
  };
  const draw = () => {
    const query = $('record-filter').value.trim().toLowerCase();
    shown = query ? order.filter(i => text[i].includes(query)) : order;
    body.textContent = '';
    drawn = 0;
    more();
    $('record-count').textContent = words.showing.replace('{0}', shown.length).replace('{1}', rows.length);
  };
  new IntersectionObserver(seen => { if (seen[0].isIntersecting && drawn < shown.length) more(); },
    {rootMargin: '1500px'}).observe($('record-end'));
  for (const button of $('record-table').tHead.querySelectorAll('button')) {
    button.addEventListener('click', () => {
      const column = +button.dataset.column, th = button.parentElement;
      const down = th.getAttribute('aria-sort') === 'ascending';
      for (const other of $('record-table').tHead.querySelectorAll('th')) other.removeAttribute('aria-sort');
      th.setAttribute('aria-sort', down ? 'descending' : 'ascending');
      const at = field[column], sign = down ? -1 : 1;
      order = rows.map((_, i) => i).sort((a, b) => {
        const x = rows[a][at], y = rows[b][at];  // the empty last, either way
        return (!x || !y ? !x - !y : sign * compare(x, y, column)) || a - b;
      });
      draw();
    });
  }
  $('record-filter').addEventListener('input', draw);
  body.addEventListener('click', event => {
    const button = event.target.closest('button');
    if (!button) return;
    const tr = button.closest('tr'), open = button.getAttribute('aria-expanded') === 'true';
    button.setAttribute('aria-expanded', String(!open));
    if (open) tr.nextElementSibling.remove(); else tr.insertAdjacentHTML('afterend', details(rows[+tr.dataset.row]));
  });
  draw();
  document.body.dataset.ready = 'true';
})();
"""
