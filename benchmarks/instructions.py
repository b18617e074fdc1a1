"""What a cold run (filling the cache) adds to a run with `--no-cache`, counted in
instructions rather than seconds.

    python benchmarks/instructions.py                     # 1 000 records; validate, summary
    python benchmarks/instructions.py --size 2000 --only validate

On a shared machine the CPU time of the same run moves by a fifth from one run to the
next: more than the margin of the cold target (at most 1.1 times `--no-cache`). The
instructions a run executes hardly move. This counts them with valgrind's callgrind, in
the command's process and in each of its workers, for a run with `--no-cache` and a cold
one, on `--size` records and on 10 (what does not grow with the records: Python's start,
the imports, opening the cache), and gives the ratio of the two per record, which is what
it tends to on 100 000 records. Instructions are not time: a run that writes the cache
also waits on memory and on the system's writes, which they leave out. Slow: valgrind
runs a program about 50 times slower.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.cache import COMMANDS  # noqa: E402
from benchmarks.generate import generate  # noqa: E402

ESFPROJ = str(Path(sys.executable).parent / "esfproj")
FEW = 10
"""Records in the run that measures what does not grow with the records."""
COLLECTED = re.compile(r"==\d+== Collected : (\d+)")


def instructions(top: Path, command: list[str]) -> int:
    """The instructions `command` executes in `top`, its worker processes included (valgrind
    follows a fork), with a cache folder made afresh."""
    shutil.rmtree(top / ".esfproj_cache", ignore_errors=True)
    env = dict(os.environ, PYTHONHASHSEED="0")  # the same dict and set orders every run
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", ESFPROJ, *command, "records"],
        cwd=top,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,  # 1: the generated records include some with errors, as real ones do
    )
    if done.returncode > 1:
        sys.exit(f"{' '.join(command)} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return sum(int(count) for count in COLLECTED.findall(done.stderr))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--only", default="validate,summary", help="commands from benchmarks/cache.py")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    tops = {size: Path(tempfile.mkdtemp(prefix="esfproj-instructions-")) for size in (FEW, args.size)}
    try:
        for size, top in tops.items():
            generate(size, top / "records")
        print("| command | records | `--no-cache` | cold | cold / `--no-cache` | per record, beyond the first 10 |")
        print("|---|---:|---:|---:|---:|---:|")
        for name in args.only.split(","):
            command = [*COMMANDS[name], "--jobs", "2"]
            runs = [(size, extra) for size in tops for extra in (["--no-cache"], [])]
            with ThreadPoolExecutor(2) as pool:  # two valgrinds at once, one per core
                plain_few, cold_few, plain, cold = pool.map(
                    lambda run: instructions(tops[run[0]], [*command, *run[1]]),  # noqa: B023 (used at once)
                    runs,
                )
            grown = (cold - cold_few) / (plain - plain_few)
            print(
                f"| {name} | {args.size:,} | {plain / 1e9:.3f} G | {cold / 1e9:.3f} G "
                f"| {cold / plain:.3f} | {grown:.3f} |",
                flush=True,
            )
    finally:
        for top in tops.values():
            shutil.rmtree(top, ignore_errors=True)


if __name__ == "__main__":
    main()
