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
pinned to a core of its own where the machine has two: then the runs share no core, and
their wall times compare too (the ratio is printed), the system's writes and the cold
run's start and end included.

What it leaves in: with the commands' own workers the two runs share the cores (two
workers and a parent each, on two cores), alike; the run that ends last (the cold one,
as a rule) has the machine to itself for its last seconds, and the cold run's waits for
its writes to reach the disk are not CPU time: both favour the cold run's CPU time, by
little.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
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
    exit_code: int


def together(commands: dict[str, list[str]], cwd: Path, pinned: bool) -> dict[str, Ended]:
    """Start every command at once; each one's wall and CPU time, and exit code, once it has
    ended. `pinned`: each on a core of its own (the n-th command on the n-th core). Should
    one fail to start, or the benchmark be stopped, the others are stopped too."""
    os.sync()
    cores = sorted(os.sched_getaffinity(0)) if pinned else []
    start = time.perf_counter()
    running: dict[int, str] = {}
    ended: dict[str, Ended] = {}
    try:
        for index, (name, command) in enumerate(commands.items()):
            core = {cores[index % len(cores)]} if cores else None
            process = subprocess.Popen(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                cwd=cwd,
                preexec_fn=(lambda core=core: os.sched_setaffinity(0, core)) if core else None,
            )
            running[process.pid] = name
        while running:
            pid, status, usage = os.wait4(-1, 0)
            name = running.pop(pid)
            seconds = usage.ru_utime + usage.ru_stime
            ended[name] = Ended(time.perf_counter() - start, seconds, os.waitstatus_to_exitcode(status))
    finally:
        for pid in running:  # stopped, or one failed to start: none is left running
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    return ended


def at_least_one(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return number


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=at_least_one, default=100_000)
    parser.add_argument("--repeat", type=at_least_one, default=5, help="rounds per command")
    parser.add_argument("--only", default="validate", help="commands, comma-separated names from benchmarks/cache.py")
    parser.add_argument(
        "--jobs", type=at_least_one, help="processes per command (default: the command's own, one per core)"
    )
    args = parser.parse_args()
    commands = args.only.split(",")
    if not set(commands) <= set(COMMANDS) - {"report"}:  # `report` writes one file: two at once would clash
        parser.error(f"--only: choose from {', '.join(name for name in COMMANDS if name != 'report')}")
    pinned = args.jobs == 1 and len(os.sched_getaffinity(0)) >= 2  # then the wall times compare too
    print(
        f"machine: {os.cpu_count()} cores, {args.size:,} records, {args.repeat} rounds"
        f"{', each run on a core of its own' if pinned else ''}; load average before: {os.getloadavg()[0]:.1f}",
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
                ended = together({"no-cache": [*plain, "--no-cache"], "cold": plain}, top, pinned)
                cold, bare = ended["cold"], ended["no-cache"]
                if {cold.exit_code, bare.exit_code} - {0, 1} or cold.exit_code != bare.exit_code:
                    raise SystemExit(f"exit codes: `--no-cache` {bare.exit_code}, cold {cold.exit_code}")
                ratios.append(cold.cpu / bare.cpu)
                walls.append(cold.wall / bare.wall)
                first = min(ended, key=lambda name: ended[name].wall)
                wall_ratio = f" ({walls[-1]:.3f})" if pinned else ""  # sharing the cores, they do not compare
                print(
                    f"{command} round {round_number + 1}: CPU `--no-cache` {bare.cpu:.2f} s, cold {cold.cpu:.2f} s "
                    f"({ratios[-1]:.3f}); wall {bare.wall:.2f} s and {cold.wall:.2f} s{wall_ratio}, "
                    f"{first} ended first",
                    flush=True,
                )
            for measure, each in (("CPU time", ratios), ("wall time", walls))[: 2 if pinned else 1]:
                listed = ", ".join(f"{ratio:.3f}" for ratio in each)
                print(f"{command}: cold / `--no-cache`, {measure}: {listed} (median {statistics.median(each):.3f})")
    finally:
        shutil.rmtree(top, ignore_errors=True)
    print(f"load average after: {os.getloadavg()[0]:.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()
