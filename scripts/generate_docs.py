"""Write docs/checks.md, a section per check with a passing and a failing example.

    python scripts/generate_docs.py

A test fails when the page is out of date.
"""

from __future__ import annotations

from pathlib import Path

from esfproj.render.checks import checks_page

TARGET = Path(__file__).resolve().parent.parent / "docs" / "checks.md"

if __name__ == "__main__":
    TARGET.write_text(checks_page(), encoding="utf-8")
