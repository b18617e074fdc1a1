"""Time `esfproj diff` against `esfproj summary` on the same generated records, in git.

    python benchmarks/diff.py                      # 2 000 and 10 000 records, median of 3
    python benchmarks/diff.py --sizes 100000 --repeat 1

For each size: the records (`benchmarks/generate.py`) committed in a new repository, then
one amount of one record changed and committed. Measured, each a fresh process in the
repository, taking turns, without the cache (`--no-cache`: every record read and checked):
`esfproj summary` (the records at HEAD), `esfproj diff HEAD~1 HEAD` (the one-file change,
as a pull-request job runs it) and `esfproj diff` (the same change uncommitted: HEAD~1
checked out with the edit in the working tree). Then with the cache warm (one diff of each
kind run first): `esfproj diff HEAD~1 HEAD` again, and `esfproj diff` after the edited
record is edited once more (a person's next edit). Wall time and CPU time (the command's
and its workers'), medians; peak memory. Prints a Markdown table, the one in the README.
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
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate  # noqa: E402
from benchmarks.run import tool  # noqa: E402

GIT_ENV = {"GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com"}
GIT_ENV |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, env={**os.environ, **GIT_ENV}, stdout=subprocess.DEVNULL)


class Run(NamedTuple):
    wall: float
    """Seconds, start to end."""
    cpu: float
    """Seconds of CPU (user and system) of the command and the processes it waited for: on a
    shared machine, steadier than the wall time."""
    memory: int
    """Peak memory, KiB."""


def run_once(command: list[str], cwd: Path) -> Run:
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"{' '.join(command)} failed in {cwd}")
    return Run(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


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
    rows: list[tuple[int, list[Run]]] = []
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            repo = repository(size, work)
            worktree = work / f"{size}-edit"
            git(repo, "worktree", "add", "-q", "--detach", str(worktree), "HEAD~1")
            edited = "data/projects/" + f"rec-{size // 2:06d}.yaml"
            shutil.copyfile(repo / edited, worktree / edited)
            commands = [
                ([esfproj, "summary", "--no-cache"], repo),
                ([esfproj, "diff", "HEAD~1", "HEAD", "--no-cache"], repo),
                ([esfproj, "diff", "--no-cache"], worktree),
            ]
            runs: list[list[Run]] = [[] for _ in range(len(commands) + 2)]
            for _ in range(args.repeat):
                for number, (command, cwd) in enumerate(commands):
                    runs[number].append(run_once(command, cwd))
            run_once([esfproj, "diff", "HEAD~1", "HEAD"], repo)  # the cache filled
            run_once([esfproj, "diff"], worktree)
            for round_number in range(args.repeat):
                runs[3].append(run_once([esfproj, "diff", "HEAD~1", "HEAD"], repo))
                edit_again(worktree / edited, round_number)
                runs[4].append(run_once([esfproj, "diff"], worktree))
            rows.append((size, [median(r) for r in runs]))
            print(f"{size}: done", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        "| records | esfproj summary | esfproj diff HEAD~1 HEAD | diff vs summary (CPU) | esfproj diff (working "
        "tree) | warm: diff HEAD~1 HEAD | warm: diff after one more edit | peak memory summary / diff / warm |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, (summary, diff, working, warm, edited) in rows:
        print(
            f"| {size:,} | {summary.wall:.2f} s ({summary.cpu:.2f} s CPU) | {diff.wall:.2f} s ({diff.cpu:.2f} s CPU)"
            f" | {diff.cpu / summary.cpu:.2f}x | {working.wall:.2f} s | {warm.wall:.2f} s ({warm.cpu:.2f} s CPU) | "
            f"{edited.wall:.2f} s ({edited.cpu:.2f} s CPU) | {summary.memory / 1024:.0f} / "
            f"{diff.memory / 1024:.0f} / {max(warm.memory, edited.memory) / 1024:.0f} MiB |"
        )


def edit_again(record: Path, round_number: int) -> None:
    """Change the record's title: one more edit in the working tree."""
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\ntitle: ", f"\ntitle: {round_number} ", 1), encoding="utf-8")


def median(runs: list[Run]) -> Run:
    """The median wall and CPU time, and the peak memory, of the runs of one command."""
    return Run(
        statistics.median(r.wall for r in runs), statistics.median(r.cpu for r in runs), max(r.memory for r in runs)
    )


if __name__ == "__main__":
    main()
