"""Generated shapes that once ended in internal errors: control characters in every string,
numbers with large exponents, file names from arbitrary bytes. Each goes through every
command; the only outcomes are findings and exit codes 0 or 1."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from esfproj.cli import app
from tests.conftest import VALID

pytestmark = pytest.mark.slow  # deselect with: pytest -m "not slow"

RUNNER = CliRunner()
COMMANDS = [
    ["validate"],
    ["validate", "-f", "json"],
    ["validate", "-f", "github"],
    ["validate", "-f", "junit"],
    ["validate", "-f", "sarif"],
    ["list"],
    ["list", "-f", "csv"],
    ["list", "-f", "json"],
    ["summary", "--by", "source,year"],
    ["summary", "-f", "json"],
    ["export"],
    ["export", "-f", "json"],
]
TERMINAL = [["validate"], ["validate", "-f", "github"], ["list"], ["summary", "--by", "source,year"]]
SLOW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run_all(folder: str) -> dict[tuple[str, ...], str]:
    outputs = {}
    for command in COMMANDS:
        result = RUNNER.invoke(app, [*command, folder])
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, repr(result.exception))
        assert result.exit_code in (0, 1), (command, result.exit_code, result.stderr)
        outputs[tuple(command)] = result.stdout
    return outputs


def quoted(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text)


texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=20)


@SLOW
@given(title=texts, label=texts, participant=texts)
def test_control_characters_in_every_string(title: str, label: str, participant: str) -> None:
    record = VALID.replace(
        "title: Profesionāla sociālā darba attīstība pašvaldībās",
        f"title: {quoted(title)}\nparticipant:\n  name: {quoted(participant)}",
    ).replace("label: ESF", f"label: {quoted(label)}")
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "r.yaml").write_text(record, encoding="utf-8")
        outputs = run_all(folder)
        for command in TERMINAL:
            text = outputs[tuple(command)]
            assert not any(c in text for c in "\x1b\x07\x08\x0b\x0c\x0d\x7f\x9b"), command
        ElementTree.fromstring(outputs[("validate", "-f", "junit")])
        (exported,) = json.loads(outputs[("export", "-f", "json")])
        if exported.get("unread") is None:
            assert exported["record"]["title"] == title
        rows = list(csv.reader(io.StringIO(outputs[("export",)], newline="")))
        assert len(rows) == 2


exponents = st.builds(
    "{}{}e{}".format,
    st.sampled_from(["", "-"]),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False).map(str),
    st.integers(-45, 45),
)


@SLOW
@given(amount=exponents, rate=exponents)
def test_numbers_with_large_exponents(amount: str, rate: str) -> None:
    record = VALID.replace("amount: 85.00", f"amount: {amount}").replace("rate: 15", f"rate: {rate}")
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "r.yaml").write_text(record, encoding="utf-8")
        run_all(folder)
        result = RUNNER.invoke(app, ["show", str(Path(folder) / "r.yaml")])
        assert result.exit_code in (0, 1), result.stderr


names = st.binary(min_size=1, max_size=40).map(lambda raw: raw.replace(b"/", b"_").replace(b"\x00", b"_"))


@SLOW
@given(name=names)
def test_file_names_from_arbitrary_bytes(name: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(os.fsencode(folder), name + b".yaml")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(VALID)
        outputs = run_all(folder)
        assert "1 record in 1 file" in outputs[("validate",)]
        ElementTree.fromstring(outputs[("validate", "-f", "junit")])
        json.loads(outputs[("validate", "-f", "sarif")])
