"""Make docs/report.png, the README's picture of the report of the bundled data.

    esfproj report --output /tmp/report.html --as-of 2026-11-22
    python scripts/screenshot_report.py /tmp/report.html docs/report.png

Uses Debian's Chromium through Playwright (the test extra), like the browser test.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

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


def screenshot(source: Path, target: Path, width: int, height: int, full_page: bool) -> None:
    """A PNG of the page `source` in Debian's Chromium, `width` x `height` (or the whole page)."""
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
        page.goto(source.as_uri())
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target), full_page=full_page)
        browser.close()


def main() -> None:
    screenshot(Path(sys.argv[1]).resolve(), Path(sys.argv[2]), 1100, 1500, full_page=False)


if __name__ == "__main__":
    main()
