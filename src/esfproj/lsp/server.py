"""The language server: pygls over stdio, the same engine, checks and messages as `validate`.

Each open document is checked from its unsaved text on open, on save and 150 ms after the
last change; the records on disk are indexed in the background (with `$/progress`), after
which every open document gets its cross-record findings. A failure inside one request is
logged (`window/logMessage`) and answered with an error; the server goes on serving.
"""

from __future__ import annotations

import asyncio
import functools
import os
import traceback
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple, TypeVar, cast

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from esfproj import __version__
from esfproj.checks import ACKNOWLEDGED_UNUSED
from esfproj.config import Config, load
from esfproj.engine import FileFacts
from esfproj.errors import EsfprojError
from esfproj.lsp import fixes, hints, hover, outline
from esfproj.lsp.diagnostics import diagnostic
from esfproj.lsp.index import Index
from esfproj.lsp.places import Places, Point
from esfproj.model import Finding

DEBOUNCE = 0.15
"""Seconds after the last change before a document is checked again."""
PARENT_CHECK = 2.0
"""Seconds between looks at whether the client process is still there."""
SYMBOL_KINDS = {
    "funding": types.SymbolKind.Number,
    "activity": types.SymbolKind.Event,
    "indicator": types.SymbolKind.Field,
}
Handler = TypeVar("Handler", bound=Callable[..., Any])


class Opened(NamedTuple):
    """An open record a request is about."""

    path: str
    facts: FileFacts
    places: Places


class Server(LanguageServer):
    def __init__(self) -> None:
        super().__init__("esfproj", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.index = Index(os.getcwd(), Config(root=os.getcwd()))
        self.lang = "en"
        self.problem: str | None = None
        """Why the configuration could not be read (shown once the client is ready)."""
        self.open: dict[str, str] = {}
        """Path -> URI of each open record."""
        self.published: dict[str, list[Finding]] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}

    def log(self, text: str, kind: types.MessageType = types.MessageType.Error) -> None:
        self.window_log_message(types.LogMessageParams(type=kind, message=text))

    # documents

    def opened(self, uri: str) -> Opened | None:
        """An open record's path, facts and places, for a request about it (None: the
        document is no record, or its text could not be read)."""
        path = to_fs_path(uri) or uri
        facts = self.index.facts.get(path) if path in self.open else None
        if facts is None or facts.text is None:
            return None
        return Opened(path, facts, Places.of(facts.text, self.index.config))

    def client_diagnostic(self, finding: Finding, places: Places, lines: Sequence[str]) -> types.Diagnostic:
        """A finding as a diagnostic, its range in the client's units."""
        shown = diagnostic(finding, places, self.lang)
        shown.range = self.workspace.position_codec.range_to_client_units(lines, shown.range)
        return shown

    def take_in(self, uri: str) -> None:
        """Check an open document's text now and publish what changed."""
        self.timers.pop(uri, None)
        path = to_fs_path(uri)
        if path is None:
            return
        text = self.workspace.get_text_document(uri).source
        if not self.index.is_record(path, text):
            if path in self.open:  # it stopped being a record (schema_version removed)
                self.forget(path)
            return
        self.open[path] = uri
        self.index.put(path, self.index.check(path, text.encode("utf-8", "surrogateescape")))
        self.publish(force={path})

    def forget(self, path: str) -> None:
        """A document closed or no longer a record: its diagnostics go, the disk's copy returns."""
        uri = self.open.pop(path)
        self.published.pop(path, None)
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self.index.drop(path)
        on_disk = self.index.read_disk(path) if os.path.isfile(path) else None
        if on_disk is not None and self.index.in_folders(path):
            self.index.put(path, on_disk)
        self.publish()

    def publish(self, force: set[str] | frozenset[str] = frozenset()) -> None:
        """Publish the findings of every open document whose findings changed (and of `force`)."""
        found = self.index.findings(self.open)
        for path, findings in found.items():
            if path not in force and self.published.get(path) == findings:
                continue
            self.published[path] = findings
            uri = self.open[path]
            document = self.workspace.get_text_document(uri)
            places = Places.of(document.source, self.index.config)
            diagnostics = [self.client_diagnostic(finding, places, document.lines) for finding in findings]
            self.text_document_publish_diagnostics(
                types.PublishDiagnosticsParams(uri=uri, version=document.version, diagnostics=diagnostics)
            )

    def client_range(self, lines: Sequence[str], start: Point, end: Point) -> types.Range:
        server_range = types.Range(
            start=types.Position(line=start[0] - 1, character=start[1] - 1),
            end=types.Position(line=end[0] - 1, character=end[1] - 1),
        )
        return self.workspace.position_codec.range_to_client_units(lines, server_range)

    def server_point(self, uri: str, position: types.Position) -> Point:
        document = self.workspace.get_text_document(uri)
        at = self.workspace.position_codec.position_from_client_units(document.lines, position)
        return at.line + 1, at.character + 1

    # the workspace on disk

    async def scan(self) -> None:
        """Index the records on disk in the background, reporting progress, then republish."""
        loop = asyncio.get_running_loop()
        token = "esfproj-index"
        report = self.client_capabilities.window is not None and bool(
            self.client_capabilities.window.work_done_progress
        )
        if report:
            await self.work_done_progress.create_async(token)
            self.work_done_progress.begin(
                token, types.WorkDoneProgressBegin(title="esfproj: reading the records", percentage=0)
            )

        def progress(done: int, total: int) -> None:
            if report and (done % 500 == 0 or done == total):
                value = types.WorkDoneProgressReport(message=f"{done}/{total}", percentage=done * 100 // total)
                loop.call_soon_threadsafe(self.work_done_progress.report, token, value)

        found = await loop.run_in_executor(None, self.index.scan, progress)
        for path, facts in found.items():
            if path not in self.open:
                self.index.put(path, facts)
        if report:
            self.work_done_progress.end(token, types.WorkDoneProgressEnd(message=f"{len(found)} records"))
        self.publish()

    def watch_parent(self, pid: int) -> None:
        """Exit when the client process is gone (an editor killed without `exit`)."""
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(0)
        except PermissionError:
            pass  # it exists, run by another user
        asyncio.get_running_loop().call_later(PARENT_CHECK, self.watch_parent, pid)


server = Server()


def logged(handler: Handler) -> Handler:
    """Log a failure inside a handler (with its traceback) before pygls answers with an error."""

    @functools.wraps(handler)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return handler(*args, **kwargs)
        except Exception:
            server.log(f"esfproj: {handler.__name__} failed:\n{traceback.format_exc()}")
            raise

    return cast(Handler, wrapper)


@server.feature(types.INITIALIZE)
@logged
def initialize(params: types.InitializeParams) -> None:
    root = None
    if params.workspace_folders:
        root = to_fs_path(params.workspace_folders[0].uri)
    if root is None and params.root_uri:
        root = to_fs_path(params.root_uri)
    root = root or params.root_path or os.getcwd()
    options = params.initialization_options
    if isinstance(options, dict) and options.get("lang") in ("en", "lv"):
        server.lang = options["lang"]
    try:
        config = load(root)
    except EsfprojError as error:
        defaults = "izmantoti noklusējumi" if server.lang == "lv" else "the defaults are used"
        server.problem = f"esfproj: {error.text(server.lang)}; {defaults}"
        config = Config(root=os.path.abspath(root))
    server.index = Index(root, config)


@server.feature(types.INITIALIZED)
@logged
def initialized(params: types.InitializedParams) -> None:
    if server.problem is not None:
        server.window_show_message(types.ShowMessageParams(type=types.MessageType.Error, message=server.problem))
        server.log(server.problem)
    if server.process_id:
        asyncio.get_running_loop().call_later(PARENT_CHECK, server.watch_parent, server.process_id)
    watched = server.client_capabilities.workspace and server.client_capabilities.workspace.did_change_watched_files
    if watched and watched.dynamic_registration:  # ask to be told of YAML files changed by other programs
        options = types.DidChangeWatchedFilesRegistrationOptions(
            watchers=[types.FileSystemWatcher(glob_pattern="**/*.{yaml,yml}")]
        )
        registration = types.Registration(
            id="esfproj-yaml-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
        )
        server.client_register_capability(types.RegistrationParams(registrations=[registration]))
    asyncio.get_running_loop().create_task(server.scan())


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
@logged
def did_open(params: types.DidOpenTextDocumentParams) -> None:
    server.take_in(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
@logged
def did_change(params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    waiting = server.timers.pop(uri, None)
    if waiting is not None:
        waiting.cancel()
    server.timers[uri] = asyncio.get_running_loop().call_later(DEBOUNCE, logged(server.take_in), uri)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
@logged
def did_save(params: types.DidSaveTextDocumentParams) -> None:
    waiting = server.timers.pop(params.text_document.uri, None)
    if waiting is not None:
        waiting.cancel()
    server.take_in(params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
@logged
def did_close(params: types.DidCloseTextDocumentParams) -> None:
    waiting = server.timers.pop(params.text_document.uri, None)
    if waiting is not None:
        waiting.cancel()
    path = to_fs_path(params.text_document.uri)
    if path in server.open:
        server.forget(path)


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
@logged
def did_change_watched_files(params: types.DidChangeWatchedFilesParams) -> None:
    """Files changed on disk by other programs: taken in (an open document keeps its buffer)."""
    for change in params.changes:
        path = to_fs_path(change.uri)
        if path is None or path in server.open:
            continue
        server.index.drop(path)
        if change.type != types.FileChangeType.Deleted and os.path.isfile(path):
            facts = server.index.read_disk(path)
            if facts is not None and server.index.in_folders(path):
                server.index.put(path, facts)
    server.publish()


@server.feature(types.TEXT_DOCUMENT_HOVER)
@logged
def on_hover(params: types.HoverParams) -> types.Hover | None:
    opened = server.opened(params.text_document.uri)
    if opened is None:
        return None
    line, column = server.server_point(params.text_document.uri, params.position)
    text = hover.hover(server.index, opened.facts, opened.places, line, column, server.lang)
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


@server.feature(types.TEXT_DOCUMENT_INLAY_HINT)
@logged
def on_inlay_hint(params: types.InlayHintParams) -> list[types.InlayHint]:
    opened = server.opened(params.text_document.uri)
    if opened is None:
        return []
    lines = server.workspace.get_text_document(params.text_document.uri).lines
    first, last = params.range.start.line + 1, params.range.end.line + 1
    return [
        types.InlayHint(position=server.client_range(lines, at, at).start, label=label, padding_left=True)
        for at, label in hints.hints(opened.facts, opened.places, server.lang)
        if first <= at[0] <= last
    ]


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
@logged
def on_code_action(params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    opened = server.opened(uri)
    if opened is None:
        return []
    path, facts, places = opened
    document = server.workspace.get_text_document(uri)
    first, last = params.range.start.line + 1, params.range.end.line + 1
    found: list[fixes.Fix] = []
    for finding in server.published.get(path, []):
        if not first <= finding.line <= last:
            continue
        fix = fixes.rate(facts, places, finding, server.lang)
        if fix is not None:
            found.append(fix)
        if not finding.acknowledged and facts.record is not None and finding.check != ACKNOWLEDGED_UNUSED.id:
            found.append(fixes.acknowledge(places, finding, server.lang))
    found.extend(fixes.amounts(facts, places, first, last, server.lang))
    actions = []
    for fix in found:
        edits = [
            types.TextEdit(range=server.client_range(document.lines, start, end), new_text=text)
            for start, end, text in fix.edits
        ]
        shown = []
        if fix.finding is not None:
            shown.append(server.client_diagnostic(fix.finding, places, document.lines))
        actions.append(
            types.CodeAction(
                title=fix.title,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=shown or None,
                edit=types.WorkspaceEdit(
                    document_changes=[
                        types.TextDocumentEdit(
                            text_document=types.OptionalVersionedTextDocumentIdentifier(
                                uri=uri, version=document.version
                            ),
                            edits=list(edits),
                        )
                    ]
                ),
            )
        )
    return actions


def _location(found: outline.Location) -> types.Location:
    lines = found.places.text.splitlines(keepends=True)
    return types.Location(
        uri=from_fs_path(found.path) or found.path, range=server.client_range(lines, found.start, found.end)
    )


def _on_number(opened: Opened, uri: str, position: types.Position) -> bool:
    """Whether the request points at the record's project number (where it is written)."""
    return opened.places.path_at(*server.server_point(uri, position)) == ("project_number",)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
@logged
def on_definition(params: types.DefinitionParams) -> list[types.Location]:
    opened = server.opened(params.text_document.uri)
    if (
        opened is None
        or opened.facts.record is None
        or not _on_number(opened, params.text_document.uri, params.position)
    ):
        return []
    return [_location(found) for found in outline.definition(server.index, opened.facts.record)]


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
@logged
def on_references(params: types.ReferenceParams) -> list[types.Location]:
    opened = server.opened(params.text_document.uri)
    record = opened.facts.record if opened is not None else None
    if (
        opened is None
        or record is None
        or record.number is None
        or not _on_number(opened, params.text_document.uri, params.position)
    ):
        return []
    found = outline.references(server.index, record.number)
    if not params.context.include_declaration:
        found = [f for f in found if f.path != opened.path]
    return [_location(f) for f in found]


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
@logged
def on_document_symbol(params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    opened = server.opened(params.text_document.uri)
    if opened is None:
        return []
    lines = server.workspace.get_text_document(params.text_document.uri).lines

    def shown(symbol: outline.Symbol) -> types.DocumentSymbol:
        where = server.client_range(lines, symbol.start, symbol.end)
        return types.DocumentSymbol(
            name=symbol.name,
            detail=symbol.detail or None,
            kind=SYMBOL_KINDS[symbol.kind],
            range=where,
            selection_range=where,
            children=[shown(child) for child in symbol.children] or None,
        )

    return [shown(symbol) for symbol in outline.symbols(opened.facts.record, opened.places)]


def serve() -> None:
    """Speak LSP over stdin and stdout until the client says `exit` or goes away."""
    server.start_io()
