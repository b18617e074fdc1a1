"""What the terminal and the HTML page show alike: chart colours, and which findings are
about a funding node."""

from __future__ import annotations

from esfproj.model import Finding

PALETTE = ("#0B5FA5", "#C24E00", "#007A5E", "#8E3B7D", "#6B6000", "#5B5B5B", "#1B3A5C", "#A3243B")
"""Chart colours, each with at least 3:1 contrast on white (WCAG, graphics)."""

NODE_KEYS = ("", ".amount", ".rate", ".source", ".eligibility", ".label", ".note", ".currency")
"""A finding at a funding node's path, or at one of these keys of it, is about that node."""


def on_node(findings: list[Finding], path: str, keys: tuple[str, ...] = NODE_KEYS) -> list[Finding]:
    """The findings about the node at `path` (`keys=("",)`: at exactly that path)."""
    return [f for f in findings if any(f.path == path + key for key in keys)]
