"""The console script: `esfproj validate PATH...` skips Typer and answers exactly as Typer does."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from esfproj.entry import main
from tests.conftest import REPO, VALID, write

BROKEN = VALID.replace("amount: 15.00", "amount: 25.00")


def through_entry(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        main(args)
    out, err = capsys.readouterr()
    return int(stopped.value.code or 0), out, err


def through_typer(args: list[str]) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("case", ["valid", "broken", "missing", "two", "bundled", "bad-config", "github"])
def test_the_fast_door_answers_as_typer_does(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    args = ["validate"]
    if case == "valid":
        args.append(str(write(tmp_path, VALID)))
    elif case in ("broken", "github"):
        args.append(str(write(tmp_path, BROKEN)))
        if case == "github":
            monkeypatch.setenv("GITHUB_ACTIONS", "true")
    elif case == "missing":
        args.append("no-such-file.yaml")
    elif case == "two":
        args += [str(write(tmp_path, VALID, "a.yaml")), str(write(tmp_path, BROKEN, "b.yaml"))]
    elif case == "bundled":
        monkeypatch.chdir(REPO)
    elif case == "bad-config":
        (tmp_path / "esfproj.toml").write_text("pahts = ['data']\n", encoding="utf-8")
    expected = {"valid": 0, "broken": 1, "missing": 2, "two": 1, "bundled": 0, "bad-config": 2, "github": 1}[case]
    fast = through_entry(args, capsys)
    assert fast[0] == expected
    assert fast == through_typer(args)


def test_options_and_help_go_through_typer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = through_entry(["validate", "--help"], capsys)
    assert code == 0 and "Usage: esfproj validate [OPTIONS]" in out and "--as-of" in out
    code, out, _ = through_entry(["--version"], capsys)
    assert (code, out) == (0, "esfproj 0.1.0\n")


def test_the_fast_door_does_not_import_typer(tmp_path: Path) -> None:
    record = write(tmp_path, VALID)
    probe = (
        "import sys\nfrom esfproj.entry import main\ntry:\n    main(sys.argv[1:])\n"
        "except SystemExit as stop:\n    print(stop.code, 'typer' in sys.modules)\n"
    )
    fast = subprocess.run(
        [sys.executable, "-c", probe, "validate", str(record)], capture_output=True, text=True, check=True
    )
    assert fast.stdout.splitlines()[-1] == "0 False"
    slow = subprocess.run(
        [sys.executable, "-c", probe, "validate", "--quiet", str(record)], capture_output=True, text=True, check=True
    )
    assert slow.stdout == "0 True\n"
