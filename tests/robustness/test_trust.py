"""The promises users rely on, through the real command line (a subprocess each):

- a total is complete, or its own output says which files it leaves out, and exits 1;
- `--output` never replaces a record, a device, a FIFO or a link, nor writes into a data folder;
- no input file makes a command fail with an internal error (exit 3) or hang.

Every test checks that no input file changed (a hash before and after).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import REPO, VALID, write

pytestmark = pytest.mark.slow  # deselect with: pytest -m "not slow"

BUNDLED = REPO / "data" / "projects"
DI = "9.2.2.1-15-I-002.yaml"
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def esfproj(
    *args: str | Path, cwd: Path, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "esfproj", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        input=stdin,
        timeout=60,
        check=False,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
    )


def hashes(folder: Path) -> dict[str, str]:
    """Every regular file under `folder` (links and special files by what they are), but
    esfproj's own cache, which a run may make beside the configuration."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if ".esfproj_cache" in path.parts:
            continue
        mode = path.lstat().st_mode
        if stat.S_ISLNK(mode):
            out[str(path)] = "link to " + os.readlink(path)
        elif stat.S_ISREG(mode):
            out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif not stat.S_ISDIR(mode):
            out[str(path)] = f"special {stat.S_IFMT(mode)}"
    return out


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A project folder: the bundled records in data/projects, and nothing changes in it
    but what a test writes outside data/ on purpose."""
    shutil.copytree(BUNDLED, tmp_path / "data" / "projects")
    before = hashes(tmp_path / "data")
    yield tmp_path
    after = hashes(tmp_path / "data")
    assert {name: after.get(name) for name in before} == before, "an input file changed"


def break_di(project: Path) -> None:
    """A tab in the DI record's indentation: the file can no longer be read as a record."""
    path = project / "data" / "projects" / DI
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("  amount: 11325758.00", "\tamount: 11325758.00")
        .replace("  amount: 11325758.00", "\tamount: 11325758.00"),
        encoding="utf-8",
    )


# --- a total is complete, or says it is not ------------------------------------------------

UNREAD = "data/projects/9.2.2.1-15-I-002.yaml:54:1: yaml-syntax: not valid YAML:"


@pytest.fixture
def broken(tmp_path: Path) -> Iterator[Path]:
    shutil.copytree(BUNDLED, tmp_path / "data" / "projects")
    break_di(tmp_path)
    before = hashes(tmp_path / "data")
    yield tmp_path
    assert hashes(tmp_path / "data") == before, "an input file changed"


def test_complete_totals_exit_0_and_name_nothing(project: Path) -> None:
    result = esfproj("summary", "--format", "json", cwd=project)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["unread"] == [] and document["totals"][0]["amount"] == "11395980.38"


def test_summary_table_says_which_file_it_leaves_out(broken: Path) -> None:
    result = esfproj("summary", cwd=broken)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert " Total         1   70 222.38 EUR   100.00 %" in lines
    assert ("Incomplete: 1 of 6 files could not be read as records, so no figure here includes their money:") in lines
    assert any(line.startswith("  " + UNREAD) for line in lines)
    assert "esfproj: incomplete: 1 of 6 files could not be read" in result.stderr


def test_summary_json_has_the_unread_files(broken: Path) -> None:
    result = esfproj("summary", "--format", "json", cwd=broken)
    assert result.returncode == 1
    (unread,) = json.loads(result.stdout)["unread"]
    assert unread == {
        "file": "data/projects/9.2.2.1-15-I-002.yaml",
        "line": 54,
        "column": 1,
        "check": "yaml-syntax",
        "message": "not valid YAML: while scanning a plain scalar, found a tab character that "
        "violates indentation; a tab is used for indentation: indent with spaces",
        "kind": "file",
    }


def test_summary_csv_and_markdown_name_the_file(broken: Path) -> None:
    result = esfproj("summary", "--format", "csv", cwd=broken)
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert result.returncode == 1
    assert rows[1] == ["ESF", "EUR", "1", "70222.38", "100.00"]
    assert rows[2][0].startswith("not read: " + UNREAD) and rows[2][1:] == ["", "", "", ""]
    result = esfproj("summary", "--format", "markdown", cwd=broken)
    assert result.returncode == 1 and f"- `{UNREAD}" in result.stdout


def test_list_and_export_have_a_row_for_the_unread_file(broken: Path) -> None:
    result = esfproj("list", "--format", "json", cwd=broken)
    assert result.returncode == 1
    row = next(r for r in json.loads(result.stdout) if r["unread"])
    assert (row["id"], row["total"], row["unread"]["line"]) == ("9.2.2.1-15-I-002", None, 54)
    result = esfproj("list", cwd=broken)
    assert result.returncode == 1 and "  " + UNREAD in result.stdout
    result = esfproj("export", cwd=broken)
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert result.returncode == 1
    unread = [r for r in rows if r["unread"]]
    assert [(r["id"], r["total"], r["errors"]) for r in unread] == [("9.2.2.1-15-I-002", "", "1")]
    assert unread[0]["unread"].startswith(UNREAD)
    for fmt in ("json", "jsonl"):
        result = esfproj("export", "--format", fmt, cwd=broken)
        text = result.stdout
        objects = json.loads(text) if fmt == "json" else [json.loads(x) for x in text.splitlines()]
        assert result.returncode == 1
        assert [o["unread"]["check"] for o in objects if o["unread"]] == ["yaml-syntax"]


def test_report_marks_the_headline_incomplete(broken: Path) -> None:
    result = esfproj("report", "--output", "out/report.html", cwd=broken)
    assert result.returncode == 1
    page = (broken / "out" / "report.html").read_text(encoding="utf-8")
    assert '<section id="unread" class="incomplete" role="alert"><h2>Incomplete</h2>' in page
    assert "Headline figures (incomplete)" in page
    assert page.index('id="unread"') < page.index('id="headline"')
    assert f"<code>{UNREAD}" in page


def test_show_names_the_unread_file_under_the_record(broken: Path) -> None:
    result = esfproj("show", "jurmala-9.2.1.1-15-I-001", cwd=broken)
    assert result.returncode == 0, "the record shown is whole"
    assert "  " + UNREAD in result.stdout


def test_a_broken_record_asked_for_by_show_is_exit_1(broken: Path) -> None:
    result = esfproj("show", "9.2.2.1-15-I-002", cwd=broken)
    assert result.returncode == 1 and "error[yaml-syntax]" in result.stderr


# --- --output never replaces what is not ours ----------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        (
            "export",
            "data/projects/jurmala-9.2.1.1-15-I-001.yaml",
            "-o",
            "data/projects/salaspils-9.2.1.1-15-I-001.yaml",
        ),
        ("schema", "-o", "data/projects/x.yaml"),
        ("summary", "-o", "data/projects/summary.txt"),
        ("report", "-o", "data/projects/sub/report.html"),
        ("validate", "data/projects/jurmala-9.2.1.1-15-I-001.yaml", "-o", "data/projects/v.txt"),
        ("list", "other", "-o", "data/projects/list.txt"),
    ],
)
def test_no_output_into_the_data_folder(project: Path, args: tuple[str, ...]) -> None:
    write(project / "other", VALID, "r.yaml")
    result = esfproj(*args, cwd=project)
    assert (result.returncode, result.stdout) == (2, "")
    assert "refusing to write into the data folder data/projects" in result.stderr


@pytest.mark.parametrize("name", ["notes.txt", "record.yml", "README"])
def test_no_output_over_a_file_that_looks_like_a_record(project: Path, name: str) -> None:
    kept = write(project / "elsewhere", VALID, name)
    before = kept.read_bytes()
    for args in (("schema",), ("summary",), ("export",)):
        result = esfproj(*args, "-o", kept, cwd=project)
        assert result.returncode == 2 and "refusing to overwrite a record" in result.stderr
    assert kept.read_bytes() == before


def test_output_through_a_link_writes_its_target(project: Path) -> None:
    target = project / "out" / "summary.csv"
    target.parent.mkdir()
    target.write_text("old\n")
    link = project / "latest.csv"
    link.symlink_to(target)
    result = esfproj("summary", "-f", "csv", "-o", link, cwd=project)
    assert result.returncode == 0, result.stderr
    assert link.is_symlink() and target.read_text().startswith("fund,currency,records")


def test_a_link_to_a_record_is_refused(project: Path) -> None:
    link = project / "out.csv"
    link.symlink_to(project / "data" / "projects" / DI)
    result = esfproj("export", "other", "-o", link, cwd=project)
    assert result.returncode == 2 and link.is_symlink()


def test_output_to_a_fifo_is_written_in_place(project: Path) -> None:
    fifo = project / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = esfproj("summary", "-f", "csv", "-o", fifo, cwd=project)
    reader.join(20)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert received and received[0].startswith(b"fund,currency,records,amount,share\r\n")


@pytest.mark.skipif(
    not ROOT,
    reason="only root can replace /dev/null; as another user the "
    "old rename failed instead, so the case is root's (the CI container)",
)
def test_output_to_dev_null_leaves_it_a_device(project: Path) -> None:
    for args in (("validate", "-o", "/dev/null"), ("summary", "-o", "/dev/null"), ("schema", "-o", "/dev/null")):
        result = esfproj(*args, cwd=project)
        assert result.returncode == 0, result.stderr
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_dash_is_stdout_and_missing_folders_are_made(project: Path) -> None:
    result = esfproj("summary", "-f", "csv", "-o", "-", cwd=project)
    assert result.returncode == 0 and result.stdout.startswith("fund,currency")
    result = esfproj("schema", "--output", "schemas/project.schema.json", cwd=project)
    assert result.returncode == 0, result.stderr
    assert json.loads((project / "schemas" / "project.schema.json").read_text())["title"]


# --- no internal error, no hang --------------------------------------------------------------


def test_a_file_name_that_is_not_utf8(project: Path) -> None:
    data = os.fsencode(project / "data" / "projects")
    with open(os.path.join(data, b"J\xfbrmala.yaml"), "w", encoding="utf-8") as handle:
        handle.write(VALID.replace("9.2.1.1/15/I/001", "9.2.1.1/15/I/099"))
    for args in (
        ("validate",),
        ("list",),
        ("summary",),
        ("export",),
        ("export", "-f", "json"),
        ("report", "-o", "r.html"),
        ("validate", "-f", "junit"),
        ("validate", "-f", "sarif"),
    ):
        result = esfproj(*args, cwd=project)
        assert result.returncode in (0, 1), (args, result.stderr)
    result = esfproj("validate", cwd=project)
    assert (
        "data/projects/J\\xfbrmala.yaml:1:1: error[record-id] the id 'J\\xfbrmala' "
        "(the file name) has characters other than a-z A-Z 0-9 . _ -"
    ) in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "finding"),
    [
        (
            "rate: 85\n",
            "rate: 1e26\n",
            "error[schema] funding.parts[0].rate: expected a number of at most 100, found 100000000000000000000000000",
        ),
        ("rate: 85\n", "rate: 12345678901234567890123456789\n", "error[funding-rate]"),
        (
            "amount: 85.00\n",
            "amount: 1e26\n",
            "error[funding-sum] funding: parts add up to 100 000 000 000 000 000 000 000 015.00 EUR",
        ),
        ("amount: 85.00\n", "amount: 123456789012345678901234567890\n", "error[funding-sum]"),
    ],
)
def test_huge_numbers_are_findings(tmp_path: Path, old: str, new: str, finding: str) -> None:
    write(tmp_path / "data" / "projects", VALID.replace(old, new, 1), "r.yaml")
    before = hashes(tmp_path / "data")
    for args in (
        ("validate",),
        ("list",),
        ("summary",),
        ("summary", "--by", "source,year"),
        ("export",),
        ("show", "r"),
        ("report", "-o", "out.html"),
    ):
        result = esfproj(*args, cwd=tmp_path)
        assert result.returncode in (0, 1), (args, result.stderr)
    assert finding in esfproj("validate", cwd=tmp_path).stdout
    assert hashes(tmp_path / "data") == before


def test_number_limit_past_the_integer_string_limit_is_a_config_error(tmp_path: Path) -> None:
    write(tmp_path / "data" / "projects", VALID.replace("amount: 85.00", "amount: " + "9" * 4400), "r.yaml")
    (tmp_path / "esfproj.toml").write_text("[limits]\nmax_number_digits = 5000\n")
    result = esfproj("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "esfproj.toml: limits.max_number_digits must be a whole number from 1 to 1000; found 5000" in result.stderr
    (tmp_path / "esfproj.toml").write_text("[limits]\nmax_number_digits = 1000\n")
    result = esfproj("summary", cwd=tmp_path)
    assert result.returncode == 1  # read, as text: an amount that cannot be read, named
    assert "esfproj: incomplete: amounts that could not be read: 1; the figures leave them out" in result.stderr
    assert "found a number 4400 digits long" in esfproj("validate", cwd=tmp_path).stdout


def test_a_utf16_configuration_is_exit_2_naming_the_file(project: Path) -> None:
    (project / "esfproj.toml").write_bytes('paths = ["data/projects"]\n'.encode("utf-16"))
    result = esfproj("summary", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (
        f"esfproj: error: {project / 'esfproj.toml'}: cannot be read: it is "
        "not UTF-8 (TOML files are UTF-8); save it as UTF-8\n"
    )


def test_a_fifo_and_a_socket_in_the_data_folder_are_findings(project: Path) -> None:
    folder = project / "data" / "projects"
    os.mkfifo(folder / "pipe.yaml")
    server = socket.socket(socket.AF_UNIX)
    here = os.getcwd()
    try:
        os.chdir(folder)  # a socket's path is limited to about 100 bytes
        server.bind("sock.yaml")
    finally:
        os.chdir(here)
    try:
        started = time.monotonic()
        result = esfproj("validate", cwd=project)
        assert time.monotonic() - started < 30
    finally:
        server.close()
    assert result.returncode == 1
    assert (
        "data/projects/pipe.yaml:1:1: error[file-read] the path is a FIFO (named pipe), not a "
        "file: records are regular files; rename it or move it out of the data folder"
    ) in result.stdout
    assert "data/projects/sock.yaml:1:1: error[file-read] the path is a socket" in result.stdout
    assert "6 records in 8 files" in result.stdout


@pytest.mark.skipif(not ROOT, reason="making a device node needs root")
def test_a_device_in_the_data_folder_is_a_finding(project: Path) -> None:
    device = project / "data" / "projects" / "null.yaml"
    os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    try:
        result = esfproj("validate", cwd=project)
    finally:
        device.unlink()
    assert result.returncode == 1
    assert "null.yaml:1:1: error[file-read] the path is a character device" in result.stdout


# --- control characters --------------------------------------------------------------------

CONTROL = VALID.replace("title: Profesionāla sociālā darba attīstība pašvaldībās", 'title: "in\\x01\\e[31mred\\rline"')


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    write(tmp_path / "data" / "projects", CONTROL, "r.yaml")
    before = hashes(tmp_path)
    for args in (("validate",), ("validate", "-f", "github"), ("list",), ("show", "r"), ("summary", "--by", "fund")):
        result = esfproj(*args, cwd=tmp_path)
        assert "\x1b" not in result.stdout and "\x01" not in result.stdout, args
    result = esfproj("validate", cwd=tmp_path)
    assert (
        "data/projects/r.yaml:3:8: warning[control-character] title: the text "
        "'in\\x01\\x1b[31mred\\x0dline' holds the control characters \\x01, \\x0d, \\x1b"
    ) in result.stdout
    assert result.returncode == 0  # a warning
    assert "in\\x01\\x1b[31mred\\x0dline" in esfproj("show", "r", cwd=tmp_path).stdout
    assert hashes(tmp_path) == before


def test_control_characters_in_junit_csv_and_json(tmp_path: Path) -> None:
    write(tmp_path / "data" / "projects", CONTROL, "r.yaml")
    junit = esfproj("validate", "--format", "junit", cwd=tmp_path).stdout
    ElementTree.fromstring(junit)  # well-formed
    raw = subprocess.run(
        [sys.executable, "-m", "esfproj", "export"], cwd=tmp_path, capture_output=True, check=False
    ).stdout  # bytes: no newline translation
    assert raw.count(b"\r\n") == 2
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert len(rows) == 2 and rows[1][3] == "in\x01\x1b[31mred\rline"
    (exported,) = json.loads(esfproj("export", "-f", "json", cwd=tmp_path).stdout)
    assert exported["record"]["title"] == "in\x01\x1b[31mred\rline"


@pytest.mark.skipif(
    shutil.which("xmllint") is None, reason="xmllint is not installed (.ci/run installs Debian's libxml2-utils)"
)
def test_junit_with_control_characters_passes_xmllint(tmp_path: Path) -> None:
    write(tmp_path / "data" / "projects", CONTROL.replace("amount: 100.00", "amount: 90.00"), "r.yaml")
    junit = esfproj("validate", "--format", "junit", cwd=tmp_path).stdout
    assert "<failure" in junit and "in\\x01\\x1b[31mred\\x0dline" in junit
    lint = subprocess.run(["xmllint", "--noout", "-"], input=junit, text=True, capture_output=True, check=False)
    assert lint.returncode == 0, lint.stderr


# --- smaller ones ----------------------------------------------------------------------------


def test_a_quoted_amount_is_told_to_lose_its_quotes(tmp_path: Path) -> None:
    write(tmp_path, VALID.replace("amount: 100.00", 'amount: "100.00"'), "r.yaml")
    result = esfproj("validate", "r.yaml", cwd=tmp_path)
    assert (
        "r.yaml:15:11: error[schema] funding.amount: expected a number, found the text "
        "'100.00': the quotes make it text; remove them: 100.00"
    ) in result.stdout


def test_utf16_without_a_bom_is_an_encoding_finding(tmp_path: Path) -> None:
    (tmp_path / "r.yaml").write_bytes(VALID.encode("utf-16-le"))
    result = esfproj("validate", "r.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "r.yaml:1:1: error[yaml-encoding] the file is UTF-16 or UTF-32 without a byte-order mark, not UTF-8"
    )


def test_a_reversed_period_is_a_usage_error(project: Path) -> None:
    result = esfproj("summary", "--period", "2022-01-01..2020-01-01", cwd=project)
    assert (result.returncode, result.stdout) == (2, "")
    assert "did you mean 2020-01-01..2022-01-01?" in result.stderr


def test_a_link_to_a_record_in_the_set_is_read_once(project: Path) -> None:
    (project / "data" / "projects" / "link.yaml").symlink_to(DI)
    result = esfproj("validate", cwd=project)
    assert "duplicate-record" not in result.stdout and "6 records in 6 files" in result.stdout


def test_checks_csv_is_csv(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(esfproj("checks", "-f", "csv", cwd=tmp_path).stdout, newline="")))
    assert rows[0] == ["check", "severity", "summary", "failing_example"]
    assert ["yaml-syntax", "error", "the file is not valid YAML", "funding: [1, 2"] in rows
