"""`esfproj new` with its options: --id, names for two shares whose participants share a first
word, the period and a funding skeleton; help for every option, examples that copy whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from esfproj.cli import app

runner = CliRunner()
NEW = ("new", "--number", "9.2.1.1/15/I/001", "--title", "Atbalsts", "--fund", "ESF")


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_two_shares_whose_participants_share_words_get_two_names(tmp_path: Path) -> None:
    folder = str(tmp_path)
    made = []
    for participant in ("Ogres novada pašvaldība", "Ogres novada Sociālais dienests"):
        code, out, _ = invoke(*NEW, "--participant", participant, "--folder", folder)
        assert code == 0, out
        made.append(out.split()[1].removesuffix(";"))
    assert made == [
        f"{folder}/ogres-9.2.1.1-15-I-001.yaml",
        f"{folder}/ogres-novada-socialais-9.2.1.1-15-I-001.yaml",
    ]
    # the same participant again is the same record: refused, never a second file
    code, out, err = invoke(*NEW, "--participant", "Ogres novada pašvaldība", "--folder", folder)
    assert (code, out) == (2, "")
    assert err == (
        f"esfproj: error: {folder}/ogres-9.2.1.1-15-I-001.yaml exists already; "
        "esfproj new never overwrites a file (--id gives another name)\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "ogres-9.2.1.1-15-I-001.yaml",
        "ogres-novada-socialais-9.2.1.1-15-I-001.yaml",
    ]


def test_id_period_and_funding_skeleton(tmp_path: Path) -> None:
    args = ("--id", "ogres-whole", "--start", "2016-01-05", "--end", "2023-12-31", "--amount", "11325758.00")
    code, out, _ = invoke(*NEW, *args, "--folder", str(tmp_path))
    assert code == 0
    path = tmp_path / "ogres-whole.yaml"
    assert out == f"created {path}; check it with: esfproj validate {path}\n"
    text = path.read_text(encoding="utf-8")
    assert text.split("\n", 1)[1] == (
        'schema_version: 1\nproject_number: "9.2.1.1/15/I/001"\ntitle: "Atbalsts"\nfund: ESF\n'
        "status: unknown\nperiod:\n  start: 2016-01-05\n  end: 2023-12-31\n"
        "funding:\n  amount: 11325758.00\n  currency: EUR\n"
    )
    code, out, _ = invoke("validate", str(path))
    assert (code, out) == (0, "1 record in 1 file: 0 errors, 0 warnings, 0 infos, 0 acknowledged\n")
    code, out, _ = invoke("summary", str(tmp_path), "--year", "2016", "--format", "csv")
    # 2016-01-05..2016-12-31 is 362 of the 2 918 days: 11 325 758.00 * 362 / 2 918 = 1 405 046.06...
    assert out.splitlines()[1] == "ESF,EUR,1,1405046.06,100.00"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--id", "../x"), "--id takes letters a-z, digits, '.', '_' and '-' (not first a '.'); not '../x'"),
        (("--amount", "1 000,00"), "--amount takes digits with a decimal point (1234.56); not '1 000,00'"),
        (("--amount", "1.00", "--currency", "eur"), "--currency takes three capital letters (EUR); not 'eur'"),
        (("--currency", "EUR"), "--currency goes with --amount"),
        (
            ("--start", "2020-02-01", "--end", "2020-01-01"),
            "--start 2020-02-01 --end 2020-01-01: the end is before the start",
        ),
        (("--start", "01.02.2020"), "--start takes a date YYYY-MM-DD, not '01.02.2020'"),
    ],
)
def test_options_given_wrong_write_nothing(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    assert invoke(*NEW, *args, "--folder", str(tmp_path)) == (2, "", f"esfproj: error: {message}\n")
    assert list(tmp_path.iterdir()) == []


def test_every_option_has_help_and_examples_copy_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    command = typer.main.get_command(app)
    missing = [
        f"{name} {p.name}"
        for name, sub in command.commands.items()  # type: ignore[attr-defined]
        for p in sub.params
        if not getattr(p, "help", None)
    ]
    assert missing == []
    monkeypatch.setenv("COLUMNS", "80")
    for name in command.commands:  # type: ignore[attr-defined]
        out = runner.invoke(app, [name, "--help"]).stdout
        examples = [line.strip() for line in out.splitlines() if "Example: esfproj" in line]
        assert examples, name
        for example in examples:  # each on one line, no quoted text broken across two
            assert example.count('"') % 2 == 0, example
            assert re.fullmatch(r"Example: esfproj .*\S", example)
