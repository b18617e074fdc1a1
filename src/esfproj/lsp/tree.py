"""The funding tree of a record as a flat map: each node by its path, with its parent."""

from __future__ import annotations

from collections.abc import Iterator

from esfproj.model import Path, render_path
from esfproj.record import FundingNode, Record

Nodes = dict[Path, tuple[FundingNode, FundingNode | None]]


def nodes(record: Record | None) -> Nodes:
    """Every funding node (parts and breakdown items), by path, with its parent (None at the top)."""
    if record is None or record.funding is None:
        return {}
    return {node.path: (node, parent) for node, parent in _walk(record.funding, None)}


def _walk(node: FundingNode, parent: FundingNode | None) -> Iterator[tuple[FundingNode, FundingNode | None]]:
    yield node, parent
    for part in node.parts:
        yield from _walk(part, node)
    for _, split in node.breakdowns:
        for part in split:
            yield from _walk(part, node)


def node_of_field(found: Nodes, rendered: str, field: str) -> Path | None:
    """The path of the node whose `field` (`rate`, `amount`) is at `rendered` (validate's
    form of a path, `funding.parts[0].rate`)."""
    for path in found:
        if render_path((*path, field)) == rendered:
            return path
    return None
