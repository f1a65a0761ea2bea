"""`scoring calibrate` end to end on the example lead table: learned, scored and explained."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from conftest import copy_project


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


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
