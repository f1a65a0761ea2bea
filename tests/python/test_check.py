"""`scoring check`: each rule of the raw-file check on a small data set written by the test (the
valid one is made from the contract itself, then one thing is broken), and `scoring build` stopping
on the check's message instead of an engine error."""

from __future__ import annotations

import csv
import shlex
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import REPO
from scoring.check import PLAUSIBLE, CheckResult, check, load_contract, match_columns
from scoring.cli import app

runner = CliRunner()
TODAY = date(2026, 12, 1)
CONTRACT = load_contract(REPO)
ROWS = 8


def _value(table: str, column: str, kind: str, i: int):
    if kind == "date":
        return date(2026, 1, 1) + timedelta(days=i)
    if kind == "timestamp":
        return datetime(2026, 1, 1, 10) + timedelta(days=i)
    if kind == "integer":
        return 1 + i % 5  # a month, a CSAT score and a count alike
    if kind == "double":
        return 10.5 + i
    if kind == "boolean":
        return i % 2 == 0
    return f"{table}-{column}-{i}"


def valid_tables(rows: int = ROWS) -> dict[str, list[dict]]:
    """One valid row set per contract table, every column of the contract, typed by its kind."""
    return {
        name: [
            {c.name: _value(name, c.name, c.kind, i) for c in table.columns} for i in range(rows)
        ]
        for name, table in CONTRACT.items()
    }


def write(folder: Path, tables: dict[str, list[dict]], fmt: str = "parquet") -> Path:
    """Write the tables; a table given as a pyarrow Table keeps its types (and its columns when
    it has no rows)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        path = folder / f"{name}.{fmt}"
        if fmt == "parquet":
            pq.write_table(rows if isinstance(rows, pa.Table) else pa.Table.from_pylist(rows), path)
            continue
        names = rows.column_names if isinstance(rows, pa.Table) else list(rows[0])
        records = rows.to_pylist() if isinstance(rows, pa.Table) else rows
        with path.open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(names)
            for row in records:
                writer.writerow(["" if row[n] is None else str(row[n]) for n in names])
    return folder


def run(folder: Path, **options) -> CheckResult:
    return check(folder, REPO, today=TODAY, **options)


def only(result: CheckResult, rule: str, severity: str | None = None):
    """The one finding of ``rule`` (of that severity, when given)."""
    found = [f for f in result.findings if f.rule == rule and severity in (None, f.severity)]
    assert len(found) == 1, [f.text() for f in result.findings]
    return found[0]


def rename(rows: list[dict], old: str, new: str) -> list[dict]:
    return [{(new if k == old else k): v for k, v in row.items()} for row in rows]


def test_the_contract_is_read_from_the_sources_yaml():
    assert list(CONTRACT) == [
        "accounts", "contacts", "opportunities", "events", "product_usage", "support_tickets",
        "subscriptions",
    ]  # fmt: skip
    accounts = CONTRACT["accounts"]
    assert accounts.key == "account_id" and accounts.unique_key
    kinds = {c.name: c.kind for c in accounts.columns}
    # the kinds are those staging casts to
    assert kinds["employee_count"] == "integer"
    assert kinds["annual_revenue"] == "double"
    assert kinds["created_at"] == "date"
    assert kinds["industry"] == "text"
    assert CONTRACT["contacts"].column("created_at").kind == "timestamp"
    assert CONTRACT["subscriptions"].column("auto_renew").kind == "boolean"
    assert CONTRACT["events"].key == "event_id" and not CONTRACT["events"].unique_key
    # every plausibility bound is about a contract column
    for table, columns in PLAUSIBLE.items():
        assert set(columns) <= {c.name for c in CONTRACT[table].columns}, table


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_valid_files_pass_with_no_warning(tmp_path, fmt):
    result = run(write(tmp_path / "raw", valid_tables(), fmt))
    assert result.fmt == fmt
    assert not result.errors and not result.warnings, [f.text() for f in result.findings]
    assert result.rows == dict.fromkeys(CONTRACT, ROWS)
    assert result.as_of == date(2026, 1, 8)  # the latest event date


def test_a_missing_table_is_an_error_naming_the_file(tmp_path):
    tables = valid_tables()
    del tables["support_tickets"]
    raw = write(tmp_path / "raw", tables)
    write(raw, {"support_tickets": valid_tables()["support_tickets"]}, "csv")
    finding = only(run(raw), "missing_table", "error")
    assert finding.file == "support_tickets"
    assert "no support_tickets.parquet" in finding.message
    assert "may be empty" in finding.message
    assert "raw_format" in finding.message  # the csv file beside it


def test_a_missing_folder_is_one_error(tmp_path):
    result = run(tmp_path / "nope")
    assert [f.rule for f in result.findings] == ["missing_folder"]


def test_empty_tables_accounts_are_required_contacts_warn_the_rest_may_be_empty(tmp_path):
    tables = valid_tables()
    schemas = {name: pa.Table.from_pylist(rows).schema for name, rows in tables.items()}
    for name in ("contacts", "product_usage", "events"):
        tables[name] = schemas[name].empty_table()
    result = run(write(tmp_path / "raw", tables), as_of="2026-01-08")
    empty = {f.file: f.severity for f in result.findings if f.rule == "empty_table"}
    # no contacts is account-only data (a customer snapshot): scored, with a warning
    assert empty == {
        "contacts.parquet": "warning",
        "events.parquet": "warning",
        "product_usage.parquet": "info",
    }
    (contacts,) = [f for f in result.findings if f.file == "contacts.parquet"]
    assert "only accounts are scored" in contacts.message
    tables["accounts"] = schemas["accounts"].empty_table()
    result = run(write(tmp_path / "raw2", tables), as_of="2026-01-08")
    assert only(result, "empty_table", "error").file == "accounts.parquet"


def test_a_renamed_column_names_the_contract_column(tmp_path):
    tables = valid_tables()
    tables["accounts"] = rename(tables["accounts"], "employee_count", "employees")
    tables["contacts"] = rename(tables["contacts"], "department", "Department Name ")
    result = run(write(tmp_path / "raw", tables))
    renamed = {f.column: f for f in result.findings if f.rule == "renamed_column"}
    assert set(renamed) == {"employees", "Department Name "}
    assert renamed["employees"].severity == "error"
    assert renamed["employees"].file == "accounts.parquet"
    assert "rename 'employees' to employee_count" in renamed["employees"].message
    assert "to department" in renamed["Department Name "].message
    # not reported twice as missing and extra
    assert not result.rules() & {"missing_column", "extra_column"}


def test_trailing_space_and_case_in_a_parquet_column_name(tmp_path):
    tables = valid_tables()
    tables["accounts"] = rename(tables["accounts"], "industry", "industry ")
    tables["contacts"] = rename(tables["contacts"], "title", "Title")
    result = run(write(tmp_path / "raw", tables))
    assert "rename 'industry ' to industry" in only(result, "renamed_column", "error").message
    case = only(result, "column_case", "info")  # DuckDB reads Title as title
    assert (case.file, case.column) == ("contacts.parquet", "Title")


def test_a_missing_column_without_a_lookalike(tmp_path):
    tables = valid_tables()
    for row in tables["opportunities"]:
        del row["stage"]
    finding = only(run(write(tmp_path / "raw", tables)), "missing_column", "error")
    assert (finding.file, finding.column) == ("opportunities.parquet", "stage")
    assert "Current stage" in finding.message  # the contract's description


def test_extra_columns_are_information_not_errors(tmp_path):
    tables = valid_tables()
    for row in tables["accounts"]:
        row["region"] = "EMEA"
    result = run(write(tmp_path / "raw", tables))
    assert not result.errors
    finding = only(result, "extra_column", "info")
    assert (finding.file, finding.column) == ("accounts.parquet", "region")


def test_match_columns_pairs_closest_names():
    exact, renamed, missing, extra = match_columns(
        ["account_id", "employee_count", "industry", "country"],
        ["ACCOUNT_ID", "employees", "Industry ", "notes"],
    )
    assert exact == {"account_id": "ACCOUNT_ID"}
    assert renamed == {"employee_count": "employees", "industry": "Industry "}
    assert missing == ["country"]
    assert extra == ["notes"]


def test_a_type_no_value_can_be_read_from_is_an_error(tmp_path):
    tables = valid_tables()
    for i, row in enumerate(tables["accounts"]):
        row["created_at"] = 20260101 + i  # a number where a date belongs
    finding = only(run(write(tmp_path / "raw", tables)), "wrong_type", "error")
    assert (finding.file, finding.column) == ("accounts.parquet", "created_at")
    assert "BIGINT" in finding.message and "8 values would be lost" in finding.message


def test_date_formats_seen_name_the_share_and_a_row(tmp_path):
    tables = valid_tables()
    tables["accounts"][3]["created_at"] = "25/01/2026"  # DD/MM/YYYY: 1 of 8 = 12%
    tables["accounts"][5]["created_at"] = "N/A"
    raw = write(tmp_path / "raw", tables, "csv")
    finding = only(run(raw), "unparseable_values", "warning")
    assert (finding.file, finding.column) == ("accounts.csv", "created_at")
    assert "12% of values (1 of 8) look like DD/MM/YYYY (e.g. row 5: '25/01/2026')" in (
        finding.message
    )
    assert "look like a null word" in finding.message
    assert finding.row == 5  # the CSV line, the header being row 1


def test_number_formats_seen(tmp_path):
    tables = valid_tables()
    tables["accounts"][0]["annual_revenue"] = "1,234,000"
    tables["accounts"][1]["annual_revenue"] = "12,5"
    tables["accounts"][2]["annual_revenue"] = "$12k"
    finding = only(run(write(tmp_path / "raw", tables, "csv")), "unparseable_values", "warning")
    assert "comma as thousands separator" in finding.message
    assert "comma as decimal separator" in finding.message
    assert "currency" in finding.message
    assert finding.row == 2


def test_a_column_of_which_no_value_parses_is_an_error(tmp_path):
    tables = valid_tables()
    for i, row in enumerate(tables["opportunities"]):
        row["closed_at"] = f"{i + 1:02d}.02.2026"
    finding = only(run(write(tmp_path / "raw", tables, "csv")), "unparseable_values", "error")
    assert "100% of values (8 of 8) look like DD.MM.YYYY" in finding.message
    assert "no value can be read as a date" in finding.message


def test_implausible_values_name_the_rows(tmp_path):
    tables = valid_tables()
    tables["accounts"][2]["employee_count"] = 10**12
    tables["accounts"][4]["created_at"] = date(2099, 1, 1)
    result = run(write(tmp_path / "raw", tables))
    found = {f.column: f for f in result.findings if f.rule == "implausible_value"}
    assert set(found) == {"employee_count", "created_at"}
    assert all(f.severity == "warning" for f in found.values())
    assert found["employee_count"].row == 3  # Parquet: the row's position from 1
    assert "1000000000000 (row 3)" in found["employee_count"].message
    assert "outside 0 to 5,000,000" in found["employee_count"].message
    assert found["created_at"].row == 5 and "2099-01-01" in found["created_at"].message


def test_keys_blank_duplicated_or_all_blank(tmp_path):
    tables = valid_tables()
    tables["contacts"][1]["contact_id"] = " "
    tables["opportunities"][2]["opportunity_id"] = tables["opportunities"][1]["opportunity_id"]
    for row in tables["support_tickets"]:
        row["ticket_id"] = None
    result = run(write(tmp_path / "raw", tables))
    keys = {(f.file, f.rule): f for f in result.findings if f.rule.endswith("_key")}
    assert set(keys) == {
        ("contacts.parquet", "missing_key"),
        ("opportunities.parquet", "duplicate_key"),
        ("support_tickets.parquet", "missing_key"),
    }
    assert keys[("contacts.parquet", "missing_key")].severity == "warning"
    assert keys[("contacts.parquet", "missing_key")].row == 2
    assert keys[("opportunities.parquet", "duplicate_key")].severity == "warning"
    assert keys[("support_tickets.parquet", "missing_key")].severity == "error"


def test_events_in_several_files_are_read_together_and_must_agree(tmp_path):
    raw = write(tmp_path / "raw", valid_tables())
    extra = valid_tables(2)["events"]
    write(raw, {"events_2026-01-09": extra})
    result = run(raw)
    assert result.rows["events"] == ROWS + 2 and not result.errors
    write(raw, {"events_2026-01-10": rename(extra, "event_detail", "detail")})
    finding = only(run(raw), "files_differ", "error")
    assert finding.file == "events_2026-01-10.parquet"
    assert "extra ['detail']" in finding.message


def test_an_unreadable_file_is_an_error(tmp_path):
    raw = write(tmp_path / "raw", valid_tables())
    (raw / "subscriptions.parquet").write_bytes(b"not a parquet file")
    finding = only(run(raw), "unreadable_file", "error")
    assert finding.file == "subscriptions.parquet"


def test_the_as_of_date_against_the_data(tmp_path):
    raw = write(tmp_path / "raw", valid_tables())  # created and dated 2026-01-01 .. 01-08
    before = run(raw, as_of="2025-12-01")
    created = [f for f in before.errors if f.rule == "as_of_date"]
    assert {f.file for f in created} == {"accounts.parquet", "contacts.parquet"}
    assert "before the first event" in only(before, "as_of_date", "warning").message
    stale = run(raw, as_of="2026-03-31")
    assert not stale.errors
    assert "82 days after the latest event" in only(stale, "as_of_date", "warning").message
    assert [f.rule for f in run(raw, as_of="31/03/2026").errors] == ["as_of_date"]


def test_no_scoring_date_when_every_event_is_in_the_future(tmp_path):
    tables = valid_tables()
    for row in tables["events"]:
        row["occurred_at"] = datetime(2027, 6, 1)
    raw = write(tmp_path / "raw", tables)
    assert "pass --as-of" in only(run(raw), "no_scoring_date", "error").message
    assert not run(raw, as_of="2026-06-30").rules("error")


def test_other_files_are_noted(tmp_path):
    raw = write(tmp_path / "raw", valid_tables())
    (raw / "notes.txt").write_text("hello")
    (raw / "_truth_accounts.parquet").write_bytes(b"")  # private files: not even a note
    finding = only(run(raw), "other_file", "info")
    assert finding.file == "notes.txt"


def test_check_command_lists_findings_and_exits_1_on_an_error(tmp_path, monkeypatch):
    tables = valid_tables()
    tables["accounts"] = rename(tables["accounts"], "employee_count", "employees")
    write(tmp_path / "raw", tables)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["check", "raw", "--project-dir", str(REPO)])
    assert result.exit_code == 1, result.output
    assert (
        "ERROR   accounts.parquet, column employees: not a contract column, and contract column "
        "employee_count is missing: rename 'employees' to employee_count (rule: renamed_column)"
    ) in result.output
    assert "1 error" in result.output


def test_build_stops_on_the_check_before_dbt(tmp_path, monkeypatch):
    tables = valid_tables()
    tables["accounts"] = rename(tables["accounts"], "industry", "Industry ")
    write(tmp_path / "raw", tables)
    monkeypatch.chdir(tmp_path)
    started = time.perf_counter()
    result = runner.invoke(
        app, ["build", "--data-dir", "raw", "--warehouse", "w.duckdb", "--no-publish"]
    )
    assert result.exit_code == 1, result.output
    assert time.perf_counter() - started < 10
    assert "rename 'Industry ' to industry" in result.output
    assert "Data check failed" in result.output
    assert "Referenced column" not in result.output
    assert not (tmp_path / "w.duckdb").exists()  # dbt never ran
    # the printed command repeats the check, from here
    lines = [line.strip() for line in result.output.splitlines()]
    command = shlex.split(next(line for line in lines if line.startswith("scoring check ")))
    again = runner.invoke(app, command[1:])
    assert again.exit_code == 1 and "renamed_column" in again.output


def test_check_reads_the_demo_data_in_seconds(tmp_path):
    from scoring.generate import generate

    raw = tmp_path / "raw"
    generate(raw, accounts=200, seed=1)
    started = time.perf_counter()
    result = check(raw, REPO, today=TODAY)
    assert time.perf_counter() - started < 10
    assert not result.errors, [f.text() for f in result.errors]
    with duckdb.connect() as con:
        events = con.execute(f"select count(*) from read_parquet('{raw}/events.parquet')")
        assert result.rows["events"] == events.fetchone()[0] > 0
