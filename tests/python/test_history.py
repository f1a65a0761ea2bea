"""Point in time and score history: nothing after the as-of date may move a score, and a backfill
re-run leaves every table as it was."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow.compute as pc
import pyarrow.parquet as pq
from typer.testing import CliRunner

from conftest import copy_project
from scoring.cli import app
from scoring.generate import generate

runner = CliRunner()
DATA_AS_OF = date(2026, 6, 30)
# the time-stamped column of each raw table, and whether it is a timestamp
TIME_COLUMNS = {
    "accounts": "created_at",
    "contacts": "created_at",
    "events": "occurred_at",
    "opportunities": "created_at",
    "product_usage": "usage_date",
    "support_tickets": "created_at",
    "subscriptions": "start_date",
}
SCORE_TABLES = {
    "marts.contact_scores": "contact_id",
    "marts.account_scores": "account_id",
    "marts.score_components": "entity_type, entity_id, dimension, component",
    "marts.lead_lifecycle": "contact_id",
}


def _invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _cut_at(source: Path, target: Path, cutoff: date) -> None:
    """A copy of the raw data with every row dated after the cutoff removed."""
    target.mkdir(parents=True)
    for table, column in TIME_COLUMNS.items():
        data = pq.read_table(source / f"{table}.parquet")
        values = data[column]
        days = pc.cast(values, "date32") if values.type != "date32" else values
        keep = pc.less_equal(days, pc.cast(cutoff, "date32"))
        pq.write_table(data.filter(pc.fill_null(keep, True)), target / f"{table}.parquet")


def _snapshot(warehouse: Path, tables: dict[str, str]) -> dict[str, tuple[int, str]]:
    """Row count and a checksum of every row of each table, in key order."""
    snapshot = {}
    with duckdb.connect(str(warehouse), read_only=True) as con:
        for table, key in tables.items():
            rows = con.execute(f"select * from {table} order by {key}").fetchall()
            digest = hashlib.sha256(repr(rows).encode()).hexdigest()
            snapshot[table] = (len(rows), digest)
    return snapshot


def test_rows_after_the_as_of_date_change_no_score(tmp_path):
    project = copy_project(tmp_path / "project")
    full = tmp_path / "full"
    generate(full, accounts=50, seed=11, as_of=DATA_AS_OF)
    as_of = DATA_AS_OF - timedelta(days=30)
    cut = tmp_path / "cut"
    _cut_at(full, cut, as_of)
    with duckdb.connect() as con:
        later = con.execute(
            f"select count(*) from read_parquet('{full}/events.parquet') "
            f"where cast(occurred_at as date) > date '{as_of}'"
        ).fetchone()[0]
    assert later > 1000, "the full data must hold events after the as-of date"

    # seeds and models, without their data tests (those run in `make dbt-test`)
    select = "resource_type:seed resource_type:model"
    snapshots = []
    for raw in (cut, full):
        warehouse = tmp_path / f"{raw.name}.duckdb"
        _invoke(
            "build", "--as-of", as_of.isoformat(), "--select", select,
            "--exclude", "resource_type:test resource_type:unit_test",
            "--data-dir", str(raw), "--warehouse", str(warehouse), "--project-dir", str(project),
        )  # fmt: skip
        snapshots.append(_snapshot(warehouse, SCORE_TABLES))
    assert snapshots[0] == snapshots[1]
    assert all(count > 0 for count, _digest in snapshots[0].values())


def test_backfill_fills_each_date_once_and_a_rerun_changes_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    raw = tmp_path / "raw"
    generate(raw, accounts=40, seed=13, as_of=DATA_AS_OF)
    warehouse = tmp_path / "warehouse.duckdb"
    args = (
        "backfill", "--from", "2026-06-16", "--to", "2026-06-30", "--every", "7d",
        "--data-dir", str(raw), "--warehouse", str(warehouse), "--project-dir", str(project),
    )  # fmt: skip
    history_tables = {
        "marts.score_history": "scoring_date, entity_type, entity_id",
        "marts.score_alerts": "scoring_date, alert_type, entity_type, entity_id",
        "marts.lead_lifecycle": "contact_id",
        "marts.model_performance": "scoring_date, rubric, entity_type, score_name, outcome",
        "marts.score_calibration": "scoring_date, rubric, entity_type, score_name, decile",
    }
    output = _invoke(*args)
    # no tests ran: nothing is published, and a publish by hand is refused until a build passes
    assert not (tmp_path / "warehouse_published.duckdb").exists()
    assert "Nothing published yet" in output and "scoring build --data-dir" in output
    refused = runner.invoke(app, ["publish", "--warehouse", str(warehouse)])
    assert refused.exit_code == 1 and "tests have not passed" in refused.output
    first = _snapshot(warehouse, history_tables)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        per_date = con.execute(
            """
            select scoring_date, count(*), count(distinct entity_type || entity_id)
            from marts.score_history group by scoring_date order by scoring_date
            """
        ).fetchall()
        contacts = con.execute(
            f"select cast(created_at as date) from read_parquet('{raw}/contacts.parquet')"
        ).fetchall()
        accounts = con.execute(
            f"select cast(created_at as date) from read_parquet('{raw}/accounts.parquet')"
        ).fetchall()
    assert [row[0] for row in per_date] == [date(2026, 6, d) for d in (16, 23, 30)]
    for scoring_date, rows, distinct in per_date:
        existing = sum(
            1 for (created,) in contacts + accounts if created is None or created <= scoring_date
        )
        assert rows == distinct == existing

    _invoke(*args)
    assert _snapshot(warehouse, history_tables) == first
