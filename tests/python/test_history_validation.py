"""Validation marts over history: model_performance and score_calibration recompute a scoring date
until its outcome horizon has ended, then leave it alone (its own file so the two backfills of
the history tests run on different workers)."""

from __future__ import annotations

import json
from datetime import date

import duckdb
from typer.testing import CliRunner

from conftest import copy_project
from scoring.cli import app
from scoring.generate import generate

runner = CliRunner()
DATA_AS_OF = date(2026, 6, 30)


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_validation_marts_compute_a_date_until_its_outcome_is_final(tmp_path):
    """model_performance and score_calibration are incremental by scoring date: a build recomputes
    its as-of date and the provisional dates whose horizon has since ended, and leaves final dates
    alone."""
    project = copy_project(tmp_path / "project")
    raw = tmp_path / "raw"
    generate(raw, accounts=40, seed=13, as_of=DATA_AS_OF)
    warehouse = tmp_path / "warehouse.duckdb"
    paths = ("--data-dir", str(raw), "--warehouse", str(warehouse), "--project-dir", str(project))
    tables = ("marts.model_performance", "marts.score_calibration")

    def observed_until(day: str) -> str:
        return json.dumps({"outcomes_observed_until": day})

    # horizons (90 days) end 09-14, 09-21 and 09-28: only the first date is final on 09-20
    _invoke("backfill", "--from", "2026-06-16", "--to", "2026-06-30", "--every", "7d",
            "--vars", observed_until("2026-09-20"), *paths)  # fmt: skip

    def states() -> dict[str, dict[date, tuple[bool, int]]]:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            return {
                table: {
                    row[0]: (row[1], row[2])
                    for row in con.execute(
                        f"select scoring_date, bool_and(is_outcome_observed), min(entities) "
                        f"from {table} group by scoring_date"
                    ).fetchall()
                }
                for table in tables
            }

    before = states()
    for table in tables:
        assert {d: final for d, (final, _) in before[table].items()} == {
            date(2026, 6, 16): True, date(2026, 6, 23): False, date(2026, 6, 30): False,
        }, table  # fmt: skip
    # mark every stored row: a recomputed date loses the mark
    with duckdb.connect(str(warehouse)) as con:
        for table in tables:
            con.execute(f"update {table} set entities = -1")

    # a day later outcomes are known to 09-25: 06-23 becomes final, 06-30 is the as-of date
    no_tests = ("--exclude", "resource_type:test resource_type:unit_test", "--no-publish")
    _invoke("build", "--as-of", "2026-06-30", "--vars", observed_until("2026-09-25"),
            *no_tests, *paths)  # fmt: skip
    after = states()
    for table in tables:
        assert after[table][date(2026, 6, 16)] == (True, -1), table  # final: left alone
        assert after[table][date(2026, 6, 23)][0] is True, table  # horizon ended: recomputed
        assert after[table][date(2026, 6, 23)][1] > 0, table
        assert after[table][date(2026, 6, 30)][0] is False, table  # as-of date: recomputed
        assert after[table][date(2026, 6, 30)][1] > 0, table
