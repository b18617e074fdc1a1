"""The HTML report in a real browser (Debian's Chromium, driven by Playwright)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from tests.conftest import REPO

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "report.html"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(REPO)
        result = CliRunner().invoke(app, ["report", "-o", str(out), "--as-of", "2026-11-22"])
    assert result.exit_code == 0
    return out


def test_report_in_chromium(report: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import sync_playwright

    monkeypatch.chdir(REPO)
    summary = json.loads(CliRunner().invoke(app, ["summary", "--by", "source", "--format", "json"]).stdout)
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        problems: list[str] = []
        requests: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(report.as_uri())
        page.wait_for_load_state("load")

        boxes = [svg.bounding_box() for svg in page.query_selector_all("figure svg")]
        assert len(boxes) == 4
        assert all(box is not None and box["width"] > 200 and box["height"] > 20 for box in boxes)

        links = page.query_selector_all("#records a")
        assert len(links) == 6
        for link in links:
            target = (link.get_attribute("href") or "")[1:]
            link.click()
            section = page.locator(f'[id="{target}"]')
            assert section.is_visible()
            top = section.bounding_box()
            assert top is not None and -2 <= top["y"] <= 900, target

        body = page.inner_text("body").replace("\u00a0", " ")
        for total in summary["totals"]:
            whole, cents = total["amount"].split(".")
            assert f"{int(whole):,}".replace(",", " ") + f".{cents} {total['currency']}" in body
        for row in summary["rows"]:
            whole, cents = row["amount"].split(".")
            assert f"{int(whole):,}".replace(",", " ") + f".{cents}" in body

        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        assert (tmp_path / "report.png").stat().st_size > 20_000
        browser.close()
    assert problems == []
    assert requests == [report.as_uri()]


def test_amounts_stay_on_one_line_in_print(report: Path) -> None:
    """Printed on narrow paper, an amount is never split at its thousands space."""
    from playwright.sync_api import sync_playwright

    one_line = """() => [...document.querySelectorAll('#headline dd, .tree .amount, td.n')].map(el => {
        const range = document.createRange(); range.selectNodeContents(el);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        return [el.textContent, tops.size];
    })"""
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 320, "height": 800})
        page.emulate_media(media="print")
        page.goto(report.as_uri())
        measured = page.evaluate(one_line)
        browser.close()
    assert any("11\u00a0395\u00a0980.38" in text for text, _ in measured)
    assert [text for text, lines in measured if lines > 1 and text.endswith("EUR")] == []
