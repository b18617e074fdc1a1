"""Every command on the same generated records: CPU time, peak memory and output size.

    pip install '.[bench]'
    python benchmarks/commands.py                   # 2 000 and 20 000 records
    python benchmarks/commands.py --sizes 100000    # as many as you like

Each command runs as a fresh process writing its output to a file, as a person would run
it, with `--no-cache`: what is measured is the work itself (`benchmarks/cache.py` measures
the cache). The machine is shared, so time is CPU time (user and system, the worker processes
included), not wall time; peak memory is the largest resident set of the command or any of
its workers. Prints a Markdown table, the one in the README, with each command's time as a
multiple of `validate --quiet`'s on the same records.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate  # noqa: E402

COMMANDS: list[tuple[str, list[str]]] = [
    ("validate --quiet", ["validate", "--quiet"]),
    ("summary", ["summary"]),
    ("list", ["list"]),
    ("list --format json", ["list", "--format", "json"]),
    ("export --format csv", ["export", "--format", "csv"]),
    ("export --format json", ["export", "--format", "json"]),
    ("export --format jsonl", ["export", "--format", "jsonl"]),
    ("report", ["report"]),
]


class Measured(NamedTuple):
    cpu: float
    """Seconds, user and system, the command's worker processes included."""
    peak_kib: int
    size: int


def run_once(arguments: list[str], folder: Path, output: Path) -> Measured:
    """CPU time (the command and its workers), peak memory and output size of one run."""
    esfproj = shutil.which("esfproj", path=str(Path(sys.executable).parent)) or "esfproj"
    command = [esfproj, *arguments, str(folder), "--no-cache"]  # the work itself (benchmarks/cache.py: the cache)
    command += ["--output", str(output)] if arguments[0] != "validate" else []
    output.unlink(missing_ok=True)
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, _, usage = os.wait4(process.pid, 0)
    size = output.stat().st_size if output.exists() else 0
    return Measured(usage.ru_utime + usage.ru_stime, usage.ru_maxrss, size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="2000,20000")
    parser.add_argument("--only", help="commands to run, comma-separated names from the table (default: all)")
    args = parser.parse_args()
    chosen = [c for c in COMMANDS if args.only is None or c[0] in args.only.split(",")]
    work = Path(tempfile.mkdtemp(prefix="esfproj-commands-"))
    print("| records | command | CPU time | vs validate | peak memory | output |")
    print("|---:|---|---:|---:|---:|---:|")
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = work / str(size)
            generate(size, folder)
            base = None
            for name, arguments in chosen:
                measured = run_once(arguments, folder, work / "out")
                base = measured.cpu if name == "validate --quiet" else base
                ratio = f"{measured.cpu / base:.2f}x" if base else ""
                shown = f"{measured.size / 1e6:.1f} MB" if measured.size else ""
                print(
                    f"| {size:,} | `{name}` | {measured.cpu:.1f} s | {ratio} | "
                    f"{measured.peak_kib / 1024:.0f} MiB | {shown} |",
                    flush=True,
                )
            shutil.rmtree(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
