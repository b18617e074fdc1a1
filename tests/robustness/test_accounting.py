"""One accounting of the run: every path a command is asked to read ends as a counted record,
a record counted with the amount it lacks named, or an entry named with its reason; the
exit is 1 whenever anything is named. Run as an ordinary user, where permissions bite."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from tests.conftest import VALID
from tests.robustness.conftest import NOBODY, skip_unless_nobody_runs_esfproj

UNREADABLE = VALID.replace("amount: 85.00", "amount: 1.234,56").replace("9.2.1.1/15/I/001", "9.2.1.1/15/I/007")


def _as_nobody(*args: str, cwd: Path, user: Sequence[str] = NOBODY) -> subprocess.CompletedProcess[str]:
    """esfproj run as `nobody` (or as `user`: a prefix such as setpriv's, or none for root)."""
    return subprocess.run(
        [*user, sys.executable, "-m", "esfproj", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )


def _record(number: int) -> str:
    return VALID.replace("9.2.1.1/15/I/001", f"9.2.1.1/15/I/{number:03d}")


@pytest.fixture
def tree() -> Iterator[Path]:
    """A data folder with every kind of fault, readable by `nobody` where it should be."""
    skip_unless_nobody_runs_esfproj(Path(tempfile.gettempdir()))
    top = Path(tempfile.mkdtemp(prefix="esfproj-accounting-"))
    top.chmod(0o755)
    data = top / "data"
    (data / "sub").mkdir(parents=True)
    (data / "locked").mkdir()
    (data / "linked-target").mkdir()
    files = {
        "good.yaml": _record(1),
        "UPPER.YAML": _record(2),
        "mixed.Yml": _record(3),
        "sub/deeper.yaml": _record(4),
        "locked/hidden.yaml": _record(5),
        "linked-target/far.yaml": _record(6),
        "amount.yaml": UNREADABLE,
        "broken.yaml": "title: [unclosed\n",
        "secret.yaml": _record(8),
        "notes.txt": "not a record",
    }
    for name, text in files.items():
        (data / name).write_text(text, encoding="utf-8")
    (data / "secret.yaml").chmod(0o000)
    (data / "locked").chmod(0o000)
    (data / "link").symlink_to(data / "linked-target")
    (data / "sub" / "loop").symlink_to(data)
    (data / "dangling.yaml").symlink_to(data / "nowhere.yaml")
    os.mkfifo(data / "fifo.yaml")
    for folder in [top, data, data / "sub", data / "linked-target"]:
        folder.chmod(0o755)
    yield top
    (data / "locked").chmod(0o755)
    shutil.rmtree(top)


RECORDS = {"good", "UPPER", "mixed", "deeper", "far", "amount"}
"""What an ordinary user can read as records (`linked-target/far.yaml` once, through either name)."""
NAMED = {
    "data/broken.yaml": "yaml-syntax",
    "data/secret.yaml": "file-read",
    "data/dangling.yaml": "file-read",
    "data/fifo.yaml": "file-read",
    "data/locked/": "file-read",
    "data/amount.yaml": "schema",
}
"""What no figure includes, each named: four files, a folder, an amount."""


def test_export_names_every_path_it_was_asked_to_read(tree: Path) -> None:
    result = _as_nobody("export", "data", "--format", "json", cwd=tree)
    assert result.returncode == 1, result.stderr
    rows = json.loads(result.stdout)
    counted = {row["id"] for row in rows if "record" in row}
    named = {row["unread"]["file"]: row["unread"]["check"] for row in rows if row["unread"]}
    assert counted == RECORDS
    assert named == NAMED
    (amount,) = [row for row in rows if row["id"] == "amount"]
    assert amount["unread"]["kind"] == "amount" and amount["unread"]["line"] == 18
    assert amount["unread"]["message"] == (
        "funding.parts[0].amount: '1.234,56' is not an amount; the record is counted without it"
    )
    assert "esfproj: incomplete: 4 of 10 files could not be read; folders that could not be listed: 1; " in (
        result.stderr
    )


def test_summary_list_validate_and_report_name_the_same(tree: Path) -> None:
    summary = _as_nobody("summary", "data", "--format", "json", cwd=tree)
    assert summary.returncode == 1
    document = json.loads(summary.stdout)
    assert {u["file"]: u["check"] for u in document["unread"]} == NAMED
    assert document["totals"] == [
        {"currency": "EUR", "records": 6, "amount": "600.00"}
    ]  # its part unreadable, amount.yaml still states 100.00

    listed = _as_nobody("list", "data", "--format", "json", cwd=tree)
    assert listed.returncode == 1
    items = json.loads(listed.stdout)
    assert {i["id"] for i in items if i["project_number"]} == RECORDS
    assert {i["unread"]["file"] for i in items if i["unread"]} == set(NAMED)

    validated = _as_nobody("validate", "data", "--format", "json", cwd=tree)
    assert validated.returncode == 1
    report = json.loads(validated.stdout)
    assert report["summary"]["records"] == len(RECORDS)
    errors = {(f["file"], f["check"]) for f in report["findings"] if f["severity"] == "error"}
    assert set(NAMED.items()) <= errors

    (tree / "out").mkdir(mode=0o777)
    (tree / "out").chmod(0o777)
    page = tree / "out" / "report.html"
    reported = _as_nobody("report", "data", "-o", str(page), cwd=tree)
    assert reported.returncode == 1, reported.stderr
    section = re.search(r'<section id="unread".*?</section>', page.read_text(encoding="utf-8"), re.S)
    assert section is not None
    entries = [html.unescape(item) for item in re.findall(r"<li><code>(.*?)</code></li>", section.group(0))]
    assert {entry.split(":")[0] for entry in entries} == set(NAMED)


def test_summary_table_says_what_is_left_out(tree: Path) -> None:
    result = _as_nobody("summary", "data", cwd=tree)
    assert result.returncode == 1
    notes = result.stdout[result.stdout.index("Incomplete") :]
    assert notes.splitlines()[0] == (
        "Incomplete: 4 of 10 files could not be read as records, so no figure here includes their money:"
    )
    assert (
        "Incomplete: folders that could not be listed (1), so no figure here includes the records in them:\n"
        "  data/locked/:1:1: file-read: cannot list the folder: Permission denied; no record in it is in any figure\n"
    ) in notes
    assert (
        "Incomplete: amounts in counted records that could not be read (1), so no figure here includes them:\n"
        "  data/amount.yaml:18:15: schema: funding.parts[0].amount: '1.234,56' is not an amount; the record is "
        "counted without it"
    ) in notes


def test_a_folder_that_cannot_be_listed_at_the_top(tree: Path) -> None:
    result = _as_nobody("summary", "data/locked", cwd=tree)
    assert result.returncode == 1
    assert "data/locked/:1:1: file-read: cannot list the folder: Permission denied" in result.stdout
    assert _as_nobody("validate", "data/locked", cwd=tree).returncode == 1


def test_show_of_a_record_with_an_amount_that_cannot_be_read(tmp_path: Path) -> None:
    from tests.robustness.test_trust import esfproj

    (tmp_path / "r.yaml").write_text(UNREADABLE, encoding="utf-8")
    result = esfproj("show", "r.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "  r.yaml:18:15: schema: funding.parts[0].amount: '1.234,56' is not an amount; the record is counted without it"
    ) in result.stdout
