"""Writing a table as Parquet or CSV (dirt='high' applied first)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from scoring.generate.columns import _decode
from scoring.generate.context import _Ctx
from scoring.generate.dirt import _high_dirt
from scoring.generate.settings import COMPRESSION, ROW_GROUP


class _Sink:
    """Writes one table as Parquet (in row groups) or CSV, possibly in several batches."""

    def __init__(
        self, path: Path, fmt: str, delta: Sequence[str] = (), row_group: int = ROW_GROUP
    ) -> None:
        self.path = path
        self.fmt = fmt
        self.row_group = row_group
        self.delta = delta  # sorted integer/timestamp columns: delta encoding when numeric
        self.writer: pq.ParquetWriter | pacsv.CSVWriter | None = None
        self.rows = 0

    def write(self, table: pa.Table) -> None:
        if self.fmt == "csv":
            table = _decode(table)
            if self.writer is None:
                self.writer = pacsv.CSVWriter(self.path, table.schema)
            self.writer.write_table(table)
        else:
            if self.writer is None:
                self.writer = pq.ParquetWriter(
                    self.path, table.schema, compression=COMPRESSION, **self._options(table.schema)
                )
            self.writer.write_table(table, row_group_size=self.row_group)
        self.rows += table.num_rows

    def _options(self, schema: pa.Schema) -> dict:
        delta = {
            f.name: "DELTA_BINARY_PACKED"
            for f in schema
            if f.name in self.delta
            and (pa.types.is_integer(f.type) or pa.types.is_timestamp(f.type))
        }
        if not delta:
            return {}
        return {
            "column_encoding": delta,
            "use_dictionary": [f.name for f in schema if pa.types.is_dictionary(f.type)],
        }

    def close(self) -> int:
        if self.writer is not None:
            self.writer.close()
        return self.rows


def _write(ctx: _Ctx, name: str, table: pa.Table) -> int:
    if ctx.dirt == "high":
        table = _high_dirt(ctx, name, table)
    sink = _Sink(ctx.out_dir / f"{name}.{ctx.fmt}", ctx.fmt)
    sink.write(table)
    return sink.close()
