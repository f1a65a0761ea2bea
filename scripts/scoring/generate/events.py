"""Behavioural events: background activity, buying-journey ramp-ups, sales cycles, email."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from scoring.generate.commerce import _Commerce, _percentile
from scoring.generate.contacts import _Contacts, _sample_contacts
from scoring.generate.context import _Ctx
from scoring.generate.helpers import _cat_by_group, _choice, _repeat, _shape_times, _uniform_times
from scoring.generate.settings import DAY_US, HOUR_US, RAMP_EVENTS
from scoring.generate.vocab import (
    _EMAIL_HOUR_CUM,
    _MIX_BG,
    _MIX_BG_FIT,
    _MIX_COMPETITOR,
    _MIX_CUSTOMER,
    _MIX_CYCLE,
    _MIX_RAMP_EARLY,
    _MIX_RAMP_LATE,
    _MIX_STUDENT,
    CAMPAIGN_P,
    CAMPAIGNS,
    EVENT_DETAILS,
    EVENT_TYPES,
)


def _parse_mix(mix: dict[str, float]) -> dict[tuple[int, int], float]:
    out: dict[tuple[int, int], float] = {}
    for key, weight in mix.items():
        etype, _, detail = key.partition(":")
        pair = (EVENT_TYPES.index(etype), EVENT_DETAILS.index(detail) if detail else -1)
        out[pair] = out.get(pair, 0.0) + weight
    return out


def _mix_matrix(*mixes: dict[str, float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Probability matrix (one row per mix) over the union of actions, with their codes."""
    parsed = [_parse_mix(m) for m in mixes]
    actions = sorted({a for m in parsed for a in m})
    probs = np.array([[m.get(a, 0.0) for a in actions] for m in parsed])
    etype = np.array([a[0] for a in actions], dtype=np.int8)
    detail = np.array([a[1] for a in actions], dtype=np.int8)
    return probs / probs.sum(axis=1, keepdims=True), etype, detail


_BG = _mix_matrix(_MIX_BG, _MIX_BG_FIT, _MIX_STUDENT, _MIX_COMPETITOR)
_RAMP = _mix_matrix(_MIX_RAMP_EARLY, _MIX_RAMP_LATE)
_CYCLE = _mix_matrix(_MIX_CYCLE)
_CUSTOMER = _mix_matrix(_MIX_CUSTOMER)
WEEK_US = 7 * DAY_US


@dataclass
class _Events:
    """Events sorted by time; ``payload`` packs contact << 16 | event_type << 8 | detail."""

    ts: np.ndarray  # int64 microseconds
    payload: np.ndarray  # int64

    def unpack(self, start: int, stop: int) -> tuple[np.ndarray, ...]:
        p = self.payload[start:stop]
        contact = (p >> 16).astype(np.int32)
        etype = ((p >> 8) & 0xFF).astype(np.int8)
        detail = (p & 0xFF).astype(np.uint8).view(np.int8)  # 255 -> -1 (null)
        return contact, self.ts[start:stop], etype, detail


def _make_events(ctx: _Ctx, con: _Contacts, com: _Commerce, say: Callable[[str], None]) -> _Events:
    rng = ctx.rng("events")
    n_c = con.n
    scale = ctx.epc / 50.0
    target = round(ctx.epc * n_c)
    end_us = ctx.end_us
    lo_c = np.maximum(con.created_us, ctx.w0_us)
    qc = _percentile(con.p)
    parts: list[tuple[np.ndarray, np.ndarray]] = []

    def add(c: np.ndarray, ts: np.ndarray, et: np.ndarray, ed: np.ndarray) -> None:
        """Keep the events inside [max(window start, contact created), as_of); pack them."""
        ok = (ts >= lo_c[c]) & (ts < end_us)
        payload = c[ok].astype(np.int64) << 16
        payload |= et[ok].astype(np.int64) << 8
        payload |= ed[ok].astype(np.int64) & 0xFF
        parts.append((ts[ok], payload))

    def actions(
        group: np.ndarray, mix: tuple[np.ndarray, np.ndarray, np.ndarray]
    ) -> tuple[np.ndarray, np.ndarray]:
        probs, et, ed = mix
        a = _cat_by_group(rng, group, probs)
        return et[a], ed[a]

    def count() -> int:
        return sum(p[0].size for p in parts)

    # 1. buying journeys: ramp-up before the opportunity, then the sales cycle
    n_j = com.j_acc.size
    members = con.count[com.j_acc].astype(float)
    base = np.where(com.j_kind == 0, RAMP_EVENTS, 3.0)
    n_ramp = rng.poisson(base * members**0.7 * np.exp(rng.normal(0, 0.4, n_j)) * scale)
    je = _repeat(n_ramp)
    cum_j = np.cumsum(con.p**1.5 + 0.01)
    c, _ = _sample_contacts(rng, com.j_acc[je], con, cum_j)
    progress = np.sqrt(rng.random(je.size))  # activity rises towards the opportunity
    ramp = com.j_ramp[je]
    ts = (com.j_t[je] - ramp) * DAY_US + (progress * ramp * DAY_US).astype(np.int64)
    ts = _shape_times(rng, ts, lo_c[c], end_us)
    add(c, ts, *actions((rng.random(je.size) < progress**2).astype(np.int64), _RAMP))

    dur = np.clip(com.j_close - com.j_t, 0, None)
    rate = np.where(com.j_kind == 0, 0.25, 0.1)
    n_cyc = rng.poisson(rate * dur * members**0.3 * np.exp(rng.normal(0, 0.4, n_j)) * scale)
    je = _repeat(n_cyc)
    c, _ = _sample_contacts(rng, com.j_acc[je], con, cum_j)
    prim = com.j_primary[je]
    c = np.where((prim >= 0) & (rng.random(je.size) < 0.5), prim, c)
    lo = com.j_t[je] * DAY_US
    ts = _shape_times(rng, _uniform_times(rng, lo, com.j_close[je] * DAY_US), lo_c[c], end_us)
    add(c, ts, *actions(np.zeros(je.size, np.int64), _CYCLE))
    say(f"events: {count():,} journey events")

    # 2. customer engagement (community, feedback, betas, webinars, docs), driven by health
    a = con.account
    s = np.maximum(lo_c, com.cust_start[a] * DAY_US)
    e = np.minimum(end_us, com.cust_end[a] * DAY_US)
    days = np.clip((e - s) / DAY_US, 0, None)
    lam = 0.03 * (0.15 + 1.4 * com.health[a]) * con.engagement * scale * days
    ce = _repeat(rng.poisson(lam))
    ts = _shape_times(rng, _uniform_times(rng, s[ce], e[ce]), s[ce], e[ce])
    add(ce, ts, *actions(np.zeros(ce.size, np.int64), _CUSTOMER))
    del a, s, e, ce, ts

    # 3. marketing email: ~1.25 sends a week to the contacts on the list
    sends_per_week = 1.25
    f_list = 0.40 * ctx.epc / (52 * sends_per_week)
    if f_list > 0.85:
        sends_per_week = 0.40 * ctx.epc / (52 * 0.85)
    f_list = float(np.clip(f_list, 0.02, 0.85))
    list_mult = np.where(np.isin(con.lead_source, [0, 3, 5, 6]), 1.3, 0.8)
    on_list = rng.random(n_c) < np.clip(f_list * list_mult / list_mult.mean(), 0, 0.98)
    send_hi = np.minimum(end_us, con.unsub_us)
    weeks = np.clip((send_hi - lo_c) / WEEK_US, 0, None)
    se = _repeat(rng.poisson(sends_per_week * weeks) * on_list)
    lo, hi = lo_c[se], send_hi[se]
    ts = _shape_times(
        rng, _uniform_times(rng, lo, hi), lo, hi, hour_cum=_EMAIL_HOUR_CUM, weekend_move=0.95
    )
    del lo, hi
    campaign = (_choice(rng, se.size, CAMPAIGN_P) + EVENT_DETAILS.index(CAMPAIGNS[0])).astype(
        np.int8
    )
    add(se, ts, np.full(se.size, EVENT_TYPES.index("email_send"), np.int8), campaign)
    p_open = np.clip(0.05 + 0.25 * con.eng_rank + 0.08 * qc, 0.02, 0.75).astype(np.float32)
    o = rng.random(se.size, dtype=np.float32) < p_open[se]
    oc, ots, ocamp = se[o], ts[o], campaign[o]
    del se, ts, campaign, o
    delay = np.where(
        rng.random(oc.size) < 0.85,
        rng.exponential(4 * HOUR_US, oc.size),
        rng.exponential(2 * DAY_US, oc.size),
    )
    ots = ots + delay.astype(np.int64) + 1_000_000
    add(oc, ots, np.full(oc.size, EVENT_TYPES.index("email_open"), np.int8), ocamp)
    p_click = np.clip(0.08 + 0.2 * con.eng_rank + 0.1 * qc, 0.01, 0.6)
    k = rng.random(oc.size) < p_click[oc]
    cts = ots[k] + rng.exponential(90e6, int(k.sum())).astype(np.int64) + 1_000_000
    add(oc[k], cts, np.full(int(k.sum()), EVENT_TYPES.index("email_click"), np.int8), ocamp[k])
    r = rng.random(oc.size) < 0.003 + 0.03 * qc[oc]
    rts = ots[r] + rng.exponential(3 * HOUR_US, int(r.sum())).astype(np.int64) + 60_000_000
    add(oc[r], rts, np.full(int(r.sum()), EVENT_TYPES.index("email_reply"), np.int8), ocamp[r])
    del oc, ots, ocamp, delay
    done = count()
    say(f"events: {done:,} journey, customer and email events")

    # 4. background activity fills the rest: heavy-tailed, mostly low intent, some noise
    group = np.where(qc > 0.7, 1, 0)
    group = np.where(con.seniority == 5, 2, group)
    group = np.where(con.p == 0, np.where(con.personal, 0, 3), group)
    active_days = np.clip((end_us - lo_c) / DAY_US, 0, None)
    w = con.engagement * active_days
    remaining = max(target - done, 0.15 * target)
    be = _repeat(rng.poisson(remaining * w / max(w.sum(), 1e-9)))
    lo = lo_c[be]
    ts = _shape_times(rng, _uniform_times(rng, lo, end_us), lo, end_us)
    del lo
    add(be, ts, *actions(group[be], _BG))
    del be, ts

    # concatenate and sort by time: sorting a packed (time, row) key is much faster than argsort
    n = count()
    stamp = np.empty(n, np.int64)
    payload = np.empty(n, np.int64)
    pos = 0
    for i in range(len(parts)):
        pt, pp = parts[i]
        stamp[pos : pos + pt.size] = pt
        payload[pos : pos + pt.size] = pp
        pos += pt.size
        parts[i] = (pt[:0], pp[:0])  # free as we go
    parts.clear()
    idx_bits = max(1, int(n).bit_length())
    key = stamp - ctx.w0_us
    span_bits = max(1, int(key.max(initial=0)).bit_length())
    key >>= max(0, span_bits - (62 - idx_bits))
    key <<= idx_bits
    key |= np.arange(n, dtype=np.int64)
    key.sort()
    key &= (1 << idx_bits) - 1
    say(f"events: {n:,} events sorted")
    return _Events(stamp[key], payload[key])
