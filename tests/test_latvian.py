"""`--lang lv`: every word the tool writes around the data in Latvian, numbers and dates
in Latvian form, finding messages included."""

from __future__ import annotations

import ast
import errno
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from esfproj.checks import ALL, EXAMPLES
from esfproj.cli import app
from esfproj.commands.common import guarded
from esfproj.errors import EsfprojError
from esfproj.render.checks import run_example
from esfproj.render.lang import ENGLISH, WORDS
from esfproj.text import os_reason
from tests.conftest import REPO, VALID, write

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
    if command[0] == "checks":  # the examples' records are data, left as they are (their notes are not)
        for example in EXAMPLES.values():
            texts = [*example.passing.values(), *example.failing.values()]
            for part in sorted({r.strip() for t in texts for r in t.splitlines()}, key=len)[::-1]:
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


def error_classes() -> set[str]:
    """EsfprojError and every subclass of it, by name."""
    found, todo = set(), [EsfprojError]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo += cls.__subclasses__()
    return found


def test_every_error_the_code_raises_has_its_latvian_form() -> None:
    names = error_classes()
    assert {"EsfprojError", "UsageError", "ConfigError", "OutputError", "Cancelled"} <= names
    strays = []
    for path in (REPO / "src" / "esfproj").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and (getattr(node.func, "id", None) or getattr(node.func, "attr", None)) in names
                and not any(keyword.arg == "lv" for keyword in node.keywords)
            ):
                strays.append(f"{path.relative_to(REPO / 'src')}:{node.lineno}")
    assert strays == []


@pytest.fixture
def mistakes(data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The data folder, a record outside it, a list separated by semicolons and a configuration
    with a key it does not know; the current folder is their folder."""
    root = data.parent.parent
    write(root, RECORD, "elsewhere/record.yaml")
    write(root, "Operation_Unique_Identifier;Operation_Local_Identifier\n", "list.csv")
    write(root, 'colour = "never"\n', "bad.toml")
    monkeypatch.chdir(root)
    return root


FILES_WITH_ERRORS = (
    "esfproj: 1 no 1 failiem ir kļūdas; skaitļi no tiem var būt nepareizi (esfproj validate tās parāda)\n"
)


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (["summary", "--period", "2020-01-01"], "--period gaida GGGG-MM-DD..GGGG-MM-DD, nevis '2020-01-01'"),
        (["list", "--period", "2020-12-31..2020-01-01"],
         "--period 2020-12-31..2020-01-01: beigas ir pirms sākuma; vai domājāt 2020-01-01..2020-12-31?"),
        (["validate", "-f", "json", "-f", "sarif", "-o", "a.json"],
         "2 formātiem vajag 2 --output failus, pa vienam katram, tādā pašā secībā"),
        (["summary", "--by", "fund", "--by", "source"],
         "--by vairāk nekā vienu reizi prasa --format xlsx (katram grupējumam sava lapa)"),
        (["import", "list.csv"],
         "saraksta kolonnas atdala semikoli; saglabājiet to kā CSV ar komatiem (RFC 4180)"),
        (["export", "--format", "json", "-o", "elsewhere/record.yaml"],
         "elsewhere/record.yaml: atteikts pārrakstīt ierakstu (tajā ir project_number vai schema_version); "
         "rakstiet izvadi citur"),
        (["export", "--format", "json", "-o", "data/projects/all.json"],
         "data/projects/all.json: atteikts rakstīt datu mapē data/projects; rakstiet izvadi citur"),
        (["diff"], "{cwd} nav git repozitorijā; esfproj diff salīdzina viena repozitorija revīzijas"),
        (["diff", "a", "b", "c"],
         "diff gaida ne vairāk kā divas revīzijas, BASE un HEAD; ceļus norāda pēc --: 'c'"),
        (["validate", "--config", "bad.toml"],
         "bad.toml: nezināma atslēga 'colour' (zināmās: cache, checks, exclude, limits, paths, sum_tolerance)"),
        (["list", "nowhere"], "nowhere: nav tāda faila vai mapes"),
        (["validate", "--config", "nowhere.toml"], "nowhere.toml: nevar nolasīt: nav tāda faila vai mapes"),
        (["validate", "--config", "elsewhere"], "elsewhere: nevar nolasīt: ir mape"),
        (["import", "nowhere.csv"], "nowhere.csv: nevar nolasīt: nav tāda faila vai mapes"),
        (["checks", "nope"], "nav pārbaudes 'nope'; tās uzskaita esfproj checks"),
    ],
    ids=lambda c: " ".join(c) if isinstance(c, list) else "",
)  # fmt: skip
def test_errors_in_latvian(mistakes: Path, command: list[str], said: str) -> None:
    """Read from the command line's --lang, the configuration's errors included (it is read
    once the command runs); nothing is written. (export reads the records before it writes:
    it says first, in Latvian too, that the record has errors.)"""
    result = runner.invoke(app, [*command, "--lang", "lv"])
    before = FILES_WITH_ERRORS if command[0] == "export" else ""
    expected = before + f"esfproj: kļūda: {said.replace('{cwd}', os.getcwd())}\n"
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected)
    assert not (mistakes / "records").exists() and not (mistakes / "a.json").exists()
    assert (mistakes / "elsewhere" / "record.yaml").read_text(encoding="utf-8") == RECORD


def test_the_same_errors_stay_english_by_default(mistakes: Path) -> None:
    result = runner.invoke(app, ["summary", "--by", "fund", "--by", "source"])
    assert (result.exit_code, result.stderr) == (
        2,
        "esfproj: error: --by more than once needs --format xlsx (a sheet for each grouping)\n",
    )


@pytest.mark.parametrize(
    ("code", "system", "lv"),
    [
        (errno.ENOENT, "No such file or directory", "nav tāda faila vai mapes"),
        (errno.EACCES, "Permission denied", "nav atļaujas"),
        (errno.EPERM, "Operation not permitted", "nav atļaujas"),
        (errno.ENOTDIR, "Not a directory", "nav mape"),
        (errno.EISDIR, "Is a directory", "ir mape"),
        (errno.EEXIST, "File exists", "tāds fails vai mape jau ir"),
        (errno.ENOSPC, "No space left on device", "diskā nav vietas"),
        (errno.EROFS, "Read-only file system", "failu sistēma ir tikai lasāma"),
        (errno.ELOOP, "Too many levels of symbolic links", "pārāk daudz simbolisko saišu pēc kārtas"),
        (errno.EIO, "Input/output error", "ievades/izvades kļūda"),
        (errno.EXDEV, "Invalid cross-device link", "Invalid cross-device link"),  # not in the table
    ],
    ids=lambda c: errno.errorcode.get(c, "") if isinstance(c, int) else "",
)
def test_the_systems_reasons_in_latvian(code: int, system: str, lv: str) -> None:
    """English: the system's words exactly, as before; Latvian: the common ones translated,
    any other as the system said it."""
    error = OSError(code, system, "some/file.yaml")
    assert (os_reason(error), os_reason(error, "en"), os_reason(error, "lv")) == (system, system, lv)


def test_a_reason_with_no_errno_stays_as_it_is() -> None:
    error = OSError("something else")
    assert os_reason(error) == os_reason(error, "lv") == "something else"


ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
not_as_root = pytest.mark.skipif(ROOT, reason="root reads and lists anything; the root-proof tests cover the same")
LV_AND_EN = pytest.mark.parametrize("lang", ["lv", "en"])


@pytest.fixture
def unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid record in data/ and a plain file beside data/; the current folder is theirs."""
    write(tmp_path, VALID, "data/good.yaml")
    write(tmp_path, "not a record\n", "plain.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def denied(monkeypatch: pytest.MonkeyPatch, name: str, call: str) -> None:
    """`os.<call>` of a path ending in `name` refused as the system refuses it (EACCES):
    what a file or folder without permission gives, as root too."""
    real = getattr(os, call)

    def refuse(path: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(path).endswith(name):
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, call, refuse)


READ_CLOSING = {
    "lv": "0 ieraksti 1 failā: 1 kļūda, 0 brīdinājumi, 0 piezīmes, 0 atzīti\n",
    "en": "0 records in 1 file: 1 error, 0 warnings, 0 infos, 0 acknowledged\n",
}
CANNOT_READ = {
    "lv": "data/good.yaml:1:1: kļūda[file-read] failu nevar nolasīt: {}\n",
    "en": "data/good.yaml:1:1: error[file-read] cannot read the file: {}\n",
}
DENIED = {"lv": "nav atļaujas", "en": "Permission denied"}


@not_as_root
@LV_AND_EN
def test_a_record_that_cannot_be_read_for_permission(unreadable: Path, lang: str) -> None:
    (unreadable / "data" / "good.yaml").chmod(0)
    try:
        result = runner.invoke(app, ["validate", "data", "--lang", lang])
    finally:
        (unreadable / "data" / "good.yaml").chmod(0o644)
    expected = CANNOT_READ[lang].format(DENIED[lang]) + READ_CLOSING[lang]
    assert (result.exit_code, result.stdout, result.stderr) == (1, expected, "")


@LV_AND_EN
def test_a_record_that_cannot_be_read_for_permission_as_root_too(
    unreadable: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    denied(monkeypatch, "good.yaml", "open")
    result = runner.invoke(app, ["validate", "data", "--lang", lang])
    expected = CANNOT_READ[lang].format(DENIED[lang]) + READ_CLOSING[lang]
    assert (result.exit_code, result.stdout, result.stderr) == (1, expected, "")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links")
@LV_AND_EN
def test_a_record_that_is_a_link_to_itself(unreadable: Path, lang: str) -> None:
    """ELOOP, from the system itself, as root too."""
    (unreadable / "data" / "good.yaml").unlink()
    os.symlink("good.yaml", unreadable / "data" / "good.yaml")
    result = runner.invoke(app, ["validate", "data", "--lang", lang])
    why = {"lv": "pārāk daudz simbolisko saišu pēc kārtas", "en": os.strerror(errno.ELOOP)}[lang]
    expected = CANNOT_READ[lang].format(why) + READ_CLOSING[lang]
    assert (result.exit_code, result.stdout, result.stderr) == (1, expected, "")


UNLISTED = {
    "lv": "{}:1:1: kļūda[file-read] mapes saturu nevar nolasīt: {}; neviens tās ieraksts nav nevienā skaitlī\n",
    "en": "{}:1:1: error[file-read] cannot list the folder: {}; no record in it is in any figure\n",
}
LISTED_CLOSING = {
    "lv": "1 ieraksts 1 failā: 1 kļūda, 0 brīdinājumi, 0 piezīmes, 0 atzīti\n",
    "en": "1 record in 1 file: 1 error, 0 warnings, 0 infos, 0 acknowledged\n",
}


@not_as_root
@LV_AND_EN
def test_a_folder_that_cannot_be_listed(unreadable: Path, lang: str) -> None:
    locked = unreadable / "data" / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        result = runner.invoke(app, ["validate", "data", "--lang", lang])
    finally:
        locked.chmod(0o755)
    expected = UNLISTED[lang].format("data/locked/", DENIED[lang]) + LISTED_CLOSING[lang]
    assert (result.exit_code, result.stdout, result.stderr) == (1, expected, "")


@LV_AND_EN
def test_a_folder_that_cannot_be_listed_as_root_too(
    unreadable: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    (unreadable / "data" / "locked").mkdir()
    denied(monkeypatch, "locked", "scandir")
    result = runner.invoke(app, ["validate", "data", "--lang", lang])
    expected = UNLISTED[lang].format("data/locked/", DENIED[lang]) + LISTED_CLOSING[lang]
    assert (result.exit_code, result.stdout, result.stderr) == (1, expected, "")


@LV_AND_EN
def test_a_folder_under_a_file(unreadable: Path, lang: str) -> None:
    """ENOTDIR, from the system itself, as root too."""
    result = runner.invoke(app, ["validate", "data/good.yaml/inside", "--lang", lang])
    why = {"lv": "nav mape", "en": os.strerror(errno.ENOTDIR)}[lang]
    closing = {
        "lv": "0 ieraksti 0 failos: 1 kļūda, 0 brīdinājumi, 0 piezīmes, 0 atzīti\n",
        "en": "0 records in 0 files: 1 error, 0 warnings, 0 infos, 0 acknowledged\n",
    }[lang]
    expected = UNLISTED[lang].format("data/good.yaml/inside/", why) + closing
    assert (result.exit_code, result.stdout, result.stderr) == (1, expected, "")


@LV_AND_EN
def test_a_folder_to_import_into_that_cannot_be_listed(
    unreadable: Path, monkeypatch: pytest.MonkeyPatch, lang: str
) -> None:
    shutil.copy(REPO / "tests" / "examples" / "import" / "kohesio-sample.csv", "list.csv")
    (unreadable / "into").mkdir()
    denied(monkeypatch, "into", "listdir")
    result = runner.invoke(app, ["import", "list.csv", "--into", "into", "--lang", lang])
    said = {
        "lv": "esfproj: kļūda: into: mapes saturu nevar nolasīt: nav atļaujas\n",
        "en": "esfproj: error: into: cannot list the folder: Permission denied\n",
    }[lang]
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", said)


@pytest.mark.parametrize(
    ("output", "lv", "en"),
    [
        ("plain.txt/sub/summary.txt", "šeit nevar rakstīt: nav mape",
         f"cannot write here: {os.strerror(errno.ENOTDIR)}"),
        ("plain.txt/summary.txt", "šeit nevar rakstīt: tāds fails vai mape jau ir",
         f"cannot write here: {os.strerror(errno.EEXIST)}"),
    ],
    ids=["ENOTDIR", "EEXIST"],
)  # fmt: skip
def test_output_where_no_folder_can_be(unreadable: Path, output: str, lv: str, en: str) -> None:
    """--output under a file: its folder cannot be made (a folder of a file, ENOTDIR; the file
    itself where the folder would be, EEXIST), as root too; nothing is written."""
    name = os.path.realpath(output)
    for lang, why in (("lv", f"kļūda: {name}: {lv}"), ("en", f"error: {name}: {en}")):
        result = runner.invoke(app, ["summary", "data", "-o", output, "--lang", lang])
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", f"esfproj: {why}\n")
    assert (unreadable / "plain.txt").read_text(encoding="utf-8") == "not a record\n"


@not_as_root
def test_output_into_a_folder_without_permission(unreadable: Path) -> None:
    locked = unreadable / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = runner.invoke(app, ["summary", "data", "-o", "locked/summary.txt", "--lang", "lv"])
    finally:
        locked.chmod(0o755)
    name = os.path.realpath("locked/summary.txt")
    assert (result.exit_code, result.stderr) == (2, f"esfproj: kļūda: {name}: šeit nevar rakstīt: nav atļaujas\n")


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("lv", "esfproj: kļūda: stdout: nevar uzrakstīt: diskā nav vietas\n"),
        ("en", "esfproj: error: stdout: cannot write: No space left on device\n"),
    ],
)
def test_stdout_on_a_full_disk(capsys: pytest.CaptureFixture[str], lang: str, said: str) -> None:
    def full() -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    assert guarded(full, lang=lang) == 2
    assert capsys.readouterr().err == said


def test_the_examples_notes_in_latvian() -> None:
    """The notes that say what a failing example is; the examples' records are data, as they are."""
    noted = {check: example for check, example in EXAMPLES.items() if example.note}
    assert noted
    table = runner.invoke(app, ["--color", "never", "checks", "--lang", "lv"], env={"COLUMNS": "400"})
    assert table.exit_code == 0
    for check, example in noted.items():
        assert example.note_lv and example.note_lv != example.note, check
        assert example.note not in table.stdout
        assert example.note_lv in table.stdout
        explained = runner.invoke(app, ["checks", check, "--lang", "lv"])
        assert example.note not in explained.stdout
        assert example.note_lv in explained.stdout
        assert example.note in runner.invoke(app, ["checks", check]).stdout


@pytest.mark.parametrize(
    ("command", "said"),
    [
        (
            ["summary", "--format", "bogus"],
            "Lietojums: esfproj summary [OPTIONS] [paths]...\nPalīdzība: esfproj summary -h\nesfproj: kļūda: "
            "nederīga vērtība '--format' / '-f': 'bogus' nav neviena no 'table', 'csv', 'json', 'markdown', 'xlsx'\n",
        ),
        (
            ["summary", "--top", "0"],
            "Lietojums: esfproj summary [OPTIONS] [paths]...\nPalīdzība: esfproj summary -h\n"
            "esfproj: kļūda: nederīga vērtība '--top': 0 nav robežās x>=1\n",
        ),
        (
            ["show"],
            "Lietojums: esfproj show [OPTIONS] {record} [paths]...\nPalīdzība: esfproj show -h\n"
            "esfproj: kļūda: trūkst argumenta 'record'\n",
        ),
        (
            ["validate", "--nope"],
            "Lietojums: esfproj validate [OPTIONS] [paths]...\nPalīdzība: esfproj validate -h\n"
            "esfproj: kļūda: nav tādas opcijas: --nope (iespējamās: --no-cache)\n",
        ),
        (
            ["list", "--limit", "x"],
            "Lietojums: esfproj list [OPTIONS] [paths]...\nPalīdzība: esfproj list -h\n"
            "esfproj: kļūda: nederīga vērtība '--limit': 'x' nav vesels skaitlis\n",
        ),
    ],
    ids=lambda c: " ".join(c) if isinstance(c, list) else "",
)
def test_typers_own_usage_errors_in_latvian(command: list[str], said: str, capfd: pytest.CaptureFixture[str]) -> None:
    """What Typer finds on the command line itself, before esfproj runs: through the console
    script's entry, as a user meets it; exit 2, nothing on stdout. In English by default."""
    from esfproj.entry import main

    for lang in (["--lang", "lv"], ["--lang=lv"]):
        with pytest.raises(SystemExit) as stop:
            main([*command, *lang])
        out, err = capfd.readouterr()
        assert (stop.value.code, out, err) == (2, "", said)
    with pytest.raises(SystemExit) as stop:
        main(command)
    out, err = capfd.readouterr()
    assert stop.value.code == 2 and "kļūda" not in err and "Error" in err


def test_in_latvian_says_what_it_does_not_know_as_typer_wrote_it() -> None:
    from esfproj.usage_lv import in_latvian

    assert in_latvian("Something new: x") == "Something new: x"
    assert in_latvian("Invalid value for '--jobs': 'x' is not a valid integer.") == (
        "nederīga vērtība '--jobs': 'x' nav vesels skaitlis"
    )
    assert in_latvian("Got unexpected extra argument(s) (a b)") == "lieki argumenti: a b"
    assert in_latvian("Option '--limit' requires an argument.") == "opcijai '--limit' vajag vērtību"
