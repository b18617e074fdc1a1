"""Time `esfproj diff` against `esfproj summary` on the same generated records, in git.

    python benchmarks/diff.py                      # 2 000 and 10 000 records, median of 3
    python benchmarks/diff.py --sizes 100000 --repeat 1

For each size: the records (`benchmarks/generate.py`) committed in a new repository, then
one amount of one record changed and committed. Measured, each a fresh process in the
repository, taking turns: `esfproj summary` (the records at HEAD), `esfproj diff HEAD~1
HEAD` (the one-file change, as a pull-request job runs it) and `esfproj diff` (the same
change uncommitted: HEAD~1 checked out with the edit in the working tree). No cache:
every record is read and checked (issue 24's cache is not there yet). Prints a Markdown
table, the one in the README.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate  # noqa: E402
from benchmarks.run import tool  # noqa: E402

GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com"}
GIT_ENV |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, env={**os.environ, **GIT_ENV}, stdout=subprocess.DEVNULL)


def run_once(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall time in seconds and peak memory in KiB of one run of `command` in `cwd`."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{' '.join(command)} failed in {cwd}")
    return time.perf_counter() - start, usage.ru_maxrss


def repository(size: int, work: Path) -> Path:
    """`size` records committed, then one amount of one record changed and committed."""
    repo = work / str(size)
    generate(size, repo / "data" / "projects")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "records")
    record = repo / "data" / "projects" / f"rec-{size // 2:06d}.yaml"
    text = record.read_text(encoding="utf-8")
    at = text.index("\n  amount: ") + len("\n  amount: ")  # the record's total
    end = text.index("\n", at)
    digit = "1" if text[end - 1] != "1" else "2"  # a cent more or less: the sums no longer agree
    record.write_text(f"{text[:at]}{text[at : end - 1]}{digit}{text[end:]}", encoding="utf-8")
    git(repo, "commit", "-q", "-a", "-m", "one amount changed")
    return repo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement")
    args = parser.parse_args()
    esfproj = tool("esfproj")
    work = Path(tempfile.mkdtemp(prefix="esfproj-bench-diff-"))
    rows: list[tuple[int, list[tuple[float, int]]]] = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            repo = repository(size, work)
            worktree = work / f"{size}-edit"
            git(repo, "worktree", "add", "-q", "--detach", str(worktree), "HEAD~1")
            edited = "data/projects/" + f"rec-{size // 2:06d}.yaml"
            shutil.copyfile(repo / edited, worktree / edited)
            commands = [
                ([esfproj, "summary"], repo),
                ([esfproj, "diff", "HEAD~1", "HEAD"], repo),
                ([esfproj, "diff"], worktree),
            ]
            runs: list[list[tuple[float, int]]] = [[] for _ in commands]
            for _ in range(args.repeat):
                for number, (command, cwd) in enumerate(commands):
                    runs[number].append(run_once(command, cwd))
            rows.append((size, [(statistics.median(t for t, _ in r), max(m for _, m in r)) for r in runs]))
            print(f"{size}: done", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        "| records | esfproj summary | esfproj diff HEAD~1 HEAD | diff vs summary | esfproj diff "
        "(working tree) | peak memory summary / diff |"
    )
    print("|---:|---:|---:|---:|---:|---:|")
    for size, ((s, sm), (d, dm), (w, _)) in rows:
        print(
            f"| {size:,} | {s:.2f} s | {d:.2f} s | {d / s:.2f}x the time | {w:.2f} s | "
            f"{sm / 1024:.0f} / {dm / 1024:.0f} MiB |"
        )


if __name__ == "__main__":
    main()
