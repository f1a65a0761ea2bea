"""`scoring calibrate` end to end on a lead column no importer field knows."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from conftest import copy_project


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


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
