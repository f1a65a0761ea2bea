"""Arrow columns from code arrays: dictionary, numeric and decoded columns."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa


def _dict(
    codes: np.ndarray, vocab: Sequence[str] | pa.Array, null: np.ndarray | None = None
) -> pa.DictionaryArray:
    values = vocab if isinstance(vocab, pa.Array) else pa.array(list(vocab), pa.string())
    itype = pa.int8() if len(values) < 128 else pa.int32()
    mask = null if null is not None and null.any() else None
    codes = np.where(null, 0, codes) if mask is not None else codes
    return pa.DictionaryArray.from_arrays(pa.array(codes, itype, mask=mask), values)


def _num(values: np.ndarray, typ: pa.DataType, null: np.ndarray | None = None) -> pa.Array:
    mask = null if null is not None and null.any() else None
    if mask is not None:
        values = np.where(mask, 0, values)
    if typ == pa.date32():
        values = np.asarray(values, dtype=np.int32)
    return pa.array(values, typ, mask=mask)


def _decode(table: pa.Table) -> pa.Table:
    """Plain (non-dictionary), single-chunk columns."""
    cols = []
    for col in table.columns:
        arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        if pa.types.is_dictionary(arr.type):
            arr = arr.dictionary_decode()
        cols.append(arr)
    return pa.table(cols, names=table.column_names)
