"""`esfproj lsp` driven over stdio as editors drive it (pytest-lsp, with the client
capabilities of Neovim and VS Code): its diagnostics are `esfproj validate`'s findings,
its fixes leave a record that validate accepts, its hovers and hints say exact totals."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from tests.conftest import REPO, VALID, write
from tests.lsp import Client

SERVER = [sys.executable, "-m", "esfproj", "lsp"]
CLIENTS = ["neovim@v0.9.1", "visual-studio-code"]
WRONG_SUM = (
    VALID.replace("amount: 100.00", "amount: 110.00").replace("      rate: 85\n", "").replace("      rate: 15\n", "")
)
WRONG_RATE = VALID.replace("rate: 85", "rate: 80")
pytestmark = pytest.mark.slow  # a server process for each test: about 2 s each


@contextlib.asynccontextmanager
async def session(root: Path, client: str = "neovim", lang: str | None = None) -> AsyncIterator[LanguageClient]:
    """A server started as an editor starts it, in the workspace `root`."""
    lsp = await ClientServerConfig(server_command=SERVER).start()
    assert isinstance(lsp, LanguageClient)
    try:
        started = await lsp.initialize_session(
            types.InitializeParams(
                capabilities=client_capabilities(client),
                root_uri=root.as_uri(),
                workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
                initialization_options={"lang": lang} if lang else None,
            )
        )
        record_versions(lsp)
        ENCODINGS[id(lsp)] = started.capabilities.position_encoding or "utf-16"
        yield lsp
        await lsp.shutdown_session()
    finally:
        server = lsp._server  # a failed test leaves it running: end it, or stop() waits for it
        if server is not None and server.returncode is None:
            server.kill()
        await lsp.stop()  # type: ignore[no-untyped-call]


VERSIONS: dict[int, dict[str, list[int | None]]] = {}


def record_versions(lsp: LanguageClient) -> None:
    """Keep the version of every publication (pytest-lsp keeps the last diagnostics only)."""
    seen: dict[str, list[int | None]] = VERSIONS.setdefault(id(lsp), {})
    features = lsp.protocol.fm.features
    keep = features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS]

    def publish(*args: Any) -> None:  # the feature as pygls registered it, with its arguments
        params: types.PublishDiagnosticsParams = args[-1]
        seen.setdefault(params.uri, []).append(params.version)
        keep(*args)

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish


ENCODINGS: dict[int, str] = {}


async def indexed(lsp: LanguageClient) -> list[Any]:
    """Wait until the server has read the records on disk; its progress reports."""
    token = "esfproj-index"
    await until(lambda: any(isinstance(v, types.WorkDoneProgressEnd) for v in lsp.progress_reports.get(token, [])))
    return lsp.progress_reports[token]


async def until(test: Callable[[], bool], timeout: float = 15) -> None:
    end = time.monotonic() + timeout
    while not test():
        if time.monotonic() > end:
            raise AssertionError("the server did not publish in time")
        await asyncio.sleep(0.02)


def open_file(lsp: LanguageClient, path: Path, text: str | None = None) -> str:
    uri = path.as_uri()
    lsp.diagnostics.pop(uri, None)
    text = path.read_text(encoding="utf-8") if text is None else text
    lsp.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        )
    )
    return uri


async def published(lsp: LanguageClient, uri: str) -> list[types.Diagnostic]:
    """The next diagnostics published for `uri` (after `open_file` or `lsp.diagnostics.pop`)."""
    await until(lambda: uri in lsp.diagnostics)
    return list(lsp.diagnostics[uri])


def change(lsp: LanguageClient, uri: str, version: int, text: str) -> None:
    lsp.diagnostics.pop(uri, None)
    lsp.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


def validate_json(root: Path, *options: str) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, "-m", "esfproj", "validate", "--format", "json", *options],
        cwd=root,
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    findings: list[dict[str, Any]] = json.loads(done.stdout)["findings"]
    return findings


SEVERITY = {"error": 1, "warning": 2, "info": 3}


def as_validate(diagnostics: Sequence[types.Diagnostic]) -> list[tuple[Any, ...]]:
    return [(d.code, d.range.start.line + 1, d.range.start.character + 1, d.severity, d.message) for d in diagnostics]


def expected(findings: list[dict[str, Any]], file: str) -> list[tuple[Any, ...]]:
    return [
        (f["check"], f["line"], f["column"], 4 if f["acknowledged"] else SEVERITY[f["severity"]], f["message"])
        for f in findings
        if f["file"] == file
    ]


def workspace(tmp_path: Path) -> Path:
    """The bundled records, and a few that break the rules."""
    for record in (REPO / "data" / "projects").iterdir():
        write(tmp_path / "data" / "projects", record.read_text(encoding="utf-8"), record.name)
    write(tmp_path / "data" / "projects", WRONG_SUM, "sum.yaml")
    write(tmp_path / "data" / "projects", WRONG_RATE, "rate.yaml")
    return tmp_path


@pytest.mark.parametrize("client", CLIENTS)
@pytest.mark.asyncio
async def test_diagnostics_are_validates_findings(tmp_path: Path, client: str) -> None:
    root = workspace(tmp_path)
    names = ["sum.yaml", "rate.yaml", "jurmala-9.2.1.1-15-I-001.yaml", "9.2.2.1-15-I-002.yaml"]
    findings = validate_json(root)
    async with session(root, client) as lsp:
        reports = await indexed(lsp)
        for name in names:
            uri = open_file(lsp, root / "data" / "projects" / name)
            assert as_validate(await published(lsp, uri)) == expected(findings, f"data/projects/{name}")
        wrong = lsp.diagnostics[(root / "data" / "projects" / "sum.yaml").as_uri()]
    assert reports[0].title == "esfproj: reading the records" and reports[-1].message == "8 records"
    # the shared project number of sum.yaml and rate.yaml: a duplicate, once the disk is read
    assert [d.code for d in wrong] == ["duplicate-record", "funding-sum"]
    funding_sum = wrong[1]
    assert funding_sum.range == types.Range(
        start=types.Position(line=14, character=10), end=types.Position(line=14, character=16)
    )
    assert (funding_sum.source, funding_sum.severity) == ("esfproj", types.DiagnosticSeverity.Error)
    assert funding_sum.message == "parts add up to 100.00 EUR, the node states 110.00 EUR (difference -10.00)"
    assert expected(findings, "data/projects/jurmala-9.2.1.1-15-I-001.yaml")[0][3] == 4  # acknowledged: a hint


@pytest.mark.asyncio
async def test_latvian_messages(tmp_path: Path) -> None:
    path = write(tmp_path / "data" / "projects", WRONG_SUM, "sum.yaml")
    async with session(tmp_path, lang="lv") as lsp:
        uri = open_file(lsp, path)
        diagnostics = await published(lsp, uri)
        amount = await hover_at(lsp, uri, 14, 12)
    assert amount == (
        "Finansējuma mezgls **Kopā**: 110,00 EUR\n\ndaļu summa 100,00 EUR (starpība -10,00)\n\n"
        "- **ESF**: 85,00 EUR: 77,27 %\n- **Valsts budžets**: 15,00 EUR: 13,64 %"
    )
    text = subprocess.run(
        [sys.executable, "-m", "esfproj", "validate", "--lang", "lv"], cwd=tmp_path, capture_output=True, text=True
    ).stdout
    assert diagnostics[0].message == "daļu summa ir 100,00 EUR, mezglā norādīts 110,00 EUR (starpība -10,00)"
    assert f"funding: {diagnostics[0].message}" in text.replace("\u00a0", " ")


@pytest.mark.asyncio
async def test_other_yaml_files_get_nothing(tmp_path: Path) -> None:
    workflow = write(tmp_path / ".github" / "workflows", "on: push\njobs: {}\n", "ci.yml")
    outside = write(tmp_path / "notes", "schema_version: 1\ntitle: x\n", "draft.yaml")
    async with session(tmp_path) as lsp:
        ci = open_file(lsp, workflow)
        draft = open_file(lsp, outside)
        diagnostics = await published(lsp, draft)
        await asyncio.sleep(0.3)
        assert ci not in lsp.diagnostics
    # a YAML file outside the data folder that says it is a record is checked
    assert [d.code for d in diagnostics] == ["funding-missing", "schema", "schema", "schema"]


@pytest.mark.asyncio
async def test_half_typed_yaml_and_the_server_goes_on(tmp_path: Path) -> None:
    path = write(tmp_path / "data" / "projects", VALID, "a.yaml")
    async with session(tmp_path) as lsp:
        uri = open_file(lsp, path)
        assert await published(lsp, uri) == []
        change(lsp, uri, 2, VALID.replace("funding:\n  label: Kopā", "funding:\n  label: [Kopā"))
        broken = await published(lsp, uri)
        assert [(d.code, d.range.start.line) for d in broken] == [("yaml-syntax", 14)]
        hover = await lsp.text_document_hover_async(
            types.HoverParams(
                text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=1, character=20)
            )
        )
        assert hover is None
        change(lsp, uri, 3, VALID)
        assert await published(lsp, uri) == []


@pytest.mark.asyncio
async def test_a_change_is_published_once_typing_stops(tmp_path: Path) -> None:
    path = write(tmp_path / "data" / "projects", VALID, "a.yaml")
    async with session(tmp_path) as lsp:
        uri = open_file(lsp, path)
        await published(lsp, uri)
        for version, digit in enumerate("12345", start=2):  # five keystrokes, 60 ms apart
            change(lsp, uri, version, VALID.replace("amount: 100.00", f"amount: 10{digit}.00"))
            await asyncio.sleep(0.06)
        diagnostics = await published(lsp, uri)
        await asyncio.sleep(0.4)
        versions = VERSIONS[id(lsp)][uri]
    assert versions == [1, 6]  # one publication for the five changes, of the last version
    assert diagnostics[0].message == "parts add up to 100.00 EUR, the node states 105.00 EUR (difference -5.00)"


@pytest.mark.asyncio
async def test_cross_record_findings_follow_every_open_document(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "projects"
    a, b = write(folder, VALID, "a.yaml"), write(folder, VALID, "b.yaml")
    async with session(tmp_path) as lsp:
        a_uri, b_uri = open_file(lsp, a), open_file(lsp, b)
        await until(lambda: [d.code for d in lsp.diagnostics.get(b_uri, [])] == ["duplicate-record"])
        assert (
            lsp.diagnostics[b_uri][0].message
            == "data/projects/a.yaml is already the record of 9.2.1.1/15/I/001 with no participant"
        )
        # a participant in the open a.yaml, unsaved: b.yaml's duplicate goes, both now disagree on nothing
        lsp.diagnostics.pop(b_uri, None)
        change(lsp, a_uri, 2, VALID + "participant: {name: Ogres novada pašvaldība}\n")
        assert await published(lsp, b_uri) == []
        # another program writes c.yaml, a second share of the same participant
        c = write(folder, VALID + "participant: {name: Ogres novada pašvaldība}\n", "c.yaml")
        lsp.diagnostics.pop(b_uri, None)
        lsp.diagnostics.pop(a_uri, None)
        lsp.workspace_did_change_watched_files(
            types.DidChangeWatchedFilesParams(
                changes=[types.FileEvent(uri=c.as_uri(), type=types.FileChangeType.Created)]
            )
        )
        # a.yaml's share and c.yaml's add up to more than b.yaml's whole project; c is a duplicate
        await until(lambda: [d.code for d in lsp.diagnostics.get(a_uri, [])] == ["funding-shares"])
        assert b_uri not in lsp.diagnostics and c.as_uri() not in lsp.diagnostics
    assert validate_json(tmp_path)[0]["check"] == "duplicate-record"  # the disk's a.yaml has no participant


def apply(lsp: LanguageClient, text: str, edits: Sequence[types.TextEdit]) -> str:
    """The text with the edits made, as the client would (in the encoding the server chose)."""
    unit = {"utf-8": "utf-8", "utf-16": "utf-16-le", "utf-32": "utf-32-le"}[ENCODINGS[id(lsp)]]
    width = {"utf-8": 1, "utf-16-le": 2, "utf-32-le": 4}[unit]
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))

    def at(position: types.Position) -> int:
        line = lines[position.line] if position.line < len(lines) else ""
        characters = len(line.encode(unit)[: position.character * width].decode(unit))
        return starts[position.line] + characters

    for edit in sorted(edits, key=lambda e: at(e.range.start), reverse=True):
        text = text[: at(edit.range.start)] + edit.new_text + text[at(edit.range.end) :]
    return text


async def actions(lsp: LanguageClient, uri: str, line: int) -> list[types.CodeAction]:
    found = await lsp.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(line=line, character=0), end=types.Position(line=line, character=0)),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    return [a for a in found or [] if isinstance(a, types.CodeAction)]


def edits_of(action: types.CodeAction) -> list[types.TextEdit]:
    assert action.edit is not None and action.edit.document_changes is not None
    change = action.edit.document_changes[0]
    assert isinstance(change, types.TextDocumentEdit)
    return [e for e in change.edits if isinstance(e, types.TextEdit)]


ACKNOWLEDGED_BLOCK = VALID + "acknowledged:\n  - check: status-dates\n    note: the page says so\n# end\n"


@pytest.mark.parametrize(
    ("text", "added"),
    [
        (WRONG_SUM, 'acknowledged:\n  - check: funding-sum\n    path: funding\n    note: "{note}"\n'),
        (
            WRONG_SUM + "acknowledged:\n  - check: status-dates\n    note: x\n# end\n",
            '  - check: funding-sum\n    path: funding\n    note: "{note}"\n',
        ),
        (WRONG_SUM + "acknowledged: []\n", '{check: funding-sum, path: funding, note: "{note}"}'),
    ],
    ids=["no-list", "block-list", "flow-list"],
)
@pytest.mark.asyncio
async def test_acknowledge_then_validate_agrees(tmp_path: Path, text: str, added: str) -> None:
    path = write(tmp_path / "data" / "projects", text, "a.yaml")
    async with session(tmp_path) as lsp:
        uri = open_file(lsp, path)
        await published(lsp, uri)
        found = await actions(lsp, uri, 14)
        titles = [a.title for a in found]
        assert "Acknowledge funding-sum at funding" in titles
        fix = found[titles.index("Acknowledge funding-sum at funding")]
        assert (
            fix.kind == types.CodeActionKind.QuickFix and fix.diagnostics and fix.diagnostics[0].code == "funding-sum"
        )
        fixed = apply(lsp, text, edits_of(fix))
    added = added.replace("{note}", "to complete: why the record is right as it is")
    assert added in fixed
    assert fixed.replace(added, "", 1) == text  # nothing else changed
    path.write_text(fixed, encoding="utf-8")
    findings = validate_json(tmp_path)
    assert [(f["check"], f["acknowledged"], f.get("note")) for f in findings if f["check"] == "funding-sum"] == [
        ("funding-sum", True, "to complete: why the record is right as it is")
    ]


@pytest.mark.parametrize(
    ("written", "plain", "parts"),
    [
        ("1 234,56", "1234.56", ("1000.00", "234.56")),
        ("1.234,56", "1234.56", ("1000.00", "234.56")),
        ('"1,234.56"', "1234.56", ("1000.00", "234.56")),
        ("€ 1234.56", "1234.56", ("1000.00", "234.56")),
        ("70_222.38", "70222.38", ("70000.00", "222.38")),
        ("1,234", None, ("1000.00", "234.00")),
    ],
)
@pytest.mark.asyncio
async def test_amount_written_for_people(
    tmp_path: Path, written: str, plain: str | None, parts: tuple[str, str]
) -> None:
    text = (
        VALID.replace("amount: 100.00", f"amount: {written}")
        .replace("      rate: 85\n", "")
        .replace("      rate: 15\n", "")
        .replace("amount: 85.00", f"amount: {parts[0]}")
        .replace("amount: 15.00", f"amount: {parts[1]}")
    )
    path = write(tmp_path / "data" / "projects", text, "a.yaml")
    async with session(tmp_path) as lsp:
        uri = open_file(lsp, path)
        assert await published(lsp, uri) != []
        found = [a for a in await actions(lsp, uri, 14) if a.title.startswith("Write the amount")]
    if plain is None:
        assert found == []
        return
    assert [a.title for a in found] == [f"Write the amount as {plain}"]
    fixed = apply(lsp, text, edits_of(found[0]))
    assert fixed == text.replace(f"amount: {written}", f"amount: {plain}")
    path.write_text(fixed, encoding="utf-8")
    assert validate_json(tmp_path) == []


@pytest.mark.parametrize("client", ["neovim", "visual-studio-code"])
@pytest.mark.asyncio
async def test_rate_set_to_what_the_amounts_give(tmp_path: Path, client: str) -> None:
    text = VALID.replace("amount: 85.00", "amount: 84.40").replace("amount: 15.00", "amount: 15.60")
    text = text.replace("rate: 15", "rate: 15.0")
    path = write(tmp_path / "data" / "projects", text, "a.yaml")
    async with session(tmp_path, client) as lsp:
        uri = open_file(lsp, path)
        assert [d.code for d in await published(lsp, uri)] == ["funding-rate", "funding-rate"]
        first = [a for a in await actions(lsp, uri, 18) if a.title.startswith("Set the rate")]
        second = [a for a in await actions(lsp, uri, 22) if a.title.startswith("Set the rate")]
    assert [a.title for a in first + second] == [
        "Set the rate to 84 (as the amounts give)",  # 84.4 % to the rate's own 0 decimals
        "Set the rate to 15.6 (as the amounts give)",
    ]
    fixed = apply(lsp, apply(lsp, text, edits_of(second[0])), edits_of(first[0]))
    assert fixed == text.replace("rate: 85", "rate: 84").replace("rate: 15.0", "rate: 15.6")
    path.write_text(fixed, encoding="utf-8")
    assert validate_json(tmp_path) == []


async def hover_at(lsp: LanguageClient, uri: str, line: int, character: int) -> str | None:
    found = await lsp.text_document_hover_async(
        types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line=line, character=character)
        )
    )
    if found is None:
        return None
    assert isinstance(found.contents, types.MarkupContent)
    return found.contents.value


@pytest.mark.asyncio
async def test_hover(tmp_path: Path) -> None:
    folder = tmp_path / "data" / "projects"
    whole = VALID.replace("amount: 100.00", "amount: 150.00").replace("85.00", "127.50").replace("15.00", "22.50")
    share = VALID.replace("amount: 100.00", "amount: 60.00").replace("85.00", "51.00").replace("15.00", "9.00")
    write(folder, whole, "whole.yaml")
    write(folder, share + "participant: {name: Ogres novada pašvaldība}\n", "ogre.yaml")
    text = VALID.replace("amount: 100.00", "amount: 110.00") + "acknowledged:\n  - check: funding-sum\n    note: x\n"
    path = write(folder, text + "participant: {name: Salaspils novada pašvaldība}\n", "a.yaml")
    async with session(tmp_path) as lsp:
        uri = open_file(lsp, path)
        await published(lsp, uri)
        await until(lambda: "funding-shares" in [d.code for d in lsp.diagnostics.get(uri, [])])
        amount = await hover_at(lsp, uri, 14, 12)
        rate = await hover_at(lsp, uri, 18, 13)
        check = await hover_at(lsp, uri, 25, 14)
        number = await hover_at(lsp, uri, 1, 20)
        nothing = await hover_at(lsp, uri, 2, 10)
    assert amount == (
        "Funding node **Kopā**: 110.00 EUR\n\nparts add up to 100.00 EUR (difference -10.00)\n\n"
        "- **ESF**: 85.00 EUR: 77.27 %\n- **Valsts budžets**: 15.00 EUR: 13.64 %"
    )
    assert rate == "the amounts give **77.27 %** (85.00 EUR of 110.00 EUR); the record states 85 %"
    assert check is not None
    assert check.startswith("**funding-sum** (error): parts do not add up to their node\n\nPassing example:\n\n")
    assert "Failing example:\n\n`record.yaml`\n```yaml\nschema_version: 1\n" in check
    assert number == (
        "Project **9.2.1.1/15/I/001**\n\nwhole project: 150.00 EUR (`data/projects/whole.yaml`)\n\n"
        "participants' shares:\n- Salaspils novada pašvaldība: 110.00 EUR (`data/projects/a.yaml`)\n"
        "- Ogres novada pašvaldība: 60.00 EUR (`data/projects/ogre.yaml`)\n\n"
        "participants' shares: 170.00 EUR\n\nthe shares are more than the whole by 20.00 EUR"
    )
    assert nothing is None


@pytest.mark.parametrize("client", ["neovim", "visual-studio-code"])
@pytest.mark.asyncio
async def test_inlay_hints_definition_references_symbols(tmp_path: Path, client: str) -> None:
    folder = tmp_path / "data" / "projects"
    write(folder, VALID, "whole.yaml")
    share = WRONG_SUM + "participant: {name: Ogres novada pašvaldība}\nactivities:\n  - Apmācības\n"
    path = write(folder, share, "ogre.yaml")
    async with session(tmp_path, client) as lsp:
        await indexed(lsp)
        uri = open_file(lsp, path)
        await published(lsp, uri)
        document = types.TextDocumentIdentifier(uri=uri)
        everything = types.Range(start=types.Position(line=0, character=0), end=types.Position(line=30, character=0))
        hints = await lsp.text_document_inlay_hint_async(
            types.InlayHintParams(text_document=document, range=everything)
        )
        number = types.Position(line=1, character=20)
        definition = await lsp.text_document_definition_async(
            types.DefinitionParams(text_document=document, position=number)
        )
        references = await lsp.text_document_references_async(
            types.ReferenceParams(
                text_document=document, position=number, context=types.ReferenceContext(include_declaration=True)
            )
        )
        symbols = await lsp.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=document))
    assert [(h.position.line, h.position.character, h.label) for h in hints or []] == [
        (14, 16, "Σ parts 100.00"),
        (17, 19, "77.27 %"),
        (20, 19, "13.64 %"),
    ]
    whole_number = types.Range(start=types.Position(line=1, character=16), end=types.Position(line=1, character=32))
    assert definition == [types.Location(uri=(folder / "whole.yaml").as_uri(), range=whole_number)]
    assert references is not None
    assert [(r.uri.rsplit("/", 1)[1], r.range) for r in references] == [
        ("ogre.yaml", whole_number),
        ("whole.yaml", whole_number),
    ]
    assert symbols is not None
    outline = [(s.name, s.detail) for s in symbols if isinstance(s, types.DocumentSymbol)]
    assert outline == [("Kopā", "110.00 EUR"), ("Apmācības", None)]
    funding = symbols[0]
    assert isinstance(funding, types.DocumentSymbol) and funding.children is not None
    assert [(c.name, c.detail) for c in funding.children] == [("ESF", "85.00 EUR"), ("Valsts budžets", "15.00 EUR")]


def test_a_failing_request_is_logged_and_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    from esfproj.lsp import server as module

    logged: list[str] = []
    monkeypatch.setattr(module.server, "log", logged.append)

    def hover(params: object) -> None:
        raise ValueError("a bug")

    with pytest.raises(ValueError, match="a bug"):
        module.logged(hover)(None)
    assert logged[0].startswith("esfproj: hover failed:\nTraceback") and "ValueError: a bug" in logged[0]


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps({"jsonrpc": "2.0", **message}).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def test_it_exits_when_the_client_dies(tmp_path: Path) -> None:
    client = subprocess.Popen(["sleep", "60"])
    server = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=tmp_path)
    assert server.stdin is not None and server.stdout is not None
    initialize = {"processId": client.pid, "rootUri": tmp_path.as_uri(), "capabilities": {}}
    server.stdin.write(frame({"id": 1, "method": "initialize", "params": initialize}))
    server.stdin.write(frame({"method": "initialized", "params": {}}))
    server.stdin.flush()
    assert server.stdout.readline().startswith(b"Content-Length:")  # it answered
    client.kill()
    client.wait()
    assert server.wait(timeout=10) == 0  # stdin still open: it saw the client go


def test_it_exits_when_asked(tmp_path: Path) -> None:
    done = subprocess.run(
        SERVER,
        input=frame({"id": 1, "method": "initialize", "params": {"processId": None, "capabilities": {}}})
        + frame({"method": "initialized", "params": {}})
        + frame({"id": 2, "method": "shutdown"})
        + frame({"method": "exit"}),
        capture_output=True,
        cwd=tmp_path,
        timeout=30,
    )
    replies = [json.loads(part.split(b"\r\n\r\n", 1)[1]) for part in done.stdout.split(b"Content-Length")[1:]]
    assert {"jsonrpc": "2.0", "id": 2, "result": None} in replies
    assert done.returncode == 0


YAML_SERVER = REPO / "tests" / "clients" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"
NO_NODE = "npm packages not installed: .ci/run installs them (cd tests/clients && npm ci)"


@pytest.mark.skipif(shutil.which("node") is None or not YAML_SERVER.exists(), reason=NO_NODE)
def test_beside_yaml_language_server_each_schema_error_once(tmp_path: Path) -> None:
    """docs/editors.md: with `yaml.validate: false` the YAML server shows no diagnostic and
    still completes; esfproj lsp shows the schema error."""
    schema = (REPO / "schemas" / "project.schema.json").resolve().as_uri()
    text = f"# yaml-language-server: $schema={schema}\n" + VALID.replace("status: in_progress", "status: ")
    path = write(tmp_path / "data" / "projects", text, "a.yaml")
    status = {"textDocument": {"uri": path.as_uri()}, "position": {"line": 9, "character": 8}}
    seen: dict[bool, Any] = {}
    for validate in (True, False):
        settings = {"yaml": {"validate": validate, "completion": True, "schemaStore": {"enable": False}}}
        yaml = Client(["node", str(YAML_SERVER), "--stdio"], tmp_path, settings)
        try:
            uri = yaml.open(path)
            result = yaml.request("textDocument/completion", status)
            yaml.request("textDocument/hover", status)  # answered after the document is checked
            items = result["items"] if isinstance(result, dict) else result
            assert "in_progress" in {i["label"] for i in items}
            seen[validate] = [d["message"] for d in yaml.diagnostics_of(uri)] if validate else yaml.diagnostics.get(uri)
        finally:
            yaml.close()
    statuses = '"planned", "in_progress", "completed", "suspended", "terminated", "unknown"'
    assert seen[True] == [f"Value is not accepted. Valid values: {statuses}."]
    assert seen[False] in (None, [])
    esfproj = Client(SERVER, tmp_path, {})
    try:
        shown = esfproj.diagnostics_of(esfproj.open(path))
    finally:
        esfproj.close()
    statuses = "planned, in_progress, completed, suspended, terminated, unknown"
    expected = f"expected one of {statuses}; found nothing (an empty value)"
    assert [(d["code"], d["range"]["start"], d["message"]) for d in shown] == [
        ("schema", {"line": 9, "character": 7}, expected)
    ]


KNOWN_KEYS = "cache, checks, exclude, limits, paths, sum_tolerance"


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (None, "{0}: unknown key 'pahts' (known: {1}); the defaults are used"),
        ("lv", "{0}: nezināma atslēga 'pahts' (zināmās: {1}); izmantoti noklusējumi"),
    ],
    ids=["en", "lv"],
)
@pytest.mark.asyncio
async def test_a_bad_configuration_is_said_and_the_defaults_used(tmp_path: Path, lang: str | None, said: str) -> None:
    (tmp_path / "esfproj.toml").write_text("pahts = ['records']\n", encoding="utf-8")
    path = write(tmp_path / "data" / "projects", WRONG_SUM, "a.yaml")
    async with session(tmp_path, "visual-studio-code", lang) as lsp:
        diagnostics = await published(lsp, open_file(lsp, path))
        shown = [m.message for m in lsp.messages]
    assert shown == ["esfproj: " + said.format(tmp_path / "esfproj.toml", KNOWN_KEYS)]
    assert [d.code for d in diagnostics] == ["funding-sum"]


@pytest.mark.parametrize(("client", "column"), [("neovim@v0.9.1", 51), ("neovim", 52)], ids=["utf-16", "utf-8"])
@pytest.mark.asyncio
async def test_columns_in_the_units_the_client_counts(tmp_path: Path, client: str, column: int) -> None:
    """After `budžets` a column counts one UTF-16 unit for `ž`, two UTF-8 bytes (Neovim 0.11
    asks for UTF-8); validate counts characters."""
    text = VALID.replace(
        "    - label: Valsts budžets\n      amount: 15.00\n      rate: 15\n      source: state_budget\n",
        "    - {label: Valsts budžets, amount: 15.00, rate: 16, source: state_budget}\n",
    )
    path = write(tmp_path / "data" / "projects", text, "a.yaml")
    async with session(tmp_path, client) as lsp:
        diagnostics = await published(lsp, open_file(lsp, path))
    assert [(d.code, d.range) for d in diagnostics] == [
        (
            "funding-rate",
            types.Range(
                start=types.Position(line=20, character=column), end=types.Position(line=20, character=column + 2)
            ),
        )
    ]
    assert [(f["check"], f["line"], f["column"]) for f in validate_json(tmp_path)] == [("funding-rate", 21, 52)]
