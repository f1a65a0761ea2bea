"""Bad input: every raw row is either staged or quarantined with the rule that caught it, and the
counts reconcile; a bad optional value is nulled and listed in marts.data_quality_issues instead.
Builds the project on generated data with dirt="high" (every class of invalid row)."""

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
# the three quarantine marts with their tests. Only these tests run (DBT_INDIRECT_SELECTION=empty):
# the whole suite on this data takes a minute; it runs in `dbt build` and the other tests.
SELECT = (
    "+contact_scores +account_scores +input_reconciliation +quarantined_records "
    "+data_quality_issues staging input_reconciliation+1,resource_type:test "
    "quarantined_records+1,resource_type:test data_quality_issues+1,resource_type:test"
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
        # of required columns only (dates of deals and terms, times of events and tickets)
        "unparseable_date": caught("unparseable_date"),
        "unparseable_timestamp": caught("unparseable_timestamp"),
        "missing_value": caught("missing_value"),  # e.g. an event's occurred_at 'n/a'
    }
    assert all(n >= 1 for n in expected.values()), expected
    # a bad optional value quarantines nothing: no account is lost to one
    assert {rule for (_table, rule) in counts} & {"negative_count", "unparseable_number"} == set()
    assert {rule for (table, rule) in counts if table == "crm.accounts"} == {
        "missing_key", "duplicate_id"
    }  # fmt: skip
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


def test_bad_optional_values_are_nulled_and_listed(warehouse):
    issues = {
        (table, column, issue): n
        for table, column, issue, n in _rows(
            warehouse,
            """select source_table, column_name, issue, count(*)
               from marts.data_quality_issues group by all""",
        )
    }
    # the generator's negatives: opportunity amounts, subscription seats, daily active users
    for table, column in (
        ("crm.opportunities", "amount"),
        ("billing.subscriptions", "seats"),
        ("product.product_usage", "active_users"),
    ):
        assert issues.get((table, column, "negative_count"), 0) >= 1, (table, column)
    # its junk in optional numbers and dates ('twelve', '12k', '31/02/2026' ...)
    assert sum(n for (_t, _c, i), n in issues.items() if i == "unparseable_number") >= 1
    assert sum(n for (t, _c, _i), n in issues.items() if t == "crm.accounts") >= 1
    # a nulled value is null in staging
    (left,) = _rows(
        warehouse,
        """select count(*) from staging.stg_crm__opportunities as opportunities
           inner join marts.data_quality_issues as issues
               on issues.source_table = 'crm.opportunities' and issues.column_name = 'amount'
               and opportunities.opportunity_id = issues.record_key
           where opportunities.amount is not null""",
    )[0]
    assert left == 0


def test_a_quarantined_row_or_issue_names_its_file_row_column_and_value(built):
    warehouse, raw = built
    issues = _rows(
        warehouse,
        """select source_row_number, record_key, column_name, raw_value
           from marts.data_quality_issues where source_table = 'crm.accounts'""",
    )
    quarantined = _rows(
        warehouse,
        """select source_row_number, record_key, quarantine_detail, raw_record
           from marts.quarantined_records
           where source_table = 'crm.opportunities' and quarantine_rule = 'unparseable_date'""",
    )
    assert issues and quarantined
    with duckdb.connect() as con:

        def raw_row(table: str, row_number: int, columns: str) -> tuple:
            # the row number points at the raw row in its file (1-based)
            return con.execute(
                f"""select {columns} from read_parquet(?, file_row_number = true)
                    where file_row_number = ?""",
                [str(raw / f"{table}.parquet"), row_number - 1],
            ).fetchone()

        for row_number, key, column, value in issues:
            assert raw_row("accounts", row_number, f"account_id, {column}") == (key, value)
        for row_number, key, detail, raw_record in quarantined:
            # e.g. 'not a date: closed_at=TBD', and the same pair in the raw row
            column_value = detail.removeprefix("not a date: ")
            assert column_value != detail and f"|{column_value}|" in f"|{raw_record}|"
            assert raw_record.startswith(f"opportunity_id={key}|")
            assert raw_row("opportunities", row_number, "opportunity_id") == (key,)


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
