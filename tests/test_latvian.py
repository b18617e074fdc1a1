"""`--lang lv`: every word the tool writes around the data in Latvian, numbers and dates
in Latvian form, finding messages included."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from esfproj.checks import ALL, EXAMPLES
from esfproj.cli import app
from esfproj.render.checks import run_example
from esfproj.render.lang import ENGLISH, WORDS
from tests.conftest import REPO, write

runner = CliRunner()

# A record whose own texts are all Latvian, with findings of several kinds: whatever
# English appears in its output under --lang lv was written by the tool.
RECORD = """\
schema_version: 1
project_number: 9.2.1.1/15/I/001
title: Profesionāla sociālā darba attīstība pašvaldībās
fund: ESF
status: in_progress
lead_partner: Labklājības ministrija
participant:
  name: Jūrmalas pilsētas dome
  role: partner
period:
  start: 2016-04-18
  end: 2023-12-31
partners:
  count: 14
  groups:
    - {kind: pašvaldības, count: 12}
    - {kind: centri, count: 3}
funding:
  label: Finansējuma apmērs
  amount: 70222.38
  parts:
    - label: Attiecināmās izmaksas
      eligibility: eligible
      parts:
        - {label: ESF, amount: 59689.02, rate: 80, source: ESF}
        - {label: Valsts budžets, amount: 10533.36, source: state_budget}
      breakdowns:
        by_activity:
          - {label: pilotprojekts, amount: 662.56}
          - {label: apmācības, amount: 66905.91}
acknowledged:
  - check: status-dates
    note: Lapā joprojām norādīts statuss Īstenošanā.
notes: Pārrakstīts no pašvaldības lapas.
"""
ENGLISH_WORDS = [
    "acknowledged",
    "breakdown by",
    "by activity",
    "sum of parts",
    "(partner)",
    "Records",
    "Total",
    "Scope",
    "Findings",
    "Funding",
    "whole project",
    "participant's share",
    "parts add up",
    "the node states",
    "the amounts give",
    "status is",
    "checked as of",
    "error[",
    "warning[",
    "info[",
    " records",
    " files",
    "Made by",
    "Headline",
]
ENGLISH_NUMBER = re.compile(r"(?<![0-9.])[0-9]{1,3}(?: [0-9]{3})*\.[0-9]{2}(?![0-9.])|\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b")
"""`70 222.38` or `2016-04-18`: Latvian writes `70 222,38` and `18.04.2016.`. (Check ids,
paths and the records' own field names are identifiers, not words: they stay.)"""


def test_both_languages_have_the_same_words() -> None:
    assert set(WORDS["lv"]) == set(ENGLISH)


def test_every_message_the_code_writes_has_its_latvian_form() -> None:
    strays = []
    for path in (REPO / "src" / "esfproj").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "id", None) == "Message"
                and not any(keyword.arg == "lv" for keyword in node.keywords)
            ):
                strays.append(f"{path.name}:{node.lineno}")
    assert strays == []


@pytest.mark.parametrize("check", sorted(c for c in ALL if EXAMPLES[c].failing))
def test_every_check_speaks_latvian(check: str) -> None:
    found = [f for f in run_example(check, failing=True) if f.check == check]
    assert found
    for finding in found:
        assert finding.message.lv is not None
        assert finding.message.render(human=True, lang="lv") != finding.message.render(human=True)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    write(tmp_path, RECORD, "data/projects/jurmala-9.2.1.1-15-I-001.yaml")
    return tmp_path / "data" / "projects"


def english_in(text: str) -> list[str]:
    return [w for w in ENGLISH_WORDS if w in text] + ENGLISH_NUMBER.findall(text)


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["list"],
        ["summary"],
        ["summary", "--by", "source,eligibility,year,status,participant"],
        ["summary", "--format", "markdown", "--by", "fund,year"],
        ["show", "jurmala-9.2.1.1-15-I-001"],
    ],
    ids=lambda c: " ".join(c),
)
def test_no_english_around_the_data(data: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    monkeypatch.chdir(data.parent.parent)
    result = runner.invoke(app, [*command, "--lang", "lv", "--as-of", "2026-11-22"][: None if "show" in command
                                 or "validate" in command else -2])  # fmt: skip
    assert result.exit_code in (0, 1), result.output
    assert english_in(result.stdout) == [], result.stdout


def test_the_report_has_no_english_around_the_data(data: Path, tmp_path: Path) -> None:
    page = tmp_path / "lv.html"
    result = runner.invoke(app, ["report", str(data), "-o", str(page), "--lang", "lv", "--as-of", "2026-11-22"])
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8").split("</style>")[1].replace("\u00a0", " ")
    visible = re.sub(r"<[^>]+>", " ", text)
    assert english_in(visible) == [], visible
    assert "daļu summa ir 67 568,47 EUR, mezglā norādīts 70 222,38 EUR" in visible


MORE_ENGLISH = [
    "could not",
    "incomplete",
    "Incomplete",
    "wrote ",
    "the figures",
    "have errors",
    "is not an amount",
    "not valid YAML",
    "the file is empty",
    "Only the money",
    "Showing",
    "the rest",
    "Whole project",
    "none among",
    "shares",
    "Check ",
    "Severity",
    "Passing",
    "Failing",
    "What esfproj",
    "refused",
    "nothing printed",
]


@pytest.fixture
def messy(data: Path) -> Path:
    """The record, a share of the same project with an amount that cannot be read, an empty
    file and a file whose top is a list."""
    share = RECORD.replace("amount: 70222.38", "amount: 70 222,38").replace("Jūrmalas", "Ogres")
    write(data, share, "ogres-9.2.1.1-15-I-001.yaml")
    write(data, "", "tukss.yaml")
    write(data, "- viens\n- divi\n", "saraksts.yaml")
    return data


@pytest.mark.parametrize(
    "command",
    [
        ["validate"],
        ["list", "--sort=-total", "--limit", "1"],
        ["summary", "--top", "1", "--by", "participant"],
        ["summary", "--year", "2020", "--strict"],
        ["summary", "--from", "2020-01-01", "--to", "2020-06-30", "--by", "year", "--format", "markdown"],
        ["show", "9.2.1.1/15/I/001"],
        ["report", "-o", "{tmp}/lv.html"],
        ["checks"],
        ["checks", "funding-rate"],
    ],
    ids=lambda c: " ".join(c),
)
def test_every_command_speaks_latvian_on_a_messy_folder(messy: Path, tmp_path: Path, command: list[str]) -> None:
    """stdout and stderr, notes, the incomplete block and the closing lines included."""
    given = [c.replace("{tmp}", str(tmp_path)) for c in command]
    if command[0] != "checks":  # the folder after the command's own arguments (show's RECORD)
        given.insert(2 if command[0] == "show" else 1, str(messy))
    args = [*given, "--lang", "lv"]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.output
    said = result.stdout + result.stderr
    if command[0] == "report":
        page = (tmp_path / "lv.html").read_text(encoding="utf-8").split("</style>")[1].replace("\u00a0", " ")
        said += re.sub(r"<[^>]+>", " ", page)
    if command[0] == "checks":  # the examples are records (data) and their notes, left in English
        for example in EXAMPLES.values():
            texts = [*example.passing.values(), *example.failing.values()]
            for part in sorted({example.note, *(r.strip() for t in texts for r in t.splitlines())}, key=len)[::-1]:
                said = said.replace(part, "") if part else said
        for check in ALL:  # identifiers, not words
            said = said.replace(check, "")
    found = [w for w in [*ENGLISH_WORDS, *MORE_ENGLISH] if w in said] + ENGLISH_NUMBER.findall(said)
    assert found == [], said


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["summary", "--by", "gads"], "--by gaida dažādus laukus no fund, source, eligibility, status, programme, "
         "specific_objective, measure, lead_partner, participant, region, year; nevis 'gads'"),
        (["summary", "--from", "2020-01-01"], "--from un --to norāda kopā (dienu laikposms, abas dienas ieskaitot)"),
        (["list", "--fund", "EFS"], "--fund gaida vienu no: ESF, ESF+, ERDF, CF, YEI, FEAD, JTF, EAFRD, EMFF, EMFAF, "
         "AMIF, ISF, BMVI, EGF, RRF, other; nevis 'EFS'"),
        (["list", "--active-on", "01.02.2020"], "--active-on gaida datumu GGGG-MM-DD, nevis '01.02.2020'"),
        (["new", "--title", "Atbalsts", "--fund", "ESF"], "vajag --number (vai palaidiet esfproj new terminālī)"),
        (["new", "--amount", "1 000,00"], "--amount gaida ciparus ar decimālpunktu (1234.56); nevis '1 000,00'"),
    ],
    ids=lambda c: " ".join(c) if isinstance(c, list) else "",
)  # fmt: skip
def test_usage_mistakes_in_latvian(data: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], said: str) -> None:
    monkeypatch.chdir(data.parent.parent)
    result = runner.invoke(app, [*command, "--lang", "lv"])
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"esfproj: kļūda: {said}\n")
