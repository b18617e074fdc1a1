"""Acceptance: every example file gives exactly the findings its `# expect:` lines state."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import findings_of

EXAMPLES = Path(__file__).parent / "examples"
EXPECT = re.compile(r"# expect: (\S+) (\d+):(\d+)(?: (\S+))?")


def expected(file: Path) -> list[tuple[str, int, int, str]]:
    found = [(m[1], int(m[2]), int(m[3]), m[4] or "") for m in EXPECT.finditer(file.read_text(encoding="utf-8"))]
    return sorted(found, key=lambda f: (f[1], f[2], f[0]))


@pytest.mark.parametrize("file", sorted((EXAMPLES / "valid").glob("*.yaml")), ids=lambda p: p.stem)
def test_valid_examples_have_no_findings(file: Path) -> None:
    assert findings_of([file]) == []


@pytest.mark.parametrize("file", sorted((EXAMPLES / "invalid").glob("*.yaml")), ids=lambda p: p.stem)
def test_invalid_examples_have_exactly_the_expected_findings(file: Path) -> None:
    wanted = expected(file)
    assert wanted, f"{file.name} states no expected finding"
    got = [(f.check, f.line, f.column, f.path) for f in findings_of([file])]
    assert got == wanted
