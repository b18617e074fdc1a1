"""`esfproj checks`: every check from the registry, with examples run through the validator."""

from __future__ import annotations

import datetime
import json
import os
import tempfile
from pathlib import Path

from esfproj.checks import ALL, EXAMPLES, Example
from esfproj.config import Config
from esfproj.engine import validate
from esfproj.loader import YAML_ENCODING
from esfproj.model import Finding
from esfproj.render.findings import finding_object, line
from esfproj.render.lang import word
from esfproj.render.tables import Table


def failing_line(example: Example, lang: str = "en") -> str:
    """The first line of the failing example that the passing one does not have."""
    if example.note:
        return example.noted(lang)
    passing = {row for text in example.passing.values() for row in text.splitlines()}
    for name, text in example.failing.items():
        for candidate in text.splitlines():
            if candidate not in passing:
                return candidate.strip()
        if name not in example.passing:
            return word("file_named", lang).format(repr(name))
    return ""


def write_example(files: dict[str, str], folder: Path, check: str) -> None:
    for name, text in files.items():
        encoding = "cp1257" if check == YAML_ENCODING.id and files is EXAMPLES[check].failing else "utf-8"
        (folder / name).write_bytes(text.encode(encoding))


def run_example(check: str, failing: bool, as_of: datetime.date | None = None) -> list[Finding]:
    """Validate an example in a temporary folder; the findings it gives."""
    example = EXAMPLES[check]
    files = example.failing if failing else example.passing
    with tempfile.TemporaryDirectory(prefix="esfproj-example-") as folder:
        write_example(files, Path(folder), check)
        report = validate([folder], Config(), as_of or datetime.date.today())
    prefix = folder + os.sep  # messages that name another file name it as the example does
    return [
        f._replace(
            file=f.file.removeprefix(prefix),
            message=f.message._replace(template=f.message.template.replace(prefix, "")),
        )
        for f in report.findings
    ]


def checks_table(lang: str = "en") -> Table:
    """Every check, for people; CSV keeps the English summaries (`lang` "en")."""
    rows = [
        [check.id, word(check.severity.value, lang), check.described(lang), failing_line(EXAMPLES[check.id], lang)]
        for check in ALL.values()
    ]
    return Table(
        [word(key, lang) for key in ("check", "severity", "what_it_finds", "failing_example")],
        set(),
        rows,
        notes=[word("explain_one", lang)],
    )


def checks_json() -> str:
    return (
        json.dumps(
            [
                {
                    "id": c.id,
                    "severity": c.severity.value,
                    "summary": c.summary,
                    "failing_example": failing_line(EXAMPLES[c.id]),
                }
                for c in ALL.values()
            ],
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def explain(check_id: str, as_of: datetime.date | None = None, lang: str = "en") -> str:
    check, example = ALL[check_id], EXAMPLES[check_id]
    out = [f"{check.id} ({word(check.severity.value, lang)}): {check.described(lang)}", ""]
    for title, files in (("Passing", example.passing), ("Failing", example.failing)):
        out.append(f"{word('example_' + title.lower(), lang)}:")
        if not files:
            out.append(f"  {example.noted(lang)}")
        for name, text in files.items():
            out.append(f"  {name}:" + (f"  ({example.noted(lang)})" if title == "Failing" and example.note else ""))
            out += [f"    {row}" for row in text.splitlines()]
        out.append("")
    if example.failing:
        out.append(word("validate_says", lang))
        found = run_example(check_id, failing=True, as_of=as_of)
        out += [f"  {line(f, lang=lang)}" for f in found if f.check == check_id]
    return "\n".join(out).rstrip() + "\n"


def explain_json(check_id: str, as_of: datetime.date | None = None) -> str:
    """`explain` for programs: the check, its examples as files, and the findings of the
    failing example as `validate --format json` gives them."""
    check, example = ALL[check_id], EXAMPLES[check_id]
    failing = run_example(check_id, failing=True, as_of=as_of) if example.failing else []
    document = {
        "id": check.id,
        "severity": check.severity.value,
        "summary": check.summary,
        "passing": example.passing,
        "failing": example.failing,
        "note": example.note or None,
        "findings": [finding_object(f) for f in failing if f.check == check_id],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


DOCS_AS_OF = datetime.date(2026, 11, 22)
"""The check date of the examples in docs/checks.md, so the page is the same every day."""


def checks_page() -> str:
    """docs/checks.md: a section per check, from the registry and the examples."""
    out = [
        "# Checks",
        "",
        "Generated by `python scripts/generate_docs.py` from the registry that `esfproj "
        "validate` uses; `esfproj checks ID` prints the same. Examples are checked as of "
        f"{DOCS_AS_OF}.",
        "",
    ]
    out += [f"- [`{c.id}`](#{c.id}) ({c.severity.value}): {c.summary}" for c in ALL.values()]
    for check in ALL:
        out += ["", f"## {check}", "", "```text", explain(check, DOCS_AS_OF).rstrip(), "```"]
    return "\n".join(out) + "\n"
