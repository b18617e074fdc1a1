"""`esfproj lsp`: the language server, over stdin and stdout (docs/editors.md).

pygls is imported here, when the command runs, so no other command starts slower for it.
"""

from __future__ import annotations


def run() -> int:
    """Serve until the client says `exit` (pygls then exits: 0 after `shutdown`, else 1) or
    goes away."""
    from esfproj.lsp.server import serve

    serve()
    return 0
