"""Buying journeys, opportunities, subscriptions and customer health."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from scoring.generate.accounts import _Accounts
from scoring.generate.contacts import _Contacts, _sample_contacts
from scoring.generate.context import _Ctx
from scoring.generate.helpers import _expand, _sigmoid
from scoring.generate.settings import DAY_US, JOURNEY_RATE, LEGACY_SHARE, OPP_LOOKBACK_DAYS
from scoring.generate.vocab import PLAN_PRICE


@dataclass
class _Commerce:
    # opportunities (clean)
    opp_acc: np.ndarray
    opp_contact: np.ndarray  # -1 = none
    opp_type: np.ndarray
    opp_stage: np.ndarray
    opp_amount: np.ndarray
    opp_created: np.ndarray
    opp_closed: np.ndarray  # -1 = open
    # subscriptions (clean)
    sub_acc: np.ndarray
    sub_plan: np.ndarray
    sub_seats: np.ndarray
    sub_arr: np.ndarray
    sub_start: np.ndarray
    sub_end: np.ndarray
    sub_auto: np.ndarray
    sub_cancel: np.ndarray  # -1 = none
    # journeys that drive events
    j_acc: np.ndarray
    j_t: np.ndarray
    j_ramp: np.ndarray
    j_close: np.ndarray
    j_kind: np.ndarray  # 0 new business, 1 expansion
    j_primary: np.ndarray
    # customer state
    cust_start: np.ndarray  # epoch day, large = never
    cust_end: np.ndarray  # epoch day (exclusive), large = still a customer
    health: np.ndarray
    utilisation: np.ndarray
    adoption: np.ndarray
    is_customer: np.ndarray  # at as_of


FAR = 10**7  # epoch day far in the future


def _percentile(x: np.ndarray) -> np.ndarray:
    r = np.empty(x.size)
    r[np.argsort(x, kind="stable")] = (np.arange(x.size) + 0.5) / max(x.size, 1)
    return r


def _make_commerce(ctx: _Ctx, acc: _Accounts, con: _Contacts) -> _Commerce:
    rng = ctx.rng("commerce")
    n = acc.n
    d, x = ctx.d, ctx.x
    qa = _percentile(acc.logit)
    qc = _percentile(con.p)
    cum_primary = np.cumsum(con.p**1.5)

    # customer health (meaningful for customers only)
    z = (acc.logit - acc.logit.mean()) / max(acc.logit.std(), 1e-9)
    health = _sigmoid(0.6 * z + rng.normal(0, 1.0, n) + 0.7)
    utilisation = np.clip(0.25 + 0.6 * health + rng.normal(0, 0.1, n), 0.05, 0.98)
    adoption = np.clip(0.15 + 0.65 * health + rng.normal(0, 0.08, n), 0.05, 1.0)

    # initial plan and seats
    plan = np.digitize(np.log10(acc.employees) + rng.normal(0, 0.3, n), [2.0, 3.4])
    seats = np.clip(np.round(acc.employees * rng.uniform(0.02, 0.12, n)), 3, 5000).astype(np.int64)
    quote = np.round(seats * PLAN_PRICE[plan] * rng.uniform(0.9, 1.2, n), -1)

    # legacy customers, acquired 1-3 years before as_of (fitter accounts more likely)
    eligible = ~acc.competitor
    shift = 0.0
    for _ in range(40):  # fixed-point iteration for the legacy share
        lo_p = _sigmoid(0.8 * (acc.logit - acc.logit.mean()) + shift)
        share = float(lo_p[eligible].mean()) if eligible.any() else LEGACY_SHARE
        shift += 0.5 * (np.log(LEGACY_SHARE / (1 - LEGACY_SHARE)) - np.log(share / (1 - share)))
    legacy = (rng.random(n) < _sigmoid(0.8 * (acc.logit - acc.logit.mean()) + shift)) & eligible
    acq = np.full(n, FAR, dtype=np.int64)
    acq[legacy] = d - rng.integers(630, 1096, int(legacy.sum()))
    acc.created[legacy] = np.minimum(
        acc.created[legacy], acq[legacy] - rng.integers(30, 400, int(legacy.sum()))
    )

    opp_parts: list[dict[str, np.ndarray]] = []

    def add_opps(
        acc_i: np.ndarray,
        contact: np.ndarray,
        otype: int,
        created: np.ndarray,
        closed: np.ndarray,
        won: np.ndarray,
        amount: np.ndarray,
    ) -> None:
        keep = (created >= d - OPP_LOOKBACK_DAYS) & (created <= x)
        acc_i, contact, created, closed, won, amount = (
            a[keep] for a in (acc_i, contact, created, closed, won, amount)
        )
        is_open = closed > x
        progress = np.clip((x - created) / np.maximum(closed - created, 1), 0, 0.999)
        stage = np.where(is_open, np.floor(progress * 4), np.where(won, 4, 5)).astype(np.int64)
        opp_parts.append(
            {
                "acc": acc_i,
                "contact": contact,
                "type": np.full(acc_i.size, otype),
                "stage": stage,
                "amount": amount,
                "created": created,
                "closed": np.where(is_open, -1, closed),
            }
        )

    created_day = con.created_us // DAY_US

    def primary_for(acc_i: np.ndarray, when: np.ndarray) -> np.ndarray:
        """Main contact (by p_c) among the contacts that existed on ``when``; 5% left empty."""
        idx, ok = _sample_contacts(rng, acc_i, con, cum_primary)
        idx = np.where(ok, idx, -1)
        for _ in range(4):  # redraw contacts created after the opportunity
            bad = np.flatnonzero((idx >= 0) & (created_day[np.maximum(idx, 0)] > when))
            idx[bad] = _sample_contacts(rng, acc_i[bad], con, cum_primary)[0]
        idx[(idx >= 0) & (created_day[np.maximum(idx, 0)] > when)] = -1
        return np.where(rng.random(acc_i.size) >= 0.05, idx, -1)

    # won new-business history of legacy customers inside the export window
    li = np.flatnonzero(legacy)
    cycle = rng.integers(30, 91, li.size)
    li_created = acq[li] - cycle
    add_opps(
        li, primary_for(li, li_created), 0, li_created, acq[li], np.ones(li.size, bool), quote[li]
    )

    # buying journeys of prospects
    prospect = ~legacy & ~acc.competitor
    lam = np.where(prospect, JOURNEY_RATE * (0.03 + 1.1 * acc.p), 0.0)
    k = np.minimum(rng.poisson(lam), 3)
    j_acc, _ = _expand(k)
    j_t = rng.integers(d - OPP_LOOKBACK_DAYS, x + 1, j_acc.size)
    order = np.lexsort((j_t, j_acc))
    j_acc, j_t = j_acc[order], j_t[order]
    _, j_ord = _expand(k)
    j_cycle = rng.integers(30, 91, j_acc.size) + (acc.employees[j_acc] > 2000) * 20
    j_close = j_t + j_cycle
    j_primary = primary_for(j_acc, j_t)
    qcp = np.where(j_primary >= 0, qc[np.maximum(j_primary, 0)], 0.3)
    win_p = 0.18 + 0.27 * (0.55 * qa[j_acc] + 0.45 * qcp)
    j_won = rng.random(j_acc.size) < win_p
    j_keep = np.zeros(j_acc.size, dtype=bool)
    last_close = np.full(n, -FAR, dtype=np.int64)
    has_won = np.zeros(n, dtype=bool)
    for o in range(3):  # one sequential step per journey ordinal (at most three per account)
        sel = np.flatnonzero(j_ord == o)
        a = j_acc[sel]
        ok = ~has_won[a] & (j_t[sel] >= last_close[a] + 14)
        j_keep[sel] = ok
        last_close[a[ok]] = j_close[sel[ok]]
        has_won[a[ok]] |= j_won[sel[ok]]
    j_acc, j_t, j_close, j_primary, j_won = (
        v[j_keep] for v in (j_acc, j_t, j_close, j_primary, j_won)
    )
    j_amount = np.where(j_won, np.round(quote[j_acc] * rng.uniform(0.85, 1.0, j_acc.size), -1),
                        quote[j_acc])  # fmt: skip
    add_opps(j_acc, j_primary, 0, j_t, j_close, j_won, j_amount)
    nb_win = j_won & (j_close <= x)
    acq[j_acc[nb_win]] = j_close[nb_win]
    arr0 = np.round(quote * rng.uniform(0.85, 1.0, n), -1)
    arr0[j_acc[nb_win]] = j_amount[nb_win]

    # subscription chains (one vectorised step per term)
    ch_acc = np.flatnonzero(acq <= x)
    ch_start = acq[ch_acc]
    ch_seats = seats[ch_acc]
    ch_arr = arr0[ch_acc]
    ch_plan = plan[ch_acc]
    cust_end = np.full(n, FAR, dtype=np.int64)
    sub_parts: list[tuple[np.ndarray, ...]] = []
    xj_parts: list[tuple[np.ndarray, ...]] = []
    for _ in range(40):
        if ch_acc.size == 0:
            break
        m = ch_acc.size
        h = health[ch_acc]
        u = utilisation[ch_acc]
        term = np.where((ch_plan == 2) & (rng.random(m) < 0.3), 730, 365)
        auto = rng.random(m) < 0.85
        p_exp = np.clip(0.03 + 0.4 * h**2 * (0.3 + u), 0, 0.6)
        expand = rng.random(m) < p_exp
        t_exp = ch_start + (rng.uniform(0.3, 0.8, m) * term).astype(np.int64)
        expand &= t_exp <= x  # an expansion after the export date is not visible yet
        end = np.where(expand, t_exp, ch_start + term)
        p_churn = np.clip((0.03 + 1.0 * (1 - h) ** 2.5) * np.where(auto, 1.0, 1.6), 0, 0.85)
        churn = ~expand & (rng.random(m) < p_churn)
        cancel = end - rng.integers(10, 61, m)
        cancel = np.where(churn & (cancel <= x), cancel, -1)
        sub_parts.append((ch_acc, ch_plan, ch_seats, ch_arr, ch_start, end, auto, cancel))
        cust_end[ch_acc[churn]] = end[churn]

        # renewal opportunities at the end of terms that were not expanded
        r = ~expand
        r_created = end[r] - 90
        r_primary = primary_for(ch_acc[r], r_created)
        add_opps(ch_acc[r], r_primary, 2, r_created, end[r], ~churn[r], ch_arr[r])

        # expansion opportunities: won ones start the new term, some others are lost
        new_seats = np.ceil(ch_seats * rng.uniform(1.2, 1.8, m)).astype(np.int64)
        new_arr = np.round(ch_arr * new_seats / ch_seats * rng.uniform(0.97, 1.05, m), -1)
        e = np.flatnonzero(expand)
        e_created = t_exp[e] - rng.integers(20, 61, e.size)
        e_primary = primary_for(ch_acc[e], e_created)
        add_opps(ch_acc[e], e_primary, 1, e_created, t_exp[e], np.ones(e.size, bool),
                 new_arr[e] - ch_arr[e])  # fmt: skip
        lost = np.flatnonzero(rng.random(m) < 0.35 * p_exp)
        l_created = ch_start[lost] + (rng.uniform(0.1, 0.6, lost.size) * term[lost]).astype(int)
        l_close = l_created + rng.integers(30, 76, lost.size)
        l_primary = primary_for(ch_acc[lost], l_created)
        add_opps(ch_acc[lost], l_primary, 1, l_created, l_close, np.zeros(lost.size, bool),
                 np.round(ch_arr[lost] * rng.uniform(0.2, 0.6, lost.size), -1))  # fmt: skip
        xj_parts.append(
            (
                np.concatenate([ch_acc[e], ch_acc[lost]]),
                np.concatenate([e_created, l_created]),
                np.concatenate([t_exp[e], l_close]),
                np.concatenate([e_primary, l_primary]),
            )
        )

        # next term
        renew_uplift = np.where(expand, 1.0, rng.uniform(1.0, 1.07, m))
        ch_seats = np.where(expand, new_seats, ch_seats)
        ch_arr = np.round(np.where(expand, new_arr, ch_arr * renew_uplift), -1)
        upgrade = expand & (ch_seats > np.array([25, 250, 10**9])[ch_plan])  # outgrew the plan
        ch_plan = np.where(upgrade, ch_plan + 1, ch_plan)
        ch_start = end
        alive = ~churn & (ch_start <= x)
        ch_acc, ch_start, ch_seats, ch_arr, ch_plan = (
            v[alive] for v in (ch_acc, ch_start, ch_seats, ch_arr, ch_plan)
        )

    def cat(parts: list, i: int, dtype: type = np.int64) -> np.ndarray:
        return np.concatenate([p[i] for p in parts]).astype(dtype) if parts else np.zeros(0, dtype)

    sub = [cat(sub_parts, i) for i in range(8)]
    sub[3] = cat(sub_parts, 3, np.float64)
    sub[6] = cat(sub_parts, 6, bool)
    s_order = np.lexsort((sub[0], sub[4]))
    sub = [v[s_order] for v in sub]

    ops = {key: np.concatenate([p[key] for p in opp_parts]) for key in opp_parts[0]}
    o_order = np.lexsort((ops["acc"], ops["created"]))
    ops = {key: v[o_order] for key, v in ops.items()}

    # journeys for the event generator: new business + expansion
    xa = cat(xj_parts, 0)
    ramp_nb = rng.integers(45, 61, j_acc.size)
    ramp_x = rng.integers(30, 46, xa.size)
    is_customer = (acq <= d) & (cust_end > d)
    return _Commerce(
        opp_acc=ops["acc"],
        opp_contact=ops["contact"],
        opp_type=ops["type"],
        opp_stage=ops["stage"],
        opp_amount=ops["amount"].astype(np.float64),
        opp_created=ops["created"],
        opp_closed=ops["closed"],
        sub_acc=sub[0],
        sub_plan=sub[1],
        sub_seats=sub[2],
        sub_arr=sub[3],
        sub_start=sub[4],
        sub_end=sub[5],
        sub_auto=sub[6],
        sub_cancel=sub[7],
        j_acc=np.concatenate([j_acc, xa]),
        j_t=np.concatenate([j_t, cat(xj_parts, 1)]),
        j_ramp=np.concatenate([ramp_nb, ramp_x]),
        j_close=np.concatenate([j_close, cat(xj_parts, 2)]),
        j_kind=np.concatenate([np.zeros(j_acc.size, np.int64), np.ones(xa.size, np.int64)]),
        j_primary=np.concatenate([j_primary, cat(xj_parts, 3)]),
        cust_start=acq,
        cust_end=cust_end,
        health=health,
        utilisation=utilisation,
        adoption=adoption,
        is_customer=is_customer,
    )
