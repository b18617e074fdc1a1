"""Inlay hints: each part's share of its parent where the record gives no rate or another
one, and the parts' sum where it differs from their node."""

from __future__ import annotations

from esfproj.engine import FileFacts
from esfproj.lsp import tree
from esfproj.lsp.places import Places, Point
from esfproj.lsp.words import money, percent, word
from esfproj.money import rate_agrees, share
from esfproj.record import parts_total


def hints(facts: FileFacts, places: Places, lang: str) -> list[tuple[Point, str]]:
    """(where, label) of each hint, in the order of the tree; `where` is the end of the amount."""
    found: list[tuple[Point, str]] = []
    for path, (node, parent) in tree.nodes(facts.record).items():
        written = places.value((*path, "amount"))
        if written is None or node.amount is None:
            continue
        end = written[1]
        if (
            parent is not None
            and parent.total
            and node.total is not None
            and (node.rate is None or not rate_agrees(node.rate, node.total, parent.total))
        ):
            found.append((end, percent(share(node.total, parent.total), lang)))
        added = parts_total(node.parts)
        if added is not None and added != node.amount:
            found.append((end, f"{word('sum_hint', lang)} {money(added, lang)}"))
    return found
