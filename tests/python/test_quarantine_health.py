"""Quarantine is visible in scoring_health and a fully quarantined table fails the build (issue 13,
item 9, the health half).

Contacts exported with the account ids of another system: every contact is quarantined
(unknown_account), so nothing can be scored. `scoring check` does not compare ids across files, and
Postgres and Spark builds do not check files at all: the seeded error threshold of the quarantine
share (every row of a non-empty contacts file quarantined) fails the build right after staging, with
the table named, and nothing is published. scoring_health shows the shares (its unit test covers the
ok / warn / error statuses)."""

from __future__ import annotations

from datetime import date

import duckdb
import pyarrow.compute as pc
import pyarrow.parquet as pq
from typer.testing import CliRunner

from conftest import copy_project
from scoring.cli import app
from scoring.generate import generate

runner = CliRunner()


def test_every_contact_quarantined_fails_the_build_naming_the_table(tmp_path):
    raw = tmp_path / "raw"
    generate(raw, accounts=12, seed=8, as_of=date(2026, 6, 30))
    contacts = pq.read_table(raw / "contacts.parquet")
    account_ids = pc.cast(contacts["account_id"], "string")
    foreign = pc.binary_join_element_wise("other-crm-", account_ids, "")
    contacts = contacts.set_column(
        contacts.schema.get_field_index("account_id"), "account_id", foreign
    )
    pq.write_table(contacts, raw / "contacts.parquet")
    warehouse, published = tmp_path / "w.duckdb", tmp_path / "published.duckdb"
    result = runner.invoke(
        app,
        [
            "build", "--data-dir", str(raw), "--warehouse", str(warehouse),
            "--project-dir", str(copy_project(tmp_path / "project")),
        ],
        env={"SCORING_PUBLISHED_PATH": str(published)},
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    # the failing test names the table and the counts, right after staging
    assert "quarantine_below_error_threshold" in result.output
    contacts = pq.read_metadata(raw / "contacts.parquet").num_rows
    assert f"crm.contacts: {contacts} of {contacts} raw rows quarantined" in result.output
    assert not published.exists()  # a failed build publishes nothing
    with duckdb.connect(str(warehouse), read_only=True) as con:
        shares = con.execute(
            "select source_table, raw_rows, quarantined_rows from marts.input_reconciliation "
            "where source_table in ('crm.accounts', 'crm.contacts') order by 1"
        ).fetchall()
    assert shares == [("crm.accounts", 12, 0), ("crm.contacts", contacts, contacts)]
