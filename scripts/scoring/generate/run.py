"""``generate()``: make every table and write the files."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from scoring.contract import RAW_TABLES
from scoring.generate.accounts import _make_accounts
from scoring.generate.columns import _num
from scoring.generate.commerce import _make_commerce
from scoring.generate.contacts import _make_contacts
from scoring.generate.context import _Ctx
from scoring.generate.events import _make_events
from scoring.generate.files import _write
from scoring.generate.settings import COMPRESSION, DIRT_LEVELS, FORMATS
from scoring.generate.tables import (
    _accounts_table,
    _contacts_table,
    _opportunities_table,
    _subscriptions_table,
    _tickets_table,
    _usage_table,
    _write_events,
)
from scoring.generate.usage import _make_tickets, _make_usage


def _quiet(_message: str) -> None:
    return None


def generate(
    out_dir: Path,
    accounts: int = 2000,
    seed: int = 42,
    as_of: date = date(2026, 6, 30),
    contacts_per_account: float = 10.0,
    events_per_contact: float = 50.0,
    fmt: str = "parquet",
    dirt: str = "normal",
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Write the raw tables (and the hidden truth) into ``out_dir``; return rows per table.

    Same arguments give identical files. ``fmt`` is "parquet" or "csv" (with a header); the
    ``_truth_*.parquet`` files are always Parquet. ``dirt`` is "none", "normal" or "high".
    """
    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}, got {fmt!r}")
    if dirt not in DIRT_LEVELS:
        raise ValueError(f"dirt must be one of {DIRT_LEVELS}, got {dirt!r}")
    if accounts < 1:
        raise ValueError("accounts must be at least 1")
    if contacts_per_account < 1 or events_per_contact < 0:
        raise ValueError("contacts_per_account must be >= 1 and events_per_contact >= 0")
    say = progress or _quiet
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = _Ctx(
        seed=int(seed),
        as_of=as_of,
        epc=float(events_per_contact),
        cpa=float(contacts_per_account),
        dirt=dirt,
        fmt=fmt,
        out_dir=out_dir,
    )

    acc = _make_accounts(ctx, int(accounts))
    con = _make_contacts(ctx, acc)
    say(f"accounts: {acc.n:,}, contacts: {con.n:,}")
    com = _make_commerce(ctx, acc, con)
    say(
        f"opportunities: {com.opp_acc.size:,}, subscriptions: {com.sub_acc.size:,}, "
        f"customers at as-of: {int(com.is_customer.sum()):,}"
    )
    counts: dict[str, int] = {}
    counts["accounts"] = _write(ctx, "accounts", _accounts_table(ctx, acc))
    counts["contacts"] = _write(ctx, "contacts", _contacts_table(ctx, acc, con))
    counts["opportunities"] = _write(ctx, "opportunities", _opportunities_table(acc, con, com))
    counts["subscriptions"] = _write(ctx, "subscriptions", _subscriptions_table(acc, com))
    tickets = _make_tickets(ctx, acc, con, com)
    counts["support_tickets"] = _write(ctx, "support_tickets", _tickets_table(acc, con, tickets))
    del tickets
    usage = _make_usage(ctx, acc, com)
    counts["product_usage"] = _write(ctx, "product_usage", _usage_table(acc, usage))
    del usage
    say("small tables written")

    ever_customer = com.cust_start <= ctx.x
    pq.write_table(
        pa.table(
            {
                "account_id": acc.ids,
                "buy_propensity": pa.array(acc.p, pa.float64()),
                "health": _num(com.health, pa.float64(), ~ever_customer),
                "is_customer_at_as_of": pa.array(com.is_customer, pa.bool_()),
            }
        ),
        out_dir / "_truth_accounts.parquet",
        compression=COMPRESSION,
    )
    pq.write_table(
        pa.table({"contact_id": con.ids, "propensity": pa.array(con.p, pa.float64())}),
        out_dir / "_truth_contacts.parquet",
        compression=COMPRESSION,
    )

    events = _make_events(ctx, con, com, say)
    counts["events"] = _write_events(ctx, events, con)
    del events
    say(f"events written: {counts['events']:,}")
    return {t: counts[t] for t in RAW_TABLES}
