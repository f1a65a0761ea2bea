"""Accounts: firmographics and the latent buy propensity."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from scoring.generate.context import _Ctx
from scoring.generate.helpers import _cat_by_group, _choice, _ids, _sigmoid, _take_str
from scoring.generate.vocab import (
    CLOUD_EFFECT,
    COMPETITORS,
    COUNTRY_EFFECT,
    COUNTRY_P,
    COUNTRY_TLD,
    IND_EFFECT,
    IND_P,
    IND_REV_PER_EMP,
    IND_SUFFIXES,
    MATURITY_EFFECT,
    N_OWNERS,
    NAME_PREFIXES,
    STAGE_EFFECT,
    STAGE_GROWTH,
    STAGE_P,
    TOOL_EFFECT,
    TOOL_WEIGHT,
    TOOLS,
)


@dataclass
class _Accounts:
    n: int
    ids: pa.Array
    name: pa.Array
    domain: pa.Array
    industry: np.ndarray
    employees: np.ndarray
    revenue: np.ndarray
    revenue_growth: np.ndarray
    employee_growth: np.ndarray
    country: np.ndarray
    stage: np.ndarray
    cloud: np.ndarray
    maturity: np.ndarray
    tech_stack: pa.Array
    locations: np.ndarray
    fy_month: np.ndarray  # 0 = unknown
    owner: np.ndarray
    created: np.ndarray  # epoch day
    competitor: np.ndarray
    logit: np.ndarray
    p: np.ndarray


def _make_accounts(ctx: _Ctx, n: int) -> _Accounts:
    rng = ctx.rng("accounts")
    industry = _choice(rng, n, IND_P)
    employees = np.clip(np.round(np.exp(rng.normal(np.log(120), 1.7, n))), 5, 200_000)
    employees = employees.astype(np.int64)
    log_emp = np.log10(employees)
    rev_per_emp = np.exp(rng.normal(np.log(IND_REV_PER_EMP[industry]), 0.45))
    revenue = np.round(employees * rev_per_emp, -3)
    size_bucket = np.digitize(log_emp, [1.7, 3.0])
    stage = _cat_by_group(rng, size_bucket, STAGE_P)
    rev_growth = np.round(
        np.clip(rng.normal(STAGE_GROWTH[stage, 0], STAGE_GROWTH[stage, 1]), -30, 80), 1
    )
    emp_growth = np.round(np.clip(0.6 * rev_growth + rng.normal(0, 6, n), -40, 100), 1)
    country = _choice(rng, n, COUNTRY_P)

    modern = np.isin(industry, [0, 1, 5, 6]).astype(float)
    traditional = np.isin(industry, [3, 7, 9, 10, 11]).astype(float)
    cloud_score = (
        0.9 * (industry == 0)
        + 0.3 * modern
        - 0.6 * traditional
        + 0.6 * (stage == 0)
        - 0.5 * (stage == 3)
        - 0.15 * (log_emp - 2.5)
        + rng.normal(0, 1, n)
    )
    cloud_level = np.digitize(cloud_score, [-0.6, 0.5])  # 0 on_premise .. 2 cloud_native
    cloud = 2 - cloud_level
    maturity_score = 0.8 * cloud_level + 0.3 * (stage == 1) + rng.normal(0, 0.9, n)
    maturity = 3 - np.digitize(maturity_score, [0.3, 1.1, 2.0])

    # tech stack: 1-8 tools, weighted by cloud adoption (Gumbel top-k, vectorised)
    n_tools = 1 + rng.binomial(7, np.clip(0.12 + 0.07 * (log_emp - 1), 0.08, 0.65))
    keys = np.log(TOOL_WEIGHT[cloud]) + rng.gumbel(size=(n, len(TOOLS)))
    order = np.argsort(-keys, axis=1)[:, :8]
    chosen = np.arange(8)[None, :] < n_tools[:, None]
    flat_tools = order[chosen]
    has_tool = np.zeros((n, len(TOOLS)), dtype=bool)
    has_tool[np.repeat(np.arange(n), n_tools), flat_tools] = True
    offsets = np.concatenate([[0], np.cumsum(n_tools)]).astype(np.int32)
    tool_lists = pa.ListArray.from_arrays(pa.array(offsets), _take_str(TOOLS, flat_tools))
    tech_stack = pc.binary_join(tool_lists, ";")

    locations = (1 + rng.poisson(employees**0.35 / 4)).astype(np.int64)
    fy_month = np.array([1, 4, 7, 10, 0])[_choice(rng, n, np.array([62, 12, 9, 7, 10.0]))]
    owner = rng.integers(0, N_OWNERS, n)
    created = ctx.d - rng.integers(600, 2500, n)

    # names and unique domains
    prefix = rng.integers(0, len(NAME_PREFIXES), n)
    suffix_off = np.cumsum([0] + [len(s) for s in IND_SUFFIXES])[:-1]
    suffix_cnt = np.array([len(s) for s in IND_SUFFIXES])
    suffix = suffix_off[industry] + (rng.random(n) * suffix_cnt[industry]).astype(np.int64)
    all_suffixes = [s for group in IND_SUFFIXES for s in group]
    prefix_arr = _take_str(NAME_PREFIXES, prefix)
    names = pc.binary_join_element_wise(prefix_arr, _take_str(all_suffixes, suffix), " ")
    tld = np.where(rng.random(n) < 0.5, country, 0)
    tld = np.where(industry == 11, -1, tld)  # nonprofits use .org
    tld_vocab = [*COUNTRY_TLD, "org"]
    number = rng.permutation(n) + 1
    domains = pc.binary_join_element_wise(
        pc.utf8_lower(prefix_arr),
        pc.binary_join_element_wise(
            pc.cast(pa.array(number), pa.string()),
            _take_str(tld_vocab, np.where(tld < 0, len(COUNTRY_TLD), tld)),
            ".",
        ),
        "-",
    )

    # competitors: at most one per competitor domain (domains are unique)
    competitor = np.zeros(n, dtype=bool)
    n_comp = min(len(COMPETITORS), max(1, round(0.003 * n)))
    comp_idx = np.sort(rng.choice(n, n_comp, replace=False))
    competitor[comp_idx] = True
    industry[comp_idx] = 0
    names_np = names.to_numpy(zero_copy_only=False).astype(object)
    domains_np = domains.to_numpy(zero_copy_only=False).astype(object)
    for j, i in enumerate(comp_idx):  # at most four rows
        names_np[i], domains_np[i] = COMPETITORS[j]
    names = pa.array(names_np, pa.string())
    domains = pa.array(domains_np, pa.string())

    # hidden buy propensity
    size_effect = -0.45 * np.clip(np.abs(log_emp - 3.0) - 0.35, 0, None) ** 2 * 2.0
    rev_effect = np.clip(0.35 * np.log(rev_per_emp / IND_REV_PER_EMP[industry]), -0.4, 0.4)
    tech_effect = np.clip(has_tool.astype(float) @ TOOL_EFFECT, -1.0, 1.0)
    growth_effect = STAGE_EFFECT[stage] + np.clip(rev_growth / 100, -0.3, 0.5)
    logit = (
        -2.2
        + IND_EFFECT[industry]
        + size_effect
        + rev_effect
        + COUNTRY_EFFECT[country]
        + CLOUD_EFFECT[cloud]
        + MATURITY_EFFECT[maturity]
        + tech_effect
        + growth_effect
        + rng.normal(0, 0.8, n)
    )
    p = _sigmoid(logit)
    p[competitor] = 0.0

    width = max(6, len(str(n)))
    return _Accounts(
        n=n,
        ids=_ids("A", np.arange(1, n + 1), width),
        name=names,
        domain=domains,
        industry=industry,
        employees=employees,
        revenue=revenue,
        revenue_growth=rev_growth,
        employee_growth=emp_growth,
        country=country,
        stage=stage,
        cloud=cloud,
        maturity=maturity,
        tech_stack=tech_stack,
        locations=locations,
        fy_month=fy_month,
        owner=owner,
        created=created,
        competitor=competitor,
        logit=logit,
        p=p,
    )
