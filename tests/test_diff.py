"""`esfproj diff` through the real command line, on git repositories built here: commits that
add, change, remove and rename records, a share and its whole project, two currencies, an
unreadable file, the working tree, a shallow clone, no repository; the markdown parsed as
GitHub-flavoured markdown and its tables' cells asserted."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import REPO

CLI_DOCS = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (.ci/run installs it)"),
]

GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "HOME": "/nonexistent",
}


def record(  # noqa: PLR0917 (a record's figures, named at each call where it matters)
    number: str = "9.2.1.1/15/I/001",
    amount: str = "1000.00",
    esf: str = "850.00",
    state: str = "150.00",
    participant: str | None = None,
    currency: str | None = None,
    title: str = "Profesionāla sociālā darba attīstība pašvaldībās",
    fund: str = "ESF",
) -> str:
    """A valid record (85 % from the fund, 15 % from the state budget) with these figures."""
    text = f"""\
schema_version: 1
project_number: {number}
title: {title}
fund: {fund}
status: in_progress
period:
  start: 2016-04-18
  end: 2027-12-31
funding:
  label: Kopā
  amount: {amount}
"""
    if currency:
        text += f"  currency: {currency}\n"
    text += f"""\
  parts:
    - label: ES fonds
      amount: {esf}
      rate: 85
      source: {fund}
    - label: Valsts budžets
      amount: {state}
      rate: 15
      source: state_budget
"""
    if participant:
        text += f"participant:\n  name: {participant}\n"
    return text


class Repo:
    """A git repository in a temporary folder, with the records in data/projects."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, cwd: Path | None = None) -> str:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd or self.root,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, **GIT_ENV},
        )
        return done.stdout

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.root / "data" / "projects" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def remove(self, name: str) -> None:
        self.git("rm", "-q", f"data/projects/{name}")

    def commit(self, message: str, tag: str | None = None) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        if tag:
            self.git("tag", tag)
        return self.git("rev-parse", "HEAD").strip()


def esfproj(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "esfproj", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "NO_COLOR": "1", **GIT_ENV, **(env or {})},
    )


def diff_json(repo: Repo, *args: str) -> tuple[int, dict[str, Any]]:
    done = esfproj("diff", "--format", "json", *args, cwd=repo.root)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def by_id(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in document["records"]}


def gfm_tables(markdown: str) -> list[list[list[str]]]:
    """Every table as GitHub renders it (markdown-it-py with GFM tables): rows of cell texts."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable(["table", "strikethrough"]).parse(markdown)
    tables: list[list[list[str]]] = []
    row: list[str] = []
    in_cell = False
    for token in tokens:
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            row.append("")
            in_cell = True
        elif token.type in ("th_close", "td_close"):
            in_cell = False
        elif token.type == "inline" and in_cell:
            row[-1] = "".join(child.content for child in token.children or [])
        elif token.type == "tr_close":
            tables[-1].append(row)
    return tables


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "records")


def test_add_change_remove_rename_between_two_tags(repo: Repo) -> None:
    repo.write("a.yaml", record("9.2.1.1/15/I/001"))
    repo.write("b.yaml", record("9.2.1.1/15/I/002", "2000.00", "1700.00", "300.00"))
    repo.write("c.yaml", record("9.2.1.1/15/I/003", "1200.00", "1020.00", "180.00"))
    repo.write("d.yaml", record("9.2.1.1/15/I/004"))
    v1 = repo.commit("four records", tag="v1")
    repo.write("a.yaml", record("9.2.1.1/15/I/001", "1100.00", "935.00", "165.00"))  # changed
    repo.remove("b.yaml")  # removed
    (repo.root / "data" / "projects" / "moved").mkdir()
    repo.git("mv", "data/projects/c.yaml", "data/projects/moved/c2.yaml")  # moved, same content
    repo.write("e.yaml", record("9.2.1.1/15/I/005", "500.00", "425.00", "75.00"))  # added
    v2 = repo.commit("change, remove, move, add", tag="v2")

    code, document = diff_json(repo, "v1", "v2")
    assert code == 0
    assert document["base"] == {"rev": "v1", "commit": v1}
    assert document["head"] == {"rev": "v2", "commit": v2}
    assert document["complete"] is True
    assert document["totals"] == [{"currency": "EUR", "base": "5200.00", "head": "3800.00", "change": "-1400.00"}]
    assert document["by_fund"] == [
        {"fund": "ESF", "currency": "EUR", "base": "5200.00", "head": "3800.00", "change": "-1400.00"}
    ]
    assert document["by_source"] == [
        {"source": "ESF", "currency": "EUR", "base": "4420.00", "head": "3230.00", "change": "-1190.00"},
        {"source": "state_budget", "currency": "EUR", "base": "780.00", "head": "570.00", "change": "-210.00"},
    ]
    records = by_id(document)
    assert [(r["id"], r["change"]) for r in document["records"]] == [
        ("a", "changed"),
        ("b", "removed"),
        ("e", "added"),
        ("moved/c2", "moved"),
    ]
    assert records["a"]["total"] == {"base": "1000.00", "head": "1100.00", "change": "100.00"}
    assert records["a"]["values"] == [
        {"path": "funding.amount", "base": "1000.00", "head": "1100.00"},
        {"path": "funding.parts[0].amount", "base": "850.00", "head": "935.00"},
        {"path": "funding.parts[1].amount", "base": "150.00", "head": "165.00"},
    ]
    assert records["b"]["file"] == {"base": "data/projects/b.yaml", "head": None}
    assert records["b"]["total"] == {"base": "2000.00", "head": None, "change": "-2000.00"}
    assert records["b"]["counted_in_totals"] == {"base": True, "head": None}
    assert records["e"]["total"] == {"base": None, "head": "500.00", "change": "500.00"}
    assert records["moved/c2"]["file"] == {"base": "data/projects/c.yaml", "head": "data/projects/moved/c2.yaml"}
    assert records["moved/c2"]["total"] == {"base": "1200.00", "head": "1200.00", "change": "0.00"}
    assert records["moved/c2"]["values"] == []
    assert document["findings"] == {"introduced": [], "resolved": []}
    assert "d" not in records  # unchanged records are not listed

    # an edit undone in the working tree is the same file as v1's (its git id, computed)
    repo.git("checkout", "v1", "--", "data/projects/a.yaml")
    _, undone = diff_json(repo, "v1")
    assert [(r["id"], r["change"]) for r in undone["records"]] == [
        ("b", "removed"),
        ("e", "added"),
        ("moved/c2", "moved"),
    ]
    repo.git("checkout", "v2", "--", "data/projects/a.yaml")

    agrees_with_summary(repo, document, {"base": "v1", "head": "v2"})


def agrees_with_summary(repo: Repo, document: dict[str, Any], revisions: dict[str, str]) -> None:
    """Each side's totals by fund and by source are `esfproj summary`'s on that revision."""
    for side, revision in revisions.items():
        tree = repo.root.parent / f"{side}-tree"
        shutil.rmtree(tree, ignore_errors=True)
        tree.mkdir()
        archive = subprocess.run(["git", "archive", revision], cwd=repo.root, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        for field, rows in (("fund", "by_fund"), ("source", "by_source")):
            summary = json.loads(esfproj("summary", "--by", field, "--format", "json", cwd=tree).stdout)
            assert [(r["key"][field], r["currency"], r["amount"]) for r in summary["rows"]] == [
                (g[field], g["currency"], g[side]) for g in document[rows] if g[side] != "0.00"
            ]
            assert [(t["currency"], t["amount"]) for t in summary["totals"]] == [
                (t["currency"], t[side]) for t in document["totals"]
            ]


def test_a_share_and_its_whole_project_change_together(repo: Repo) -> None:
    repo.write("whole.yaml", record("9.2.2.1/15/I/002", "10000.00", "8500.00", "1500.00"))
    repo.write("share.yaml", record("9.2.2.1/15/I/002", "4000.00", "3400.00", "600.00", participant="Salaspils"))
    lone = record("9.2.1.1/15/I/001", "300.00", "255.00", "45.00", participant="Jūrmala", fund="ERDF")
    repo.write("lone-share.yaml", lone)
    repo.commit("a project, a share of it, and a share alone")
    repo.write("whole.yaml", record("9.2.2.1/15/I/002", "12000.00", "10200.00", "1800.00"))
    repo.write("share.yaml", record("9.2.2.1/15/I/002", "5000.00", "4250.00", "750.00", participant="Salaspils"))
    repo.commit("both grow")

    code, document = diff_json(repo, "HEAD~1", "HEAD")
    assert code == 0
    # the project once: its whole record, not the share again; the lone share is counted
    assert document["totals"] == [{"currency": "EUR", "base": "10300.00", "head": "12300.00", "change": "2000.00"}]
    assert document["by_fund"] == [
        {"fund": "ERDF", "currency": "EUR", "base": "300.00", "head": "300.00", "change": "0.00"},
        {"fund": "ESF", "currency": "EUR", "base": "10000.00", "head": "12000.00", "change": "2000.00"},
    ]
    agrees_with_summary(repo, document, {"base": "HEAD~1", "head": "HEAD"})
    records = by_id(document)
    assert records["whole"]["total"] == {"base": "10000.00", "head": "12000.00", "change": "2000.00"}
    assert records["whole"]["counted_in_totals"] == {"base": True, "head": True}
    assert records["share"]["participant"] == "Salaspils"
    assert records["share"]["total"] == {"base": "4000.00", "head": "5000.00", "change": "1000.00"}
    assert records["share"]["counted_in_totals"] == {"base": False, "head": False}

    done = esfproj("diff", "HEAD~1", "HEAD", "--format", "markdown", cwd=repo.root)
    changed = gfm_tables(done.stdout)[2]
    assert changed[0] == ["Project number", "Title", "Participant", "What happened", "Base", "Head", "Change"]
    assert changed[1:] == [
        [
            "9.2.2.1/15/I/002",
            "Profesionāla sociālā darba attīstība pašvaldībās",
            "Salaspils",
            "changed",
            "4 000.00 EUR (not in the totals)",
            "5 000.00 EUR (not in the totals)",
            "+1 000.00",
        ],
        [
            "9.2.2.1/15/I/002",
            "Profesionāla sociālā darba attīstība pašvaldībās",
            "",
            "changed",
            "10 000.00 EUR",
            "12 000.00 EUR",
            "+2 000.00",
        ],
    ]


def test_two_currencies_are_never_added_together(repo: Repo) -> None:
    repo.write("eur.yaml", record("9.2.1.1/15/I/001"))
    repo.write("usd.yaml", record("9.2.1.1/15/I/002", "2000.00", "1700.00", "300.00", currency="USD"))
    repo.commit("two currencies")
    repo.write("usd.yaml", record("9.2.1.1/15/I/002", "2000.50", "1700.50", "300.00", currency="USD"))
    repo.write("eur.yaml", record("9.2.1.1/15/I/001", "999.99", "849.99", "150.00"))
    repo.commit("both change by odd cents")

    code, document = diff_json(repo, "HEAD~1", "HEAD")
    assert document["totals"] == [
        {"currency": "EUR", "base": "1000.00", "head": "999.99", "change": "-0.01"},
        {"currency": "USD", "base": "2000.00", "head": "2000.50", "change": "0.50"},
    ]
    assert [(r["fund"], r["currency"], r["change"]) for r in document["by_fund"]] == [
        ("ESF", "EUR", "-0.01"),
        ("ESF", "USD", "0.50"),
    ]
    assert (code, document["findings"]) == (0, {"introduced": [], "resolved": []})
    # a record whose currency changes: its change cannot be computed, and is not
    repo.write("eur.yaml", record("9.2.1.1/15/I/001", "999.99", "849.99", "150.00", currency="USD"))
    _, switched = diff_json(repo)
    assert switched["records"][0]["total"] == {"base": "999.99", "head": "999.99", "change": None}
    assert switched["records"][0]["values"] == [{"path": "funding.currency", "base": None, "head": "USD"}]
    assert [(t["currency"], t["change"]) for t in switched["totals"]] == [("EUR", "-999.99"), ("USD", "999.99")]
    table = gfm_tables(esfproj("diff", "--format", "markdown", cwd=repo.root).stdout)[2]
    assert table[1][4:] == ["999.99 EUR", "999.99 USD", "—"]
    repo.git("checkout", "--", "data/projects/eur.yaml")
    done = esfproj("diff", "HEAD~1", "HEAD", "--format", "markdown", cwd=repo.root)
    headline = done.stdout.split("\n\n")[1]
    assert headline == (
        "Records changed: 2, added: 0, removed: 0, moved: 0; total 1 000.00 EUR → 999.99 EUR (-0.01 EUR); "
        "total 2 000.00 USD → 2 000.50 USD (+0.50 USD)."
    )


def test_a_title_only_change(repo: Repo) -> None:
    repo.write("a.yaml", record())
    repo.write("b.yaml", record("9.2.1.1/15/I/002", fund="ERDF"))
    repo.commit("two")
    repo.write("a.yaml", record(title="Jauns nosaukums | ar <b>zīmēm</b> un `pēdiņām`"))
    repo.commit("retitled")
    code, document = diff_json(repo, "HEAD~1", "HEAD")
    assert code == 0
    assert document["records"][0]["values"] == [
        {
            "path": "title",
            "base": "Profesionāla sociālā darba attīstība pašvaldībās",
            "head": "Jauns nosaukums | ar <b>zīmēm</b> un `pēdiņām`",
        }
    ]
    assert document["records"][0]["total"] == {"base": "1000.00", "head": "1000.00", "change": "0.00"}
    assert document["totals"][0]["change"] == "0.00"
    assert [(f["fund"], f["change"]) for f in document["by_fund"]] == [("ERDF", "0.00"), ("ESF", "0.00")]

    markdown = esfproj("diff", "HEAD~1", "HEAD", "--format", "markdown", cwd=repo.root).stdout
    tables = gfm_tables(markdown)
    assert len(tables) == 3  # by fund, by source, the records: a title with | and <b> breaks none
    assert tables[2][1][1] == "Jauns nosaukums | ar <b>zīmēm</b> un `pēdiņām`"
    assert tables[0][1:] == [
        ["ERDF", "EUR", "1 000.00", "1 000.00", "0.00"],
        ["ESF", "EUR", "1 000.00", "1 000.00", "0.00"],
        ["Total", "EUR", "2 000.00", "2 000.00", "0.00"],
    ]
    from markdown_it import MarkdownIt

    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)
    assert "<b>" not in html and "&lt;b&gt;zīmēm&lt;/b&gt;" in html
    assert "<details><summary>9.2.1.1/15/I/001 (<code>a</code>)</summary>" in html
    assert "<li><code>title</code>: Profesionāla sociālā darba attīstība pašvaldībās → Jauns nosaukums" in html


def test_a_file_unreadable_in_one_revision(repo: Repo) -> None:
    repo.write("a.yaml", record())
    repo.write("b.yaml", record("9.2.1.1/15/I/002", "2000.00", "1700.00", "300.00"))
    repo.commit("two")
    broken = record("9.2.1.1/15/I/002", "2500.00", "2125.00", "375.00").replace(
        "  amount: 2500.00", "\tamount: 2500.00"
    )
    repo.write("b.yaml", broken)
    repo.commit("a tab")

    done = esfproj("diff", "HEAD~1", "HEAD", "--format", "json", cwd=repo.root)
    assert done.returncode == 1
    document = json.loads(done.stdout)
    assert document["complete"] is False
    assert [(u["side"], u["file"], u["line"], u["check"]) for u in document["unread"]] == [
        ("head", "data/projects/b.yaml", 11, "yaml-syntax")
    ]
    b = document["records"][0]
    # its money on the head side is unknown: never counted as zero
    assert b["total"] == {"base": "2000.00", "head": None, "change": None}
    assert b["counted_in_totals"] == {"base": True, "head": None}
    assert [(f["file"], f["line"], f["column"], f["check"]) for f in document["findings"]["introduced"]] == [
        ("data/projects/b.yaml", 11, 1, "yaml-syntax")
    ]
    # the head totals leave b out and are marked incomplete
    assert document["totals"] == [{"currency": "EUR", "base": "3000.00", "head": "1000.00", "change": "-2000.00"}]

    markdown = esfproj("diff", "HEAD~1", "HEAD", "--format", "markdown", cwd=repo.root)
    assert markdown.returncode == 1
    tables = gfm_tables(markdown.stdout)
    assert tables[0][0] == ["Fund", "Currency", "Base", "Head (incomplete)", "Change"]
    assert tables[2][1][4:] == ["2 000.00 EUR", "not read", "not read"]
    assert markdown.stdout.endswith(
        "**Incomplete: these files could not be read as records, so the totals of their side leave out their "
        "money:**\n\n- head: `data/projects/b.yaml:11:1: yaml-syntax: not valid YAML: while scanning a plain "
        "scalar, found a tab character that violates indentation; a tab is used for indentation: indent with "
        "spaces`\n"
    )


def test_the_working_tree_with_an_unstaged_edit_and_an_untracked_record(repo: Repo) -> None:
    repo.write("a.yaml", record())
    repo.write("b.yaml", record("9.2.1.1/15/I/002"))
    repo.commit("two")
    repo.write("a.yaml", record(amount="1000.00", esf="860.00", state="140.00"))  # unstaged
    repo.write("new.yaml", record("9.2.1.1/15/I/003", "250.00", "212.50", "37.50"))  # untracked
    (repo.root / ".gitignore").write_text("data/projects/ignored.yaml\n")
    repo.write("ignored.yaml", record("9.2.1.1/15/I/009"))  # ignored: not compared
    repo.write("notes.txt", "not a record\n")
    before = {p: p.read_bytes() for p in (repo.root / "data").rglob("*") if p.is_file()}
    index = (repo.root / ".git" / "index").read_bytes()

    code, document = diff_json(repo)
    assert (repo.root / ".git" / "index").read_bytes() == index  # git only read: not even the index refreshed
    assert document["base"]["rev"] == "HEAD" and document["head"] == {"rev": None, "commit": None}
    assert [(r["id"], r["change"], r["total"]["change"]) for r in document["records"]] == [
        ("a", "changed", "0.00"),
        ("new", "added", "250.00"),
    ]
    assert by_id(document)["a"]["values"] == [
        {"path": "funding.parts[0].amount", "base": "850.00", "head": "860.00"},
        {"path": "funding.parts[1].amount", "base": "150.00", "head": "140.00"},
    ]
    assert [(r["source"], r["change"]) for r in document["by_source"]] == [("ESF", "222.50"), ("state_budget", "27.50")]
    assert [(f["file"], f["line"], f["check"]) for f in document["findings"]["introduced"]] == [
        ("data/projects/a.yaml", 15, "funding-rate"),
        ("data/projects/a.yaml", 19, "funding-rate"),
    ]
    assert code == 1
    staged = esfproj("diff", "--format", "json", cwd=repo.root)
    assert json.loads(staged.stdout) == document
    repo.git("add", "data/projects/a.yaml")  # staged or not, the working tree is what is compared
    assert json.loads(esfproj("diff", "--format", "json", cwd=repo.root).stdout) == document
    assert {p: p.read_bytes() for p in (repo.root / "data").rglob("*") if p.is_file()} == before
    (repo.root / "data" / "projects" / "b.yaml").unlink()  # deleted, not staged
    _, gone = diff_json(repo)
    assert [(r["id"], r["change"], r["total"]["change"]) for r in gone["records"]] == [
        ("a", "changed", "0.00"),
        ("b", "removed", "-1000.00"),
        ("new", "added", "250.00"),
    ]
    repo.git("checkout", "--", "data/projects/b.yaml")
    # nothing changed: one sentence
    repo.commit("commit it all")
    nothing = esfproj("diff", "--format", "markdown", cwd=repo.root)
    assert nothing.returncode == 0
    assert nothing.stdout.endswith(
        "No record changed between HEAD ("
        + repo.git("rev-parse", "--short=7", "HEAD").strip()
        + ") and the working tree.\n"
    )


def test_a_shallow_clone_without_base_says_to_fetch_it(repo: Repo, tmp_path: Path) -> None:
    repo.write("a.yaml", record())
    repo.commit("one")
    repo.write("a.yaml", record(amount="1000.00", esf="850.00", state="150.00", title="Cits"))
    repo.commit("two")
    clone = tmp_path / "clone"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.root}", str(clone))
    done = esfproj("diff", "HEAD~1", cwd=clone)
    assert done.returncode == 2
    assert done.stderr == (
        "esfproj: error: unknown revision 'HEAD~1': this clone is shallow and does not have it; fetch it "
        "(git fetch --unshallow, or in GitHub Actions actions/checkout with fetch-depth: 0)\n"
    )
    assert esfproj("diff", "HEAD", cwd=clone).returncode == 0


def test_usage_errors(repo: Repo, tmp_path: Path) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    done = esfproj("diff", cwd=outside)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"esfproj: error: {outside} is not inside a git repository; esfproj diff compares revisions of one\n"
    )
    repo.write("a.yaml", record())
    repo.commit("one")
    unknown = esfproj("diff", "no-such-branch", cwd=repo.root)
    assert (unknown.returncode, unknown.stderr) == (
        2,
        "esfproj: error: unknown revision 'no-such-branch' (not a branch, tag or commit of this repository)\n",
    )
    three = esfproj("diff", "HEAD", "HEAD", "data", cwd=repo.root)
    assert three.returncode == 2 and "paths go after --: 'data'" in three.stderr
    no_git = esfproj("diff", cwd=repo.root, env={"PATH": str(Path(sys.executable).parent)})
    assert (no_git.returncode, no_git.stderr) == (
        2,
        "esfproj: error: git is not installed; esfproj diff reads the revisions with it\n",
    )
    into_data = esfproj("diff", "--output", "data/projects/out.md", cwd=repo.root)
    assert into_data.returncode == 2 and "data/projects" in into_data.stderr
    assert not (repo.root / "data" / "projects" / "out.md").exists()


def test_paths_after_dashes_and_findings_resolved(repo: Repo) -> None:
    repo.write("a.yaml", record(amount="1000.00", esf="860.00", state="150.00"))  # parts off by 10
    repo.write("other/b.yaml", record("9.2.1.1/15/I/002"))
    repo.commit("one broken")
    repo.write("a.yaml", record())
    repo.write("other/b.yaml", record("9.2.1.1/15/I/002", title="Cits"))
    repo.commit("fixed")
    code, document = diff_json(repo, "HEAD~1", "HEAD", "--", "data/projects/a.yaml")
    assert code == 0
    assert [r["id"] for r in document["records"]] == ["a"]
    assert [(f["line"], f["column"], f["check"]) for f in document["findings"]["resolved"]] == [
        (11, 11, "funding-sum"),
        (15, 13, "funding-rate"),
    ]
    assert document["findings"]["introduced"] == []
    _, everything = diff_json(repo, "HEAD~1", "HEAD")
    assert [r["id"] for r in everything["records"]] == ["a", "other/b"]
    # from a folder inside the repository (the configuration found above it): the same
    # records, paths from there
    (repo.root / "esfproj.toml").write_text('paths = ["data/projects"]\n')
    inside = esfproj("diff", "--format", "json", "HEAD~1", "HEAD", cwd=repo.root / "data" / "projects" / "other")
    document = json.loads(inside.stdout)
    assert [(r["id"], r["file"]["head"]) for r in document["records"]] == [("a", "../a.yaml"), ("other/b", "b.yaml")]
    missing = esfproj("diff", "HEAD~1", "HEAD", "--", "data/projects/nothing", cwd=repo.root)
    assert (missing.returncode, missing.stderr) == (
        2,
        "esfproj: error: data/projects/nothing: no such file or directory, on either side\n",
    )


def test_the_github_actions_recipe(repo: Repo, tmp_path: Path) -> None:
    """The job summary line of docs/cli.md's workflow, run as the job runs it (Actions puts the
    base branch in its place): a clone with origin/main, the pull request's change checked out."""
    workflow = next(b for b in re.findall(r"```yaml\n(.*?)```", CLI_DOCS, re.DOTALL) if "name: money" in b)
    step = next(
        s["run"] for s in yaml.safe_load(workflow)["jobs"]["diff"]["steps"] if "esfproj diff" in s.get("run", "")
    )
    assert step == 'esfproj diff origin/${{ github.base_ref }} --format markdown >> "$GITHUB_STEP_SUMMARY"'
    command = step.replace("${{ github.base_ref }}", "main")
    shutil.copytree(REPO / "data" / "projects", repo.root / "data" / "projects")
    repo.commit("the bundled records")
    clone = tmp_path / "checkout"
    repo.git("clone", "-q", f"file://{repo.root}", str(clone))
    di = clone / "data" / "projects" / "9.2.2.1-15-I-002.yaml"
    text = di.read_text(encoding="utf-8")
    text = text.replace("amount: 11325758.00", "amount: 11398863.82").replace(
        "amount: 9626894.18", "amount: 9700000.00"
    )
    di.write_text(text, encoding="utf-8")
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier steps' summary\n")
    done = subprocess.run(
        ["bash", "-c", command],
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
            "GITHUB_STEP_SUMMARY": str(summary),
        },
    )
    assert done.returncode == 0, done.stderr
    written = summary.read_text()
    assert written.startswith("earlier steps' summary\n### esfproj diff: origin/main (")
    tables = gfm_tables(written)
    assert tables[0][1:] == [
        ["ESF", "EUR", "11 395 980.38", "11 469 086.20", "+73 105.82"],
        ["Total", "EUR", "11 395 980.38", "11 469 086.20", "+73 105.82"],
    ]
    assert tables[2][1] == [
        "9.2.2.1/15/I/002",
        "Deinstitucionalizācija un sociālie pakalpojumi personām ar invaliditāti un bērniem",
        "",
        "changed",
        "11 325 758.00 EUR",
        "11 398 863.82 EUR",
        "+73 105.82",
    ]


def test_the_markdown_in_the_docs_is_what_it_prints(repo: Repo) -> None:
    """docs/cli.md's example: the bundled records, the whole project's figures raised and the
    Salaspils share's title shortened, uncommitted."""
    shutil.copytree(REPO / "data" / "projects", repo.root / "data" / "projects")
    repo.commit("the bundled records")
    folder = repo.root / "data" / "projects"
    di = folder / "9.2.2.1-15-I-002.yaml"
    text = di.read_text(encoding="utf-8")
    text = text.replace("amount: 11325758.00", "amount: 11398863.82").replace(
        "amount: 9626894.18", "amount: 9700000.00"
    )
    di.write_text(text, encoding="utf-8")
    share = folder / "salaspils-9.2.2.1-15-I-002.yaml"
    title = "Deinstitucionalizācija un sociālie pakalpojumi"
    share.write_text(re.sub("^title: .*$", f"title: {title}", share.read_text("utf-8"), flags=re.M), "utf-8")
    done = esfproj("diff", "--format", "markdown", cwd=repo.root)
    assert done.returncode == 0, done.stderr
    commit = repo.git("rev-parse", "--short=7", "HEAD").strip()
    documented = re.search(r"```markdown\n(### esfproj diff.*?)```", CLI_DOCS, re.DOTALL)
    assert documented is not None
    assert done.stdout.replace(commit, "9d520e5") == documented.group(1)


def test_in_latvian(repo: Repo) -> None:
    from tests.test_latvian import english_in

    repo.write("a.yaml", record())
    repo.write("b.yaml", record("9.2.1.1/15/I/002", participant="Jūrmala"))
    repo.commit("two")
    repo.write("a.yaml", record(amount="1000.00", esf="860.00", state="150.00"))
    repo.write("b.yaml", "title: [unclosed\n")
    for format in ("text", "markdown"):
        done = esfproj("diff", "--lang", "lv", "--format", format, cwd=repo.root)
        assert done.returncode == 1
        assert english_in(done.stdout) == [], done.stdout
    text = esfproj("diff", "--lang", "lv", cwd=repo.root).stdout
    assert "Ieraksti: mainīti 2, pievienoti 0, noņemti 0, pārvietoti 0; kopā 2 000,00 EUR → 1 000,00 EUR" in text
    assert "funding.parts[0].amount: 850,00 → 860,00 (+10,00)" in text
    assert "data/projects/a.yaml:11:11: kļūda[funding-sum] funding: " in text


def test_cross_record_findings_on_an_unchanged_record(repo: Repo) -> None:
    """A new record can bring a finding to one the change does not touch."""
    repo.write("b.yaml", record("9.2.1.1/15/I/001", participant="Jūrmala"))
    repo.write("c.yaml", record("9.2.1.1/15/I/002"))
    repo.commit("two")
    repo.write("a.yaml", record("9.2.1.1/15/I/001", participant="Salaspils", fund="ERDF"))  # sorts first
    repo.write("d.yaml", record("9.2.1.1/15/I/002"))  # the same project as c, no participant: a duplicate
    code, document = diff_json(repo)
    assert code == 1
    assert [(r["id"], r["change"]) for r in document["records"]] == [("a", "added"), ("d", "added")]
    assert [
        (f["file"], f["line"], f["column"], f["check"], f["severity"]) for f in document["findings"]["introduced"]
    ] == [
        ("data/projects/b.yaml", 4, 7, "project-mismatch", "warning"),
        ("data/projects/d.yaml", 2, 17, "duplicate-record", "error"),
    ]
    assert document["findings"]["introduced"][1]["message"] == (
        "data/projects/c.yaml is already the record of 9.2.1.1/15/I/002 with no participant"
    )
    assert document["totals"] == [{"currency": "EUR", "base": "2000.00", "head": "4000.00", "change": "2000.00"}]


def test_an_amount_that_cannot_be_read_is_named_and_the_totals_incomplete(repo: Repo) -> None:
    repo.write("a.yaml", record())
    repo.commit("one")
    repo.write("a.yaml", record(esf="850,00"))
    code, document = diff_json(repo)
    assert code == 1 and document["complete"] is False
    assert [(u["side"], u["file"], u["check"], u["kind"], u["message"]) for u in document["unread"]] == [
        (
            "head",
            "data/projects/a.yaml",
            "schema",
            "amount",
            "funding.parts[0].amount: '850,00' is not an amount; the record is counted without it",
        )
    ]


def test_a_file_over_the_size_limit_is_not_read(repo: Repo) -> None:
    (repo.root / "esfproj.toml").write_text("[limits]\nmax_file_bytes = 1000\n")
    repo.write("a.yaml", record())
    repo.commit("one")
    committed, edited = record() + "notes: " + "x" * 2000 + "\n", record() + "notes: " + "y" * 3000 + "\n"
    repo.write("a.yaml", committed)
    repo.commit("long notes")
    repo.write("a.yaml", edited)
    sizes = (len(committed.encode()), len(edited.encode()))
    assert sizes == (2418, 3418)
    for args, size in ((["HEAD~1", "HEAD"], sizes[0]), (["HEAD~1"], sizes[1])):  # a commit; the working tree
        code, document = diff_json(repo, *args)
        assert code == 1
        assert document["unread"] == [
            {
                "side": "head",
                "file": "data/projects/a.yaml",
                "line": 1,
                "column": 1,
                "check": "yaml-limits",
                "message": f"the file is {size} bytes, over the limit of 1000 "
                "(limits.max_file_bytes in the configuration)",
                "kind": "file",
            }
        ]
        assert document["records"][0]["total"] == {"base": "1000.00", "head": None, "change": None}


def files_read(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths `diff` reads and checks from now on, in order (its `examine` spied on)."""
    from esfproj import diff

    read: list[str] = []
    examine = diff.examine

    def counted(item: tuple[Any, bool], **settings: Any) -> Any:
        read.append(item[0].path)
        return examine(item, **settings)

    monkeypatch.setattr(diff, "examine", counted)
    return read


def test_a_second_diff_reads_only_the_files_that_differ(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache keeps what a diff learnt of each file (by its path and blob id): the next
    diff reads only the files not the same on both sides, and answers what it answers
    without the cache."""
    import datetime

    from esfproj import diff
    from esfproj.config import Config
    from esfproj.gitrevs import Repository, close_readers

    for number in range(6):
        repo.write(f"r{number}.yaml", record(f"9.2.1.1/15/I/{number:03d}"))
    repo.commit("six records", tag="v1")
    repo.write("r1.yaml", record("9.2.1.1/15/I/001", "1100.00", "935.00", "165.00"))
    assert esfproj("diff", "v1", cwd=repo.root).returncode == 0  # fills the cache
    repo.write("r2.yaml", record("9.2.1.1/15/I/002", "1200.00", "1020.00", "180.00"))
    uncached = esfproj("diff", "--format", "json", "v1", "--no-cache", cwd=repo.root)
    assert esfproj("diff", "--format", "json", "v1", cwd=repo.root).stdout == uncached.stdout
    assert json.loads(uncached.stdout)["totals"][0]["change"] == "300.00"

    monkeypatch.chdir(repo.root)
    read = files_read(monkeypatch)
    git = Repository()
    try:
        left, right = diff.sides(git, "v1", None)
        config = Config(cache=str(repo.root / ".esfproj_cache"))
        diff.compare(git, left, right, paths=["data/projects"], config=config, as_of=datetime.date.today(), jobs=1)
    finally:
        close_readers()
    assert sorted(read) == ["data/projects/r1.yaml"] * 2 + ["data/projects/r2.yaml"] * 2  # each side's blob
