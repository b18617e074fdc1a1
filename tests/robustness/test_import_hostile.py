"""esfproj import on hostile lists: any bytes in the rows, odd file names, huge numbers, a
FIFO. Never an internal error or a hang; every record it writes reads back; nothing that
was in the folder changes."""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from esfproj.cli import app
from esfproj.loader import parse
from tests.robustness.test_trust import esfproj, hashes
from tests.test_import import COLUMNS, SAMPLE, row_text

pytestmark = pytest.mark.slow

HEADER = (",".join(COLUMNS) + "\r\n").encode()
GOOD = dict(Total_Eligible_Expenditure_Currency="EUR", Fund_Code="ESF", Operation_Name_Programme_Language="X")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.binary(max_size=400), text=st.text(max_size=80))
def test_any_bytes_in_the_rows_are_refused_or_imported_never_an_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: bytes, text: str
) -> None:
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    monkeypatch.chdir(folder)
    (folder / "records").mkdir()
    (folder / "records" / "mine.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    before = hashes(folder / "records")
    listed = row_text(Operation_Unique_Identifier=text or "x", Total_Eligible_Expenditure_amount="1.00", **GOOD)
    Path("list.csv").write_bytes(HEADER + rows + b"\n" + listed.encode("utf-8", "surrogatepass"))
    result = CliRunner().invoke(app, ["import", "list.csv", "--into", "records"])
    assert result.exit_code in (0, 1), result.output
    assert result.stdout.splitlines()[-1].split(":")[0].endswith(("row", "rows"))
    after = hashes(folder / "records")
    assert {name: after[name] for name in before} == before
    for path in sorted((folder / "records").iterdir()):
        if path.name != "mine.yaml":
            loaded = parse(path.read_text(encoding="utf-8"))
            assert isinstance(loaded.data, dict), (path.name, loaded.problems)
            assert not [p for p in loaded.problems if p.check.startswith("yaml")], path.name


def test_an_odd_list_name_and_a_huge_number(tmp_path: Path) -> None:
    odd = os.fsencode(tmp_path) + b"/J\xfbrmala list, 2024 \xe2\x80\xa8.csv"
    rows = row_text(Operation_Unique_Identifier="big", Total_Eligible_Expenditure_amount="9" * 400, **GOOD)
    rows += row_text(Operation_Unique_Identifier="ok/../../x", Total_Eligible_Expenditure_amount="7.00", **GOOD)
    with open(odd, "wb") as handle:
        handle.write(HEADER + rows.encode())
    result = esfproj("import", os.fsdecode(odd), "--into", "records", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert (
        ":2: refused big: Total_Eligible_Expenditure_amount has more than 30 digits on one side of the point "
        "(limits.max_number_digits in the configuration)"
    ) in result.stdout
    assert "J\\xfbrmala list, 2024" in result.stdout
    assert [p.name for p in (tmp_path / "records").iterdir()] == ["ok-..-..-x.yaml"]
    data = parse((tmp_path / "records" / "ok-..-..-x.yaml").read_text(encoding="utf-8")).data
    assert data["listing"]["file"] == "J\\xfbrmala list, 2024 \u2028.csv"
    assert data["project_number"] == "ok/../../x"


def test_a_list_from_a_fifo_is_streamed(tmp_path: Path) -> None:
    fifo = tmp_path / "list.csv"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(SAMPLE.read_bytes()))
    writer.start()
    result = esfproj("import", "list.csv", "--into", "records", cwd=tmp_path)
    writer.join(10)
    assert result.stdout.splitlines()[-1] == "11 rows: created 6, unchanged 0, differing 0, refused 4, repeated 1"


def test_a_reader_that_goes_away_stops_it_quietly(tmp_path: Path) -> None:
    """`esfproj import LIST | head -1`: the rest of what it says has no reader; it stops as
    a command killed by SIGPIPE does (141), with no internal error, and what it wrote is whole."""
    import subprocess
    import sys

    from benchmarks.import_list import generate_list

    generate_list(3000, tmp_path / "list.csv")  # a line each, far more than a pipe holds
    process = subprocess.Popen(
        [sys.executable, "-m", "esfproj", "import", "list.csv", "--into", "records", "--dry-run"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()
    assert process.wait(30) == 141
    assert process.stderr.read() == b""
