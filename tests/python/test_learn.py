"""scoring.learn: binning, scorecard points, the split into dimensions, bands, rubric rows."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from scoring import learn


def _data(n: int = 12000, seed: int = 0):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "visits": rng.exponential(5, size=n),
            "origin": rng.choice(
                ["web", "referral", "ads", "event"], size=n, p=[0.4, 0.2, 0.3, 0.1]
            ),
            "noise": rng.normal(size=n),
            "noise_text": rng.choice(["a", "b", "c"], size=n),
        }
    )
    frame.loc[rng.uniform(size=n) < 0.1, "visits"] = np.nan
    effect = {"web": 0.0, "referral": 1.2, "ads": -0.6, "event": 0.5}
    logit = 0.25 * frame["visits"].fillna(2) + frame["origin"].map(effect) - 2.0
    labels = (rng.uniform(size=n) < 1 / (1 + np.exp(-logit))).astype(int)
    kinds = {"visits": "numeric", "origin": "categorical", "noise": "numeric",
             "noise_text": "categorical"}  # fmt: skip
    return frame, labels.to_numpy(), kinds


def test_a_monotonic_relation_gives_monotonic_points_and_noise_no_factor():
    frame, labels, kinds = _data()
    card = learn.fit_scorecard(frame, labels, kinds)
    features = {f.feature for f in card.factors}
    assert {"visits", "origin"} <= features
    assert not features & {"noise", "noise_text"}, "columns without signal get no factor"
    visits = next(f for f in card.factors if f.feature == "visits")
    ranges = [t for t in visits.tiers if t.name != "unknown"]
    assert next(t.range_min for t in ranges) is None and ranges[-1].range_max is None
    for lower, upper in itertools.pairwise(ranges):
        assert lower.range_max == upper.range_min  # contiguous
        assert upper.points >= lower.points  # more visits, more points
    assert ranges[-1].points > ranges[0].points


def test_categories_are_grouped_and_unknown_takes_missing_and_unseen_values():
    frame, labels, kinds = _data()
    card = learn.fit_scorecard(frame, labels, kinds)
    origin = next(f for f in card.factors if f.feature == "origin")
    grouped = [v for t in origin.tiers if t.match_values for v in t.match_values]
    assert sorted(grouped) == ["ads", "event", "referral", "web"]
    points = origin.points_of(pd.Series(["referral", "ads", "never seen", None]))
    unknown = next(t.points for t in origin.tiers if t.name == "unknown")
    assert points[0] > points[1] and points[2] == unknown and points[3] == unknown
    assert card.tier_of("origin", pd.Series(["nope"])).tolist() == ["unknown"]


def test_a_category_recorded_as_unknown_keeps_its_own_tier_beside_the_unknown_tier():
    frame, labels, kinds = _data()
    frame["origin"] = frame["origin"].replace({"referral": "unknown"})
    card = learn.fit_scorecard(frame, labels, kinds)
    origin = next(f for f in card.factors if f.feature == "origin")
    names = [t.name for t in origin.tiers]
    assert names.count("unknown") == 1 and len(set(names)) == len(names)
    recorded = next(t for t in origin.tiers if t.match_values and "unknown" in t.match_values)
    assert recorded.name != "unknown"
    points = origin.points_of(pd.Series(["unknown", None]))
    assert points[0] == recorded.points
    assert points[1] == next(t.points for t in origin.tiers if t.name == "unknown")


def test_points_are_non_negative_and_the_maxima_sum_to_the_budget():
    frame, labels, kinds = _data()
    card = learn.fit_scorecard(frame, labels, kinds, budget=100, decimals=1)
    assert sum(f.max_points for f in card.factors) == pytest.approx(100, abs=1e-9)
    assert all(t.points >= 0 for f in card.factors for t in f.tiers)
    scores = card.score(frame)
    assert scores.min() >= 0 and scores.max() <= 100 + 1e-9


def test_the_scorecard_comes_close_to_gradient_boosting_out_of_sample():
    frame, labels, kinds = _data(16000, seed=1)
    train = np.arange(len(labels)) < 12000
    card = learn.fit_scorecard(frame[train], labels[train], kinds)
    reference = learn.fit_reference(frame[train], labels[train], kinds)
    card_auc = learn.auc(card.score(frame[~train]), labels[~train])
    reference_auc = learn.auc(reference.predict_proba_pos(frame[~train]), labels[~train])
    assert reference_auc > 0.7
    assert card_auc >= 0.97 * reference_auc


def test_a_label_with_one_class_learns_nothing():
    frame, _, kinds = _data(500)
    assert learn.fit_scorecard(frame, np.zeros(500), kinds).factors == []
    assert learn.auc([1, 2, 3], [1, 1, 1]) is None


def test_split_scorecard_reconstructs_the_joint_score():
    frame, labels, kinds = _data()
    card = learn.fit_scorecard(frame, labels, kinds)
    cards, weights = learn.split_scorecard(card, {"visits": "engagement", "origin": "fit"})
    assert set(cards) == {"engagement", "fit"} and sum(weights.values()) == pytest.approx(1)
    for dimension_card in cards.values():
        assert sum(f.max_points for f in dimension_card.factors) == pytest.approx(100)
    rebuilt = sum(weights[d] * cards[d].score(frame) for d in cards)
    assert np.abs(rebuilt - card.score(frame)).max() < 0.5  # rounding only


def test_learned_bands_are_populated_and_rising():
    frame, labels, kinds = _data()
    scores = learn.fit_scorecard(frame, labels, kinds).score(frame)
    names = ["Poor Fit", "Low Priority", "Moderate", "Quality", "High-Value", "Premium"]
    bands = learn.learn_bands(scores, labels, names, min_share=0.05)
    assert bands[0][1] == 0 and bands[-1][2] == 100.001 and bands[-1][0] == "Premium"
    assert all(a[2] == b[1] for a, b in itertools.pairwise(bands))
    rates = []
    for _, low, high in bands:
        inside = (np.round(scores, 1) >= low) & (np.round(scores, 1) < high)
        assert inside.mean() >= 0.05
        rates.append(labels[inside].mean())
    assert all(b > a for a, b in itertools.pairwise(rates))


def test_bands_merge_when_the_outcome_rate_does_not_rise():
    rng = np.random.default_rng(3)
    scores = rng.uniform(0, 100, size=5000)
    labels = (rng.uniform(size=5000) < 0.2).astype(int)  # no relation at all
    bands = learn.learn_bands(scores, labels, ["a", "b", "c", "d"])
    assert len(bands) < 4 and bands[-1][0] == "d"


def test_rubric_rows_follow_the_seed_rules():
    frame, labels, kinds = _data()
    card = learn.fit_scorecard(frame, labels, kinds)
    components, factors, tiers = learn.rubric_rows(
        card, dimension="fit", factor_prefix="fit_learned", labels={"origin": "Lead origin"}
    )
    assert sum(c["budget"] for c in components) == pytest.approx(100)
    assert len({c["component"] for c in components}) == len(components)
    by_id = {f["factor_id"]: f for f in factors}
    assert {f["source"] for f in factors} == {f.feature for f in card.factors}
    assert any(f["label"] == "Lead origin" for f in factors)
    for factor_id, factor in by_id.items():
        rows = [t for t in tiers if t["factor_id"] == factor_id]
        assert sum(t["tier"] == "unknown" for t in rows) == 1
        assert all(0 <= t["points"] <= factor["max_points"] for t in rows)
        values = [t["match_value"] for t in rows if t["match_value"]]
        assert len(values) == len(set(values))
        ranged = sorted(
            (t for t in rows if t["tier"] != "unknown" and not t["match_value"]),
            key=lambda t: -np.inf if t["range_min"] is None else t["range_min"],
        )
        for lower, upper in itertools.pairwise(ranged):
            assert lower["range_max"] == upper["range_min"]
        assert not (values and ranged), "a factor's tiers are all categories or all ranges"
