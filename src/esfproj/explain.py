"""`esfproj checks`: every check from the registry, with examples run through the validator."""

from __future__ import annotations

import datetime
import json
import tempfile
from pathlib import Path

from esfproj.checks import ALL
from esfproj.checks.examples import EXAMPLES, Example
from esfproj.config import Config
from esfproj.model import Finding
from esfproj.reporters.text import line
from esfproj.tables import Table


def failing_line(example: Example) -> str:
    """The first line of the failing example that the passing one does not have."""
    if example.note:
        return example.note
    passing = {row for text in example.passing.values() for row in text.splitlines()}
    for name, text in example.failing.items():
        for candidate in text.splitlines():
            if candidate not in passing:
                return candidate.strip()
        if name not in example.passing:
            return f"a file named {name!r}"
    return ""


def write_example(files: dict[str, str], folder: Path, check: str) -> None:
    for name, text in files.items():
        encoding = "cp1257" if check == "yaml-encoding" and files is EXAMPLES[check].failing \
            else "utf-8"
        (folder / name).write_bytes(text.encode(encoding))


def run_example(check: str, failing: bool) -> list[Finding]:
    """Validate an example in a temporary folder; the findings it gives."""
    example = EXAMPLES[check]
    files = example.failing if failing else example.passing
    with tempfile.TemporaryDirectory(prefix="esfproj-example-") as folder:
        write_example(files, Path(folder), check)
        from esfproj.validate import validate

        report = validate([folder], Config(), datetime.date.today())
    return [f._replace(file=Path(f.file).name) for f in report.findings]


def checks_table() -> Table:
    rows = [[check.id, check.severity.value, check.summary, failing_line(EXAMPLES[check.id])]
            for check in ALL.values()]
    return Table(["Check", "Severity", "What it finds", "Failing example"], set(), rows,
                 notes=["esfproj checks ID explains one check, with a passing and a failing example."])


def checks_json() -> str:
    return json.dumps([{"id": c.id, "severity": c.severity.value, "summary": c.summary,
                        "failing_example": failing_line(EXAMPLES[c.id])} for c in ALL.values()],
                      indent=2, ensure_ascii=False) + "\n"


def explain(check_id: str) -> str:
    check, example = ALL[check_id], EXAMPLES[check_id]
    out = [f"{check.id} ({check.severity.value}): {check.summary}", ""]
    for title, files in (("Passing", example.passing), ("Failing", example.failing)):
        out.append(f"{title}:")
        if not files:
            out.append(f"  {example.note}")
        for name, text in files.items():
            out.append(f"  {name}:" + (f"  ({example.note})" if title == "Failing" and example.note
                                        else ""))
            out += [f"    {row}" for row in text.splitlines()]
        out.append("")
    if example.failing:
        out.append("What esfproj validate says about the failing example:")
        out += [f"  {line(f)}" for f in run_example(check_id, failing=True)
                if f.check == check_id]
    return "\n".join(out).rstrip() + "\n"
