"""`scoring calibrate`: the fitting maths on hand-made data, the seeds it writes, and one small run
end to end whose out-of-time AUC agrees with the SQL of mart model_performance."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest
from typer.testing import CliRunner

from conftest import REPO, copy_project
from scoring import calibrate as cal
from scoring.cli import app
from scoring.generate import generate
from scoring.project import resolve

runner = CliRunner()


def test_time_split_keeps_training_outcomes_before_the_evaluation_dates():
    split = cal.time_split(date(2026, 6, 30), horizon_days=90, train_dates=3, eval_dates=2)
    assert split.eval_dates == [date(2026, 6, 23), date(2026, 6, 30)]
    assert split.train_dates == [date(2026, 3, 11), date(2026, 3, 18), date(2026, 3, 25)]
    # the last training date's outcome window (T, T + 90] closes on the first evaluation date
    assert (split.eval_dates[0] - split.train_dates[-1]).days == 90


def test_weight_of_evidence_is_positive_for_a_tier_that_converts_more():
    # 50 of 100 converters are in the tier, 50 of 900 others: ln((50/100) / (50/900)) ~ ln 9
    assert cal.weight_of_evidence(100, 50, 100, 900, 2) == pytest.approx(np.log(9), rel=0.02)
    assert cal.weight_of_evidence(900, 50, 100, 900, 2) < 0


def test_tier_points_move_with_the_evidence_within_the_factor_range():
    champion = {
        ("f", "good"): 6.0, ("f", "poor"): 6.0, ("f", "rare"): 6.0, ("f", "unknown"): 2.0,
        ("f", "top"): 10.0, ("other", "a"): 3.0, ("other", "b"): 0.0,
    }  # fmt: skip
    counts = {
        ("f", "good"): [400.0, 40.0],  # 10 % convert
        ("f", "poor"): [400.0, 4.0],  # 1 %
        ("f", "rare"): [5.0, 5.0],  # too few to learn from
        ("f", "unknown"): [200.0, 6.0],
        ("other", "a"): [400.0, 0.0],
        ("other", "b"): [400.0, 40.0],
    }
    learned = cal.learn_tier_points(counts, champion, {"f"}, min_support=30, prior_strength=100)
    assert learned[("f", "good")] > champion[("f", "good")]
    assert learned[("f", "poor")] < champion[("f", "poor")]
    assert learned[("f", "good")] > learned[("f", "poor")]
    assert learned[("f", "rare")] == champion[("f", "rare")]
    # factors not listed are never learned, however strong the evidence
    assert learned[("other", "a")] == 3.0 and learned[("other", "b")] == 0.0
    # within the factor's range [min(0, champion min), champion max], whole points
    assert all(0 <= learned[("f", t)] <= 10 for t in ("good", "poor", "rare", "unknown", "top"))
    assert all(float(v).is_integer() for v in learned.values())


def test_more_support_moves_a_tier_further_from_the_champion():
    champion = {("f", "hot"): 5.0, ("f", "cold"): 5.0, ("f", "zero"): 0.0, ("f", "top"): 10.0}
    few = {("f", "hot"): [40.0, 8.0], ("f", "cold"): [40.0, 0.0]}
    many = {("f", "hot"): [4000.0, 800.0], ("f", "cold"): [4000.0, 0.0]}
    shifted_few = cal.learn_tier_points(few, champion, {"f"}, min_support=30)[("f", "hot")]
    shifted_many = cal.learn_tier_points(many, champion, {"f"}, min_support=30)[("f", "hot")]
    assert 5 <= shifted_few < shifted_many <= 10


def test_weights_follow_the_dimension_that_predicts():
    rng = np.random.default_rng(3)
    n = 4000
    features = rng.uniform(0, 100, size=(n, len(cal.PROSPECT_DIMENSIONS)))
    intent = features[:, cal.PROSPECT_DIMENSIONS.index("intent")]
    labels = (rng.uniform(size=n) < 1 / (1 + np.exp(-(intent - 70) / 8))).astype(int)
    champion = {"fit": 0.25, "intent": 0.5, "engagement": 0.15, "success": 0.05, "growth": 0.05}
    weights = cal.learn_weights(features, labels, champion)
    assert max(weights, key=weights.get) == "intent"
    assert weights["intent"] > 0.8
    assert all(w >= 0 for w in weights.values())
    assert sum(weights.values()) == pytest.approx(1.0, abs=1e-9)
    # nothing to learn from a single class: the champion's weights stay
    assert cal.learn_weights(features, np.zeros(n, dtype=int), champion) == champion


def test_auc_and_top_decile_lift_by_hand():
    scores = np.array([10, 20, 20, 30, 40], dtype=float)
    labels = np.array([0, 1, 0, 1, 1], dtype=float)
    # the same case as the dbt unit test of model_performance: 5.5 / 6
    assert cal.auc(scores, labels) == pytest.approx(5.5 / 6)
    assert cal.top_decile_lift(scores, labels, ["a", "b", "c", "d", "e"]) == pytest.approx(1 / 0.6)
    assert cal.auc(scores, np.zeros(5)) is None


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_written_challenger_changes_only_tier_points_and_prospect_weights(tmp_path):
    project = copy_project(tmp_path / "project")
    seeds = project / "seeds"
    champion = cal.champion_tier_points(seeds)
    factor, tier = next(iter(champion))
    learned = {**champion, (factor, tier): champion[(factor, tier)] + 1}
    weights = {"fit": 0.1, "intent": 0.6, "engagement": 0.2, "success": 0.05, "growth": 0.05}
    split = cal.time_split(date(2026, 6, 30), 90, 2, 2)
    first = cal.write_challenger(seeds, learned, weights, split, date(2026, 11, 24), "test")
    again = cal.write_challenger(seeds, learned, weights, split, date(2026, 11, 25), "test")
    assert first == again and first.startswith("calibrated-20260630-")

    challenger = seeds / "challenger"
    for name in cal.COPIED_SEEDS:  # budgets, factors and negative rules stay the champion's
        assert (challenger / f"challenger_{name}.csv").read_text() == (
            seeds / "rubric" / f"{name}.csv"
        ).read_text()
    changed = [
        r
        for r in _rows(challenger / "challenger_rubric_tiers.csv")
        if float(r["points"]) != champion[(r["factor_id"], r["tier"])]
    ]
    assert changed and {(r["factor_id"], r["tier"]) for r in changed} == {(factor, tier)}
    stages = {}
    for row in _rows(challenger / "challenger_composite_weights.csv"):
        stages.setdefault(row["lifecycle_stage"], {})[row["dimension"]] = float(row["weight"])
    assert stages["prospect"] == weights
    assert stages["customer"] == {
        r["dimension"]: float(r["weight"])
        for r in _rows(seeds / "rubric" / "composite_weights.csv")
        if r["lifecycle_stage"] == "customer"
    }
    (version,) = _rows(challenger / "challenger_rubric_version.csv")
    assert version["version_id"] == first and version["trained_to"] == "2026-03-25"


def test_calibrate_end_to_end_writes_a_checked_challenger_and_matches_the_sql_auc(tmp_path):
    project = copy_project(tmp_path / "project")
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    generate(raw, accounts=200, seed=21, as_of=date(2026, 6, 30))
    # one scoring date (the quickest run): older contacts train, newer ones evaluate
    result = runner.invoke(
        app,
        [
            "calibrate", "--split", "cohort", "--min-support", "5",
            "--data-dir", str(raw), "--warehouse", str(warehouse), "--project-dir", str(project),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (version,) = _rows(project / "seeds" / "challenger" / "challenger_rubric_version.csv")
    version_id = version["version_id"]
    assert version_id.startswith("calibrated-20260630-")
    assert "cohort split" in version["method"] and version["evaluated_to"] == "2026-06-30"
    report = project / "reports" / "calibration" / f"{version_id}.md"
    assert "## Out-of-time performance" in report.read_text()
    # the run wrote into the copy, not the repository
    repo_version = (REPO / "seeds" / "challenger" / "challenger_rubric_version.csv").read_text()
    assert version_id not in repo_version

    with duckdb.connect(str(warehouse), read_only=True) as con:
        sql = dict(
            con.execute(
                """
                select rubric || ':' || rubric_version, auc from marts.model_performance
                where scoring_date = date '2026-06-30' and entity_type = 'contact'
                    and score_name = 'composite' and outcome = 'converted'
                """
            ).fetchall()
        )
    assert f"challenger:{version_id}" in sql
    evaluations = cal.evaluate(resolve(project, raw, warehouse), [date(2026, 6, 30)])
    for evaluation in evaluations:
        if evaluation.score == "composite":
            key = next(k for k in sql if k.startswith(f"{evaluation.rubric}:"))
            assert evaluation.auc == pytest.approx(sql[key], abs=1e-9)
