"""Parquet for DuckDB, Spark and pandas: `export --format parquet` (pyarrow, the optional extra
`esfproj[parquet]`).

The columns of the CSV, typed: amounts as Decimal128 (exact: never binary floating point),
with as many decimals as the most any amount has (at least two), dates as dates,
`counted_in_totals` as a boolean and `errors` as an integer. A file that could not be read is
a row with only its id, file, errors and why (`unread`), as in the CSV.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from esfproj.errors import UsageError
from esfproj.money import decimals
from esfproj.render.export import AMOUNT_COLUMNS, CSV_COLUMNS, DATE_COLUMNS, Cell

DECIMAL128_DIGITS = 38
MISSING = "--format parquet needs pyarrow: pip install 'esfproj[parquet]'"


def parquet_bytes(rows: Iterable[list[Cell]]) -> bytes:
    """The rows as one Parquet file (zstd-compressed)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(MISSING) from None
    columns: dict[str, list[Any]] = {name: [] for name in CSV_COLUMNS}
    for row in rows:
        for name, cell in zip(CSV_COLUMNS, row, strict=True):
            columns[name].append(cell)
    scale = max([2, *(decimals(v) for c in AMOUNT_COLUMNS for v in columns[c] if isinstance(v, Decimal))])
    for name in AMOUNT_COLUMNS:
        for value in columns[name]:
            if isinstance(value, Decimal) and value.adjusted() + 1 + scale > DECIMAL128_DIGITS:
                raise UsageError(
                    f"the amount {value} does not fit Parquet's Decimal128 (38 digits, {scale} after the point); "
                    "export it as JSONL or CSV, which keep every digit"
                )

    def kind(name: str) -> Any:
        if name in AMOUNT_COLUMNS:
            return pa.decimal128(DECIMAL128_DIGITS, scale)
        if name in DATE_COLUMNS:
            return pa.date32()
        return {"counted_in_totals": pa.bool_(), "errors": pa.int32()}.get(name, pa.string())

    schema = pa.schema([(name, kind(name)) for name in CSV_COLUMNS])
    table = pa.table({name: pa.array(columns[name], type=schema.field(name).type) for name in CSV_COLUMNS})
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return bytes(sink.getvalue().to_pybytes())
