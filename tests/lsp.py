"""A small Language Server Protocol client over stdio, as an editor drives a server."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from pathlib import Path
from typing import Any, BinaryIO


class Client:
    """Starts the server, answers its requests for settings, and collects what it publishes."""

    def __init__(self, command: list[str], root: Path, settings: dict[str, Any]) -> None:
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.settings = settings
        self.next_id = 0
        self.replies: dict[int, Any] = {}
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        assert self.process.stdout is not None
        threading.Thread(target=self._read, args=(self.process.stdout,), daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "completion": {"completionItem": {"snippetSupport": False}},
                        "publishDiagnostics": {},
                    },
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": settings})

    def _read(self, stream: BinaryIO) -> None:
        while True:
            length = 0
            while True:
                header = stream.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.inbox.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _pump(self, timeout: float) -> None:
        try:
            message = self.inbox.get(timeout=timeout)
        except queue.Empty:
            return
        if "id" in message and "method" in message:  # a request from the server
            result: Any = None
            if message["method"] == "workspace/configuration":
                result = [self.settings.get(item.get("section", ""), None) for item in message["params"]["items"]]
            self._send({"id": message["id"], "result": result})
        elif "id" in message:
            self.replies[message["id"]] = message
        elif message.get("method") == "textDocument/publishDiagnostics":
            self.diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 30) -> Any:
        self.next_id += 1
        ident = self.next_id
        self._send({"id": ident, "method": method, "params": params})
        deadline = time.monotonic() + timeout
        while ident not in self.replies:
            if time.monotonic() > deadline:
                raise TimeoutError(method)
            self._pump(0.1)
        reply = self.replies.pop(ident)
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply.get("result")

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        content = path.read_text(encoding="utf-8") if text is None else text
        self.diagnostics.pop(uri, None)
        self.notify(
            "textDocument/didOpen",
            {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": content}},
        )
        return uri

    def diagnostics_of(self, uri: str, timeout: float = 30) -> list[dict[str, Any]]:
        """The diagnostics published for a document, once the server has published them."""
        deadline = time.monotonic() + timeout
        while uri not in self.diagnostics:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no diagnostics for {uri}")
            self._pump(0.1)
        return self.diagnostics[uri]

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except (TimeoutError, RuntimeError, subprocess.TimeoutExpired, BrokenPipeError):
            self.process.kill()
