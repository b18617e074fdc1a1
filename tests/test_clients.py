"""The programs users run beside esfproj, driven as their users drive them: the YAML
language server (VS Code's YAML extension) over LSP, Microsoft's SARIF multitool, and
xmllint with Jenkins' JUnit schema.

`.ci/run` installs them (npm packages in tests/clients/, Debian's libxml2-utils); where
one is missing, its tests are skipped with the reason.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from esfproj.cli import app
from esfproj.schema import schema_text
from tests.conftest import REPO, VALID, write
from tests.lsp import Client

pytestmark = pytest.mark.slow
CLIENTS = REPO / "tests" / "clients"
SERVER = CLIENTS / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
MULTITOOL = CLIENTS / "node_modules" / ".bin" / "sarif-multitool"
XSD = CLIENTS / "junit-10.xsd"
NO_NODE = "npm packages not installed: .ci/run installs them (cd tests/clients && npm ci)"
runner = CliRunner()
ODD_NAMES = ["Jūrmala dir/a 100%, b.yaml", "plain/ok.yaml"]


def odd_folder(root: Path) -> Path:
    """Records with a space, a Latvian letter, % and , in their names; one with an error."""
    write(root, VALID.replace("amount: 15.00", "amount: 16.00"), ODD_NAMES[0])
    write(root, VALID.replace("9.2.1.1/15/I/001", "9.2.1.1/15/I/002"), ODD_NAMES[1])
    return root


# --- the YAML language server ---------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[Client]:
    if shutil.which("node") is None or not SERVER.exists():
        pytest.skip(NO_NODE)
    settings = {"yaml": {"validate": True, "hover": True, "completion": True, "schemaStore": {"enable": False}}}
    client = Client(["node", str(SERVER), "--stdio"], REPO, settings)
    yield client
    client.close()


@pytest.mark.parametrize("record", sorted((REPO / "data" / "projects").glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_records_have_no_diagnostics_in_the_editor(server: Client, record: Path) -> None:
    assert server.diagnostics_of(server.open(record)) == []


def test_underscore_amounts_are_what_the_editor_rejects(server: Client) -> None:
    """Why the records have none: YAML 1.2 reads 70_222.38 as text."""
    record = REPO / "data" / "projects" / "jurmala-9.2.1.1-15-I-001.yaml"
    text = record.read_text(encoding="utf-8").replace("amount: 70222.38", "amount: 70_222.38")
    (diagnostic,) = server.diagnostics_of(server.open(record.with_name("underscore.yaml"), text))
    assert diagnostic["message"] == 'Incorrect type. Expected "number".'


def test_a_new_record_has_no_diagnostics(server: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "project.schema.json").write_text(schema_text(), encoding="utf-8")
    (tmp_path / "esfproj.toml").write_text('paths = ["data/projects"]\n')
    monkeypatch.chdir(tmp_path)
    args = ["new", "--number", "9.2.1.1/15/I/009", "--title", "No: on 1:20", "--fund", "ESF", "--status", "planned"]
    result = runner.invoke(app, [*args, "--participant", "Jūrmalas pilsētas dome"])
    assert result.exit_code == 0, result.output
    (created,) = (tmp_path / "data" / "projects").glob("*.yaml")
    assert server.diagnostics_of(server.open(created)) == []


def test_bad_enum_date_and_unknown_key_are_diagnosed(server: Client, tmp_path: Path) -> None:
    schema = (REPO / "schemas" / "project.schema.json").resolve().as_uri()
    text = (
        f"# yaml-language-server: $schema={schema}\n"
        + VALID.replace("status: in_progress", "status: ongoing").replace("2016-04-18", "18.04.2016")
        + "colour: red\n"
    )
    diagnostics = server.diagnostics_of(server.open(tmp_path / "bad.yaml", text))
    where = {(d["range"]["start"]["line"], d["message"].split(".")[0]) for d in diagnostics}
    assert where == {
        (9, "Value is not accepted"),  # status: ongoing (line 10 of the file)
        (11, 'String does not match the pattern of "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"'),  # start: 18.04.2016
        (11, "String is not a RFC3339 date"),
        (25, "Property colour is not allowed"),
    }


def test_imported_records_have_no_diagnostics_and_explain_the_rate(
    server: Client, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every record `esfproj import` writes from the sample list, opened as an editor opens
    it: the schema from its modeline, no diagnostic; hover on the published rate says whose it is."""
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "project.schema.json").write_text(schema_text(), encoding="utf-8")
    (tmp_path / "esfproj.toml").write_text('paths = ["data/projects"]\n')
    monkeypatch.chdir(tmp_path)
    sample = REPO / "tests" / "examples" / "import" / "kohesio-sample.csv"
    assert runner.invoke(app, ["import", str(sample)]).exit_code == 1  # four rows are refused
    records = sorted((tmp_path / "data" / "projects").glob("*.yaml"))
    assert len(records) == 6
    for record in records:
        assert record.read_text(encoding="utf-8").startswith(
            "# yaml-language-server: $schema=../../schemas/project.schema.json\n"
        )
        assert server.diagnostics_of(server.open(record)) == [], record.name
    text = records[0].read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines()) if row.startswith("cofinancing_rate:"))
    hover = server.request(
        "textDocument/hover",
        {"textDocument": {"uri": server.open(records[0])}, "position": {"line": line, "character": 2}},
    )
    assert hover["contents"]["value"].startswith(
        "#### Union co-financing rate (%)\n\nThe Union co-financing rate as a list of operations publishes it"
    )


def test_hover_shows_title_and_description(server: Client) -> None:
    record = REPO / "data" / "projects" / "jurmala-9.2.1.1-15-I-001.yaml"
    uri = server.open(record)
    line = record.read_text(encoding="utf-8").splitlines().index("status: in_progress")
    hover = server.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": line, "character": 2}}
    )
    text = hover["contents"]["value"]
    assert text.startswith("#### Status\n\nStatus: planned, in\\_progress (Īstenošanā)")


def test_completion_after_status_offers_the_enum(server: Client, tmp_path: Path) -> None:
    schema = (REPO / "schemas" / "project.schema.json").resolve().as_uri()
    text = f"# yaml-language-server: $schema={schema}\nschema_version: 1\nstatus: \n"
    uri = server.open(tmp_path / "typing.yaml", text)
    server.diagnostics_of(uri)
    result = server.request(
        "textDocument/completion", {"textDocument": {"uri": uri}, "position": {"line": 2, "character": 8}}
    )
    items = result["items"] if isinstance(result, dict) else result
    assert {"planned", "in_progress", "completed", "suspended", "terminated", "unknown"} <= {i["label"] for i in items}


# --- SARIF: Microsoft's multitool ---------------------------------------------------


@pytest.mark.skipif(not MULTITOOL.exists(), reason=NO_NODE)
@pytest.mark.parametrize("absolute", [False, True], ids=["relative", "absolute"])
def test_sarif_passes_the_multitool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, absolute: bool) -> None:
    data = odd_folder(tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    sarif = tmp_path / "out.sarif"
    target = str(data) if absolute else "data"
    assert runner.invoke(app, ["validate", target, "--format", "sarif", "-o", str(sarif)]).exit_code == 1
    document = json.loads(sarif.read_text(encoding="utf-8"))
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]}
    assert ("file://" + str(data) + "/J%C5%ABrmala%20dir/a%20100%25%2C%20b.yaml" if absolute else
            "data/J%C5%ABrmala%20dir/a%20100%25%2C%20b.yaml") in uris  # fmt: skip
    assert "esfproj.invalid" not in sarif.read_text(encoding="utf-8")
    log = tmp_path / "validation.sarif"
    env = {**os.environ, "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT": "1"}  # no libicu needed
    run = subprocess.run(
        [str(MULTITOOL), "validate", str(sarif), "-o", str(log)], capture_output=True, text=True, check=False, env=env
    )
    assert run.returncode == 0, run.stdout + run.stderr
    found = json.loads(log.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert [r for r in found if r.get("level") == "error"] == []
    assert {r["ruleId"] for r in found} & {"SARIF1001", "SARIF1002", "SARIF1004"} == set()


# --- JUnit: Jenkins' schema, checked by xmllint -----------------------------------


@pytest.mark.skipif(shutil.which("xmllint") is None, reason="xmllint missing: .ci/run installs libxml2-utils")
def test_junit_is_valid_against_jenkins_schema(tmp_path: Path) -> None:
    data = odd_folder(tmp_path / "data")
    write(data, VALID.replace("title: Profesionāla", 'title: "a\\x01b"\nx: Profesionāla'), "ctrl.yaml")
    junit = tmp_path / "out.xml"
    before = datetime.datetime.now().astimezone().replace(microsecond=0)
    result = runner.invoke(app, ["validate", str(data), "--as-of", "2020-01-01", "-f", "junit", "-o", str(junit)])
    assert result.exit_code == 1
    lint = subprocess.run(
        ["xmllint", "--noout", "--schema", str(XSD), str(junit)], capture_output=True, text=True, check=False
    )
    assert lint.returncode == 0, lint.stderr
    suite = ElementTree.parse(junit).getroot().find("testsuite")
    assert suite is not None
    stamp = datetime.datetime.fromisoformat(suite.get("timestamp", ""))
    assert before <= stamp <= datetime.datetime.now().astimezone()
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties == {"as_of": "2020-01-01"}
    assert all(case.get("file") is None for case in suite.iter("testcase"))
