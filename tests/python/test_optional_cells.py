"""One bad optional cell no longer drops a whole account tree (issue 13, item 5), CSV rows carry
their row number, and a quote in the raw folder's path does not break the SQL (item 6).

A tiny CSV export written by hand, in a folder whose name holds a quote: account A1 has the cells of
the issue in optional columns ('1,234', '12,5', '4/10/2020' and the null tokens 'N/A', 'NULL'). Only
keys and required values quarantine a row: A1 and its contacts, events, usage, tickets and deals are
all staged, the bad values are null and listed in marts.data_quality_issues; the null tokens are
nulls, not issues. The parse options (vars) then read the same cells as numbers and dates."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import duckdb
import pytest
import yaml

from conftest import REPO, copy_project
from scoring import project as project_paths
from scoring.dbt_runner import run_dbt

CSV = {"raw_format": "csv"}
SELECT = ["--select", "+data_quality_issues +input_reconciliation +quarantined_records"]
ACCOUNT = {
    "account_name": "Acme", "domain": "acme.com", "industry": "Software", "employee_count": "250",
    "annual_revenue": "5000000", "revenue_growth_pct": "3.5", "employee_growth_pct": "1.5",
    "country": "US", "growth_stage": "growth", "cloud_adoption": "hybrid",
    "digital_maturity": "advanced", "tech_stack": "aws", "locations_count": "2",
    "fiscal_year_start_month": "1", "owner_id": "U1", "created_at": "2020-01-15",
}  # fmt: skip
TABLES = {
    "accounts": [
        # the cells of the issue, in optional columns
        {
            **ACCOUNT,
            "account_id": "A1",
            "employee_count": "1,234",
            "annual_revenue": "NULL",
            "revenue_growth_pct": "12,5",
            "employee_growth_pct": "N/A",
            "created_at": "4/10/2020",
        },
        {**ACCOUNT, "account_id": "A2", "domain": "beta.io"},
        {**ACCOUNT, "account_id": "", "domain": "nokey.com"},  # data row 3: missing_key
    ],
    "contacts": [
        {
            "contact_id": f"C{n}",
            "account_id": account,
            "email": f"c{n}@acme.com",
            "first_name": "",
            "last_name": "",
            "title": "VP Sales",
            "seniority": "",
            "department": "sales",
            "lead_source": "web",
            "created_at": "2025-01-01 09:00:00",
            "unsubscribed_at": "",
        }
        for n, account in ((1, "A1"), (2, "A1"), (3, "A2"))
    ],
    "events": [
        {
            "event_id": str(n),
            "contact_id": contact,
            "occurred_at": f"2026-06-{n + 10} 10:00:00",
            "event_type": "page_view",
            "event_detail": "pricing",
        }
        for n, contact in ((1, "C1"), (2, "C2"), (3, "C3"), (4, "C1"))
    ],
    "opportunities": [
        {
            "opportunity_id": "O1",
            "account_id": "A1",
            "primary_contact_id": "C1",
            "opportunity_type": "new_business",
            "stage": "proposal",
            "amount": "N/A",
            "created_at": "2026-05-01",
            "closed_at": "",
        },
    ],
    "product_usage": [
        {
            "account_id": "A1",
            "usage_date": "2026-06-01",
            "active_users": "n/a",
            "licensed_seats": "10",
            "features_adopted": "3",
            "features_available": "12",
        },
    ],
    "support_tickets": [
        {
            "ticket_id": "T1",
            "account_id": "A1",
            "contact_id": "C2",
            "created_at": "2026-06-01 10:00:00",
            "resolved_at": "NULL",
            "severity": "low",
            "status": "open",
            "satisfaction_score": "-",
        },
    ],
    "subscriptions": [
        {
            "subscription_id": "S1",
            "account_id": "A2",
            "plan": "starter",
            "seats": "5",
            "arr": "1000",
            "start_date": "2026-01-01",
            "end_date": "2026-12-31",
            "auto_renew": "true",
            "cancelled_at": "",
        },
    ],
}
# a second events file (daily extra file): its bad row is row 2 of that file
EXTRA_EVENTS = [
    {"event_id": "5", "contact_id": "C3", "occurred_at": "2026-06-20 10:00:00",
     "event_type": "page_view", "event_detail": "pricing"},
    {"event_id": "6", "contact_id": "C3", "occurred_at": "2026-06-20 11:00:00",
     "event_type": "not_a_known_event", "event_detail": ""},
]  # fmt: skip


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def raw_project(tmp_path_factory) -> project_paths.Project:
    tmp = tmp_path_factory.mktemp("optional_cells")
    raw = tmp / "exports of o'brien"
    raw.mkdir()
    for table, rows in TABLES.items():
        _write(raw / f"{table}.csv", rows)
    _write(raw / "events_2026-07-01.csv", EXTRA_EVENTS)
    project = project_paths.resolve(
        project_dir=copy_project(tmp / "project"), raw_dir=raw, warehouse=tmp / "w.duckdb"
    )
    outcome = run_dbt(project, ["seed"], show_progress=False)
    assert outcome.success, outcome.failures
    return project


def _build(project: project_paths.Project, variables: dict, queries: dict[str, str]) -> dict:
    """Build the staging and quarantine marts with these vars; the rows of each query."""
    outcome = run_dbt(project, ["run", *SELECT], variables=variables, show_progress=False)
    assert outcome.success, outcome.failures
    with duckdb.connect(str(project.warehouse), read_only=True) as con:
        return {name: con.execute(sql).fetchall() for name, sql in queries.items()}


A1 = """
    select employee_count, annual_revenue, revenue_growth_pct, employee_growth_pct, created_date,
           locations_count
    from staging.stg_crm__accounts where account_id = 'A1'"""
ISSUES = "select * from marts.data_quality_issues order by source_table, column_name"


@pytest.fixture(scope="module")
def default_build(raw_project) -> dict:
    return _build(
        raw_project,
        CSV,
        {
            "quarantined": "select source_table, source_row_number, quarantine_rule, raw_record "
            "from marts.quarantined_records order by all",
            "reconciliation": "select source_table, staged_rows, is_reconciled "
            "from marts.input_reconciliation",
            "a1": A1,
            "issues": ISSUES,
        },
    )


def test_a_bad_optional_cell_keeps_the_account_and_its_tree(default_build):
    quarantined = [row[:3] for row in default_build["quarantined"]]
    assert quarantined == [
        ("crm.accounts", 3, "missing_key"),
        ("marketing.events", 2, "unknown_event_type"),
    ]
    staged = {table: rows for table, rows, _ok in default_build["reconciliation"]}
    assert staged == {
        "crm.accounts": 2, "crm.contacts": 3, "crm.opportunities": 1, "marketing.events": 5,
        "product.product_usage": 1, "support.support_tickets": 1, "billing.subscriptions": 1,
    }  # fmt: skip
    assert all(ok for _table, _rows, ok in default_build["reconciliation"])
    # every bad or empty optional value of A1 is null; its valid locations_count is kept
    assert default_build["a1"] == [(None, None, None, None, None, 2)]


def test_bad_optional_values_are_reported_and_null_tokens_are_not(default_build):
    assert default_build["issues"] == [
        ("crm.accounts", 1, "A1", "created_at", "4/10/2020", "unparseable_date"),
        ("crm.accounts", 1, "A1", "employee_count", "1,234", "unparseable_number"),
        ("crm.accounts", 1, "A1", "revenue_growth_pct", "12,5", "unparseable_number"),
    ]


def test_csv_rows_carry_their_row_number_in_their_own_file(default_build, raw_project):
    """source_row_number is the data row (the line is one more, after the header), per file."""
    files = {
        "crm.accounts": ("accounts.csv", "account_id"),
        "marketing.events": ("events_2026-07-01.csv", "event_id"),
    }
    for table, row_number, _rule, raw_record in default_build["quarantined"]:
        name, key = files[table]
        lines = (raw_project.raw_dir / name).read_text().splitlines()
        header = next(csv.reader([lines[0]]))
        # the row's line is row_number + 1 (lines[row_number], 0-based), after the header
        row = dict(zip(header, next(csv.reader([lines[row_number]])), strict=True))
        assert raw_record.startswith(f"{key}={row[key] or 'null'}|"), (table, row, raw_record)


def test_the_parse_options_read_the_same_cells(raw_project):
    us = {**CSV, "raw_thousands_separator": ",", "raw_date_formats": ["%m/%d/%Y"]}
    found = _build(raw_project, us, {"a1": A1, "issues": ISSUES})
    employees, _revenue, growth, _growth, created, _locations = found["a1"][0]
    assert (employees, created.isoformat(), growth) == (1234, "2020-04-10", None)
    assert found["issues"] == [
        ("crm.accounts", 1, "A1", "revenue_growth_pct", "12,5", "unparseable_number")
    ]
    found = _build(raw_project, {**CSV, "raw_decimal_separator": ","}, {"a1": A1})
    assert found["a1"][0][2] == 12.5


def test_the_source_yaml_declares_the_type_of_every_typed_column():
    """The data_type of each raw column in _sources.yml (what `scoring check` reads) is the type
    macro raw_typed_columns parses it as, and no other column is typed."""
    kinds = {
        "dbt.type_bigint()": "bigint", "dbt.type_int()": "integer", "type_double()": "double",
        "'date'": "date", "dbt.type_timestamp()": "timestamp", "dbt.type_boolean()": "boolean",
    }  # fmt: skip
    macro = (REPO / "macros" / "utils" / "raw_columns.sql").read_text()
    parsed = {}
    for table, body in re.findall(r"'(\w+\.\w+)': \[(.*?)\]", macro, flags=re.S):
        for column, type_expression in re.findall(r"'column': '(\w+)', 'type': ([^,}]+)", body):
            parsed[(table.split(".")[1], column)] = kinds[type_expression]
    declared = {}
    sources = yaml.safe_load((REPO / "models" / "staging" / "_sources.yml").read_text())
    for source in sources["sources"]:
        for table in source.get("tables") or []:
            for column in table.get("columns") or []:
                if "data_type" in column:
                    declared[(table["name"], column["name"])] = column["data_type"]
    assert len(parsed) == 27 and declared == parsed
