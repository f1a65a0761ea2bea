"""`scoring calibrate`: the splits, the judging, the seeds it writes, and runs end to end."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import copy_project
from scoring import learn
from scoring.calibration import fit, judge, plan, seeds


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_time_split_keeps_training_outcomes_before_the_evaluation_dates():
    split = plan.time_split(date(2026, 6, 30), horizon_days=90, train_dates=3, eval_dates=2)
    assert split.eval_dates == [date(2026, 6, 23), date(2026, 6, 30)]
    assert split.train_dates == [date(2026, 3, 11), date(2026, 3, 18), date(2026, 3, 25)]
    # the last training date's outcome window (T, T + 90] closes on the first evaluation date
    assert (split.eval_dates[0] - split.train_dates[-1]).days == 90
    assert not split.single_date and plan.single_date_split("cohort", date(2026, 6, 30)).single_date


def test_random_holdout_keeps_an_account_on_one_side_and_is_stable():
    accounts = pd.Series([f"ACC-{i // 3}" for i in range(3000)])  # three contacts per account
    holdout = plan.random_holdout(accounts)
    assert 0.25 < holdout.mean() < 0.35
    by_account = pd.Series(holdout).groupby(accounts).nunique()
    assert (by_account == 1).all()
    assert (plan.random_holdout(accounts) == holdout).all()


def test_cohort_holdout_evaluates_the_newest_and_falls_back_without_dates():
    created = pd.Series(pd.date_range("2026-01-01", periods=100, freq="D"))
    groups = pd.Series([str(i) for i in range(100)])
    holdout, how = plan.cohort_holdout(created, groups)
    assert how.startswith("cohort") and holdout[70:].all() and not holdout[:70].any()
    undated = pd.Series([None] * 100)
    holdout, how = plan.cohort_holdout(undated, groups)
    assert how.startswith("random") and 0 < holdout.sum() < 100


def test_band_check_reads_populated_and_rising():
    scores = np.array([5, 10, 40, 45, 80, 90], dtype=float)
    labels = np.array([0, 0, 0, 1, 1, 1])
    rising = judge.band_check(scores, labels, [("a", 0, 30), ("b", 30, 60), ("c", 60, 100.001)])
    assert rising.populated and rising.monotonic
    assert [n for _, n, _ in rising.rows] == [2, 2, 2]
    empty = judge.band_check(scores, labels, [("a", 0, 30), ("b", 30, 35), ("c", 35, 100.001)])
    assert not empty.populated
    falling = judge.band_check(scores, 1 - labels, [("a", 0, 30), ("b", 30, 100.001)])
    assert not falling.monotonic


def test_feature_dimensions_follow_the_rubric_then_the_catalog():
    factors = [
        {"factor_id": "f1", "dimension": "fit", "source_type": "feature", "source": "industry",
         "window_days": "", "label": "Industry"},
        {"factor_id": "i1", "dimension": "intent", "source_type": "signal",
         "source": "demo_request", "window_days": "90", "label": "Demo requests (90d)"},
    ]  # fmt: skip
    dims = fit.feature_dimensions(factors, {"contacts__total_visits": "engagement"})
    assert dims == {
        "industry": "fit", "signal__demo_request__90d": "intent",
        "contacts__total_visits": "engagement",
    }  # fmt: skip
    labels = fit.feature_labels(factors)
    assert fit.label_for("signal__demo_request__90d", labels) == "Demo requests (90d)"
    assert fit.label_for("contacts__lead_origin", labels) == "Lead origin"


def test_written_challenger_replaces_learned_dimensions_and_keeps_the_rest(tmp_path):
    project = copy_project(tmp_path / "project")
    seeds_dir = project / "seeds"
    rng = np.random.default_rng(11)
    n = 3000
    frame = pd.DataFrame(
        {
            "industry": rng.choice(["software", "retail", "government"], size=n),
            "employee_count": rng.lognormal(4, 1.5, size=n),
        }
    )
    logit = (
        np.where(frame["industry"] == "software", 1.0, -0.5) + np.log(frame["employee_count"]) / 3
    )
    labels = (rng.uniform(size=n) < 1 / (1 + np.exp(-(logit - 1.5)))).astype(int)
    card = learn.fit_scorecard(
        frame, labels, {"industry": "categorical", "employee_count": "numeric"}
    )
    assert {f.feature for f in card.factors} == {"industry", "employee_count"}
    learned = fit.Learned(
        cards={"fit": card},
        weights={"prospect": {"fit": 1.0, "intent": 0.0, "engagement": 0.0, "success": 0.0,
                              "growth": 0.0}},
        bands=[("Low Priority", 0.0, 40.0), ("Quality", 40.0, 100.001)],
    )  # fmt: skip
    split = plan.single_date_split("random", date(2026, 6, 30))
    args = (seeds_dir, learned, {"industry": "Industry"}, split, date(2026, 12, 1), "m", "n")
    first = seeds.write_challenger(*args)
    assert seeds.write_challenger(*args) == first and first.startswith("calibrated-20260630-")

    challenger, champion = seeds_dir / "challenger", seeds_dir / "rubric"
    components = _rows(challenger / "challenger_rubric_components.csv")
    learned_fit = [r for r in components if r["dimension"] == "fit"]
    assert {r["component_group"] for r in learned_fit} == {"learned"}
    assert sum(float(r["budget"]) for r in learned_fit) == pytest.approx(100)
    # every other dimension keeps the champion's rubric, row for row
    for name in ("rubric_components", "rubric_factors"):
        assert [
            r for r in _rows(challenger / f"challenger_{name}.csv") if r["dimension"] != "fit"
        ] == [r for r in _rows(champion / f"{name}.csv") if r["dimension"] != "fit"]
    factors = {r["factor_id"]: r for r in _rows(challenger / "challenger_rubric_factors.csv")}
    assert {r["source"] for r in factors.values() if r["dimension"] == "fit"} == {
        "industry", "employee_count"
    }  # fmt: skip
    assert any(r["label"] == "Industry" for r in factors.values() if r["source"] == "industry")
    tiers = _rows(challenger / "challenger_rubric_tiers.csv")
    assert {r["factor_id"] for r in tiers} == {
        k for k, r in factors.items() if r["source_type"] == "feature"
    }
    # point adjustments of the learned dimension go, disqualifying rules stay
    adjustments = _rows(challenger / "challenger_rubric_adjustments.csv")
    assert all(r["disqualifies"] == "true" for r in adjustments if r["dimension"] == "fit")
    assert any(r["rule_id"] == "competitor_domain" for r in adjustments)
    weights = {
        (r["lifecycle_stage"], r["dimension"]): float(r["weight"])
        for r in _rows(challenger / "challenger_composite_weights.csv")
    }
    assert weights[("prospect", "fit")] == 1.0 and weights[("prospect", "intent")] == 0.0
    champion_weights = {
        (r["lifecycle_stage"], r["dimension"]): float(r["weight"])
        for r in _rows(champion / "composite_weights.csv")
    }
    assert {k: v for k, v in weights.items() if k[0] == "customer"} == {
        k: v for k, v in champion_weights.items() if k[0] == "customer"
    }
    bands = _rows(challenger / "challenger_score_bands.csv")
    composite = [r for r in bands if r["band_set"] == "composite"]
    assert [(r["band"], r["band_rank"], r["range_max"]) for r in composite] == [
        ("Low Priority", "1", "40"), ("Quality", "2", "100.001")
    ]  # fmt: skip
    assert [r for r in bands if r["band_set"] != "composite"] == [
        r for r in _rows(champion / "score_bands.csv") if r["band_set"] != "composite"
    ]
    (version,) = _rows(challenger / "challenger_rubric_version.csv")
    assert version["version_id"] == first and version["evaluated_to"] == "2026-06-30"
