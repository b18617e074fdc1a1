"""No command ever changes what it reads; nothing is fetched, nothing is executed."""

from __future__ import annotations

import hashlib
import json
import random
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from esfproj.schema import schema
from tests.conftest import REPO
from tests.robustness.test_mutations import BASES, TOKENS, mutate

runner = CliRunner()


def fingerprint(folder: Path) -> dict[str, str]:
    """Every path below `folder` with a hash of its bytes (or its link target)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            out[key] = "link:" + str(path.readlink())
        elif path.is_file():
            out[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[key] = "dir"
    return out


def mutated_folder(folder: Path, count: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    for i in range(count):
        steps = []
        for _ in range(rng.randrange(0, 4)):
            kind = rng.choice(["delete", "duplicate", "indent", "flip", "truncate", "insert"])
            steps.append(
                {
                    "delete": (kind, rng.randrange(200)),
                    "duplicate": (kind, rng.randrange(200)),
                    "indent": (kind, rng.randrange(200), rng.randrange(-4, 5)),
                    "flip": (kind, rng.randrange(100_000), rng.randrange(256)),
                    "truncate": (kind, rng.randrange(100_000)),
                    "insert": (kind, rng.randrange(100_000), rng.choice(TOKENS)),
                }[kind]
            )
        (folder / f"m{i:04d}.yaml").write_bytes(mutate(rng.choice(BASES), steps))


COMMANDS = [
    ["validate"],
    ["validate", "--format", "json"],
    ["validate", "--format", "github"],
    ["list"],
    ["list", "--format", "markdown", "--lang", "lv"],
    ["summary"],
    ["summary", "--by", "source,year", "--format", "csv"],
    ["export", "--format", "json"],
    ["export", "--format", "csv"],
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(REPO / "data" / "projects", folder)
    mutated_folder(folder, 40)
    (folder / "link.yaml").symlink_to(folder / "jurmala-9.2.1.1-15-I-001.yaml")
    return folder


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_commands_never_change_the_data(data: Path, tmp_path: Path, command: list[str]) -> None:
    before = fingerprint(data)
    result = runner.invoke(app, [*command, str(data)])
    assert result.exit_code in (0, 1)
    result = runner.invoke(app, [*command, str(data), "--output", str(tmp_path / "out.txt")])
    assert result.exit_code in (0, 1) and (tmp_path / "out.txt").exists()
    assert fingerprint(data) == before


def test_show_never_changes_the_data(data: Path) -> None:
    before = fingerprint(data)
    for file in sorted(data.glob("*.yaml"))[:10]:
        assert runner.invoke(app, ["show", str(file)]).exit_code in (0, 1)
    assert fingerprint(data) == before


def test_outputs_refuse_records_and_the_data_folder(data: Path) -> None:
    before = fingerprint(data)
    record = data / "jurmala-9.2.1.1-15-I-001.yaml"
    for command in (["validate"], ["export"], ["summary"], ["list"]):
        for target in (record, data / "link.yaml", data / "new.csv"):
            result = runner.invoke(app, [*command, str(data), "--output", str(target)])
            assert result.exit_code == 2, (command, target)
    assert fingerprint(data) == before


def test_a_few_hundred_mutated_records_in_one_run(tmp_path: Path) -> None:
    mutated_folder(tmp_path, 300)
    before = fingerprint(tmp_path)
    result = runner.invoke(app, ["validate", str(tmp_path), "--format", "json"])
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.stdout + result.stderr
    document = json.loads(result.stdout)
    assert document["summary"]["files"] == 300
    assert fingerprint(tmp_path) == before


def test_schema_references_stay_inside_the_bundled_schema() -> None:
    refs: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            refs.extend(v for k, v in node.items() if k == "$ref")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema())
    assert refs and all(ref.startswith("#/") for ref in refs)
