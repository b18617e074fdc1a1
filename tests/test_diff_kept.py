"""`esfproj diff` keeps BASE's records per commit and reads only what git says differs: through
random histories (edits that move money between projects, shares in and out of their whole
project's record, two currencies, renames, deletions, new and broken files, in commits and in
the working tree) its totals are, per side, `esfproj summary`'s on that side's files, and its
answer with the cache is its answer without it."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import tarfile
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from tests.test_diff import Repo, esfproj, files_read, record
from tests.test_summary_fold import record_text, step

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed (.ci/run installs it)"),
]


def totals_of(document: dict[str, Any], side: str, part: str, field: str | None) -> dict[tuple[str, str], Decimal]:
    """A diff's figures of one side: its totals (`field` None) or rows by fund or source."""
    return {(row.get(field, "") if field else "", row["currency"]): Decimal(row[side]) for row in document[part]}


def summary_figures(folder: Path, by: str | None) -> dict[tuple[str, str], Decimal]:
    """`esfproj summary --by fund` (or source) on the records in `folder`: its rows (`by`), or totals."""
    done = esfproj("summary", "--by", by or "fund", "--format", "json", "--no-cache", "data/projects", cwd=folder)
    assert done.returncode in (0, 1), done.stderr
    document = json.loads(done.stdout)
    if by is None:
        return {("", t["currency"]): Decimal(t["amount"]) for t in document["totals"]}
    return {(r["key"][by], r["currency"]): Decimal(r["amount"]) for r in document["rows"]}


def tree_of(repo: Repo, rev: str, into: Path) -> Path:
    """The records of `rev`, as files, to run `summary` on."""
    archive = subprocess.run(["git", "archive", rev], cwd=repo.root, capture_output=True, check=True).stdout
    into.mkdir()
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    (into / "esfproj.toml").write_text('paths = ["data/projects"]\n', encoding="utf-8")
    return into


def agrees_with_summary(document: dict[str, Any], base: Path, head: Path) -> None:
    for side, folder in (("base", base), ("head", head)):
        for part, by in (("totals", None), ("by_fund", "fund"), ("by_source", "source")):
            figures = {
                k: v for k, v in totals_of(document, side, part, by).items() if v or k in summary_figures(folder, by)
            }
            assert figures == summary_figures(folder, by), (side, part)


@pytest.mark.parametrize("seed", [1, 2])
def test_diff_with_base_kept_is_summary_on_each_side(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    repo = Repo(tmp_path / "repo")
    (repo.root / "esfproj.toml").write_text('paths = ["data/projects"]\n', encoding="utf-8")
    for number in range(10):
        repo.write(f"r{number:02d}.yaml", record_text(rng))
    (repo.root / ".gitignore").write_text(".esfproj_cache/\n", encoding="utf-8")
    repo.commit("records", tag="v1")
    base = tree_of(repo, "v1", tmp_path / "v1")
    for round_number in range(3):
        for number in range(3):
            step(repo.root / "data" / "projects", rng, 10 * round_number + number)
        answers = [
            esfproj("diff", "--format", "json", "v1", *extra, cwd=repo.root) for extra in ([], [], ["--no-cache"])
        ]
        assert answers[0].stdout == answers[1].stdout == answers[2].stdout, (seed, round_number)
        assert answers[0].returncode == answers[2].returncode
        agrees_with_summary(json.loads(answers[0].stdout), base, repo.root)
        tag = f"v{round_number + 2}"
        repo.commit(f"round {round_number}", tag=tag)
        answers = [
            esfproj("diff", "--format", "json", "v1", tag, *extra, cwd=repo.root) for extra in ([], ["--no-cache"])
        ]
        assert answers[0].stdout == answers[1].stdout, (seed, round_number)
        agrees_with_summary(json.loads(answers[0].stdout), base, tree_of(repo, tag, tmp_path / tag))


def test_a_sparse_checkout_s_files_are_read_from_git(tmp_path: Path) -> None:
    """A record outside a sparse checkout is not on disk, but is in HEAD: the working tree
    has it as git does, never as removed."""
    repo = Repo(tmp_path / "repo")
    repo.write("a.yaml", record("9.2.1.1/15/I/001", "100.00", "85.00", "15.00"))
    repo.write("b.yaml", record("9.2.1.1/15/I/002", "100.00", "85.00", "15.00"))
    repo.commit("two records", tag="v1")
    repo.write("a.yaml", record("9.2.1.1/15/I/001", "200.00", "170.00", "30.00"))
    repo.commit("a doubled")
    repo.git("sparse-checkout", "set", "--no-cone", "/*", "!/data/projects/a.yaml")
    assert not (repo.root / "data" / "projects" / "a.yaml").exists()
    done = esfproj("diff", "--format", "json", "v1", cwd=repo.root)
    document = json.loads(done.stdout)
    assert (done.returncode, document["complete"]) == (0, True)
    assert [(r["id"], r["change"], r["total"]["change"]) for r in document["records"]] == [("a", "changed", "100.00")]
    assert document["totals"] == [{"currency": "EUR", "base": "200.00", "head": "300.00", "change": "100.00"}]


def test_an_unchanged_record_with_a_newline_in_its_name_is_read_again_by_its_blob(tmp_path: Path) -> None:
    """Records sharing a project number with a changed one are read again for the
    cross-record checks, by their blob id: a name git's batch reader could not take."""
    repo = Repo(tmp_path / "repo")
    repo.write("s\n1.yaml", record("9.2.1.1/15/I/001", participant="Salaspils novada dome"))
    repo.write("whole.yaml", record("9.2.1.1/15/I/001"))
    repo.commit("a whole project and a share", tag="v1")
    repo.write("whole.yaml", record("9.2.1.1/15/I/001", "900.00", "765.00", "135.00"))
    done = esfproj("diff", "--format", "json", "v1", cwd=repo.root)
    document = json.loads(done.stdout)
    assert done.returncode == 1, done.stderr  # the share is now larger than its whole project
    assert [(f["check"], f["file"]) for f in document["findings"]["introduced"]] == [
        ("funding-shares", "data/projects/s\n1.yaml")
    ]


def test_a_new_base_commit_reads_only_what_it_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """BASE's records are kept per commit; those of a new commit are found by path and blob
    id in the last one kept, so making it reads only the files that commit changed."""
    import datetime

    from esfproj import diff
    from esfproj.config import Config
    from esfproj.gitrevs import Repository, close_readers

    repo = Repo(tmp_path / "repo")
    for number in range(5):
        repo.write(f"r{number}.yaml", record(f"9.2.1.1/15/I/{number:03d}"))
    repo.commit("five records", tag="v1")
    repo.write("r1.yaml", record("9.2.1.1/15/I/001", "1100.00", "935.00", "165.00"))
    repo.commit("r1 changed", tag="v2")
    monkeypatch.chdir(repo.root)
    read = files_read(monkeypatch)
    config = Config(cache=str(repo.root / ".esfproj_cache"))
    git = Repository()
    try:
        for base in ("v1", "v2"):
            read.clear()
            left, right = diff.sides(git, base, None)
            diff.compare(git, left, right, paths=["data/projects"], config=config, as_of=datetime.date.today(), jobs=1)
            # against v1 (HEAD has r1 changed): its five files, then r1 of each side for the comparison
            every = [f"data/projects/r{n}.yaml" for n in range(5)] + ["data/projects/r1.yaml"] * 2
            assert sorted(read) == (sorted(every) if base == "v1" else ["data/projects/r1.yaml"])
    finally:
        close_readers()
