"""`scoring calibrate`: the splits, the judging, the seeds it writes, and runs end to end."""

from __future__ import annotations

import csv
from datetime import date, timedelta
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


LEADS = Path(__file__).resolve().parents[2] / "examples" / "lead_table"


def _leads_with_a_strong_source(target: Path) -> Path:
    """The example lead table with a lead source that carries conversion signal (most converted
    leads came through referral programs, few others did)."""
    rng = np.random.default_rng(5)
    with (LEADS / "leads.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        converted = row["IsConverted"].lower() == "true"
        row["LeadSource"] = rng.choice(
            ["Partner Referral", "Customer Referral", "Trade Show"],
            p=[0.45, 0.35, 0.2] if converted else [0.08, 0.07, 0.85],
        )
    path = target / "leads.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_lead_table_is_learned_scored_and_explained(tmp_path):
    """import-leads + calibrate + build, with no SQL or seed edit: the lead source becomes a learned
    factor of the challenger with learned tiers, scored and named with its tier in the reasons once
    promoted; the challenger beats the champion and sits near the reference on the held-out leads,
    whose AUCs reach model_performance."""
    import json
    import re

    import duckdb
    from typer.testing import CliRunner

    from scoring.cli import app

    runner = CliRunner()
    project = copy_project(tmp_path / "project")
    leads = _leads_with_a_strong_source(tmp_path)
    data, warehouse = tmp_path / "leads", tmp_path / "leads.duckdb"
    common = ["--data-dir", str(data), "--warehouse", str(warehouse), "--project-dir", str(project)]
    imported = runner.invoke(
        app,
        ["import-leads", str(leads), "--to", str(data), "--mapping", str(LEADS / "mapping.yml")],
    )
    assert imported.exit_code == 0, imported.output
    as_of = re.search(r"--as-of (\S+)", imported.output).group(1)
    observed = re.search(r"--vars '(\{[^']*\})'", imported.output).group(1)
    calibrated = runner.invoke(
        app, ["calibrate", "--split", "random", "--as-of", as_of, "--vars", observed, *common]
    )
    assert calibrated.exit_code == 0, calibrated.output
    challenger = project / "seeds" / "challenger"
    (version,) = _rows(challenger / "challenger_rubric_version.csv")
    factors = [
        r for r in _rows(challenger / "challenger_rubric_factors.csv")
        if r["source"] == "lead_source" and "_learned_" in r["factor_id"]
    ]  # fmt: skip
    assert len(factors) == 1, "the lead source is a learned factor"
    factor = factors[0]
    tiers = [
        r
        for r in _rows(challenger / "challenger_rubric_tiers.csv")
        if r["factor_id"] == factor["factor_id"]
    ]
    points = {r["tier"]: float(r["points"]) for r in tiers}
    assert len(points) >= 3 and "unknown" in points, "learned groups of sources and unknown"
    assert max(points.values()) > min(points.values())
    (reference,) = [
        r for r in _rows(challenger / "challenger_reference.csv")
        if (r["score"], r["outcome"]) == ("composite", "converted")
    ]  # fmt: skip
    assert reference["version_id"] == version["version_id"]
    assert float(reference["challenger_auc"]) > float(reference["champion_auc"])
    assert float(reference["challenger_auc"]) >= 0.9 * float(reference["reference_auc"])

    promoted = json.dumps(
        {
            **json.loads(observed),
            "active_rubric": "challenger",
            "model_version": version["version_id"],
        }
    )
    built = runner.invoke(app, ["build", "--as-of", as_of, "--vars", promoted, *common])
    assert built.exit_code == 0, built.output
    with duckdb.connect(str(warehouse), read_only=True) as con:
        reasons = con.execute(
            "select count(*) from marts.contact_scores where concat_ws(' ', top_reason_1, "
            "top_reason_2, top_reason_3) like ?",
            [f"%{factor['label']} = %"],
        ).fetchone()[0]
        performance = con.execute(
            "select reference_auc from marts.model_performance where rubric = 'challenger' "
            "and score_name = 'composite' and outcome = 'converted' and entity_type = 'contact' "
            "and reference_auc is not null"
        ).fetchall()
    assert reasons > 0, "the learned factor is named in the reasons"
    assert performance and all(0.5 < value <= 1 for (value,) in performance)


ORIGINS = {  # a lead column the importer has no field for -> conversion rate
    "Lead Add Form": 0.5,
    "Landing Page Submission": 0.18,
    "API": 0.05,
    "Lead Import": 0.02,
}


def _leads_with_a_new_column(target: Path, n: int = 400) -> Path:
    """A small lead table whose conversions follow a column that is in no FIELD_DEFAULTS, `Lead
    Origin` (a Leadscore-style origin), and only weakly anything else."""
    rng = np.random.default_rng(23)
    origins = list(ORIGINS)
    rows = []
    for i in range(n):
        origin = origins[rng.choice(len(origins), p=[0.2, 0.35, 0.25, 0.2])]
        created = date(2026, 1, 1) + timedelta(days=int(rng.integers(0, 170)))
        visits = int(rng.poisson(2))
        last_activity = created + timedelta(days=int(rng.integers(0, 10)))
        rows.append(
            {
                "Id": f"LD{i:04d}",
                "Company": f"Company {i}",
                "Website": f"company-{i}.example",
                "Title": str(rng.choice(["Manager", "Director", "Analyst"])),
                "Lead Origin": origin,
                "CreatedDate": created.isoformat(),
                "LastActivityDate": last_activity.isoformat() if visits else "",
                "Web_Visits__c": str(visits),
                "IsConverted": str(bool(rng.random() < ORIGINS[origin])).lower(),
            }
        )
    path = target / "origin_leads.csv"
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_new_lead_column_is_learned_and_named_in_the_reasons(tmp_path):
    """A lead column no importer field knows (`Lead Origin`) -> import-leads keeps it as the
    contacts column lead_origin -> calibrate --split cohort learns the custom feature
    contacts__lead_origin with tiers of its categories -> the promoted build names it in the
    reasons. No mapping, SQL or seed edit."""
    import json
    import re

    import duckdb
    from typer.testing import CliRunner

    from scoring.cli import app

    runner = CliRunner()
    project = copy_project(tmp_path / "project")
    leads = _leads_with_a_new_column(tmp_path)
    data, warehouse = tmp_path / "leads", tmp_path / "leads.duckdb"
    common = ["--data-dir", str(data), "--warehouse", str(warehouse), "--project-dir", str(project)]
    imported = runner.invoke(app, ["import-leads", str(leads), "--to", str(data)])
    assert imported.exit_code == 0, imported.output
    assert "Lead Origin -> contacts__lead_origin" in imported.output
    as_of = re.search(r"--as-of (\S+)", imported.output).group(1)
    observed = re.search(r"--vars '(\{[^']*\})'", imported.output).group(1)
    calibrated = runner.invoke(
        app, ["calibrate", "--split", "cohort", "--as-of", as_of, "--vars", observed, *common]
    )
    assert calibrated.exit_code == 0, calibrated.output
    challenger = project / "seeds" / "challenger"
    (version,) = _rows(challenger / "challenger_rubric_version.csv")
    (factor,) = [
        r
        for r in _rows(challenger / "challenger_rubric_factors.csv")
        if r["source"] == "contacts__lead_origin"
    ]
    assert factor["source_type"] == "feature" and "_learned_" in factor["factor_id"]
    tiers = [
        r
        for r in _rows(challenger / "challenger_rubric_tiers.csv")
        if r["factor_id"] == factor["factor_id"]
    ]
    categories = {r["match_value"] for r in tiers if r["match_value"]}
    assert categories >= {"lead_add_form", "landing_page_submission", "api"}, categories
    points = {r["match_value"]: float(r["points"]) for r in tiers if r["match_value"]}
    assert points["lead_add_form"] > points["api"], "the converting origin scores higher"

    promoted = json.dumps(
        {
            **json.loads(observed),
            "active_rubric": "challenger",
            "model_version": version["version_id"],
        }
    )
    built = runner.invoke(app, ["build", "--as-of", as_of, "--vars", promoted, *common])
    assert built.exit_code == 0, built.output
    with duckdb.connect(str(warehouse), read_only=True) as con:
        reasons = con.execute(
            "select count(*) from marts.contact_scores where concat_ws(' ', top_reason_1, "
            "top_reason_2, top_reason_3) like ?",
            [f"%{factor['label']} = %"],
        ).fetchone()[0]
    assert factor["label"] == "Lead origin"
    assert reasons > 0, "the learned lead origin is named in the reasons"
