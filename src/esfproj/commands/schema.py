"""`esfproj schema`: the JSON Schema of records, printed or written to a file."""

from __future__ import annotations

from esfproj.commands.common import Settings, emit
from esfproj.schema import schema_text


def run(settings: Settings, *, output: str | None) -> int:
    emit(schema_text(), output, settings)
    return 0
