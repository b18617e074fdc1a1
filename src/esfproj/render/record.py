"""`esfproj show`: one record, its funding tree with failing nodes marked, indicators, findings."""

from __future__ import annotations

import textwrap
from decimal import Decimal

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from esfproj.model import Finding, Severity, Unread, render_path
from esfproj.record import FundingNode, Indicator, Record, mapping, parts_total
from esfproj.render.findings import line as finding_line
from esfproj.render.lang import money, number, percent, period, word
from esfproj.render.style import on_node
from esfproj.render.tables import rich_text, unread_note
from esfproj.summary import scope
from esfproj.text import NO_BREAK, hold_amounts, terminal

STYLES = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
SHOWN_ABOVE = frozenset(
    {
        "schema_version",
        "project_number",
        "title",
        "fund",
        "status",
        "status_text",
        "specific_objective",
        "measure",
        "lead_partner",
        "participant",
        "period",
        "region",
        "objective",
        "funding",
        "indicators",
    }
)
"""Fields the header, the funding tree and the indicators show; every other field is
printed as it is written (`programme` too, when it has more than a name)."""


def field_lines(value: object, indent: str = "") -> list[tuple[str, str]]:
    """A field's value as (indent, text) lines: list items after `- `, mappings as
    `key: value`; the text wraps under itself, not under the indent."""
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, (dict, list)):
                lines += [(indent, f"{key}:"), *field_lines(item, indent + "  ")]
            else:
                lines.append((indent, f"{key}: {_scalar(item)}"))
        return lines
    if isinstance(value, list):
        lines = []
        for item in value:
            inner = field_lines(item, indent + "  ")
            lines.append((f"{indent}- ", inner[0][1]) if inner else (f"{indent}- ", ""))
            lines += inner[1:]
        return lines
    return [(indent, _scalar(value))]


def hanging(lines: list[tuple[str, str]], style: str = "") -> Table:
    """Lines whose text wraps under itself, after an indent or marker that does not."""
    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column()
    for prefix, text in lines:
        grid.add_row(prefix, Wrapped(terminal(text), style))
    return grid


class Wrapped:
    """Text wrapped at spaces, but never inside an amount (`46 370.35`) and never cut.

    Rich breaks lines at any whitespace, no-break spaces included; textwrap breaks
    only at ASCII whitespace, so the amount's spaces are held as no-break spaces
    while wrapping and written back as the spaces they were.
    """

    def __init__(self, text: str, style: str = "") -> None:
        self.text = text
        self.style = style

    def lines(self, width: int) -> list[str]:
        held = hold_amounts(self.text)
        wrapped = [
            line.replace(NO_BREAK, " ")
            for paragraph in held.split("\n")
            for line in textwrap.wrap(paragraph, max(width, 1), break_on_hyphens=False) or [""]
        ]
        return wrapped

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            yield Text(line, style=self.style, no_wrap=True, overflow="fold")

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        words = hold_amounts(self.text).split()
        longest = max((len(w) for w in words), default=1)
        widest = max((len(line) for line in self.text.split("\n")), default=1)
        return Measurement(min(longest, options.max_width), min(widest, options.max_width))


def _scalar(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    return "" if value is None else str(value)


class _View:
    def __init__(self, record: Record, findings: list[Finding], lang: str) -> None:
        self.record = record
        self.findings = findings
        self.lang = lang

    def marks(self, findings: list[Finding]) -> list[RenderableType]:
        """The findings on a node, each wrapped whole, never cut."""
        marks: list[RenderableType] = []
        for finding in findings:
            style = "dim" if finding.acknowledged else STYLES[finding.severity]
            ack = f" ({word('acknowledged', self.lang)})" if finding.acknowledged else ""
            marks.append(
                hanging(
                    [("  ✗ ", f"{finding.check}{ack}: {finding.message.render(human=True, lang=self.lang)}")], style
                )
            )
        return marks

    def figures(self, amount: Decimal | None, summed: bool) -> Text:
        """An amount, kept on one line (its grouping spaces are not places to break)."""
        text = Text(no_wrap=True, overflow="ignore")
        if amount is not None:
            text.append(f"{money(amount, self.lang)} {self.record.currency}")
            if summed:
                text.append(f" ({word('sum_of_parts', self.lang)})", style="dim")
        return text

    def entry(self, label: Text, figures: Text, below: list[RenderableType]) -> RenderableType:
        """A label that wraps beside figures that do not, then notes and findings."""
        line = Table.grid(padding=(0, 2))
        line.add_column(overflow="fold")
        line.add_column(no_wrap=True)
        line.add_row(label, figures)
        return Group(line, *below) if below else line

    def node(self, node: FundingNode, inherited: dict[str, str | None]) -> RenderableType:
        lang = self.lang
        figures = self.figures(node.total, node.total is not None and node.amount is None)
        if node.derived:
            figures.append(f" ({word('derived', lang)})", style="dim")
        if node.rate is not None:
            figures.append(f"  {percent(node.rate, lang)}")
        for key in ("source", "eligibility"):
            own = getattr(node, key)
            value = own or inherited.get(key)
            if value:
                figures.append(f"  {word(value, lang)}", style="" if own else "dim")
        below: list[RenderableType] = [hanging([("  ", node.note)], "italic dim")] if node.note else []
        below += self.marks(on_node(self.findings, render_path(node.path)))
        label = Text(terminal(node.label or word("no_label", lang)), style="bold")
        return self.entry(label, figures, below)

    def tree(self, node: FundingNode, parent: Tree | None, inherited: dict[str, str | None]) -> Tree:
        entry = self.node(node, inherited)
        path = render_path(node.path)
        branch = parent.add(entry) if parent is not None else Tree(entry)
        values = {k: getattr(node, k) or inherited.get(k) for k in ("source", "eligibility")}
        for part in node.parts:
            self.tree(part, branch, values)
        for name, split in node.breakdowns:
            label = Text(f"{word('breakdown', self.lang)} {word(name, self.lang)}", style="italic")
            added = parts_total(split)
            marks = self.marks(on_node(self.findings, f"{path}.breakdowns.{name}", ("",)))
            sub = branch.add(self.entry(label, self.figures(added, True), marks))
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
            ("scope", word(scope(r), lang)),
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
                    f"{r.participant} ({word(participant['role'], lang)})"
                    if isinstance(participant.get("role"), str)
                    else r.participant
                ),
            ),
            ("period", period(r.start, r.end, lang)),
            ("region", r.region),
            ("objective", data.get("objective") if isinstance(data.get("objective"), str) else None),
        ]
        for key, value in rows:
            if value:
                grid.add_row(word(key, lang), Wrapped(terminal(str(value))))
        for key, value in data.items():
            if key not in SHOWN_ABOVE and not (key == "programme" and set(mapping(value)) <= {"name"}):
                heading = word("acknowledged_field" if key == "acknowledged" else key, lang)
                grid.add_row(heading, hanging(field_lines(value)))
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
            marks = self.marks(on_node(self.findings, render_path(indicator.path) + ".target", ("",)))
            label = hanging([("  " * depth, indicator.label or "")])
            table.add_row(
                Group(label, *marks) if marks else label,
                _opt(indicator.target, lang),
                terminal(indicator.unit or ""),
                _opt(indicator.achieved, lang),
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
        # Wrapped, never cut: file:line:col comes first and has no space to break at.
        parts += [Wrapped(finding_line(f, lang=self.lang)) for f in self.findings]
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
    *,
    colour: bool,
    width: int | None,
    unread: list[Unread],
    files: int,
) -> str:
    """The record; below it, the files of the data set that could not be read (their
    cross-record findings, a duplicate of this record say, cannot be known)."""
    notes: list[RenderableType] = [Text(""), Text(unread_note(unread, files, lang))] if unread else []
    return rich_text([_View(record, findings, lang).render(), *notes], colour, width or 120)
