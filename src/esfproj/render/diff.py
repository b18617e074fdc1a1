"""`esfproj diff` for people (a terminal table; GitHub-flavoured markdown for job summaries and
pull-request comments) and for machines (JSON)."""

from __future__ import annotations

import html
import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from esfproj.diff import ADDED, BASE, CHANGED, HEAD, MOVED, REMOVED, Amounts, Comparison, Entry, Group, Side, Value
from esfproj.model import Finding
from esfproj.money import EXACT, machine
from esfproj.options import DiffFormat
from esfproj.render.findings import line as finding_line
from esfproj.render.lang import money, word
from esfproj.render.tables import Table, to_markdown, to_text
from esfproj.summary import UNSPECIFIED
from esfproj.text import one_line

MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>~&#!])")
"""What markdown or HTML could read as markup (`|` is escaped by the table writer)."""


def render(comparison: Comparison, fmt: DiffFormat, lang: str, colour: bool, width: int | None) -> str:
    if fmt is DiffFormat.json:
        return to_json(comparison)
    markdown = fmt is DiffFormat.markdown
    return to_markdown_text(comparison, lang) if markdown else to_terminal(comparison, lang, colour, width)


# --- words and figures ------------------------------------------------------------------


def side_name(side: Side, lang: str) -> str:
    if side.rev is None or side.commit is None:
        return word("diff_working_tree", lang)
    return f"{side.rev} ({side.commit[:7]})"


def signed(value: Decimal | None, lang: str) -> str:
    if value is None:
        return word("diff_not_read", lang)
    return ("+" if value > 0 else "") + money(value, lang)


def headline(comparison: Comparison, lang: str) -> str:
    base, head = side_name(comparison.base, lang), side_name(comparison.head, lang)
    entries = comparison.entries
    if not entries:
        return word("diff_nothing", lang).format(base, head)
    kinds = [sum(1 for e in entries if e.change == kind) for kind in (CHANGED, ADDED, REMOVED, MOVED)]
    parts = [word("diff_counts", lang).format(*kinds)]
    for group in comparison.totals:
        a = group.amounts
        parts.append(
            word("diff_total", lang).format(
                money(a.base or Decimal(0), lang),
                money(a.head or Decimal(0), lang),
                signed(a.change, lang),
                group.currency,
            )
        )
    return "; ".join(parts) + "."


def entry_amount(entry: Entry, side: str, lang: str) -> str:
    if entry.files[side] is None:
        return ""
    if entry.unread[side]:
        return word("diff_not_read", lang)
    amount = getattr(entry.total, side)
    if amount is None:
        return word("diff_no_figures", lang)
    text = f"{money(amount, lang)} {entry.currencies[side] or entry.currency}"
    return text if entry.counted[side] else f"{text} {word('diff_not_counted', lang)}"


def what_happened(entry: Entry, lang: str) -> str:
    if entry.change == MOVED:
        return word("diff_moved_from", lang).format(entry.files[BASE])
    return word(f"diff_{entry.change}", lang)


def value_change(value: Value, lang: str) -> tuple[str, str, str]:
    """A changed value's base and head as shown, and for an amount the difference."""
    before, after = value.base, value.head
    if value.path.rsplit(".", 1)[-1] == "amount" and before is not None and after is not None:
        old, new = _decimal(before), _decimal(after)
        if old is not None and new is not None:
            return money(old, lang), money(new, lang), signed(EXACT.subtract(new, old), lang)
    return before if before is not None else "—", after if after is not None else "—", ""


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def group_table(groups: list[Group], heading: str, comparison: Comparison, lang: str, values: bool = False) -> Table:
    """The totals by fund or (with `values`: words such as state_budget in the language) by source."""
    rows = [
        [word(g.key, lang) if values or g.key == UNSPECIFIED else g.key, g.currency, *amount_cells(g.amounts, lang)]
        for g in groups
    ]
    footer = [[word("grand_total", lang), t.currency, *amount_cells(t.amounts, lang)] for t in comparison.totals]
    headings = [heading, word("currency", lang), *side_headings(comparison, lang)]
    return Table(headings, {2, 3, 4}, rows, footer)


def amount_cells(amounts: Amounts, lang: str) -> list[str]:
    return [
        money(amounts.base or Decimal(0), lang),
        money(amounts.head or Decimal(0), lang),
        signed(amounts.change, lang),
    ]


def side_headings(comparison: Comparison, lang: str) -> list[str]:
    """Base, Head, Change; a side with a file it could not read is marked incomplete."""
    marked = {u.side for u in comparison.unread}
    return [
        word("diff_base", lang) + (f" ({word('incomplete', lang)})" if BASE in marked else ""),
        word("diff_head", lang) + (f" ({word('incomplete', lang)})" if HEAD in marked else ""),
        word("diff_change", lang),
    ]


def change_cell(entry: Entry, lang: str) -> str:
    """The change of a record's total; unknown when a side was not read (or the currencies differ)."""
    if entry.total.change is not None:
        return signed(entry.total.change, lang)
    return word("diff_not_read", lang) if any(entry.unread.values()) else "—"


def records_table(comparison: Comparison, lang: str) -> Table:
    headings = [
        word("project_number", lang),
        word("title", lang),
        word("participant", lang),
        word("diff_what", lang),
        *side_headings(comparison, lang),
    ]
    rows = [
        [
            e.number or e.id,
            e.title or "",
            e.participant or "",
            what_happened(e, lang),
            entry_amount(e, BASE, lang),
            entry_amount(e, HEAD, lang),
            change_cell(e, lang),
        ]
        for e in comparison.entries
    ]
    return Table(headings, {4, 5, 6}, rows)


# --- markdown ---------------------------------------------------------------------------


def escaped(text: str) -> str:
    """Text as markdown shows it literally, on one line: what markdown or HTML would read
    as markup is escaped, control characters and line breaks are made visible."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", one_line(text))


def code(text: str) -> str:
    """A code span that holds any text: fenced by more backticks than it has in a row."""
    text = one_line(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def markdown_table(table: Table) -> str:
    safe = Table(
        [escaped(h) for h in table.headings],
        table.right,
        [[escaped(c) for c in row] for row in table.rows],
        [[escaped(c) for c in row] for row in table.footer],
    )
    return to_markdown(safe)


def markdown_finding(finding: Finding, lang: str) -> str:
    where = code(f"{finding.file}:{finding.line}:{finding.column}")
    path = f" {code(finding.path)}:" if finding.path else ""
    kind = f"{word(finding.severity.value, lang)}\\[{finding.check}\\]"
    return f"- {where} {kind}{path} {escaped(finding.message.render(human=True, lang=lang))}"


def to_markdown_text(comparison: Comparison, lang: str) -> str:
    heading = word("diff_heading", lang).format(side_name(comparison.base, lang), side_name(comparison.head, lang))
    blocks = [f"### esfproj diff: {escaped(heading)}", escaped(headline(comparison, lang))]
    if comparison.entries:
        blocks += [
            f"#### {word('diff_by_fund', lang)}",
            markdown_table(group_table(comparison.by_fund, word("fund", lang), comparison, lang)),
            f"#### {word('diff_by_source', lang)}",
            markdown_table(group_table(comparison.by_source, word("source", lang), comparison, lang, values=True)),
            f"#### {word('diff_records', lang)}",
            markdown_table(records_table(comparison, lang)),
        ]
        for entry in comparison.entries:
            if entry.values:
                # a line of HTML: markdown is not read inside it, so it is escaped as HTML
                number, id = html.escape(one_line(entry.number or entry.id)), html.escape(one_line(entry.id))
                summary = f"{number} (<code>{id}</code>)"
                lines = []
                for value in entry.values:
                    before, after, difference = value_change(value, lang)
                    more = f" ({difference})" if difference else ""
                    lines.append(f"- {code(value.path)}: {escaped(before)} → {escaped(after)}{more}")
                blocks.append(f"<details><summary>{summary}</summary>\n\n" + "\n".join(lines) + "\n\n</details>")
    blocks += markdown_findings(comparison, lang)
    if comparison.unread:
        listed = [f"- {word('diff_side_' + u.side, lang)}: {code(str(u.unread))}" for u in comparison.unread]
        blocks.append(f"**{escaped(word('diff_incomplete', lang))}**\n\n" + "\n".join(listed))
    return "\n\n".join(block.strip("\n") for block in blocks) + "\n"


def markdown_findings(comparison: Comparison, lang: str) -> list[str]:
    if not comparison.introduced and not comparison.resolved:
        return [] if not comparison.entries else [escaped(word("diff_no_findings", lang))]
    blocks = []
    for key, found in (("diff_introduced", comparison.introduced), ("diff_resolved", comparison.resolved)):
        if found:
            blocks.append(f"#### {word(key, lang).format(len(found))}")
            blocks.append("\n".join(markdown_finding(f, lang) for f in found))
    return blocks


# --- the terminal -----------------------------------------------------------------------


def to_terminal(comparison: Comparison, lang: str, colour: bool, width: int | None) -> str:
    heading = word("diff_heading", lang).format(side_name(comparison.base, lang), side_name(comparison.head, lang))
    parts = [one_line(heading), one_line(headline(comparison, lang))]
    if comparison.entries:
        for title, table in (
            (word("diff_by_fund", lang), group_table(comparison.by_fund, word("fund", lang), comparison, lang)),
            (
                word("diff_by_source", lang),
                group_table(comparison.by_source, word("source", lang), comparison, lang, values=True),
            ),
            (word("diff_records", lang), records_table(comparison, lang)),
        ):
            parts.append(f"{title}\n" + to_text(table, colour, width).rstrip("\n"))
        for entry in comparison.entries:
            if entry.values:
                lines = [one_line(entry.number or entry.id) + f" ({one_line(entry.id)})"]
                for value in entry.values:
                    before, after, difference = value_change(value, lang)
                    more = f" ({difference})" if difference else ""
                    lines.append(f"  {one_line(value.path)}: {one_line(before)} → {one_line(after)}{more}")
                parts.append("\n".join(lines))
    for key, found in (("diff_introduced", comparison.introduced), ("diff_resolved", comparison.resolved)):
        if found:
            parts.append(
                "\n".join([word(key, lang).format(len(found)), *(finding_line(f, colour, lang) for f in found)])
            )
    if comparison.entries and not comparison.introduced and not comparison.resolved:
        parts.append(word("diff_no_findings", lang))
    if comparison.unread:
        lines = [f"  {word('diff_side_' + u.side, lang)}: {one_line(str(u.unread))}" for u in comparison.unread]
        parts.append("\n".join([word("diff_incomplete", lang), *lines]))
    return "\n\n".join(parts) + "\n"


# --- JSON -------------------------------------------------------------------------------


def amount(value: Decimal | None) -> str | None:
    return machine(value) if value is not None else None


def to_json(comparison: Comparison) -> str:
    def side(info: Side) -> dict[str, str | None]:
        return {"rev": info.rev, "commit": info.commit}

    def groups(items: list[Group], name: str | None) -> list[dict[str, Any]]:
        return [
            {
                **({name: g.key} if name else {}),
                "currency": g.currency,
                "base": amount(g.amounts.base),
                "head": amount(g.amounts.head),
                "change": amount(g.amounts.change),
            }
            for g in items
        ]

    def finding(f: Finding) -> dict[str, Any]:
        return {
            "file": f.file,
            "line": f.line,
            "column": f.column,
            "check": f.check,
            "severity": f.severity.value,
            "path": f.path,
            "message": f.message.render(human=False),
        }

    document = {
        "base": side(comparison.base),
        "head": side(comparison.head),
        "complete": comparison.complete,
        "totals": groups(comparison.totals, None),
        "by_fund": groups(comparison.by_fund, "fund"),
        "by_source": groups(comparison.by_source, "source"),
        "records": [
            {
                "id": e.id,
                "change": e.change,
                "file": e.files,
                "project_number": e.number,
                "title": e.title,
                "participant": e.participant,
                "currency": e.currency,
                "total": {"base": amount(e.total.base), "head": amount(e.total.head), "change": amount(e.total.change)},
                "counted_in_totals": e.counted,
                "values": [v._asdict() for v in e.values],
            }
            for e in comparison.entries
        ],
        "findings": {
            "introduced": [finding(f) for f in comparison.introduced],
            "resolved": [finding(f) for f in comparison.resolved],
        },
        "unread": [{"side": u.side, **u.unread.data()} for u in comparison.unread],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
