"""A lead table without firmographics builds, with every test, by the documented command (issue 13,
items 2 and 3).

Lead tables used to fail data tests: not_constant on the dimension scores was at error severity,
and a table without firmographics gives every lead the same fit, success and growth, so the build
failed and published nothing; score_calibration's min <= mean <= max failed on float rounding; and
the documented `--vars '{"outcomes_observed_until": ...}'` failed a unit test that did not pin the
var (and, in a fresh warehouse, ran before the models it mocks)."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
import yaml
from typer.testing import CliRunner

from conftest import REPO, copy_project
from scoring.cli import app
from scoring.generate import generate
from scoring.import_leads import export_example_leads

runner = CliRunner()
AS_OF = date(2026, 6, 30)
FIRMOGRAPHICS = ("Website", "Industry", "NumberOfEmployees", "AnnualRevenue", "Country")


def _expression(model: str, starts_with: str) -> str:
    """The expression of a model-level expression_is_true test in the marts YAML."""
    doc = yaml.safe_load(
        (REPO / "models" / "marts" / "validation" / "_validation__models.yml").read_text()
    )
    (node,) = (m for m in doc["models"] if m["name"] == model)
    expressions = [
        test["expression_is_true"]["arguments"]["expression"]
        for test in node.get("data_tests", [])
        if isinstance(test, dict) and "expression_is_true" in test
    ]
    (expression,) = (e for e in expressions if e.startswith(starts_with))
    return expression


def test_calibration_range_check_tolerates_float_rounding():
    """DuckDB's mean of three 12.3 is 12.300000000000002: the decile's min <= mean <= max check
    must not fail on the last bit, and must still fail on a real gap."""
    expression = _expression("score_calibration", "min_score")
    three = "(select cast(12.3 as double) as x from range(3)) as scores"
    rounded = f"select min(x) as min_score, avg(x) as mean_score, max(x) as max_score from {three}"
    broken = "select 12.3 as min_score, 12.2 as mean_score, 12.5 as max_score"
    with duckdb.connect() as con:
        mean, high = con.execute(f"select avg(x), max(x) from {three}").fetchone()
        assert mean > high  # the rounding the check meets
        for decile, passes in ((rounded, True), (broken, False)):
            found = con.execute(f"select coalesce(({expression}), false) from ({decile}) as d")
            assert found.fetchone() == (passes,), decile


@pytest.fixture(scope="module")
def lead_table(tmp_path_factory) -> Path:
    """A lead CSV (demo data flattened) without any firmographic column, imported."""
    root = tmp_path_factory.mktemp("lead_table")
    generate(root / "generated", accounts=40, seed=4, as_of=AS_OF)
    leads_csv = root / "leads.csv"
    export_example_leads(root / "generated", leads_csv)
    with leads_csv.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = [column for column in rows[0] if column not in FIRMOGRAPHICS]
    with leads_csv.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    result = runner.invoke(app, ["import-leads", str(leads_csv), "--to", str(root / "data")])
    assert result.exit_code == 0, result.output
    return root


def test_a_lead_table_without_firmographics_builds_with_every_test(lead_table):
    root = lead_table
    warehouse = root / "leads.duckdb"
    horizon = f'{{"outcomes_observed_until": "{(AS_OF + timedelta(days=90)).isoformat()}"}}'
    result = runner.invoke(
        app,
        [
            "build", "--data-dir", str(root / "data"), "--warehouse", str(warehouse),
            "--as-of", AS_OF.isoformat(), "--vars", horizon,
            "--project-dir", str(copy_project(root / "project")),
        ],
        env={"SCORING_PUBLISHED_PATH": str(root / "published.duckdb")},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(warehouse), read_only=True) as con:
        spread = con.execute(
            "select count(*), count(distinct fit_score), count(distinct success_score), "
            "count(distinct growth_score) from marts.contact_scores"
        ).fetchone()
    # the case of the issue: scores that cannot vary without firmographics (they warn now)
    assert spread[0] > 100 and 1 in spread[1:], spread
    assert (root / "published.duckdb").exists()  # a successful build publishes
