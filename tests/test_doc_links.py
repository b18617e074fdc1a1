"""Every picture and every link between the project's own pages resolves, as GitHub shows them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

PAGES = [REPO / "README.md", REPO / "CHANGELOG.md", *sorted((REPO / "docs").glob("*.md"))]
LINK = re.compile(r"(!?)\[[^\]]*\]\(([^)\s]+)\)")


def _links(page: Path) -> list[tuple[bool, str]]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)  # not inside code
    return [(bang == "!", target) for bang, target in LINK.findall(text)]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_picture_and_local_link_resolves(page: Path) -> None:
    for image, target in _links(page):
        if re.match(r"[a-z]+:", target) or target.startswith("#"):
            assert not image or target.startswith("https://"), (page.name, target)
            continue
        path = target.split("#")[0]
        assert (page.parent / path).exists(), f"{page.name}: {'picture' if image else 'link'} {target} does not resolve"


def test_the_report_picture_is_linked() -> None:
    assert (True, "report.png") in _links(REPO / "docs" / "cli.md")
