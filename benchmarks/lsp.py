"""Time `esfproj lsp` over a real stdio session on a workspace of generated records.

    python benchmarks/lsp.py                    # 10 000 records
    python benchmarks/lsp.py --records 2000 --changes 40

The workspace is `data/projects/` with the generated records and one copy of the first
(so a cross-record finding appears once the server has read the disk). Measured, as an
editor would see them: the opened record's own diagnostics after `initialize` is answered;
its cross-record finding (the background index built); diagnostics after a change (one
keystroke, the 150 ms debounce included), and hover and inlay-hint answers, as median and
95th percentile; the server's peak memory (VmHWM). Prints a Markdown table, the one in the
README. Targets: 1 s, 200 ms p95, 50 ms p95, 200 MiB.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.generate import generate  # noqa: E402

from tests.lsp import Client  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def memory(pid: int) -> float:
    """The process's peak resident memory, MiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run(records: int, changes: int) -> list[tuple[str, str, str]]:
    with tempfile.TemporaryDirectory(prefix="esfproj-lsp-bench-") as workspace:
        root = Path(workspace)
        folder = root / "data" / "projects"
        generate(records, folder)
        opened = folder / "x-copy.yaml"  # sorted after rec-000000.yaml: the duplicate
        shutil.copyfile(folder / "rec-000000.yaml", opened)
        started = time.monotonic()
        client = Client([sys.executable, "-m", "esfproj", "lsp"], root, {})
        answered = time.monotonic()
        try:
            text = opened.read_text(encoding="utf-8")
            uri = client.open(opened, text)
            client.diagnostics_of(uri)
            first = time.monotonic()
            while not any(d["code"] == "duplicate-record" for d in client.diagnostics.get(uri, [])):
                client._pump(0.05)
            indexed = time.monotonic()
            line = next(i for i, content in enumerate(text.splitlines()) if "amount:" in content)
            amount_line = text.splitlines()[line]
            latencies = []
            for version in range(2, changes + 2):
                changed = text.replace(amount_line, amount_line + "1" if version % 2 else amount_line, 1)
                client.diagnostics.pop(uri, None)
                sent = time.monotonic()
                client.notify(
                    "textDocument/didChange",
                    {"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": changed}]},
                )
                client.diagnostics_of(uri)
                latencies.append(time.monotonic() - sent)
            position = {"line": line, "character": amount_line.index("amount:") + 9}
            hovers, hints = [], []
            for _ in range(changes):
                sent = time.monotonic()
                client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": position})
                hovers.append(time.monotonic() - sent)
                whole = {"start": {"line": 0, "character": 0}, "end": {"line": len(text.splitlines()), "character": 0}}
                sent = time.monotonic()
                client.request("textDocument/inlayHint", {"textDocument": {"uri": uri}, "range": whole})
                hints.append(time.monotonic() - sent)
            peak = memory(client.process.pid)
        finally:
            client.close()

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:.0f} / {percentile(values, 0.95) * 1000:.0f} ms"

    return [
        ("server started, `initialize` answered", f"{answered - started:.2f} s", ""),
        ("own diagnostics of the opened record, after `initialize`", f"{first - answered:.2f} s", "1 s"),
        (f"cross-record diagnostics (index of {records + 1:,} records built)", f"{indexed - answered:.1f} s", ""),
        (f"diagnostics after a change, median / p95 of {changes} (150 ms debounce included)", ms(latencies), "200 ms"),
        (f"hover, median / p95 of {changes}", ms(hovers), "50 ms"),
        (f"inlay hints, median / p95 of {changes}", ms(hints), "50 ms"),
        ("server memory, peak (VmHWM)", f"{peak:.0f} MiB", "200 MiB"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--changes", type=int, default=40)
    args = parser.parse_args()
    rows = run(args.records, args.changes)
    print("| measured | esfproj lsp | target |")
    print("|---|---:|---:|")
    for name, value, target in rows:
        print(f"| {name} | {value} | {target} |")


if __name__ == "__main__":
    main()
