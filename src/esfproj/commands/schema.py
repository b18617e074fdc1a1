"""`esfproj schema`: the JSON Schema of records, printed or written to a file."""

from __future__ import annotations

from esfproj.commands.common import emit
from esfproj.schema import schema_text


def run(output: str | None) -> int:
    emit(schema_text(), output)
    return 0
