"""Time every command with the cache: cold, warm, after one edit; and its peak memory.

    python benchmarks/cache.py                          # 2 000 and 20 000 records
    python benchmarks/cache.py --sizes 100000 --repeat 1
    python benchmarks/cache.py --only validate,summary  # some of the commands

For each size, on records from `benchmarks/generate.py`, each command runs as a fresh
process: with `--no-cache`; cold (the cache folder removed first, so this run fills it);
warm (nothing changed); after one record is edited (its title changed, so its file is
read and checked again); and as the first run of the command after a `validate` that
filled the cache (served from the entries `validate` kept, as `summary` and `list` are,
or checking every file again where the command reads the records' bodies). The cache is
the default one, beside the configuration in the benchmark's folder. Prints a Markdown
table, the one in the README, with wall time and CPU time (user + system, the process and
its workers): on a shared machine the wall time depends on what else runs, the CPU time
far less. Each run starts after `os.sync()`. The targets on 100 000 records, for
`validate` and `summary`: warm at most 0.8 s, after one edit at most 1 s, cold at most 1.1x
the run with `--no-cache` (a ratio the machine's drift blurs here, run after run: see
`benchmarks/cold_together.py`).
"""

from __future__ import annotations

import argparse
import os
import platform
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

ESFPROJ = str(Path(sys.executable).parent / "esfproj")
COMMANDS = {
    "validate": ["validate", "--as-of", "2026-01-01"],
    "summary": ["summary", "--by", "source"],
    "list": ["list"],
    "export csv": ["export", "--format", "csv"],
    "export json": ["export", "--format", "json"],
    "export jsonl": ["export", "--format", "jsonl"],
    "report": ["report", "--output", "report.html"],
}
"""Each writes to stdout (thrown away), except `report`, which writes a file beside the records."""


class Run(NamedTuple):
    wall: float
    cpu: float
    """Seconds, user and system, the worker processes included."""
    peak_kib: int
    """The largest resident set of the command or any of its workers."""


def run_once(command: list[str], cwd: Path) -> Run:
    """One run, started once what earlier runs wrote is on disk: a cold run writes hundreds of
    megabytes at 100 000 records, and a run that writes while the system is still flushing
    them waits its turn (seen: a run after one edit taking 1.2 s with 0.9 s of CPU)."""
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    _, _, usage = os.wait4(process.pid, 0)
    return Run(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss)


def edit_one(folder: Path, round_number: int) -> None:
    """Change one record's title, as a person would (its bytes change, so it is checked again)."""
    record = folder / "rec-000000.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\ntitle: ", f"\ntitle: {round_number} ", 1), encoding="utf-8")


def measure(top: Path, command: str, repeat: int) -> tuple[dict[str, Run], list[float]]:
    """Median wall time, CPU time and peak memory of each kind of run of `command`; and the
    cold run's wall time over the `--no-cache` run's, each round (the two run one after the
    other, in turns, so that both meet much the same load on a shared machine)."""
    args = [ESFPROJ, *COMMANDS[command], "records"]
    runs: dict[str, list[Run]] = {"no-cache": [], "cold": [], "warm": [], "one edit": [], "after validate": []}
    for round_number in range(repeat):
        shutil.rmtree(top / ".esfproj_cache", ignore_errors=True)
        pair = [("no-cache", [*args, "--no-cache"]), ("cold", args)]
        for kind, command in pair if round_number % 2 == 0 else reversed(pair):  # in turns
            runs[kind].append(run_once(command, top))
        time.sleep(0.05)  # past the file system's timestamp tick: the records are not racy
        run_once(args, top)  # the records' stat data remembered (they were racy in the cold run)
        runs["warm"].append(run_once(args, top))
        edit_one(top / "records", round_number)
        runs["one edit"].append(run_once(args, top))
        if command != "validate":
            shutil.rmtree(top / ".esfproj_cache", ignore_errors=True)
            validate = [ESFPROJ, *COMMANDS["validate"], "records"]
            run_once(validate, top)
            time.sleep(0.05)
            run_once(validate, top)  # the records' stat data remembered
            runs["after validate"].append(run_once(args, top))
    medians = {
        kind: Run(
            statistics.median(run.wall for run in times),
            statistics.median(run.cpu for run in times),
            max(run.peak_kib for run in times),
        )
        for kind, times in runs.items()
        if times
    }
    return medians, [cold.wall / plain.wall for cold, plain in zip(runs["cold"], runs["no-cache"], strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per size")
    parser.add_argument("--only", help="commands to run, comma-separated names from the table (default: all)")
    args = parser.parse_args()
    chosen = [name for name in COMMANDS if args.only is None or name in args.only.split(",")]
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, {platform.machine()}; "
        f"median of {args.repeat} rounds; load average before: {os.getloadavg()[0]:.1f}",
        file=sys.stderr,
    )
    print(
        "| records | command | `--no-cache` | cold (fills the cache) | warm (nothing changed) | after one edit "
        "| first run after `validate` | peak memory: cold / warm |"
    )
    print("|---:|---|---:|---:|---:|---:|---:|---:|")
    ratios: dict[str, list[float]] = {}
    for size in (int(s) for s in args.sizes.split(",")):
        top = Path(tempfile.mkdtemp(prefix="esfproj-cache-bench-"))
        try:
            (top / "esfproj.toml").write_text('paths = ["records"]\n', encoding="utf-8")
            generate(size, top / "records")
            for command in chosen:
                runs, cold_ratios = measure(top, command, args.repeat)
                ratios[f"{size:,} {command}"] = cold_ratios
                cells = " | ".join(
                    f"{runs[kind].wall:.2f} s ({runs[kind].cpu:.2f} s CPU)" if kind in runs else "(warm)"
                    for kind in ("no-cache", "cold", "warm", "one edit", "after validate")
                )
                memory = f"{runs['cold'].peak_kib / 1024:.0f} / {runs['warm'].peak_kib / 1024:.0f} MiB"
                print(f"| {size:,} | {command} | {cells} | {memory} |", flush=True)
        finally:
            shutil.rmtree(top, ignore_errors=True)
    print("\ncold / `--no-cache`, wall time, each round (median):")
    for name, each in ratios.items():
        print(f"- {name}: {', '.join(f'{ratio:.3f}' for ratio in each)} ({statistics.median(each):.3f})")
    print(f"load average after: {os.getloadavg()[0]:.1f}", file=sys.stderr)


if __name__ == "__main__":
    main()
