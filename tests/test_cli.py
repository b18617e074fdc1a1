"""The command line: formats, exit codes 0/1/2/3, output files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from esfproj.formats import reporter
from esfproj.options import ValidateFormat
from tests.conftest import VALID, write

runner = CliRunner()
BROKEN = VALID.replace("amount: 15.00", "amount: 25.00")


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_exit_0_on_valid_records(tmp_path: Path) -> None:
    write(tmp_path, VALID)
    code, out, _ = invoke("validate", str(tmp_path), "--as-of", "2026-11-22")
    assert (code, out) == (0, "1 record in 1 file: 0 errors, 0 warnings, 0 infos, 0 acknowledged\n")


def test_exit_1_on_errors_with_file_line_col(tmp_path: Path) -> None:
    file = write(tmp_path, BROKEN)
    code, out, _ = invoke("validate", str(file), "--as-of", "2026-11-22")
    assert code == 1
    assert out.splitlines() == [
        f"{file}:15:11: error[funding-sum] funding: parts add up to 110.00 EUR, the node states "
        "100.00 EUR (difference 10.00)",
        f"{file}:23:13: error[funding-rate] funding.parts[1].rate: the amounts give 25 % "
        "(25.00 EUR of 100.00 EUR), the node states 15 %, which would be 15.00 EUR",
        "1 record in 1 file: 2 errors, 0 warnings, 0 infos, 0 acknowledged",
    ]


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    write(tmp_path, VALID.replace("9.2.1.1/15/I/001", "9.2.1.1-15-I-001"))
    assert invoke("validate", str(tmp_path))[0] == 0
    assert invoke("validate", str(tmp_path), "--strict")[0] == 1


def test_quiet_has_no_closing_line(tmp_path: Path) -> None:
    write(tmp_path, VALID)
    assert invoke("validate", str(tmp_path), "--quiet") == (0, "", "")


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "/no/such/path"],
        ["validate", "--as-of", "22.11.2026"],
        ["validate", "--format", "xml"],
        ["validate", "--no-such-option"],
    ],
)
def test_exit_2_on_usage_mistakes(args: list[str], tmp_path: Path) -> None:
    write(tmp_path, VALID)
    if "/no/such/path" not in args:
        args = [*args, str(tmp_path)]
    code, out, err = invoke(*args)
    assert code == 2 and out == ""
    assert "Traceback" not in err


def test_exit_2_on_a_bad_configuration(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, VALID, "data/projects/rec.yaml")
    (tmp_path / "esfproj.toml").write_text("sum_tolerance = -1\n")
    monkeypatch.chdir(tmp_path)
    code, _, err = invoke("validate")
    assert code == 2
    assert "sum_tolerance" in err


def test_exit_3_on_an_internal_error_without_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import esfproj.engine

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(esfproj.engine, "validate", broken)
    write(tmp_path, VALID)
    code, out, err = invoke("validate", str(tmp_path))
    assert code == 3
    assert err == (
        "esfproj: internal error (ZeroDivisionError: boom). This is a bug; run again "
        "with --debug to see the traceback.\n"
    )
    assert "Traceback" not in out + err


def test_json_report_shape(tmp_path: Path) -> None:
    file = write(tmp_path, BROKEN)
    code, out, _ = invoke("validate", str(file), "--format", "json", "--as-of", "2026-11-22")
    document = json.loads(out)
    assert code == 1
    assert list(document) == ["version", "tool", "as_of", "summary", "findings"]
    assert document["version"] == 1 and document["as_of"] == "2026-11-22"
    assert document["tool"] == {"name": "esfproj", "version": "0.1.0"}
    assert document["summary"] == {"files": 1, "records": 1, "errors": 2, "warnings": 0, "infos": 0, "acknowledged": 0}
    assert document["findings"][0] == {
        "file": str(file),
        "line": 15,
        "column": 11,
        "record": "rec",
        "check": "funding-sum",
        "severity": "error",
        "acknowledged": False,
        "path": "funding",
        "message": "parts add up to 110.00 EUR, the node states 100.00 EUR (difference 10.00)",
        "expected": "100.00",
        "actual": "110.00",
    }


def test_github_format(tmp_path: Path) -> None:
    file = write(tmp_path, BROKEN)
    code, out, _ = invoke("validate", str(file), "--format", "github", "--quiet")
    assert code == 1
    assert out.splitlines()[0] == (
        f"::error file={file},line=15,col=11,title=funding-sum::funding: parts add up to "
        "110.00 EUR, the node states 100.00 EUR (difference 10.00)"
    )


@pytest.mark.parametrize("format", list(ValidateFormat))
def test_every_format_has_a_reporter_and_reports_every_finding(format: ValidateFormat, tmp_path: Path) -> None:
    assert callable(reporter(format))
    write(tmp_path, BROKEN)
    code, out, _ = invoke("validate", str(tmp_path), "--format", format.value)
    assert code == 1 and "funding-sum" in out and "funding-rate" in out


def test_every_file_is_checked_even_when_one_is_broken(tmp_path: Path) -> None:
    write(tmp_path, "a: [1, 2\n", "a-broken.yaml")
    (tmp_path / "b-latin1.yaml").write_bytes("title: J\xfbrmala\n".encode("latin-1"))
    write(tmp_path, BROKEN, "c-sums.yml")
    code, out, _ = invoke("validate", str(tmp_path), "--quiet")
    assert code == 1
    checks = [line.split(": ")[1].split(" ")[0] for line in out.splitlines()]
    assert checks == ["error[yaml-syntax]", "error[yaml-encoding]", "error[funding-sum]", "error[funding-rate]"]


def test_output_file_is_written_and_records_are_never_overwritten(tmp_path: Path) -> None:
    file = write(tmp_path, BROKEN)
    report = tmp_path / "report.json"
    code, out, _ = invoke("validate", str(file), "--format", "json", "--output", str(report))
    assert code == 1 and out == ""
    assert json.loads(report.read_text())["summary"]["errors"] == 2
    before = file.read_bytes()
    code, _, err = invoke("validate", str(file), "--output", str(file))
    assert code == 2 and "refusing to overwrite a record file" in err
    assert file.read_bytes() == before


def test_python_dash_m_and_version() -> None:
    result = subprocess.run([sys.executable, "-m", "esfproj", "--version"], capture_output=True, text=True, check=False)
    assert (result.returncode, result.stdout) == (0, "esfproj 0.1.0\n")
