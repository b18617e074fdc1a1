"""Parquet for DuckDB, Spark and pandas: `export --format parquet` (pyarrow, the optional extra
`esfproj[parquet]`).

The columns of the CSV, typed: amounts as Decimal128 (exact: never binary floating point),
with as many decimals as the most any amount has (at least two), dates as dates,
`counted_in_totals` as a boolean and `errors` as an integer. A file that could not be read is
a row with only its id, file, errors and why (`unread`), as in the CSV.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from itertools import islice
from typing import Any

from esfproj.errors import UsageError
from esfproj.numbers import decimals
from esfproj.render.export import AMOUNT_COLUMNS, CSV_COLUMNS, DATE_COLUMNS, Cell
from esfproj.text import lv_count

DECIMAL128_DIGITS = 38
BATCH = 10_000
MISSING = "--format parquet needs pyarrow: pip install 'esfproj[parquet]'"
MISSING_LV = "--format parquet prasa pyarrow: pip install 'esfproj[parquet]'"


def parquet_bytes(rows: Callable[[], Iterable[list[Cell]]]) -> bytes:
    """The rows as one Parquet file (zstd-compressed), written in batches of 10 000 rows;
    `rows` is read twice: first for the most decimals an amount has, then to write."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError(MISSING, lv=MISSING_LV) from None
    at = [i for i, name in enumerate(CSV_COLUMNS) if name in AMOUNT_COLUMNS]
    scale, whole = 2, 1
    for row in rows():
        for value in (row[i] for i in at):
            if isinstance(value, Decimal):
                scale, whole = max(scale, decimals(value)), max(whole, value.adjusted() + 1)
    if whole + scale > DECIMAL128_DIGITS:
        raise UsageError(
            f"amounts of {whole} digits before the point and {scale} after do not fit Parquet's Decimal128 "
            "(38 digits); export them as JSONL or CSV, which keep every digit",
            lv=f"summas ar {lv_count(whole, 'ciparu', 'cipariem')} pirms decimālpunkta un {scale} aiz tā neietilpst "
            "Parquet Decimal128 (38 cipari); eksportējiet tās kā JSONL vai CSV, kas saglabā katru ciparu",
        )

    def kind(name: str) -> Any:
        if name in AMOUNT_COLUMNS:
            return pa.decimal128(DECIMAL128_DIGITS, scale)
        if name in DATE_COLUMNS:
            return pa.date32()
        return {"counted_in_totals": pa.bool_(), "errors": pa.int32()}.get(name, pa.string())

    schema = pa.schema([(name, kind(name)) for name in CSV_COLUMNS])
    sink = pa.BufferOutputStream()
    with pq.ParquetWriter(sink, schema, compression="zstd") as writer:
        stream = iter(rows())
        while batch := list(islice(stream, BATCH)):
            columns = {name: [row[i] for row in batch] for i, name in enumerate(CSV_COLUMNS)}
            writer.write_batch(pa.RecordBatch.from_pydict(columns, schema))
    return bytes(sink.getvalue().to_pybytes())
