"""`scoring calibrate`: the splits, the judging, the seeds it writes, and runs end to end."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import REPO, copy_project
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


def _learned_fit(seed: int = 11) -> fit.Learned:
    """A learned fit dimension (industry and employee count), prospect weights and two bands."""
    rng = np.random.default_rng(seed)
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
    return fit.Learned(
        cards={"fit": card},
        weights={"prospect": {"fit": 1.0, "intent": 0.0, "engagement": 0.0, "success": 0.0,
                              "growth": 0.0}},
        bands=[("Low Priority", 0.0, 40.0), ("Quality", 40.0, 100.001)],
    )  # fmt: skip


def _of(rows: list[dict[str, str]], version: str) -> list[dict[str, str]]:
    """One version's rows, without the rubric_version column."""
    return [
        {k: v for k, v in r.items() if k != "rubric_version"}
        for r in rows
        if r["rubric_version"] == version
    ]


def test_written_version_replaces_learned_dimensions_and_keeps_the_rest(tmp_path):
    project = copy_project(tmp_path / "project")
    rubric = project / "seeds" / "rubric"
    before = {p.name: _rows(p) for p in rubric.glob("*.csv")}
    learned = _learned_fit()
    split = plan.single_date_split("random", date(2026, 6, 30))
    args = (
        project / "seeds",
        learned,
        {"industry": "Industry"},
        split,
        date(2026, 12, 1),
        "m",
        "n",
    )
    version = seeds.write_version(*args)
    assert version.startswith("calibrated-20260630-")

    def mine(name: str) -> list[dict[str, str]]:
        return _of(_rows(rubric / f"{name}.csv"), version)

    def champion(name: str) -> list[dict[str, str]]:
        return _of(before[f"{name}.csv"], "champion-v1")

    components = mine("rubric_components")
    learned_fit = [r for r in components if r["dimension"] == "fit"]
    assert {r["component_group"] for r in learned_fit} == {"learned"}
    assert sum(float(r["budget"]) for r in learned_fit) == pytest.approx(100)
    # every other dimension keeps the active version's rubric, row for row
    for name in ("rubric_components", "rubric_factors"):
        assert [r for r in mine(name) if r["dimension"] != "fit"] == [
            r for r in champion(name) if r["dimension"] != "fit"
        ]
    factors = {r["factor_id"]: r for r in mine("rubric_factors")}
    assert {r["source"] for r in factors.values() if r["dimension"] == "fit"} == {
        "industry", "employee_count"
    }  # fmt: skip
    assert any(r["label"] == "Industry" for r in factors.values() if r["source"] == "industry")
    tiers = mine("rubric_tiers")
    assert {r["factor_id"] for r in tiers} == {
        k for k, r in factors.items() if r["source_type"] == "feature"
    }
    # point adjustments of the learned dimension go, disqualifying rules stay
    adjustments = mine("rubric_adjustments")
    assert all(r["disqualifies"] == "true" for r in adjustments if r["dimension"] == "fit")
    assert any(r["rule_id"] == "competitor_domain" for r in adjustments)
    weights = {
        (r["lifecycle_stage"], r["dimension"]): float(r["weight"])
        for r in mine("composite_weights")
    }
    assert weights[("prospect", "fit")] == 1.0 and weights[("prospect", "intent")] == 0.0
    champion_weights = {
        (r["lifecycle_stage"], r["dimension"]): float(r["weight"])
        for r in champion("composite_weights")
    }
    assert {k: v for k, v in weights.items() if k[0] == "customer"} == {
        k: v for k, v in champion_weights.items() if k[0] == "customer"
    }
    bands = mine("score_bands")
    composite = [r for r in bands if r["band_set"] == "composite"]
    assert [(r["band"], r["band_rank"], r["range_max"]) for r in composite] == [
        ("Low Priority", "1", "40"), ("Quality", "2", "100.001")
    ]  # fmt: skip
    assert [r for r in bands if r["band_set"] != "composite"] == [
        r for r in champion("score_bands") if r["band_set"] != "composite"
    ]
    (row,) = _of(_rows(rubric / "rubric_versions.csv"), version)
    assert row["created_at"] == "2026-12-01" and row["evaluated_to"] == "2026-06-30"
    # every version already there keeps its rows, in order; the new one's come after them
    for name, old in before.items():
        if name in ("band_treatments.csv", "triage_points.csv", "rubric_references.csv"):
            assert _rows(rubric / name) == old, name
            continue
        now = _rows(rubric / name)
        assert now[: len(old)] == old, name
        assert {r["rubric_version"] for r in now[len(old) :]} == {version}, name


def test_a_rerun_replaces_its_own_version_and_the_id_is_stable(tmp_path):
    project = copy_project(tmp_path / "project")
    seeds_dir, rubric = project / "seeds", project / "seeds" / "rubric"
    split = plan.single_date_split("random", date(2026, 6, 30))
    args = (seeds_dir, _learned_fit(), {"industry": "Industry"}, split, date(2026, 12, 1), "m", "n")
    version = seeds.write_version(*args)
    seeds.write_bands(seeds_dir, version, [("Low Priority", 0.0, 55.0), ("Quality", 55.0, 100.001)])
    seeds.write_reference(
        seeds_dir, version, [{"score": "composite", "outcome": "converted", "rows": 10}]
    )
    first = {p.name: p.read_text() for p in rubric.glob("*.csv")}
    # the same learning again, another day: the same id, its rows replaced, nothing duplicated
    again = (*args[:4], date(2026, 12, 2), "m", "n")
    assert seeds.write_version(*again) == version
    seeds.write_bands(seeds_dir, version, [("Low Priority", 0.0, 55.0), ("Quality", 55.0, 100.001)])
    seeds.write_reference(
        seeds_dir, version, [{"score": "composite", "outcome": "converted", "rows": 10}]
    )
    for name, text in first.items():
        if name != "rubric_versions.csv":
            assert (rubric / name).read_text() == text, name
    versions = _rows(rubric / "rubric_versions.csv")
    assert [r["rubric_version"] for r in versions] == [
        "champion-v1", "calibrated-20260630-7e4134ad", version
    ]  # fmt: skip
    assert versions[-1]["created_at"] == "2026-12-02"
    # the bands replace only the version's own score_bands rows
    bands = _rows(rubric / "score_bands.csv")
    composite = [r for r in _of(bands, version) if r["band_set"] == "composite"]
    assert [(r["band"], r["range_max"]) for r in composite] == [
        ("Low Priority", "55"), ("Quality", "100.001")
    ]  # fmt: skip
    for other in ("champion-v1", "calibrated-20260630-7e4134ad"):
        assert _of(bands, other) == _of(_rows(REPO / "seeds/rubric/score_bands.csv"), other)
    (reference,) = _of(_rows(rubric / "rubric_references.csv"), version)
    assert reference["rows"] == "10" and reference["champion_auc"] == ""


def test_the_id_hashes_the_rubric_without_its_version_column(tmp_path):
    """The id is the hash of the new version's rows as the one-rubric seeds had them: learned
    from another version, a different rubric, a different id; the same rows, the same id."""
    project = copy_project(tmp_path / "project")
    seeds_dir = project / "seeds"
    learned, split = _learned_fit(), plan.single_date_split("random", date(2026, 6, 30))
    texts = seeds.rubric_texts(seeds_dir, learned, {}, "champion-v1")
    assert all("rubric_version" not in text.splitlines()[0] for text in texts.values())
    from_champion = seeds.write_version(seeds_dir, learned, {}, split, date(2026, 12, 1), "m", "n")
    from_other = seeds.write_version(
        seeds_dir, learned, {}, split, date(2026, 12, 1), "m", "n",
        active="calibrated-20260630-7e4134ad",
    )  # fmt: skip
    assert from_other != from_champion
    # learned from the other version: its unlearned dimensions are the other version's rows
    components = _rows(seeds_dir / "rubric" / "rubric_components.csv")
    kept = [r for r in _of(components, from_other) if r["dimension"] != "fit"]
    other = _of(components, "calibrated-20260630-7e4134ad")
    assert kept == [r for r in other if r["dimension"] != "fit"] and kept


def test_an_unknown_active_version_is_an_error_naming_the_versions_seed(tmp_path):
    project = copy_project(tmp_path / "project")
    rubric = project / "seeds" / "rubric"
    before = {p.name: p.read_text() for p in rubric.glob("*.csv")}
    split = plan.single_date_split("random", date(2026, 6, 30))
    with pytest.raises(seeds.VersionError, match=r"seeds/rubric/rubric_versions\.csv") as error:
        seeds.write_version(
            project / "seeds", _learned_fit(), {}, split, date(2026, 12, 1), "m", "n",
            active="champion-v9",
        )  # fmt: skip
    assert "'champion-v9'" in str(error.value) and "champion-v1" in str(error.value)
    assert {p.name: p.read_text() for p in rubric.glob("*.csv")} == before  # nothing written


def test_calibrate_with_an_unknown_rubric_version_stops_before_any_run(tmp_path):
    from typer.testing import CliRunner

    from scoring.cli import app

    project = copy_project(tmp_path / "project")
    raw = tmp_path / "raw"
    runner = CliRunner()
    generated = runner.invoke(app, ["generate", "--accounts", "5", "--data-dir", str(raw)])
    assert generated.exit_code == 0, generated.output
    warehouse = tmp_path / "w.duckdb"
    result = runner.invoke(
        app,
        [
            "calibrate", "--data-dir", str(raw), "--warehouse", str(warehouse),
            "--project-dir", str(project), "--vars", '{"rubric_version": "champion-v9"}',
        ],
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "rubric version 'champion-v9' (var rubric_version) is not in" in text
    assert "seeds/rubric/rubric_versions.csv" in text
    assert not warehouse.exists() and not (project / "target").exists()  # no dbt run
