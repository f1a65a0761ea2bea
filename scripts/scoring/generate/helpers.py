"""Small vectorised numpy/Arrow helpers: category draws, repeats, ids, office-hours times."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from scoring.generate.settings import DAY_US, HOUR_US
from scoring.generate.vocab import _HOUR_CUM


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


_LUT_BITS = 16


def _cat_by_group(rng: np.random.Generator, group: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """Draw one category per row from the probability row ``probs[group]`` (vectorised).

    Uses a lookup table with 2**16 cells per row: probabilities are honoured to about 1e-5.
    """
    probs = np.asarray(probs, dtype=float)
    if probs.ndim == 1:
        probs = probs[None, :]
    cells = 1 << _LUT_BITS
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    edges = (np.arange(cells) + 0.5) / cells
    lut = np.stack([np.searchsorted(row, edges, side="right") for row in cum])
    lut = np.minimum(lut, probs.shape[1] - 1).astype(np.int16).ravel()
    cell = rng.integers(0, cells, np.size(group), dtype=np.uint16).astype(np.int64)
    return lut[(np.asarray(group, dtype=np.int64) << _LUT_BITS) | cell].astype(np.int64)


def _choice(rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
    return _cat_by_group(rng, np.zeros(n, dtype=np.int64), weights)


def _expand(counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row index repeated ``counts`` times, and the position within each repetition."""
    counts = np.asarray(counts, dtype=np.int64)
    owner = np.repeat(np.arange(counts.size), counts)
    starts = np.cumsum(counts) - counts
    return owner, np.arange(owner.size, dtype=np.int64) - starts[owner]


def _repeat(counts: np.ndarray) -> np.ndarray:
    """Row index (int32 when it fits) repeated ``counts`` times."""
    dtype = np.int32 if np.size(counts) < 2**31 else np.int64
    return np.repeat(np.arange(np.size(counts), dtype=dtype), np.asarray(counts, dtype=np.int64))


def _ids(prefix: str, numbers: np.ndarray, width: int) -> pa.Array:
    digits = pc.utf8_lpad(
        pc.cast(pa.array(np.asarray(numbers, dtype=np.int64)), pa.string()), width, "0"
    )
    return pc.binary_join_element_wise(prefix, digits, "")


def _take_str(vocab: Sequence[str] | pa.Array, codes: np.ndarray) -> pa.Array:
    values = vocab if isinstance(vocab, pa.Array) else pa.array(list(vocab), pa.string())
    return values.take(pa.array(np.asarray(codes, dtype=np.int64)))


def _shape_times(
    rng: np.random.Generator,
    ts: np.ndarray,
    lo: np.ndarray | int,
    hi: np.ndarray | int,
    *,
    hour_cum: np.ndarray = _HOUR_CUM,
    weekend_move: float = 0.6,
) -> np.ndarray:
    """Give uniform timestamps a working-week, office-hours shape; keep them inside [lo, hi)."""
    n = ts.size
    day = ts // DAY_US
    dow = (day + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
    move = (dow >= 5) & (rng.random(n, dtype=np.float32) < weekend_move)
    # most weekend activity moves to a random weekday of the same week
    day += (rng.integers(0, 5, n, dtype=np.int8) - dow) * move
    del dow, move
    hour_lut = np.searchsorted(hour_cum, (np.arange(4096) + 0.5) / 4096, side="right")
    hour_lut = np.minimum(hour_lut, 23) * HOUR_US
    day *= DAY_US
    day += hour_lut[rng.integers(0, 4096, n, dtype=np.uint16)]
    day += rng.integers(0, HOUR_US, n)
    return np.where((day < lo) | (day >= hi), ts, day)


def _uniform_times(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    return lo + (rng.random(lo.size) * (hi - lo)).astype(np.int64)
