"""Contacts of the accounts: roles, emails, creation dates and propensity."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from scoring.generate.accounts import _Accounts
from scoring.generate.context import _Ctx
from scoring.generate.helpers import (
    _cat_by_group,
    _expand,
    _ids,
    _shape_times,
    _take_str,
    _uniform_times,
)
from scoring.generate.settings import DAY_US, HOUR_US
from scoring.generate.vocab import (
    _DEPT_NAMES,
    _TITLES_C,
    _TITLES_IC,
    _TITLES_M,
    _TITLES_STUDENT,
    DEPARTMENTS,
    DEPT_FACTOR,
    DEPT_P,
    FIRST_NAMES,
    LAST_NAMES,
    LEAD_P,
    PERSONAL_DOMAINS,
    SEN_FACTOR,
    SEN_P,
    SENIORITIES,
)


def _title_table() -> tuple[list[str], np.ndarray, np.ndarray]:
    """Flat title list, with offset and count per (seniority, department) pair."""
    titles: list[str] = []
    off = np.zeros((len(SENIORITIES), len(DEPARTMENTS)), dtype=np.int64)
    cnt = np.zeros_like(off)
    for s in range(len(SENIORITIES)):
        for d in range(len(DEPARTMENTS)):
            name = _DEPT_NAMES[d]
            if s == 0:
                options = _TITLES_C[d]
            elif s == 1:
                options = {
                    9: ("Executive Vice President", "General Manager"),
                    10: ("VP of Strategy", "VP of Business Development"),
                    8: ("VP of People", "VP Human Resources"),
                }.get(d, (f"VP of {name}", f"Vice President, {name}", f"SVP {name}"))
            elif s == 2:
                options = {
                    9: ("Chief of Staff", "Director, Office of the CEO"),
                    10: ("Director of Strategy", "Director of Business Development"),
                    0: ("Director of Marketing", "Director of Demand Generation",
                        "Director of Growth Marketing", "Senior Director, Marketing"),
                    1: ("Director of Sales", "Director of Sales Development", "Sales Director"),
                }.get(d, (f"Director of {name}", f"Senior Director, {name}"))  # fmt: skip
            elif s == 3:
                options = _TITLES_M[d]
            elif s == 4:
                options = _TITLES_IC[d]
            else:
                options = _TITLES_STUDENT.get(d, ("Student",))
            off[s, d] = len(titles)
            cnt[s, d] = len(options)
            titles.extend(options)
    return titles, off, cnt


@dataclass
class _Contacts:
    n: int
    ids: pa.Array
    account: np.ndarray  # account index (contacts are grouped by account)
    first: np.ndarray  # index per account
    count: np.ndarray  # contacts per account
    first_name: np.ndarray
    last_name: np.ndarray
    email: pa.Array
    title: np.ndarray
    titles: list[str]
    seniority: np.ndarray
    department: np.ndarray
    lead_source: np.ndarray
    created_us: np.ndarray
    unsub_us: np.ndarray  # int64 max = never
    personal: np.ndarray
    p: np.ndarray
    engagement: np.ndarray  # heavy-tailed activity multiplier (mean 1)
    eng_rank: np.ndarray  # its percentile in [0, 1]


NEVER = np.iinfo(np.int64).max


def _make_contacts(ctx: _Ctx, acc: _Accounts) -> _Contacts:
    rng = ctx.rng("contacts")
    # heavy-tailed contacts per account, more for bigger companies
    w = acc.employees**0.45 * np.exp(rng.normal(0, 0.6, acc.n))
    cap = np.minimum(acc.employees, max(60.0, 60 * ctx.cpa)).astype(float)
    lam = max(ctx.cpa - 1.0, 0.0) * w / w.mean()
    for _ in range(3):  # correct the mean for the caps
        clipped = np.minimum(lam, cap - 1)
        if clipped.mean() <= 0:
            break
        lam = lam * (max(ctx.cpa - 1.0, 0.0) / clipped.mean())
    count = 1 + np.minimum(rng.poisson(np.minimum(lam, cap - 1)), cap - 1).astype(np.int64)
    account, _ = _expand(count)
    first = np.cumsum(count) - count
    n = int(account.size)

    size_group = (acc.employees[account] >= 100).astype(np.int64)  # rows of SEN_P
    seniority = _cat_by_group(rng, size_group, SEN_P)
    department = _cat_by_group(rng, seniority, DEPT_P)
    titles, t_off, t_cnt = _title_table()
    title = t_off[seniority, department] + (rng.random(n) * t_cnt[seniority, department]).astype(
        np.int64
    )

    competitor = acc.competitor[account]
    personal = (rng.random(n) < 0.05) & ~competitor
    p = acc.p[account] * SEN_FACTOR[seniority] * DEPT_FACTOR[department]
    p = np.clip(p * np.exp(rng.normal(0, 0.35, n)), 0, 0.99)
    p[personal | competitor] = 0.0
    high_fit = p > np.quantile(p, 0.7) if n else np.zeros(0, dtype=bool)
    lead_source = _cat_by_group(rng, high_fit.astype(np.int64), LEAD_P)

    engagement = np.exp(rng.normal(0, 1.1, n))
    engagement *= 0.6 + 0.8 * np.sqrt(np.clip(p / max(float(p.max(initial=0)), 1e-9), 0, 1))
    engagement /= max(engagement.mean(), 1e-12) if n else 1.0
    eng_rank = np.empty(n)
    eng_rank[np.argsort(engagement, kind="stable")] = (np.arange(n) + 0.5) / max(n, 1)

    # created: 65% before the behavioural window, the rest inside it
    acc_created_us = (acc.created[account] + 1) * DAY_US
    before = rng.random(n) < 0.65
    lo = np.where(before, acc_created_us, ctx.w0_us)
    hi = np.where(before, ctx.w0_us, ctx.end_us - DAY_US)
    created_us = _shape_times(rng, _uniform_times(rng, lo, hi), lo, hi)
    unsub = rng.random(n) < 0.04 * (1.6 - 1.2 * eng_rank)
    u_lo = np.maximum(created_us + HOUR_US, ctx.w0_us - 60 * DAY_US)
    unsub_us = np.where(unsub, _uniform_times(rng, u_lo, np.full(n, ctx.end_us)), NEVER)

    # names and emails (first.last@domain, de-duplicated with a number)
    first_name = rng.integers(0, len(FIRST_NAMES), n)
    last_name = rng.integers(0, len(LAST_NAMES), n)
    pdomain = rng.integers(0, len(PERSONAL_DOMAINS), n)
    pnum = np.where(personal, rng.integers(10, 100, n), 0)
    dom_key = np.where(personal, acc.n + pdomain, account).astype(np.int64)
    key = ((dom_key * len(FIRST_NAMES) + first_name) * len(LAST_NAMES) + last_name) * 100 + pnum
    order = np.argsort(key, kind="stable")
    ks = key[order]
    new_run = np.concatenate([[True], ks[1:] != ks[:-1]])
    run_start = np.maximum.accumulate(np.where(new_run, np.arange(n), 0))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n) - run_start
    number = np.where(personal, pnum + 100 * rank, np.where(rank > 0, rank + 1, 0))
    local = pc.binary_join_element_wise(
        pc.utf8_lower(_take_str(FIRST_NAMES, first_name)),
        pc.utf8_lower(_take_str(LAST_NAMES, last_name)),
        ".",
    )
    num_str = pc.if_else(
        pa.array(number == 0), pa.scalar(""), pc.cast(pa.array(number), pa.string())
    )
    domain = pc.if_else(
        pa.array(personal),
        _take_str(PERSONAL_DOMAINS, pdomain),
        acc.domain.take(pa.array(account)),
    )
    email = pc.binary_join_element_wise(local, num_str, "@", domain, "")

    width = max(7, len(str(n + 10_000)))
    return _Contacts(
        n=n,
        ids=_ids("C", np.arange(1, n + 1), width),
        account=account,
        first=first,
        count=count,
        first_name=first_name,
        last_name=last_name,
        email=email,
        title=title,
        titles=titles,
        seniority=seniority,
        department=department,
        lead_source=lead_source,
        created_us=created_us,
        unsub_us=unsub_us,
        personal=personal,
        p=p,
        engagement=engagement,
        eng_rank=eng_rank,
    )


def _sample_contacts(
    rng: np.random.Generator, acc_idx: np.ndarray, con: _Contacts, cumw: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """One contact of each given account, drawn with the weights behind ``cumw``."""
    cum0 = np.concatenate([[0.0], cumw])
    first = con.first[acc_idx]
    last = first + con.count[acc_idx] - 1
    lo = cum0[first]
    hi = cum0[last + 1]
    u = lo + rng.random(acc_idx.size) * (hi - lo)
    idx = np.clip(np.searchsorted(cumw, u, side="right"), first, last)
    return idx, hi > lo
