"""Product usage and support tickets of the customer accounts."""

from __future__ import annotations

import numpy as np

from scoring.generate.accounts import _Accounts
from scoring.generate.commerce import FAR, _Commerce
from scoring.generate.contacts import _Contacts
from scoring.generate.context import _Ctx
from scoring.generate.helpers import _cat_by_group, _expand, _shape_times, _sigmoid, _uniform_times
from scoring.generate.settings import DAY_US, HOUR_US, WEEKLY_USAGE_ABOVE
from scoring.generate.vocab import PLAN_FEATURES


def _make_usage(ctx: _Ctx, acc: _Accounts, com: _Commerce) -> dict[str, np.ndarray]:
    """Daily rows (weekly on Mondays above WEEKLY_USAGE_ABOVE accounts) while subscribed."""
    rng = ctx.rng("product_usage")
    weekly = acc.n > WEEKLY_USAGE_ABOVE
    step = 7 if weekly else 1
    lo = np.maximum(ctx.w0, com.cust_start)
    hi = np.minimum(ctx.d, com.cust_end - 1)
    if weekly:
        lo = lo + (7 - (lo + 3) % 7) % 7  # next Monday
    count = np.where(hi >= lo, (hi - lo) // step + 1, 0)
    a, k = _expand(count)
    day = lo[a] + k * step
    n = a.size

    # the subscription term in force that day (seats and plan)
    base = ctx.d - 100_000
    s_order = np.lexsort((com.sub_start, com.sub_acc))
    s_key = com.sub_acc[s_order] * 1_000_000 + (com.sub_start[s_order] - base)
    pos = np.searchsorted(s_key, a * 1_000_000 + (day - base), side="right") - 1
    row = s_order[np.clip(pos, 0, max(s_order.size - 1, 0))] if n else np.zeros(0, np.int64)
    seats = com.sub_seats[row] if n else np.zeros(0, np.int64)
    plan = com.sub_plan[row] if n else np.zeros(0, np.int64)

    h = com.health[a]
    since = day - com.cust_start[a]
    util = com.utilisation[a] * (1 + 0.8 * (h - 0.5) * (day - ctx.d) / 365)
    util *= np.clip(0.3 + 0.7 * since / 60, 0.3, 1.0)  # onboarding
    churning = com.cust_end[a] < FAR
    util *= np.where(churning, np.clip((com.cust_end[a] - day) / 120, 0.35, 1.0), 1.0)
    util *= np.exp(rng.normal(0, 0.1, n))
    if weekly:
        util = 1 - (1 - np.clip(util, 0, 1)) ** 2.5
    else:
        util *= np.where((day + 3) % 7 >= 5, 0.25, 1.0)
    active = rng.binomial(seats, np.clip(util, 0, 1)).astype(np.int64)
    available = PLAN_FEATURES[plan].astype(np.int64)
    adopted = available * com.adoption[a] * np.clip(since / 150, 0.25, 1.0)
    adopted = np.clip(np.round(adopted + rng.normal(0, 0.7, n)), 0, available).astype(np.int64)
    return {
        "acc": a,
        "day": day,
        "active": active,
        "seats": seats.astype(np.int64),
        "adopted": adopted,
        "available": available,
    }


def _make_tickets(
    ctx: _Ctx, acc: _Accounts, con: _Contacts, com: _Commerce
) -> dict[str, np.ndarray]:
    rng = ctx.rng("support_tickets")
    n = acc.n
    s = np.maximum(ctx.w0, com.cust_start)
    e = np.minimum(ctx.d + 1, com.cust_end)
    days = np.clip(e - s, 0, None)
    h = com.health
    rate = 0.004 * acc.employees**0.3 * (0.3 + 2.5 * (1 - h) ** 2)
    count = rng.poisson(rate * days)
    prospect_ticket = (days == 0) & (rng.random(n) < 0.02)  # trial / pre-sales questions
    count = count + prospect_ticket
    s = np.where(prospect_ticket, ctx.w0, s)
    e = np.where(prospect_ticket, ctx.d + 1, e)
    a, _ = _expand(count)
    m = a.size
    lo, hi = s[a] * DAY_US, e[a] * DAY_US
    created = _shape_times(rng, _uniform_times(rng, lo, hi), lo, hi, weekend_move=0.8)
    ha = h[a]
    bucket = np.digitize(ha, [0.35, 0.65])
    sev_p = np.array([[30, 35, 23, 12], [40, 38, 16, 6], [50, 37, 10, 3]], dtype=float)
    severity = _cat_by_group(rng, bucket, sev_p)
    hours = np.array([48.0, 24.0, 8.0, 4.0])[severity] * (1 + 1.5 * (1 - ha))
    hours *= np.exp(rng.normal(0, 0.8, m))
    resolved = created + (hours * HOUR_US).astype(np.int64)
    done = resolved < ctx.end_us
    recent = (ctx.end_us - resolved) < 7 * DAY_US
    status = np.where(
        done,
        np.where(recent & (rng.random(m) < 0.7), 2, 3),
        np.where(rng.random(m) < 0.5, 0, 1),
    )
    contact = con.first[a] + (rng.random(m) * con.count[a]).astype(np.int64)
    for _ in range(4):  # the contact who opened the ticket existed by then
        bad = np.flatnonzero(con.created_us[contact] > created)
        contact[bad] = con.first[a[bad]] + (rng.random(bad.size) * con.count[a[bad]]).astype(int)
    contact[con.created_us[contact] > created] = -1
    contact = np.where(rng.random(m) < 0.85, contact, -1)
    csat = 1 + 4 * _sigmoid(3 * (ha - 0.45)) + rng.normal(0, 0.8, m) - 0.5 * (severity >= 2)
    csat = np.clip(np.round(csat), 1, 5).astype(np.int64)
    csat_known = done & (rng.random(m) < 0.5)
    order = np.argsort(created, kind="stable")
    return {
        "acc": a[order],
        "contact": contact[order],
        "created": created[order],
        "resolved": np.where(done, resolved, -1)[order],
        "severity": severity[order],
        "status": status[order],
        "csat": np.where(csat_known, csat, -1)[order],
    }
