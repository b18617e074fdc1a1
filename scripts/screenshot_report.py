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


def main() -> None:
    source, target = Path(sys.argv[1]).resolve(), Path(sys.argv[2])
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 1500}, device_scale_factor=1)
        page.goto(source.as_uri())
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target), full_page=False)
        browser.close()


if __name__ == "__main__":
    main()
