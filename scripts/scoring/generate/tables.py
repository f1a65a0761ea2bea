"""The raw tables as Arrow tables from the generated arrays; the events written in batches."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from scoring.generate.accounts import _Accounts
from scoring.generate.columns import _dict, _num
from scoring.generate.commerce import _Commerce
from scoring.generate.contacts import NEVER, _Contacts
from scoring.generate.context import _Ctx
from scoring.generate.dirt import _UNKNOWN_EVENT_TYPES, _category, _stringify
from scoring.generate.events import _Events
from scoring.generate.files import _Sink
from scoring.generate.helpers import _ids
from scoring.generate.settings import DAY_US, EVENT_CHUNK, FUTURE_US, HOUR_US
from scoring.generate.vocab import (
    CLOUD,
    COUNTRIES,
    DEPARTMENTS,
    EVENT_DETAILS,
    EVENT_TYPES,
    FIRST_NAMES,
    GROWTH_STAGES,
    INDUSTRIES,
    LAST_NAMES,
    LEAD_SOURCES,
    MATURITY,
    N_OWNERS,
    OPP_STAGES,
    OPP_TYPES,
    PLANS,
    SENIORITIES,
    SEVERITIES,
    TICKET_STATUSES,
)


def _accounts_table(ctx: _Ctx, acc: _Accounts) -> pa.Table:
    rng = ctx.rng("accounts_dirt")
    dirt, n = ctx.dirt, acc.n

    def nulls(rate: float) -> np.ndarray | None:
        return rng.random(n) < rate if dirt != "none" else None

    tech = acc.tech_stack
    if dirt != "none":
        messy = pa.array(rng.random(n) < 0.05)
        tech = pc.if_else(messy, pc.replace_substring(pc.utf8_title(tech), ";", "; "), tech)
    owners = [f"U{i:03d}" for i in range(1, N_OWNERS + 1)]
    return pa.table(
        {
            "account_id": acc.ids,
            "account_name": acc.name,
            "domain": acc.domain,
            "industry": _category(
                rng,
                acc.industry,
                INDUSTRIES,
                dirt,
                null_rate=0.08,
                aliases={"software": ("SaaS",), "financial_services": ("Banking",)},
                unknowns=("Agriculture", "Mining"),
                unknown_rate=0.02,
            ),
            "employee_count": _num(acc.employees, pa.int64(), nulls(0.10)),
            "annual_revenue": _num(acc.revenue, pa.float64(), nulls(0.15)),
            "revenue_growth_pct": _num(acc.revenue_growth, pa.float64()),
            "employee_growth_pct": _num(acc.employee_growth, pa.float64()),
            "country": _category(
                rng,
                acc.country,
                COUNTRIES,
                dirt,
                null_rate=0.05,
                aliases={"US": ("USA", "United States"), "GB": ("UK",)},
            ),
            "growth_stage": _category(rng, acc.stage, GROWTH_STAGES, dirt),
            "cloud_adoption": _category(rng, acc.cloud, CLOUD, dirt),
            "digital_maturity": _category(rng, acc.maturity, MATURITY, dirt),
            "tech_stack": tech,
            "locations_count": _num(acc.locations, pa.int64()),
            "fiscal_year_start_month": _num(acc.fy_month, pa.int64(), acc.fy_month == 0),
            "owner_id": _dict(acc.owner, owners),
            "created_at": _num(acc.created, pa.date32()),
        }
    )


def _contacts_table(ctx: _Ctx, acc: _Accounts, con: _Contacts) -> pa.Table:
    rng = ctx.rng("contacts_dirt")
    dirt = ctx.dirt
    return pa.table(
        {
            "contact_id": con.ids,
            "account_id": _dict(con.account, acc.ids),
            "email": con.email,
            "first_name": _dict(con.first_name, FIRST_NAMES),
            "last_name": _dict(con.last_name, LAST_NAMES),
            "title": _dict(con.title, con.titles),
            "seniority": _category(rng, con.seniority, SENIORITIES, dirt, null_rate=0.20),
            "department": _category(
                rng,
                con.department,
                DEPARTMENTS,
                dirt,
                null_rate=0.05,
                aliases={"revenue_operations": ("RevOps",)},
                unknowns=("Legal",),
                unknown_rate=0.02,
            ),
            "lead_source": _category(
                rng, con.lead_source, LEAD_SOURCES, dirt, unknowns=("podcast",), unknown_rate=0.02
            ),
            "created_at": _num(con.created_us, pa.timestamp("us")),
            "unsubscribed_at": _num(con.unsub_us, pa.timestamp("us"), con.unsub_us == NEVER),
        }
    )


def _opportunities_table(acc: _Accounts, con: _Contacts, com: _Commerce) -> pa.Table:
    n = com.opp_acc.size
    return pa.table(
        {
            "opportunity_id": _ids("O", np.arange(1, n + 1), max(7, len(str(n)))),
            "account_id": _dict(com.opp_acc, acc.ids),
            "primary_contact_id": _dict(com.opp_contact, con.ids, com.opp_contact < 0),
            "opportunity_type": _dict(com.opp_type, OPP_TYPES),
            "stage": _dict(com.opp_stage, OPP_STAGES),
            "amount": _num(com.opp_amount, pa.float64()),
            "created_at": _num(com.opp_created, pa.date32()),
            "closed_at": _num(com.opp_closed, pa.date32(), com.opp_closed < 0),
        }
    )


def _subscriptions_table(acc: _Accounts, com: _Commerce) -> pa.Table:
    n = com.sub_acc.size
    return pa.table(
        {
            "subscription_id": _ids("S", np.arange(1, n + 1), max(7, len(str(n)))),
            "account_id": _dict(com.sub_acc, acc.ids),
            "plan": _dict(com.sub_plan, PLANS),
            "seats": _num(com.sub_seats, pa.int64()),
            "arr": _num(com.sub_arr, pa.float64()),
            "start_date": _num(com.sub_start, pa.date32()),
            "end_date": _num(com.sub_end, pa.date32()),
            "auto_renew": pa.array(com.sub_auto, pa.bool_()),
            "cancelled_at": _num(com.sub_cancel, pa.date32(), com.sub_cancel < 0),
        }
    )


def _tickets_table(acc: _Accounts, con: _Contacts, t: dict[str, np.ndarray]) -> pa.Table:
    n = t["acc"].size
    return pa.table(
        {
            "ticket_id": _ids("T", np.arange(1, n + 1), max(7, len(str(n)))),
            "account_id": _dict(t["acc"], acc.ids),
            "contact_id": _dict(t["contact"], con.ids, t["contact"] < 0),
            "created_at": _num(t["created"], pa.timestamp("us")),
            "resolved_at": _num(t["resolved"], pa.timestamp("us"), t["resolved"] < 0),
            "severity": _dict(t["severity"], SEVERITIES),
            "status": _dict(t["status"], TICKET_STATUSES),
            "satisfaction_score": _num(t["csat"], pa.int64(), t["csat"] < 0),
        }
    )


def _usage_table(acc: _Accounts, u: dict[str, np.ndarray]) -> pa.Table:
    return pa.table(
        {
            "account_id": _dict(u["acc"], acc.ids),
            "usage_date": _num(u["day"], pa.date32()),
            "active_users": _num(u["active"], pa.int64()),
            "licensed_seats": _num(u["seats"], pa.int64()),
            "features_adopted": _num(u["adopted"], pa.int64()),
            "features_available": _num(u["available"], pa.int64()),
        }
    )


def _events_chunk(
    ctx: _Ctx, ev: _Events, con: _Contacts, contact_ids: pa.Array, k: int, start: int, stop: int
) -> pa.Table:
    """One batch of the events file, with its dirt (deterministic per batch)."""
    rng = ctx.rng(f"events_dirt_{k}")
    eid = np.arange(start + 1, stop + 1, dtype=np.int64)
    c, ts, et, ed = ev.unpack(start, stop)
    id_null = None
    if ctx.dirt == "high" and eid.size:
        m = eid.size
        c, ts = c.copy(), ts.copy()
        least = 3 if k == 0 else 0

        def some() -> np.ndarray:
            return rng.integers(0, m, max(least, int(rng.binomial(m, 0.002))))

        i = some()
        # in the future for any realistic run date (ten years and more after as_of): events just
        # after as_of are only later data, valid when the run happens after them
        ts[i] = ctx.end_us + FUTURE_US + rng.integers(HOUR_US, 365 * DAY_US, i.size)
        i = some()
        ts[i] = con.created_us[c[i]] - rng.integers(HOUR_US, 90 * DAY_US, i.size)
        i = some()
        c[i] = con.n + rng.integers(0, len(contact_ids) - con.n, i.size)  # unknown contact
        id_null = np.zeros(m, dtype=bool)
        id_null[some()] = True
        i = some()  # duplicate id with different content
        order = np.argsort(np.concatenate([np.arange(m) * 2, i * 2 + 1]), kind="stable")
        n_types = len(EVENT_TYPES)
        new_et = (et[i] + rng.integers(1, n_types, i.size)) % n_types
        eid = np.concatenate([eid, eid[i]])[order]
        c = np.concatenate([c, c[i]])[order]
        ts = np.concatenate([ts, ts[i] - rng.integers(HOUR_US, 5 * DAY_US, i.size)])[order]
        et = np.concatenate([et, new_et.astype(np.int8)])[order]
        ed = np.concatenate([ed, np.full(i.size, -1, np.int8)])[order]
        id_null = np.concatenate([id_null, np.zeros(i.size, bool)])[order]
    etype = _category(
        rng, et, EVENT_TYPES, ctx.dirt, unknowns=_UNKNOWN_EVENT_TYPES, unknown_rate=0.005
    )
    detail = _category(rng, ed, EVENT_DETAILS, ctx.dirt, null=ed < 0)
    if ctx.dirt != "none":  # exact duplicate rows (after all other dirt), next to the original
        rep = np.repeat(np.arange(eid.size), 1 + (rng.random(eid.size) < 0.01))
        eid, c, ts = eid[rep], c[rep], ts[rep]
        id_null = id_null[rep] if id_null is not None else None
        etype, detail = etype.take(pa.array(rep)), detail.take(pa.array(rep))
    table = pa.table(
        {
            "event_id": _num(eid, pa.int64(), id_null),
            "contact_id": contact_ids.take(pa.array(c, pa.int32())),
            "occurred_at": _num(ts, pa.timestamp("us")),
            "event_type": etype,
            "event_detail": detail,
        }
    )
    if ctx.dirt == "high":
        table = _stringify(rng, table, skip=("event_id",))
    return table


def _write_events(ctx: _Ctx, ev: _Events, con: _Contacts) -> int:
    """Write the events in batches; the next batch is prepared while one is written."""
    n = ev.ts.size
    contact_ids = con.ids
    if ctx.dirt == "high":  # ids of contacts that do not exist
        width = len(con.ids[0].as_py()) if con.n else 8
        fake = _ids("C", 10 ** (width - 1) + 5_000 + np.arange(25), width)
        contact_ids = pa.concat_arrays([con.ids, fake])
    path = ctx.out_dir / f"events.{ctx.fmt}"
    # one row group per batch (~1.9M rows); sorted id and time columns are delta-encoded
    sink = _Sink(path, ctx.fmt, delta=("event_id", "occurred_at"), row_group=2 * EVENT_CHUNK)
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = None
        for k, start in enumerate(range(0, max(n, 1), EVENT_CHUNK)):
            table = _events_chunk(ctx, ev, con, contact_ids, k, start, min(n, start + EVENT_CHUNK))
            if pending is not None:
                pending.result()
            pending = pool.submit(sink.write, table)
        if pending is not None:
            pending.result()
    return sink.close()
