"""Dirt on purpose: category variants, aliases and unknowns; with dirt='high' invalid rows and
unparseable text."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from scoring.generate.columns import _decode, _dict
from scoring.generate.context import _Ctx
from scoring.generate.helpers import _ids, _take_str

_VARIANT_FORMS: tuple[Callable[[str], str], ...] = (
    str.title,
    lambda v: f" {v.upper()} ",
    lambda v: f"{v} ",
    lambda v: v.lower() if v.isupper() else v.capitalize(),
)
_GARBAGE_DATE = ("2026-13-45", "31/02/2026", "n/a", "yesterday", "0000-00-00", "TBD")
_GARBAGE_NUMBER = ("n/a", "twelve", "1,234", "-", "unknown", "12k")
_UNKNOWN_EVENT_TYPES = ("chat_started", "ad_click", "form_submit_v2")


def _category(
    rng: np.random.Generator,
    codes: np.ndarray,
    vocab: Sequence[str],
    dirt: str,
    *,
    null: np.ndarray | None = None,
    null_rate: float = 0.0,
    aliases: dict[str, Sequence[str]] | None = None,
    unknowns: Sequence[str] = (),
    unknown_rate: float = 0.0,
    variant_rate: float = 0.05,
) -> pa.DictionaryArray:
    """Dictionary-encoded category column; with dirt: case/space variants, aliases, unknowns."""
    codes = np.asarray(codes, dtype=np.int64)
    n = codes.size
    mask = np.zeros(n, dtype=bool) if null is None else null.copy()
    if dirt == "none":
        return _dict(codes, vocab, mask)
    entries = list(vocab)
    index = {v: i for i, v in enumerate(entries)}

    def add(value: str) -> int:
        if value not in index:
            index[value] = len(entries)
            entries.append(value)
        return index[value]

    out = codes.copy()
    valid = ~mask
    forms = np.array([[add(f(v)) for v in vocab] for f in _VARIANT_FORMS])
    sel = np.flatnonzero(valid & (rng.random(n) < variant_rate))
    out[sel] = forms[rng.integers(0, len(forms), sel.size), codes[sel]]
    for canonical, names in (aliases or {}).items():  # ~6% of the value, at least once
        ids = np.array([add(a) for a in names])
        cand = np.flatnonzero(valid & (codes == list(vocab).index(canonical)))
        sel = cand[rng.random(cand.size) < 0.06]
        if sel.size == 0 and cand.size:
            sel = cand[rng.integers(0, cand.size, 1)]
        out[sel] = ids[rng.integers(0, ids.size, sel.size)]
    if unknowns:  # at least once
        ids = np.array([add(u) for u in unknowns])
        sel = np.flatnonzero(valid & (rng.random(n) < unknown_rate))
        if sel.size == 0 and valid.any():
            sel = rng.choice(np.flatnonzero(valid), 1)
        out[sel] = ids[rng.integers(0, ids.size, sel.size)]
    if null_rate > 0:
        mask |= rng.random(n) < null_rate
    return _dict(out, entries, mask)


def _stringify(rng: np.random.Generator, table: pa.Table, skip: Sequence[str] = ()) -> pa.Table:
    """Dates, timestamps and numbers as text, some of them unparseable (dirt='high')."""
    cols = []
    for name, col in zip(table.column_names, table.columns, strict=True):
        arr = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        temporal = pa.types.is_date(arr.type) or pa.types.is_timestamp(arr.type)
        numeric = pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type)
        if temporal or numeric:
            arr = pc.cast(arr, pa.string())
            n = len(arr)
            if name not in skip and n:
                bad = rng.random(n) < 0.004
                bad[rng.integers(0, n, 2)] = True
                pool = _GARBAGE_DATE if temporal else _GARBAGE_NUMBER
                garbage = _take_str(pool, rng.integers(0, len(pool), n))
                arr = pc.if_else(pa.array(bad), garbage, arr)
        cols.append(arr)
    return pa.table(cols, names=table.column_names)


def _insert_rows(rng: np.random.Generator, table: pa.Table, extra: pa.Table) -> pa.Table:
    """Insert ``extra`` rows at random positions of ``table``."""
    n, k = table.num_rows, extra.num_rows
    keys = np.concatenate([np.arange(n) * 2 + 1, rng.integers(0, n + 1, k) * 2])
    order = np.argsort(keys, kind="stable")
    return pa.concat_tables([table, extra]).take(pa.array(order))


def _set(table: pa.Table, name: str, values: pa.Array) -> pa.Table:
    return table.set_column(table.schema.get_field_index(name), name, values)


# primary key, columns changed in duplicate-key rows, column made negative
_HIGH_SPEC: dict[str, tuple[str, tuple[str, ...], str | None]] = {
    "accounts": ("account_id", ("account_name", "industry", "employee_count"), None),
    "contacts": ("contact_id", ("email", "title", "seniority"), None),
    "opportunities": ("opportunity_id", ("stage", "amount", "closed_at"), "amount"),
    "subscriptions": ("subscription_id", ("seats", "arr", "end_date"), "seats"),
    "support_tickets": ("ticket_id", ("status", "severity", "resolved_at"), None),
    "product_usage": ("account_id", (), "active_users"),
}


def _high_dirt(ctx: _Ctx, name: str, table: pa.Table) -> pa.Table:
    """Invalid rows of a dirty export: missing and duplicate keys, orphans, negatives, junk."""
    rng = ctx.rng(f"{name}_high")
    table = _decode(table)
    n = table.num_rows
    if n == 0:
        return _stringify(rng, table)
    pk, mutate, negative = _HIGH_SPEC[name]

    def some() -> np.ndarray:
        return rng.integers(0, n, max(3, round(0.004 * n)))

    if negative is not None:
        bad = np.zeros(n, dtype=bool)
        bad[some()] = True
        col = table.column(negative).combine_chunks()
        table = _set(
            table, negative, pc.if_else(pa.array(bad), pc.subtract(pc.negate(col), 1), col)
        )
    extras = []
    rows = table.take(pa.array(some()))
    extras.append(_set(rows, pk, pa.nulls(rows.num_rows, pa.string())))  # missing key
    if mutate:  # duplicate key, different content
        idx = some()
        rows = table.take(pa.array(idx))
        other = pa.array((idx + rng.integers(1, max(n, 2), idx.size)) % n)
        for col in mutate:
            rows = _set(rows, col, table.column(col).take(other).combine_chunks())
        extras.append(rows)
    if name == "contacts":  # contacts of accounts that do not exist
        rows = table.take(pa.array(some()))
        k = rows.num_rows
        width = len(table.column("contact_id")[0].as_py()) - 1
        acc_width = len(table.column("account_id")[0].as_py()) - 1
        rows = _set(rows, pk, _ids("C", n + 1 + np.arange(k), width))
        rows = _set(rows, "account_id", _ids("A", 10**acc_width + 1 + np.arange(k), acc_width + 1))
        extras.append(rows)
    table = _insert_rows(rng, table, pa.concat_tables(extras))
    return _stringify(rng, table, skip=(pk,))
