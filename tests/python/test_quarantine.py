"""Bad input: every raw row is either staged or quarantined with the rule that caught it, and the
counts reconcile. Builds the project on generated data with dirt="high" (every class of invalid
row)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from conftest import copy_project
from scoring.cli import app
from scoring.generate import generate

runner = CliRunner()
DATA_AS_OF = date(2026, 6, 30)
SOURCE_TABLES = {
    "crm.accounts",
    "crm.contacts",
    "crm.opportunities",
    "marketing.events",
    "product.product_usage",
    "support.support_tickets",
    "billing.subscriptions",
}
# What the models need to score, the staging layer with the tests defined beside it, and
# the two quarantine marts with their tests. Only these tests run (DBT_INDIRECT_SELECTION=empty):
# the whole suite on this data takes a minute; it runs in `dbt build` and the other tests.
SELECT = (
    "+contact_scores +account_scores +input_reconciliation +quarantined_records "
    "staging input_reconciliation+1 quarantined_records+1"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[duckdb.DuckDBPyConnection, Path]:
    """The warehouse built on high-dirt data, and the raw data directory."""
    tmp = tmp_path_factory.mktemp("quarantine")
    project = copy_project(tmp / "project")
    raw = tmp / "raw"
    generate(raw, accounts=150, seed=3, as_of=DATA_AS_OF, dirt="high")
    path = tmp / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DBT_INDIRECT_SELECTION", "empty")
        result = runner.invoke(
            app,
            [
                "build", "--select", SELECT, "--data-dir", str(raw),
                "--warehouse", str(path), "--project-dir", str(project),
            ],
        )  # fmt: skip
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(path), read_only=True) as con:
        yield con, raw


@pytest.fixture(scope="module")
def warehouse(built) -> duckdb.DuckDBPyConnection:
    return built[0]


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    return con.execute(sql).fetchall()


def test_every_raw_row_is_staged_or_quarantined(warehouse):
    rows = _rows(
        warehouse,
        """select source_table, raw_rows, staged_rows, quarantined_rows, is_reconciled
           from marts.input_reconciliation""",
    )
    assert {row[0] for row in rows} == SOURCE_TABLES
    for table, raw, staged, quarantined, reconciled in rows:
        assert reconciled and raw == staged + quarantined, table
        assert staged > 0 and quarantined > 0, table  # high dirt breaks some rows of every table
    # the quarantine report holds exactly the rows that were not staged
    per_table = dict(
        _rows(warehouse, "select source_table, count(*) from marts.quarantined_records group by 1")
    )
    assert per_table == {row[0]: row[3] for row in rows}


def test_every_invalid_class_of_the_generator_is_caught_by_its_rule(warehouse):
    counts = {
        (table, rule): n
        for table, rule, n in _rows(
            warehouse,
            """select source_table, quarantine_rule, count(*)
               from marts.quarantined_records group by 1, 2""",
        )
    }

    def caught(rule: str) -> int:
        return sum(n for (_table, r), n in counts.items() if r == rule)

    # missing keys: in every table (product usage: a null account_id)
    for table in SOURCE_TABLES:
        assert counts.get((table, "missing_key"), 0) >= 1, table
    expected = {
        "duplicate_id": caught("duplicate_id"),
        "duplicate_row": caught("duplicate_row"),  # replayed events
        "future_event": caught("future_event"),
        "before_contact_created": caught("before_contact_created"),
        "unknown_contact": caught("unknown_contact"),
        "unknown_account": caught("unknown_account"),
        "unknown_event_type": caught("unknown_event_type"),
        "negative_count": caught("negative_count"),
        "unparseable_date": caught("unparseable_date"),
        "unparseable_timestamp": caught("unparseable_timestamp"),
        "unparseable_number": caught("unparseable_number"),
    }
    assert all(n >= 1 for n in expected.values()), expected
    # negatives: opportunity amounts, subscription seats, daily active users
    for table in ("crm.opportunities", "billing.subscriptions", "product.product_usage"):
        assert counts.get((table, "negative_count"), 0) >= 1, table
    assert counts.get(("crm.accounts", "duplicate_id"), 0) >= 1
    assert counts.get(("crm.contacts", "duplicate_id"), 0) >= 1
    assert counts.get(("marketing.events", "duplicate_id"), 0) >= 1
    # true orphans, not only rows of quarantined parents
    orphans = dict(
        _rows(
            warehouse,
            """select quarantine_rule, count(*) from marts.quarantined_records
               where quarantine_detail like 'not in %' group by 1""",
        )
    )
    assert orphans.get("unknown_account", 0) >= 1 and orphans.get("unknown_contact", 0) >= 1


def test_a_quarantined_row_names_its_file_row_column_and_value(built):
    warehouse, raw = built
    rows = _rows(
        warehouse,
        """select source_row_number, record_key, quarantine_detail, raw_record
           from marts.quarantined_records
           where source_table = 'crm.accounts' and quarantine_rule = 'unparseable_number'""",
    )
    assert rows
    with duckdb.connect() as con:
        for row_number, key, detail, raw_record in rows:
            # e.g. 'not a number: employee_count=n/a', and the same pair in the raw row
            column_value = detail.removeprefix("not a number: ")
            assert column_value != detail and f"|{column_value}|" in f"|{raw_record}|"
            assert raw_record.startswith(f"account_id={key}|")
            # the row number points at the raw row in its file (1-based)
            (raw_key,) = con.execute(
                """select account_id from read_parquet(?, file_row_number = true)
                   where file_row_number = ?""",
                [str(raw / "accounts.parquet"), row_number - 1],
            ).fetchone()
            assert raw_key == key


def test_future_events_do_not_move_the_as_of_date_and_every_valid_contact_is_scored(warehouse):
    (as_of,) = {row[0] for row in _rows(warehouse, "select as_of_date from marts.contact_scores")}
    assert as_of == DATA_AS_OF  # the future events (years ahead) are quarantined, not the last date
    (scored,) = _rows(warehouse, "select count(*) from marts.contact_scores")[0]
    (existing,) = _rows(
        warehouse,
        f"""select count(*) from staging.stg_crm__contacts
            where created_at is null or cast(created_at as date) <= date '{as_of}'""",
    )[0]
    assert scored == existing > 0
    # no quarantined contact is scored
    (leaked,) = _rows(
        warehouse,
        """select count(*) from marts.contact_scores
           where contact_id not in (select contact_id from staging.stg_crm__contacts)""",
    )[0]
    assert leaked == 0
