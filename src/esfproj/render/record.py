"""`esfproj show`: one record, its funding tree with failing nodes marked, indicators, findings."""

from __future__ import annotations

from decimal import Decimal

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from esfproj.formats.text import line as finding_line
from esfproj.model import Finding, Severity, Unread, render_path
from esfproj.record import FundingNode, Indicator, Record, mapping, parts_total
from esfproj.render.lang import money, number, percent, period, word
from esfproj.render.style import on_node
from esfproj.render.tables import rich_text, unread_note
from esfproj.text import terminal

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class _View:
    def __init__(self, record: Record, findings: list[Finding], lang: str) -> None:
        self.record = record
        self.findings = findings
        self.lang = lang

    def mark_text(self, text: Text, findings: list[Finding]) -> None:
        for finding in findings:
            style = "dim" if finding.acknowledged else STYLES[finding.severity]
            ack = " (acknowledged)" if finding.acknowledged else ""
            text.append(f"\n  ✗ {finding.check}{ack}: {finding.message.render(human=True)}", style=style)

    def node_text(self, node: FundingNode, inherited: dict[str, str | None]) -> Text:
        lang, currency = self.lang, self.record.currency
        text = Text(terminal(node.label or "(no label)"), style="bold")
        if node.total is not None:
            text.append(f"  {money(node.total, lang)} {currency}")
            if node.amount is None:
                text.append(" (sum of parts)", style="dim")
        if node.rate is not None:
            text.append(f"  {percent(node.rate, lang)}")
        for key in ("source", "eligibility"):
            own = getattr(node, key)
            value = own or inherited.get(key)
            if value:
                text.append(f"  {word(value, lang)}", style="" if own else "dim")
        if node.note:
            text.append(f"\n  {terminal(node.note)}", style="italic dim")
        return text

    def tree(self, node: FundingNode, parent: Tree | None, inherited: dict[str, str | None]) -> Tree:
        text = self.node_text(node, inherited)
        path = render_path(node.path)
        self.mark_text(text, on_node(self.findings, path))
        branch = parent.add(text) if parent is not None else Tree(text)
        values = {k: getattr(node, k) or inherited.get(k) for k in ("source", "eligibility")}
        for part in node.parts:
            self.tree(part, branch, values)
        for name, split in node.breakdowns:
            label = Text(f"breakdown {name}", style="italic")
            added = parts_total(split)
            if added is not None:
                label.append(f"  {money(added, self.lang)} {self.record.currency}")
                label.append(" (sum of parts)", style="dim")
            self.mark_text(label, on_node(self.findings, f"{path}.breakdowns.{name}", ("",)))
            sub = branch.add(label)
            for part in split:
                self.tree(part, sub, values)
        return branch

    def header(self) -> Table:
        r, lang, data = self.record, self.lang, self.record.data
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="bold")
        grid.add_column(overflow="fold")
        participant = mapping(data.get("participant"))
        rows = [
            ("project_number", r.number),
            ("title", r.title),
            ("fund", r.fund),
            ("status", _status(r, lang)),
            ("programme", r.programme),
            ("specific_objective", _code_title(data.get("specific_objective"))),
            ("measure", _code_title(data.get("measure"))),
            ("lead_partner", r.lead_partner),
            (
                "participant",
                r.participant
                and (
                    f"{r.participant} ({participant['role']})"
                    if isinstance(participant.get("role"), str)
                    else r.participant
                ),
            ),
            ("period", period(r.start, r.end)),
            ("region", r.region),
            ("objective", data.get("objective") if isinstance(data.get("objective"), str) else None),
        ]
        for key, value in rows:
            if value:
                grid.add_row(word(key, lang), Text(terminal(str(value))))
        return grid

    def indicators(self) -> Table | None:
        if not self.record.indicators:
            return None
        lang = self.lang
        table = Table(title=word("indicators", lang), title_justify="left", show_edge=False)
        table.add_column(word("label", lang), overflow="fold")
        table.add_column(word("target", lang), justify="right")
        table.add_column(word("unit", lang))
        table.add_column(word("achieved", lang), justify="right")

        def add(indicator: Indicator, depth: int) -> None:
            label = Text("  " * depth + terminal(indicator.label or ""))
            self.mark_text(label, on_node(self.findings, render_path(indicator.path) + ".target", ("",)))
            table.add_row(
                label, _opt(indicator.target, lang), terminal(indicator.unit or ""), _opt(indicator.achieved, lang)
            )
            for part in indicator.parts:
                add(part, depth + 1)

        for indicator in self.record.indicators:
            add(indicator, 0)
        return table

    def render(self) -> Group:
        parts: list[RenderableType] = [
            Text(terminal(f"{self.record.id}  ({self.record.file})"), style="bold underline"),
            self.header(),
            Text(""),
        ]
        if self.record.funding is not None:
            parts += [
                Text(f"{word('funding', self.lang)} ({self.record.currency})", style="bold"),
                self.tree(self.record.funding, None, {}),
                Text(""),
            ]
        indicators = self.indicators()
        if indicators is not None:
            parts += [indicators, Text("")]
        parts.append(Text(f"{word('findings', self.lang)}: {len(self.findings)}", style="bold"))
        # One line each, never wrapped, so file:line:col stays clickable.
        parts += [Text(finding_line(f), no_wrap=True, overflow="ignore") for f in self.findings]
        return Group(*parts)


def _opt(value: Decimal | None, lang: str) -> str:
    return "" if value is None else number(value, lang)


def _status(record: Record, lang: str) -> str | None:
    if record.status is None:
        return None
    published = record.data.get("status_text")
    text = word(record.status, lang)
    return f'{text} ("{published}")' if isinstance(published, str) else text


def _code_title(value: object) -> str | None:
    node = mapping(value)
    code, title = node.get("code"), node.get("title")
    if not isinstance(code, str):
        return None
    return f"{code} {title}" if isinstance(title, str) else code


def render_record(
    record: Record,
    findings: list[Finding],
    lang: str,
    colour: bool,
    width: int | None,
    unread: list[Unread],
    files: int,
) -> str:
    """The record; below it, the files of the data set that could not be read (their
    cross-record findings, a duplicate of this record say, cannot be known)."""
    notes: list[RenderableType] = [Text(""), Text(unread_note(unread, files, lang))] if unread else []
    return rich_text([_View(record, findings, lang).render(), *notes], colour, width or 120)
