"""Time esfproj against the tools people use today, on the same generated records.

    pip install '.[bench]'
    python benchmarks/run.py                 # 100, 2 000 and 10 000 records
    python benchmarks/run.py --memory-100k   # also peak memory on 100 000 records

In one run, on the same folders: `esfproj validate`, `esfproj summary`,
`check-jsonschema --schemafile schemas/project.schema.json` (the peer), and one
Python process that only parses every file with PyYAML's C loader (the floor);
then the start-up on one file against `yamllint`. Each command is called as pre-commit
and CI call it (paths, no options) and runs as a fresh process; the commands take turns,
so a machine that slows down mid-run slows them all alike. The table shows the median
of the runs and peak memory (max RSS). Prints a Markdown table, the one in the README.
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
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate  # noqa: E402

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
    """Wall time in seconds and peak memory in KiB of one run of `command`, without esfproj's
    cache (every run checks every file, as the first run does; `benchmarks/cache.py` times
    the cache)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["ESFPROJ_CACHE_DIR"] = os.devnull
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, _, usage = os.wait4(process.pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss


def measure(commands: list[list[str]], repeat: int, once: frozenset[int] = frozenset()) -> list[tuple[float, int]]:
    """Median time and peak memory of each command; they take turns, `repeat` rounds (the
    commands numbered in `once` run in the first round only)."""
    runs: list[list[tuple[float, int]]] = [[] for _ in commands]
    for round_number in range(repeat):
        for number, command in enumerate(commands):
            if round_number == 0 or number not in once:
                runs[number].append(run_once(command))
    return [(statistics.median(t for t, _ in r), max(m for _, m in r)) for r in runs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,2000,10000")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement")
    parser.add_argument(
        "--memory-100k", action="store_true", help="also measure peak memory on 100 000 records (slow to generate)"
    )
    args = parser.parse_args()
    esfproj, check_jsonschema, yamllint = tool("esfproj"), tool("check-jsonschema"), tool("yamllint")
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="esfproj-bench-"))
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.machine()}; median of {args.repeat} runs",
        file=sys.stderr,
    )
    rows = []
    try:
        for size in sizes:
            folder = work / str(size)
            generate(size, folder)
            files = sorted(str(p) for p in folder.glob("*.yaml"))
            repeat = args.repeat if size <= 2000 else max(1, args.repeat // 2)
            validate, summary, floor, peer = measure(
                [
                    [esfproj, "validate", str(folder)],
                    [esfproj, "summary", str(folder), "--by", "source"],
                    [sys.executable, "-c", FLOOR, str(folder)],
                    [check_jsonschema, "--schemafile", "schemas/project.schema.json", *files],
                ],
                repeat,
                once=frozenset({3}) if size > 2000 else frozenset(),
            )
            rows.append((size, validate, summary, peer, floor))
            print(f"{size}: done", file=sys.stderr)
        single = work / "one"
        generate(1, single)
        one = str(next(single.glob("*.yaml")))
        start_esfproj, start_options, start_yamllint = measure(
            [[esfproj, "validate", one], [esfproj, "validate", "--quiet", one], [yamllint, one]], 21
        )
        big = None
        if args.memory_100k:
            folder = work / "100000"
            generate(100_000, folder)
            big = measure([[esfproj, "validate", str(folder)], [esfproj, "summary", str(folder), "--by", "source"]], 1)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        "| records | esfproj validate | esfproj summary | check-jsonschema | parse floor "
        "(CSafeLoader) | validate vs check-jsonschema | validate vs floor | peak memory "
        "validate / summary |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size, (v, vm), (s, sm), (p, _), (f, _) in rows:
        print(
            f"| {size:,} | {v:.2f} s | {s:.2f} s | {p:.2f} s | {f:.2f} s | "
            f"{p / v:.1f}x faster | {v / f:.2f}x the time | {vm / 1024:.0f} / {sm / 1024:.0f} MiB |"
        )
    if big is not None:
        (v, vm), (s, sm) = big
        print(f"| 100,000 | {v:.2f} s | {s:.2f} s | | | | | {vm / 1024:.0f} / {sm / 1024:.0f} MiB |")
    y = start_yamllint[0]
    print()
    print("| one file (start-up), median of 21 runs | time | peak memory | vs yamllint |")
    print("|---|---:|---:|---:|")
    for name, (e, em) in (
        ("esfproj validate FILE", start_esfproj),
        ("esfproj validate --quiet FILE (options load Typer)", start_options),
        ("yamllint FILE", start_yamllint),
    ):
        print(f"| `{name}` | {e * 1000:.0f} ms | {em / 1024:.0f} MiB | {e / y:.2f}x the time |")


if __name__ == "__main__":
    main()
