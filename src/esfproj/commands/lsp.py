"""`esfproj lsp`: the language server, over stdin and stdout (docs/editors.md).

pygls is imported here, when the command runs, so no other command starts slower for it.
"""

from __future__ import annotations

from esfproj.commands.common import Settings


def run(settings: Settings) -> int:
    """Serve until the client says `exit` (pygls then exits: 0 after `shutdown`, else 1) or
    goes away. The configuration is the workspace's, which the server reads from the folder
    the editor opens (as the other commands read it from the current one), not `settings`."""
    from esfproj.lsp.server import serve

    serve()
    return 0
