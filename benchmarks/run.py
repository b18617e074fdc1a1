"""Time esfproj against the tools people use today, on the same generated records.

    pip install '.[bench]'
    python benchmarks/run.py                 # 100, 2 000 and 10 000 records
    python benchmarks/run.py --memory-100k   # also peak memory on 100 000 records

In one run, on the same folders: `esfproj validate`, `esfproj summary`,
`check-jsonschema --schemafile schemas/project.schema.json` (the peer), and one
Python process that only parses every file with PyYAML's C loader (the floor);
then the start-up on one file against `yamllint`. Each command runs as a fresh
process; the table shows the median of the runs and peak memory (max RSS).
Prints a Markdown table, the one in the README.
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

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402

AS_OF = "2026-01-01"
FLOOR = """
import os, sys, yaml
for directory, _, names in os.walk(sys.argv[1]):
    for name in sorted(names):
        with open(os.path.join(directory, name), "rb") as handle:
            yaml.load(handle, Loader=yaml.CSafeLoader)
"""


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        found = shutil.which(name)
        if found is None:
            sys.exit(f"{name} is not installed: pip install '.[bench]'")
        return found
    return str(path)


def run_once(command: list[str]) -> tuple[float, int]:
    """Wall time in seconds and peak memory in KiB of one run of `command`."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=env, cwd=ROOT)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


def measure(command: list[str], repeat: int) -> tuple[float, int]:
    runs = [run_once(command) for _ in range(repeat)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,2000,10000")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument("--memory-100k", action="store_true",
                        help="also measure peak memory on 100 000 records (slow to generate)")
    args = parser.parse_args()
    esfproj, check_jsonschema, yamllint = tool("esfproj"), tool("check-jsonschema"), tool("yamllint")
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="esfproj-bench-"))
    print(f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.machine()}; median of {args.repeat} runs", file=sys.stderr)
    rows = []
    try:
        for size in sizes:
            folder = work / str(size)
            generate(size, folder)
            files = sorted(str(p) for p in folder.glob("*.yaml"))
            repeat = args.repeat if size <= 2000 else max(1, args.repeat // 2)
            validate = measure([esfproj, "validate", str(folder), "-q", "--as-of", AS_OF], repeat)
            summary = measure([esfproj, "summary", str(folder), "--by", "source"], repeat)
            floor = measure([sys.executable, "-c", FLOOR, str(folder)], repeat)
            peer = measure([check_jsonschema, "--schemafile", "schemas/project.schema.json",
                            *files], 1 if size > 2000 else repeat)
            rows.append((size, validate, summary, peer, floor))
            print(f"{size}: done", file=sys.stderr)
        single = work / "one"
        generate(1, single)
        one = str(next(single.glob("*.yaml")))
        start_esfproj = measure([esfproj, "validate", one, "-q", "--as-of", AS_OF], 21)
        start_yamllint = measure([yamllint, one], 21)
        big = None
        if args.memory_100k:
            folder = work / "100000"
            generate(100_000, folder)
            big = (measure([esfproj, "validate", str(folder), "-q", "--as-of", AS_OF], 1),
                   measure([esfproj, "summary", str(folder), "--by", "source"], 1))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("| records | esfproj validate | esfproj summary | check-jsonschema | parse floor "
          "(CSafeLoader) | validate vs check-jsonschema | validate vs floor | peak memory "
          "validate / summary |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, (v, vm), (s, sm), (p, _), (f, _) in rows:
        print(f"| {size:,} | {v:.2f} s | {s:.2f} s | {p:.2f} s | {f:.2f} s | "
              f"{p / v:.1f}x faster | {v / f:.2f}x the time | {vm / 1024:.0f} / {sm / 1024:.0f} MiB |")
    if big is not None:
        (v, vm), (s, sm) = big
        print(f"| 100,000 | {v:.2f} s | {s:.2f} s | | | | | {vm / 1024:.0f} / {sm / 1024:.0f} MiB |")
    (e, em), (y, ym) = start_esfproj, start_yamllint
    print()
    print("| one file (start-up) | esfproj validate | yamllint | esfproj vs yamllint |")
    print("|---|---:|---:|---:|")
    print(f"| median of 21 runs | {e * 1000:.0f} ms ({em / 1024:.0f} MiB) | {y * 1000:.0f} ms "
          f"({ym / 1024:.0f} MiB) | {e / y:.2f}x the time |")


if __name__ == "__main__":
    main()
