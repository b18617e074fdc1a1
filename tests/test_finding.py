"""Finding and listing records: show by id, project number or path in the paths given;
shares and their whole project pointing at each other; filters without regard to diacritics."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from tests.conftest import REPO, write

runner = CliRunner()
DATA = REPO / "data" / "projects"


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_every_id_list_prints_show_shows_in_the_same_path(tmp_path: Path) -> None:
    other = tmp_path / "other"
    for path in DATA.glob("*.yaml"):
        write(other, path.read_text(encoding="utf-8"), path.name)
    code, out, _ = invoke("list", str(other), "--format", "csv")
    ids = [row[0] for row in list(csv.reader(io.StringIO(out)))[1:]]
    assert len(ids) == 6
    for record_id in ids:
        code, out, err = invoke("show", record_id, str(other))
        assert (code, err) == (0, "")
        assert out.split()[:2] == [record_id, f"({other}/{record_id}.yaml)"]


def test_a_project_number_shows_each_of_its_records_and_they_point_at_each_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(REPO)
    code, out, err = invoke("show", "9.2.2.1/15/I/002", "data/projects")
    assert (code, err) == (0, "")
    heads = [line for line in out.splitlines() if "  (data/projects/" in line and not line.startswith(" ")]
    assert heads == [
        "9.2.2.1-15-I-002  (data/projects/9.2.2.1-15-I-002.yaml)",
        "salaspils-9.2.2.1-15-I-002  (data/projects/salaspils-9.2.2.1-15-I-002.yaml)",
    ]
    assert "Participants' shares  salaspils-9.2.2.1-15-I-002 (Salaspils novada Sociālais dienests)" in out
    code, out, _ = invoke("show", "salaspils-9.2.2.1-15-I-002")
    assert out.splitlines()[3] == "Whole project's record  9.2.2.1-15-I-002 (data/projects/9.2.2.1-15-I-002.yaml)"
    code, out, _ = invoke("show", "salaspils-9.2.2.1-15-I-002", "--lang", "lv")
    assert out.splitlines()[3] == "Visa projekta ieraksts  9.2.2.1-15-I-002 (data/projects/9.2.2.1-15-I-002.yaml)"


def test_show_of_what_is_not_there_names_where_it_looked(tmp_path: Path) -> None:
    assert invoke("show", "9.9.9.9/99/I/999", str(tmp_path)) == (
        2,
        "",
        f"esfproj: error: no record '9.9.9.9/99/I/999' in {tmp_path} (give an id from esfproj list, "
        "a project number or a path)\n",
    )


def test_filters_ignore_case_and_diacritics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = invoke("list", "--participant", "jurmala", "--format", "csv")
    assert code == 0
    assert [row[0] for row in csv.reader(io.StringIO(out))] == ["id", "jurmala-9.2.1.1-15-I-001"]
    code, out, _ = invoke("summary", "--lead-partner", "LABKLAJIBAS", "--format", "csv")
    assert out.splitlines()[1] == "ESF,EUR,1,70222.38,100.00"


def test_list_sorts_by_any_column_and_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = invoke("list", "--sort=-total", "--format", "csv")
    assert code == 0
    assert [(row[0], row[10]) for row in csv.reader(io.StringIO(out))][:4] == [
        ("id", "total"),
        ("9.2.2.1-15-I-002", "11325758.00"),
        ("jurmala-9.2.1.1-15-I-001", "70222.38"),
        ("salaspils-2020.FEAD-PO.04-05-08", ""),  # no total: last either way
    ]
    code, out, _ = invoke("list", "--sort", "total", "--limit", "2", "--format", "csv")
    assert [row[0] for row in csv.reader(io.StringIO(out))] == [
        "id",
        "jurmala-9.2.1.1-15-I-001",
        "9.2.2.1-15-I-002",
    ]
    code, out, _ = invoke("list", "--sort", "participant", "--limit", "1")
    lines = out.splitlines()
    assert lines[2].split()[0] == "jurmala-9.2.1.1-15-I-001"
    assert "Profesionāla sociālā darba attīstība pa… " in lines[2]  # the title, cut to 40
    assert lines[-1] == "Showing 1 of 6 matching records (--limit)."
    assert invoke("list", "--sort", "size") == (
        2,
        "",
        "esfproj: error: --sort takes a column, -column for descending: id, project_number, title, participant, "
        "lead_partner, fund, status, start, end, currency, total, scope; not 'size'\n",
    )


def test_summary_top_keeps_the_largest_rows_and_the_total(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = invoke("summary", "--by", "source", "--top", "2")
    assert code == 0
    assert out.splitlines()[:7] == [
        " Source         Records              Amount      Share",
        " ─────────────────────────────────────────────────────",
        " ESF                  2    9 669 422.15 EUR    84.85 %",
        " state_budget         2    1 706 368.76 EUR    14.97 %",
        " the rest (2)         1       20 189.47 EUR     0.18 %",
        "",
        " Total                2   11 395 980.38 EUR   100.00 %",
    ]
    code, out, _ = invoke("summary", "--by", "year", "--top", "1", "--format", "csv", "--lang", "lv")
    assert out.splitlines() == [
        "year,currency,records,amount,share",
        "2020,EUR,2,1429704.82,12.55",
        "others,EUR,2,9966275.56,87.45",
    ]
