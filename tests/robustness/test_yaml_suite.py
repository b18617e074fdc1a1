"""The YAML test suite as record files: findings or a pass, never an exception; an input the
suite marks invalid is never accepted silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from esfproj.engine import validate
from esfproj.formats import reporter
from esfproj.options import ValidateFormat
from tests.conftest import AS_OF, REPO

pytestmark = pytest.mark.slow  # deselect with: pytest -m "not slow"

SUITE = REPO.parent / "shared" / "yaml-test-suite" / "cases"
CASES = sorted(p.parent for p in SUITE.glob("**/in.yaml")) if SUITE.is_dir() else []


def case_id(case: Path) -> str:
    return str(case.relative_to(SUITE))


@pytest.mark.skipif(not CASES, reason="shared/yaml-test-suite is not beside the repository")
def test_the_suite_is_all_there() -> None:
    assert len(CASES) > 350


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_yaml_suite_case(case: Path, tmp_path: Path) -> None:
    from esfproj.config import Config

    record = tmp_path / "case.yaml"
    record.write_bytes((case / "in.yaml").read_bytes())
    report = validate([str(record)], Config(), AS_OF)
    for finding in report.findings:
        assert finding.line >= 1 and finding.column >= 1
    for render in map(reporter, ValidateFormat):
        assert render(report, False, False, "lv")
    if (case / "error").exists():
        assert report.counts.errors > 0, "an invalid YAML input was accepted"
