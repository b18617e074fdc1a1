"""Hover texts (Markdown): a funding node's amount against its parts, the rate the amounts
give, a check's summary and examples, and a project's whole record against its shares."""

from __future__ import annotations

from esfproj.checks import ALL, EXAMPLES
from esfproj.checks.dataset import RecordKey
from esfproj.engine import FileFacts
from esfproj.lsp import tree
from esfproj.lsp.index import Index
from esfproj.lsp.places import Places
from esfproj.lsp.words import money, percent, word
from esfproj.money import EXACT, implied_rate, share, total
from esfproj.numbers import decimals
from esfproj.record import FundingNode, parts_total


def hover(index: Index, facts: FileFacts, places: Places, line: int, column: int, lang: str) -> str | None:
    """What to show at (line, column), 1-based; None where there is nothing to say."""
    record = facts.record
    path = places.path_at(line, column)
    if record is None or not path:
        return None
    found = tree.nodes(record)
    if path[-1] == "amount" and path[:-1] in found:
        return amount(found[path[:-1]][0], record.currency, lang)
    if path[-1] == "rate" and path[:-1] in found:
        return rate(*found[path[:-1]], record.currency, lang)
    if len(path) == 3 and path[0] == "acknowledged" and path[2] == "check":
        check = record.data["acknowledged"][path[1]].get("check")
        return described(check, lang) if isinstance(check, str) and check in ALL else None
    if path == ("project_number",) and record.number is not None:
        return project(index, record.number, lang)
    return None


def _node_line(node: FundingNode, currency: str, lang: str) -> str:
    label = node.label or ".".join(str(p) for p in node.path)
    shown = f"{money(node.total, lang)} {currency}" if node.total is not None else word("no_amount", lang)
    return f"**{label}**: {shown}"


def amount(node: FundingNode, currency: str, lang: str) -> str:
    """The node, what its parts add up to and the difference, each part's share of it."""
    lines = [f"{word('node', lang)} {_node_line(node, currency, lang)}"]
    added = parts_total(node.parts)
    if node.parts and added is not None and node.amount is not None:
        difference = EXACT.subtract(added, node.amount)
        if difference:
            lines.append(
                f"{word('parts_sum', lang)} {money(added, lang)} {currency} "
                f"({word('difference', lang)} {money(difference, lang)})"
            )
        else:
            lines.append(word("parts_agree", lang))
    for part in node.parts:
        line = f"- {_node_line(part, currency, lang)}"
        if part.total is not None and node.total:
            line += f": {percent(share(part.total, node.total), lang)}"
        lines.append(line)
    return "\n\n".join(lines[:2]) + ("\n\n" + "\n".join(lines[2:]) if lines[2:] else "")


def rate(node: FundingNode, parent: FundingNode | None, currency: str, lang: str) -> str:
    """The rate the amounts give, beside the one written."""
    if parent is None or parent.total is None or node.total is None or not parent.total:
        return word("rate_unknown", lang)
    stated = node.rate
    places = max(decimals(stated), 2) if stated is not None else 2
    given = implied_rate(node.total, parent.total, places)
    text = (
        f"{word('rate_given', lang)} **{percent(given, lang)}** ({money(node.total, lang)} {currency} "
        f"{word('share_of', lang)} {money(parent.total, lang)} {currency})"
    )
    if stated is not None:
        text += f"; {word('rate_stated', lang)} {percent(stated, lang)}"
    return text


def described(check: str, lang: str) -> str:
    """A check's summary and its passing and failing example, as `esfproj checks ID` gives them."""
    example = EXAMPLES.get(check)
    lines = [f"**{check}** ({ALL[check].severity.value}): {ALL[check].described(lang)}"]
    if example is not None:
        for heading, files in ((word("passing", lang), example.passing), (word("failing", lang), example.failing)):
            lines.append(f"{heading}:")
            for name, text in files.items():
                lines.append(f"`{name}`\n```yaml\n{text.rstrip()}\n```")
        if example.note:
            lines.append(example.note)
    return "\n\n".join(lines)


def project(index: Index, number: str, lang: str) -> str:
    """The whole-project record and the participants' shares found in the workspace, their
    totals and what is left unassigned (said to be incomplete where a share has no amount)."""
    keys = index.keys_of(number)
    wholes = [k for k in keys if k.participant is None]
    shares = [k for k in keys if k.participant is not None]
    lines = [f"{word('project', lang)} **{number}**"]
    whole = wholes[0] if wholes else None
    if whole is None:
        lines.append(word("no_whole", lang))
    else:
        lines.append(f"{word('whole', lang)}: {_total(whole, lang)} (`{whole.file}`)")
    if shares:
        listed = "\n".join(f"- {s.participant}: {_total(s, lang)} (`{s.file}`)" for s in shares)
        lines.append(f"{word('shares', lang)}:\n{listed}")
    if whole is None or whole.amount is None or not shares:
        return "\n\n".join(lines)
    amounts = [s.amount for s in shares if s.currency == whole.currency and s.amount is not None]
    added = total(amounts)
    cur = whole.currency
    lines.append(f"{word('shares', lang)}: {money(added, lang)} {cur}")
    left = EXACT.subtract(whole.amount, added)
    if left >= 0:
        lines.append(f"{word('unassigned', lang)}: {money(left, lang)} {cur}")
    else:
        lines.append(f"{word('over', lang)} {money(-left, lang)} {cur}")
    if len(amounts) < len(shares):
        lines.append(f"_{word('incomplete', lang)}_")
    return "\n\n".join(lines)


def _total(key: RecordKey, lang: str) -> str:
    return f"{money(key.amount, lang)} {key.currency}" if key.amount is not None else word("no_figures", lang)
