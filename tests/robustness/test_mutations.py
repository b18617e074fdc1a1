"""Random and mutated records through the loader, every check, every reporter and every command:
the only outcomes are findings and exit codes, never an exception or a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from esfproj.checks import ALL
from esfproj.cli import app
from esfproj.config import Config
from esfproj.engine import validate
from esfproj.formats import reporter
from esfproj.options import ValidateFormat
from tests.conftest import AS_OF, REPO, VALID

pytestmark = pytest.mark.slow  # deselect with: pytest -m "not slow"

BASES = [VALID.encode(), *(p.read_bytes() for p in sorted((REPO / "data" / "projects").glob("*.yaml")))]
TOKENS = [
    b":",
    b"- ",
    b"&a ",
    b"*a",
    b"!!python/object/apply:os.system ",
    b"\t",
    b"\x00",
    b"{",
    b"[",
    b"? ",
    b"---\n",
    b"...\n",
    b"'",
    b'"',
    b"%YAML 1.1\n",
    b"<<: *a\n",
    b"!!binary ",
    b"~",
    b"|",
    b">",
    b"\xff",
    b"\xc3",
    b" #",
    b"&a [*a]",
    b"!foo ",
    b"1e999",
    b".inf",
    b"0x1F",
    b"no",
    b"2023-02-30",
    b"18.04.2016",
    b"70 222,38",
    b"\r\n",
    b"\xef\xbb\xbf",
    # the shapes that found internal errors: huge numbers, control characters
    b"1e26",
    b"9.99e29",
    b"1e-29",
    b"12345678901234567890123456789",
    b"-1e30",
    b'"\\e[31m"',
    b'"\\x01"',
    b'"\\v"',
    b'"a\\rb"',
    b'"\\x85"',
]

mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 200)),
    st.tuples(st.just("duplicate"), st.integers(0, 200)),
    st.tuples(st.just("indent"), st.integers(0, 200), st.integers(-4, 4)),
    st.tuples(st.just("flip"), st.integers(0, 100_000), st.integers(0, 255)),
    st.tuples(st.just("truncate"), st.integers(0, 100_000)),
    st.tuples(st.just("insert"), st.integers(0, 100_000), st.sampled_from(TOKENS)),
)


def mutate(text: bytes, steps: list[tuple[Any, ...]]) -> bytes:
    for step in steps:
        lines = text.split(b"\n")
        kind = step[0]
        if kind in ("delete", "duplicate", "indent") and lines:
            i = step[1] % len(lines)
            if kind == "delete":
                del lines[i]
            elif kind == "duplicate":
                lines.insert(i, lines[i])
            else:
                lines[i] = (b" " * step[2] + lines[i]) if step[2] > 0 else lines[i][-step[2] :]
            text = b"\n".join(lines)
        elif kind == "flip" and text:
            i = step[1] % len(text)
            text = text[:i] + bytes([step[2]]) + text[i + 1 :]
        elif kind == "truncate":
            text = text[: step[1] % (len(text) + 1)]
        elif kind == "insert":
            i = step[1] % (len(text) + 1)
            text = text[:i] + step[2] + text[i:]
    return text


records = st.tuples(st.sampled_from(BASES), st.lists(mutation, min_size=1, max_size=6)).map(lambda case: mutate(*case))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records)
def test_mutated_records_give_findings_never_exceptions(record: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "record.yaml"
        path.write_bytes(record)
        report = validate([str(path)], Config(), AS_OF)
        for finding in report.findings:
            assert finding.check in ALL
            assert finding.line >= 1 and finding.column >= 1
        for render in map(reporter, ValidateFormat):
            render(report, False, False, "lv")


COMMANDS = [
    ["validate"],
    ["validate", "--format", "json"],
    ["validate", "--format", "github"],
    ["list"],
    ["list", "--format", "csv"],
    ["summary", "--by", "source,year"],
    ["summary", "--format", "json"],
    ["export", "--format", "jsonl"],
    ["export"],
]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records, min_size=1, max_size=4))
def test_every_command_on_mutated_records(batch: list[bytes]) -> None:
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        for i, record in enumerate(batch):
            (Path(folder) / f"r{i}.yaml").write_bytes(record)
        for command in COMMANDS:
            result = runner.invoke(app, [*command, folder])
            assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.exception)
            assert result.exit_code in (0, 1), (command, result.exit_code, result.stderr)
            assert "Traceback" not in result.stdout + result.stderr
        result = runner.invoke(app, ["show", str(Path(folder) / "r0.yaml")])
        assert result.exit_code in (0, 1) and "Traceback" not in result.stdout + result.stderr
