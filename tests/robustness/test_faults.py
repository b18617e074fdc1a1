"""Faults, through the real command line (a subprocess each): an output that fails (a full
disk, /dev/full, a closed stdout), a read-only or unlistable folder, a configuration the
machine cannot honour, Ctrl-C, kill -9, two imports at once.

Each is one line and its documented exit code (2 for an output or usage error, 130 for
Ctrl-C), never an internal error (3) or a traceback; nothing is half-written and no
temporary file (`.esfproj-*.tmp`) is left behind.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import IO

import pytest
from benchmarks.generate import generate
from benchmarks.import_list import generate_list

from esfproj.loader import parse
from tests.robustness.conftest import NOBODY, skip_unless_nobody_runs_esfproj
from tests.robustness.test_trust import BUNDLED, ROOT, hashes
from tests.test_diff import GIT_ENV
from tests.test_import import SAMPLE

FULL = "No space left on device"
STDOUT_FULL = f"esfproj: error: stdout: cannot write: {FULL}\n"
INTERRUPTED = "esfproj: interrupted\n"
NEW = ("new", "--number", "9.2.1.1/15/I/009", "--title", "Jauns projekts", "--fund", "ESF")
NEW_NAME = "9.2.1.1-15-I-009.yaml"
FIRST_OF_SAMPLE = "4.2.2.3-1-19-I-001.yaml"  # the first record the sample list creates


class Result:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "esfproj", *map(str, args)]


def run(*args: str | Path, cwd: Path, stdout: int | IO[str] = subprocess.PIPE, user: list[str] | None = None) -> Result:
    """esfproj with these arguments, stdout where asked, as `user` (a command prefix) if given."""
    done = subprocess.run(
        [*(user or []), *command(*args)],
        cwd=cwd,
        stdout=stdout,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return Result(done.returncode, done.stdout or "", done.stderr)


def temporaries(folder: Path) -> list[Path]:
    return sorted(folder.rglob(".esfproj-*.tmp"))


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """The bundled records in data/projects; nothing in data/ may change."""
    shutil.copytree(BUNDLED, tmp_path / "data" / "projects")
    before = hashes(tmp_path / "data")
    yield tmp_path
    assert hashes(tmp_path / "data") == before, "an input file changed"


# --- an output that fails -------------------------------------------------------------

WRITERS_TO_STDOUT = [
    ("summary",),
    ("summary", "--format", "csv"),
    ("validate",),
    ("validate", "--format", "json"),
    ("list",),
    ("list", "--format", "json"),
    ("export", "--format", "csv"),
    ("export", "-o", "-"),
    ("report", "-o", "-"),
    ("show", "data/projects/9.2.2.1-15-I-002.yaml"),
    ("checks",),
    ("schema",),
    ("--help",),
    ("--version",),
]


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
@pytest.mark.parametrize("args", WRITERS_TO_STDOUT, ids=" ".join)
def test_stdout_on_a_full_device_is_one_line_and_exit_2(project: Path, args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        result = run(*args, cwd=project, stdout=full)
    assert (result.code, result.stderr) == (2, STDOUT_FULL)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_import_printing_to_a_full_device_leaves_whole_records(project: Path) -> None:
    with open("/dev/full", "w") as full:
        result = run("import", SAMPLE, "--into", "imported", cwd=project, stdout=full)
    assert (result.code, result.stderr) == (2, STDOUT_FULL)
    assert len(list((project / "imported").glob("*.yaml"))) == 6  # written whole before the closing line
    assert run("import", SAMPLE, "--into", "imported", cwd=project).stdout.splitlines()[-1] == (
        "11 rows: created 0, unchanged 6, differing 0, refused 4, repeated 1"
    )


def test_a_closed_stdout_is_one_line_and_exit_2(project: Path) -> None:
    closed = subprocess.run(
        ["sh", "-c", '"$@" >&-', "sh", *command("summary")], cwd=project, stderr=subprocess.PIPE, text=True, check=False
    )
    assert (closed.returncode, closed.stderr) == (2, "esfproj: error: stdout: cannot write: it is closed\n")


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    """A full disk: a small tmpfs, with the folders `out` and `records`, filled to the last byte."""
    if not ROOT:
        pytest.skip("a full disk is a small tmpfs here, and mounting one needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=128k", "tmpfs", str(mount)], capture_output=True, text=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        (mount / "out").mkdir()
        (mount / "records").mkdir()
        with open(mount / "filler", "wb", buffering=0) as filler, contextlib.suppress(OSError):
            while True:  # until the disk is full
                filler.write(b"\0" * 4096)
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.slow  # mounts a tmpfs
@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("summary",), "summary.txt"),
        (("export", "--format", "csv"), "export.csv"),
        (("report",), "report.html"),
        (("validate", "--format", "json"), "findings.json"),
        (("schema",), "project.schema.json"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else value,
)
def test_output_on_a_full_disk_is_exit_2_and_leaves_nothing(
    project: Path, disk: Path, args: tuple[str, ...], name: str
) -> None:
    target = disk / "out" / name
    result = run(*args, "--output", target, cwd=project)
    assert (result.code, result.stderr) == (2, f"esfproj: error: {target}: cannot write: {FULL}\n")
    assert list((disk / "out").iterdir()) == []  # no partial file, no temporary one


@pytest.mark.slow  # mounts a tmpfs
def test_stdout_redirected_to_a_full_disk_is_exit_2(project: Path, disk: Path) -> None:
    with open(disk / "out" / "summary.txt", "w") as redirected:
        result = run("summary", cwd=project, stdout=redirected)
    assert (result.code, result.stderr) == (2, STDOUT_FULL)


@pytest.mark.slow  # mounts a tmpfs
def test_new_on_a_full_disk_leaves_no_file(project: Path, disk: Path) -> None:
    folder = disk / "records"
    result = run(*NEW, "--folder", folder, cwd=project)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"esfproj: error: {folder / NEW_NAME}: cannot write: {FULL}\n"
    assert list(folder.iterdir()) == []


@pytest.mark.slow  # mounts a tmpfs
def test_import_on_a_full_disk_leaves_no_file(project: Path, disk: Path) -> None:
    folder = disk / "records"
    result = run("import", SAMPLE, "--into", folder, cwd=project)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"esfproj: error: {folder / FIRST_OF_SAMPLE}: cannot write: {FULL}\n"
    assert list(folder.iterdir()) == []


@pytest.mark.slow  # mounts a tmpfs
@pytest.mark.parametrize("args", [("summary",), ("validate",), ("list", "--format", "csv")], ids=" ".join)
def test_a_cache_on_a_full_disk_is_switched_off_and_leaves_no_empty_file(
    project: Path, disk: Path, args: tuple[str, ...]
) -> None:
    """The cache cannot even be made: the answer is the answer without it, and no empty
    `.gitignore` or `CACHEDIR.TAG` is left to stand for a cache folder once there is room."""
    cache = disk / "cache"
    result = run(*args, cwd=project, user=["env", f"ESFPROJ_CACHE_DIR={cache}"])
    uncached = run(*args, "--no-cache", cwd=project)
    assert (result.code, result.stdout, result.stderr) == (uncached.code, uncached.stdout, uncached.stderr)
    assert [(f.name, f.stat().st_size) for f in cache.iterdir() if f.stat().st_size == 0] == []


# --- folders that cannot be written or listed ------------------------------------------


@pytest.fixture
def shared() -> Iterator[Path]:
    """A project folder an ordinary user can reach (pytest's own are root's alone), with the
    bundled records, a list of operations, and `locked`: a folder only its owner, root, may
    write."""
    folder = Path(tempfile.mkdtemp(prefix="esfproj-faults-"))
    try:
        folder.chmod(0o755)
        shutil.copytree(BUNDLED, folder / "data" / "projects")
        shutil.copy(SAMPLE, folder / "list.csv")
        (folder / "locked").mkdir(mode=0o755)
        yield folder
    finally:
        (folder / "locked").chmod(0o755)  # a test may have made it unlistable
        shutil.rmtree(folder)


@pytest.fixture
def ordinary(shared: Path) -> list[str]:
    """The prefix that runs a command as an ordinary user: nothing when the tests are not
    run as root; else setpriv as nobody (CI runs as root, which folder modes do not stop)."""
    if not ROOT:
        return []
    skip_unless_nobody_runs_esfproj(shared)
    return NOBODY


@pytest.mark.slow  # runs as nobody (setpriv)
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (.ci/run installs it)")
def test_diff_names_a_working_tree_record_it_cannot_read_and_never_drops_its_money(
    shared: Path, ordinary: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "records"]):
        subprocess.run(["git", *args], cwd=shared, check=True, capture_output=True, env={**os.environ, **GIT_ENV})
    record = shared / "data" / "projects" / "9.2.2.1-15-I-002.yaml"
    record.write_text(record.read_text(encoding="utf-8").replace("9626894.18", "9700000.00"), encoding="utf-8")
    record.chmod(0o000)  # root reads it anyway: as root, the command runs as nobody
    # the repository is root's: git refuses another user's unless told it is safe
    for name, value in (("COUNT", "1"), ("KEY_0", "safe.directory"), ("VALUE_0", "*")):
        monkeypatch.setenv(f"GIT_CONFIG_{name}", value)
    result = run("diff", "--format", "json", cwd=shared, user=ordinary)
    document = json.loads(result.stdout)
    assert (result.code, document["complete"]) == (1, False), result.stderr
    unread = [(u["side"], u["file"], u["message"]) for u in document["unread"]]
    assert unread == [("head", "data/projects/9.2.2.1-15-I-002.yaml", "cannot read the file: Permission denied")]
    assert [(r["id"], r["change"], r["total"]) for r in document["records"]] == [
        ("9.2.2.1-15-I-002", "changed", {"base": "11325758.00", "head": None, "change": None})
    ]


@pytest.mark.slow  # runs as nobody (setpriv)
def test_new_in_a_read_only_folder_is_exit_2(shared: Path, ordinary: list[str]) -> None:
    locked = shared / "locked"
    result = run(*NEW, "--folder", locked, cwd=shared, user=ordinary)
    assert result.code == 2
    assert result.stderr == f"esfproj: error: {locked / NEW_NAME}: cannot write here: Permission denied\n"
    assert list(locked.iterdir()) == []


@pytest.mark.slow  # runs as nobody (setpriv)
def test_import_into_a_read_only_folder_is_exit_2(shared: Path, ordinary: list[str]) -> None:
    locked = shared / "locked"
    result = run("import", "list.csv", "--into", locked, cwd=shared, user=ordinary)
    assert result.code == 2
    assert result.stderr == f"esfproj: error: {locked / FIRST_OF_SAMPLE}: cannot write here: Permission denied\n"
    assert list(locked.iterdir()) == []


@pytest.mark.slow  # runs as nobody (setpriv)
def test_output_into_a_read_only_folder_is_exit_2(shared: Path, ordinary: list[str]) -> None:
    target = shared / "locked" / "summary.csv"
    result = run("summary", "--format", "csv", "--output", target, cwd=shared, user=ordinary)
    assert (result.code, result.stderr) == (2, f"esfproj: error: {target}: cannot write here: Permission denied\n")
    assert list((shared / "locked").iterdir()) == []


@pytest.mark.slow  # runs as nobody (setpriv)
def test_import_into_a_folder_that_cannot_be_listed_is_exit_2(shared: Path, ordinary: list[str]) -> None:
    hidden = shared / "locked"
    hidden.chmod(0o311)  # the owner (root) may list it; nobody may only pass through it
    if not ordinary:
        hidden.chmod(0o300)
    result = run("import", "list.csv", "--into", hidden, cwd=shared, user=ordinary)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == f"esfproj: error: {hidden}: cannot list the folder: Permission denied\n"


@pytest.mark.slow  # mounts a tmpfs
def test_new_on_a_read_only_file_system_is_exit_2(project: Path, tmp_path: Path) -> None:
    if not ROOT:
        pytest.skip("mounting a read-only tmpfs needs root")
    mount = tmp_path / "ro"
    mount.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(mount)], check=False)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        result = run(*NEW, "--folder", mount, cwd=project)
        assert result.code == 2
        assert result.stderr == f"esfproj: error: {mount / NEW_NAME}: cannot write here: Read-only file system\n"
        result = run("summary", "--output", mount / "summary.txt", cwd=project)
        assert result.stderr == f"esfproj: error: {mount / 'summary.txt'}: cannot write here: Read-only file system\n"
        assert list(mount.iterdir()) == []
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


# --- a configuration the machine cannot honour -------------------------------------------


@pytest.mark.parametrize(
    ("limit", "value", "allowed", "args"),
    [
        ("max_file_bytes", "34359738368", 1_073_741_824, ("validate",)),
        ("max_file_bytes", "1" * 29, 1_073_741_824, ("summary",)),
        ("max_nodes", "1" * 29, 10_000_000, ("import", SAMPLE, "--into", "imported")),
        ("max_depth", "1001", 1000, ("list",)),
        ("max_number_digits", "5000", 1000, ("export",)),
    ],
)
def test_a_limit_too_large_for_the_machine_is_exit_2_with_the_range(
    project: Path, limit: str, value: str, allowed: int, args: tuple[str | Path, ...]
) -> None:
    (project / "esfproj.toml").write_text(f"[limits]\n{limit} = {value}\n")
    result = run(*args, cwd=project)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        f"esfproj: error: {project / 'esfproj.toml'}: limits.{limit} must be a whole number "
        f"from 1 to {allowed}; found {value}\n"
    )
    assert not (project / "imported").exists()


def test_the_largest_file_limit_asks_for_no_more_memory_than_the_files_need(project: Path) -> None:
    """Under a 768 MiB address space, the largest limit (1 GiB) reads the records as usual:
    the reader's memory follows each file's size, never the limit's."""
    import resource

    def small_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (768 * 1024 * 1024, 768 * 1024 * 1024))

    usual = run("summary", "--format", "csv", cwd=project)
    (project / "esfproj.toml").write_text("[limits]\nmax_file_bytes = 1073741824\n")
    done = subprocess.run(
        command("summary", "--format", "csv"), cwd=project, capture_output=True, text=True, preexec_fn=small_memory
    )
    assert (done.returncode, done.stderr, done.stdout) == (0, "", usual.stdout)
    assert usual.code == 0 and "ESF" in usual.stdout


def test_a_utf16_configuration_without_a_byte_order_mark_is_not_utf8(project: Path) -> None:
    (project / "esfproj.toml").write_bytes('paths = ["data/projects"]\n'.encode("utf-16-le"))
    result = run("summary", cwd=project)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (
        f"esfproj: error: {project / 'esfproj.toml'}: cannot be read: it is "
        "not UTF-8 (TOML files are UTF-8); save it as UTF-8\n"
    )


# --- Ctrl-C, kill -9, two imports at once ------------------------------------------------

MANY = 1000
"""Records and rows for the runs that use the process pool (from 200 files)."""


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`records`: MANY generated records; `list.csv`: a list of MANY operations."""
    folder = tmp_path_factory.mktemp("many")
    generate(MANY, folder / "records")
    generate_list(MANY, folder / "list.csv")
    return folder


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def wait_for(condition: Callable[[], object], what: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the command ended (exit {process.returncode}) before {what}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"no {what} within 30 s")
        time.sleep(0.005)


def interrupt(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    """Ctrl-C as a terminal sends it: SIGINT to every process of the command."""
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    return process.returncode, stderr.decode()


def start(*args: str | Path, cwd: Path, stdout: int = subprocess.DEVNULL) -> subprocess.Popen[bytes]:
    return subprocess.Popen(command(*args), cwd=cwd, stdout=stdout, stderr=subprocess.PIPE, start_new_session=True)


needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="watching the pool needs Linux /proc")


@pytest.mark.slow
@needs_proc
@pytest.mark.parametrize("args", [("validate", "records"), ("summary", "records"), ("export", "records")], ids=" ".join)
def test_ctrl_c_while_the_pool_runs_is_one_line_and_130(many: Path, args: tuple[str, ...]) -> None:
    process = start(*args, cwd=many)
    wait_for(lambda: children(process.pid), "worker processes", process)
    assert interrupt(process) == (130, INTERRUPTED)


@pytest.mark.slow
@needs_proc
def test_ctrl_c_while_import_rereads_a_folder_is_one_line_and_130(many: Path, tmp_path: Path) -> None:
    folder = tmp_path / "imported"
    shutil.copytree(many / "records", folder)
    process = start("import", many / "list.csv", "--into", folder, cwd=tmp_path)
    wait_for(lambda: children(process.pid), "worker processes", process)
    assert interrupt(process) == (130, INTERRUPTED)
    assert temporaries(folder) == []


def written(folder: Path) -> bool:
    return folder.is_dir() and len(os.listdir(folder)) >= 1


@pytest.mark.slow
def test_ctrl_c_while_import_writes_leaves_whole_records_and_no_temporary(many: Path, tmp_path: Path) -> None:
    for attempt in range(3):  # an import that ends before the signal lands says nothing: again
        folder = tmp_path / f"imported-{attempt}"
        process = start("import", many / "list.csv", "--into", folder, cwd=tmp_path)
        # at the first record: a loaded machine (or a fast one) could otherwise finish all 1 000 first
        wait_for(partial(written, folder), "a record written", process)
        outcome = interrupt(process)
        if outcome[0] != 0:
            break
    assert outcome == (130, INTERRUPTED)
    assert temporaries(folder) == []
    for record in folder.iterdir():
        assert isinstance(parse(record.read_text(encoding="utf-8")).data, dict), record.name


@pytest.mark.slow
@needs_proc
def test_ctrl_c_with_output_into_a_pager_that_is_not_reading(many: Path) -> None:
    """`esfproj export records | less`, and less reads nothing: the command is blocked
    writing; Ctrl-C stops it, and what it could not print does not keep it waiting."""
    process = start("export", "--format", "csv", "records", cwd=many, stdout=subprocess.PIPE)
    wchan = Path(f"/proc/{process.pid}/wchan")
    wait_for(lambda: "pipe_write" in wchan.read_text(), "a write blocked on the pipe", process)
    os.killpg(process.pid, signal.SIGINT)
    code = process.wait(30)  # the pager still reads nothing
    assert process.stderr is not None
    stderr = process.stderr.read().decode()
    assert code == 130
    assert stderr.splitlines()[1:] == ["esfproj: interrupted"]  # after how many files have errors
    assert stderr.startswith("esfproj: 33 of 1000 files have errors;")


SLOW_CREATION = """
import os, sys, tempfile, time
del os.O_TMPFILE  # a file system without unnamed files: a named temporary file is made
create = tempfile.mkstemp
def slow(*args, **kwargs):
    made = create(*args, **kwargs)
    time.sleep(2)  # a slow file system: the file exists, the call has not returned
    return made
tempfile.mkstemp = slow
from esfproj.entry import main
main(sys.argv[1:])
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "args", [("import", SAMPLE, "--into", "written"), ("summary", "--output", "written/summary.txt")], ids=str
)
def test_ctrl_c_while_a_temporary_file_is_created_leaves_none(project: Path, args: tuple[str | Path, ...]) -> None:
    folder = project / "written"
    process = subprocess.Popen(
        [sys.executable, "-c", SLOW_CREATION, *map(str, args)],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    wait_for(lambda: folder.is_dir() and temporaries(folder), "a temporary file", process)
    assert interrupt(process) == (130, INTERRUPTED)
    assert list(folder.iterdir()) == []


@pytest.mark.slow
def test_kill_9_during_import_leaves_whole_records_and_a_second_run_completes(many: Path, tmp_path: Path) -> None:
    folder = tmp_path / "imported"
    process = start("import", many / "list.csv", "--into", folder, cwd=tmp_path)
    wait_for(lambda: folder.is_dir() and len(os.listdir(folder)) >= 200, "200 records written", process)
    process.kill()
    process.wait(30)
    left = sorted(folder.glob("*.yaml"))
    assert 200 <= len(left) < MANY
    assert temporaries(folder) == []  # records are written with no name, then linked whole
    for record in left:
        assert isinstance(parse(record.read_text(encoding="utf-8")).data, dict), record.name
    again = run("import", many / "list.csv", "--into", folder, cwd=tmp_path)
    assert again.code == 0, again.stderr
    assert again.stdout.splitlines()[-1] == (
        f"{MANY} rows: created {MANY - len(left)}, unchanged {len(left)}, differing 0, refused 0, repeated 0"
    )
    assert len(list(folder.glob("*.yaml"))) == MANY
    assert operation_ids(folder) == MANY


def operation_ids(folder: Path) -> int:
    """How many operations the records in `folder` come from; each must be in one record only."""
    ids = []
    for record in folder.glob("*.yaml"):
        data = parse(record.read_text(encoding="utf-8")).data
        ids.append(data["listing"]["operation_id"])
    assert len(ids) == len(set(ids)), "an operation is in two records"
    return len(ids)


@pytest.mark.slow
def test_two_imports_at_once_make_one_record_per_operation(many: Path, tmp_path: Path) -> None:
    folder = tmp_path / "imported"
    runs = [
        start("import", many / "list.csv", "--into", folder, cwd=tmp_path, stdout=subprocess.PIPE) for _ in range(2)
    ]
    outputs = [process.communicate(timeout=120) for process in runs]
    assert [process.returncode for process in runs] == [0, 0], [err for _, err in outputs]
    created = []
    for stdout, _ in outputs:
        closing = stdout.decode().splitlines()[-1]
        made = int(closing.split("created ")[1].split(",")[0])
        assert closing == (f"{MANY} rows: created {made}, unchanged {MANY - made}, differing 0, refused 0, repeated 0")
        created.append(made)
    assert sum(created) == MANY
    assert sorted(os.listdir(folder)) == sorted(p.name for p in folder.glob("*.yaml"))  # no temporary left
    assert operation_ids(folder) == MANY
    result = run("validate", folder, "--format", "json", cwd=tmp_path)
    assert '"duplicate-record"' not in result.stdout
