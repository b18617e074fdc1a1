"""Debian's Neovim, headless, driving `esfproj lsp` as a person would (tests/nvim/session.lua):
a wrong sum is shown, typed right, hovered, acknowledged with the quick fix and saved, and
`esfproj validate` then agrees."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import VALID, write

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("nvim") is None, reason="nvim missing: .ci/run installs neovim (Debian)"),
]
SCRIPT = Path(__file__).parent / "nvim" / "session.lua"
WRONG_SUM = (
    VALID.replace("amount: 100.00", "amount: 110.00").replace("      rate: 85\n", "").replace("      rate: 15\n", "")
)


def test_a_person_in_neovim(tmp_path: Path) -> None:
    record = write(tmp_path / "data" / "projects", WRONG_SUM, "a.yaml")
    out = tmp_path / "seen.json"
    env = {
        **os.environ,
        "ESFPROJ_LSP": json.dumps([sys.executable, "-m", "esfproj", "lsp"]),
        "ESFPROJ_OUT": str(out),
    }
    done = subprocess.run(
        ["nvim", "--headless", "--clean", "-n", "-c", f"luafile {SCRIPT}", str(record)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.exists(), done.stderr
    seen = json.loads(out.read_text(encoding="utf-8"))
    message = "parts add up to 100.00 EUR, the node states 110.00 EUR (difference -10.00)"
    assert seen["opened"] == [{"code": "funding-sum", "line": 14, "col": 10, "severity": 1, "message": message}]
    assert seen["fixed"] == []
    assert seen["hover"] == (
        "Funding node **Kopā**: 100.00 EUR\n\nthe parts add up to the node\n\n"
        "- **ESF**: 85.00 EUR: 85.00 %\n- **Valsts budžets**: 15.00 EUR: 15.00 %"
    )
    assert seen["actions"] == ["Acknowledge funding-sum at funding"]
    assert [(d["code"], d["severity"]) for d in seen["acknowledged"]] == [("funding-sum", 4)]
    validated = subprocess.run(
        [sys.executable, "-m", "esfproj", "validate", "--format", "json"], cwd=tmp_path, capture_output=True, text=True
    )
    assert validated.returncode == 0
    findings = json.loads(validated.stdout)["findings"]
    assert [(f["check"], f["acknowledged"]) for f in findings] == [("funding-sum", True)]
    assert record.read_text(encoding="utf-8") == WRONG_SUM + (
        "acknowledged:\n  - check: funding-sum\n    path: funding\n"
        '    note: "to complete: why the record is right as it is"\n'
    )
