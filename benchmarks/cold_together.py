"""What a cold run (filling the cache) costs over a run with `--no-cache`, with the two
run at the same moment, so that a shared machine's drift falls on both alike.

    python benchmarks/cold_together.py                       # 100 000 records, validate, 5 rounds
    python benchmarks/cold_together.py --size 20000 --only validate,summary --repeat 7
    python benchmarks/cold_together.py --jobs 1               # one process each: wall times compare

On a shared machine the speed of the same work drifts by a fifth over minutes: a
`--no-cache` run and a cold run made one after the other (`benchmarks/cache.py`) each
meet the machine in another state, and at 100 000 records one run lasts most of a
minute. Here each round starts both at once, in the same folder of records, each with
its usual workers, and compares the CPU time each took (user and system, the command
and its workers): both shared the machine with each other for the whole of the shorter
run, so what one took over the other is the work the cold run adds. Also printed, each
round: their wall times, and which ended first. With `--jobs 1` each runs in one process,
on a core of its own where the machine has two: then the wall times compare too, the
system's writes and the cold run's start and end included.
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
from benchmarks.cache import COMMANDS  # noqa: E402
from benchmarks.generate import generate  # noqa: E402

ESFPROJ = str(Path(sys.executable).parent / "esfproj")


class Ended(NamedTuple):
    wall: float
    cpu: float
    """Seconds, user and system, the command and its workers."""


def together(commands: dict[str, list[str]], cwd: Path) -> dict[str, Ended]:
    """Start every command at once; each one's wall and CPU time once it has ended."""
    os.sync()
    start = time.perf_counter()
    running = {
        subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd).pid: name
        for name, command in commands.items()
    }
    ended: dict[str, Ended] = {}
    failed = []
    while running:
        pid, status, usage = os.wait4(-1, 0)
        name = running.pop(pid)
        if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: the records have findings
            failed.append(f"{name}: exit {os.waitstatus_to_exitcode(status)}")
        ended[name] = Ended(time.perf_counter() - start, usage.ru_utime + usage.ru_stime)
    if failed:
        raise SystemExit("failed: " + ", ".join(failed))
    return ended


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="rounds per command")
    parser.add_argument("--only", default="validate", help="commands, comma-separated names from benchmarks/cache.py")
    parser.add_argument("--jobs", type=int, help="processes per command (default: the command's own, one per core)")
    args = parser.parse_args()
    commands = args.only.split(",")
    if not set(commands) <= set(COMMANDS) - {"report"}:  # `report` writes one file: two at once would clash
        parser.error(f"--only: choose from {', '.join(name for name in COMMANDS if name != 'report')}")
    print(
        f"machine: {os.cpu_count()} cores, {args.size:,} records, {args.repeat} rounds; "
        f"load average before: {os.getloadavg()[0]:.1f}",
        file=sys.stderr,
    )
    top = Path(tempfile.mkdtemp(prefix="esfproj-cold-together-"))
    try:
        (top / "esfproj.toml").write_text('paths = ["records"]\n', encoding="utf-8")
        generate(args.size, top / "records")
        for command in commands:
            plain = [ESFPROJ, *COMMANDS[command], "records", *(["--jobs", str(args.jobs)] if args.jobs else [])]
            ratios, walls = [], []
            for round_number in range(args.repeat):
                shutil.rmtree(top / ".esfproj_cache", ignore_errors=True)
                ended = together({"no-cache": [*plain, "--no-cache"], "cold": plain}, top)
                cold, bare = ended["cold"], ended["no-cache"]
                ratios.append(cold.cpu / bare.cpu)
                walls.append(cold.wall / bare.wall)
                first = min(ended, key=lambda name: ended[name].wall)
                print(
                    f"{command} round {round_number + 1}: CPU `--no-cache` {bare.cpu:.2f} s, cold {cold.cpu:.2f} s "
                    f"({ratios[-1]:.3f}); wall {bare.wall:.2f} s and {cold.wall:.2f} s ({walls[-1]:.3f}), "
                    f"{first} ended first",
                    flush=True,
                )
            for measure, each in (("CPU time", ratios), ("wall time", walls)):
                listed = ", ".join(f"{ratio:.3f}" for ratio in each)
                print(f"{command}: cold / `--no-cache`, {measure}: {listed} (median {statistics.median(each):.3f})")
    finally:
        shutil.rmtree(top, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()
