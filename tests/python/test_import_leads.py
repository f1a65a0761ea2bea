"""Bring your own data: a flat lead table (demo data flattened into a Salesforce-style CSV, plus a
few broken rows) -> `scoring import-leads` -> the seven raw files -> `scoring build` scores every
lead and validates against the converted flag."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shlex
import time
from contextlib import chdir
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from conftest import REPO, copy_project
from scoring.cli import app
from scoring.generate import RAW_TABLES, generate
from scoring.import_leads import (
    LeadImportError,
    domain_of,
    export_example_leads,
    import_leads,
    parse_number,
    parse_timestamp,
    resolve_mapping,
)

runner = CliRunner()
MODELS = "resource_type:seed resource_type:model"
AS_OF = date(2026, 6, 30)
MAPPING = REPO / "examples" / "lead_table" / "mapping.yml"
ACTIVITY_COLUMNS = (
    "Email_Opens__c",
    "Email_Clicks__c",
    "Web_Visits__c",
    "Pricing_Page_Views__c",
    "Demo_Requested__c",
    "Content_Downloads__c",
    "Webinars_Attended__c",
)


def _broken_rows(header: list[str]) -> list[dict[str, str]]:
    """Rows an importer must not drop: no id, no company (converted), name only, bad values."""
    base = dict.fromkeys(header, "")
    base.update({column: "0" for column in ACTIVITY_COLUMNS})
    return [
        # no lead id: a stable id from the email
        {**base, "Company": "Nimbus Labs", "Email": "ann@nimbus-labs.io", "Title": "CMO",
         "CreatedDate": "2026-01-05", "LastActivityDate": "2026-06-20", "Web_Visits__c": "4",
         "IsConverted": "false"},
        # no company, personal email, converted: contact without account, opportunity quarantined
        {**base, "Id": "BYO-NOCOMPANY", "Email": "joe@gmail.com", "CreatedDate": "2026-02-01",
         "Email_Opens__c": "2", "IsConverted": "true"},
        # known by its company name only: joins the account of the lead above (nimbus-labs.io)
        {**base, "Id": "BYO-NAMEONLY", "Company": "Nimbus Labs", "Email": "bob@gmail.com",
         "CreatedDate": "2026-01-07", "IsConverted": "false"},
        # unparseable created date and a negative count
        {**base, "Id": "BYO-BADVALUES", "Company": "Cobalt Freight", "Website": "cobalt.example",
         "CreatedDate": "31/31/2026", "NumberOfEmployees": "51-200", "Web_Visits__c": "-3",
         "Pricing_Page_Views__c": "2", "IsConverted": "false"},
    ]  # fmt: skip


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """Demo data (60 accounts) flattened into a lead CSV with broken rows, then imported."""
    root = tmp_path_factory.mktemp("leads")
    raw = root / "generated"
    generate(raw, accounts=60, seed=5, as_of=AS_OF)
    leads_csv = root / "leads.csv"
    exported = export_example_leads(raw, leads_csv)
    with leads_csv.open(newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    assert exported == len(rows) > 100
    rows += _broken_rows(header)
    with leads_csv.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    data = root / "data"
    # as a user would, from the folder of the lead table (outside the checkout): relative paths
    with chdir(root):
        mapping = os.path.relpath(MAPPING, root)
        result = runner.invoke(
            app, ["import-leads", "leads.csv", "--to", "data", "--mapping", mapping]
        )
    assert result.exit_code == 0, result.output
    return root, raw, leads_csv, rows, data, result.output


def _read(data: Path, table: str) -> pa.Table:
    return pq.read_table(data / f"{table}.parquet")


def test_import_writes_the_contract_as_generate_does(imported):
    _root, raw, _csv, _rows, data, _output = imported

    def plain(schema: pa.Schema) -> list[tuple[str, pa.DataType]]:
        return [
            (f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type)
            for f in schema
        ]

    for table in RAW_TABLES:
        written = pq.read_schema(data / f"{table}.parquet")
        contract = pq.read_schema(raw / f"{table}.parquet")
        assert plain(written)[: len(contract)] == plain(contract), table
        # after the contract's columns, only the undated-activity flag: every column of the
        # example's lead table is mapped, none is kept as a custom feature
        extra = written.names[len(contract) :]
        assert extra == (["activity_undated"] if table == "contacts" else []), table
    assert pq.read_schema(data / "contacts.parquet").field("activity_undated").type == pa.bool_()
    for table in ("product_usage", "support_tickets", "subscriptions"):
        assert _read(data, table).num_rows == 0


def test_every_lead_is_a_contact_and_events_match_the_counts(imported):
    _root, _raw, _csv, rows, data, output = imported
    contacts = _read(data, "contacts").to_pylist()
    assert len(contacts) == len(rows)
    ids = [c["contact_id"] for c in contacts]
    assert len(set(ids)) == len(ids)
    assert set(ids) >= {r["Id"] for r in rows if r["Id"]}
    assert any(i.startswith("L-") for i in ids)  # the row without an id
    expected = sum(
        max(int(row[column]), 0) for row in rows for column in ACTIVITY_COLUMNS if row[column]
    )
    events = _read(data, "events")
    assert events.num_rows == expected > 0
    assert events.column("event_id").to_pylist() == list(range(1, expected + 1))
    assert max(events.column("occurred_at").to_pylist()).date() <= AS_OF
    # a lead's events lie on its last-activity date (the example mapping names that column)
    by_contact = {}
    for event in events.select(["contact_id", "occurred_at"]).to_pylist():
        by_contact.setdefault(event["contact_id"], set()).add(event["occurred_at"].date())
    last = {r["Id"]: r["LastActivityDate"] for r in rows if r["Id"] and r["LastActivityDate"]}
    for contact_id, days in by_contact.items():
        if contact_id in last:
            assert days == {date.fromisoformat(last[contact_id])}, contact_id
    # one account per company domain, every one referenced
    accounts = _read(data, "accounts").to_pylist()
    assert len({a["account_id"] for a in accounts}) == len(accounts)
    assert {c["account_id"] for c in contacts} - {None} == {a["account_id"] for a in accounts}
    assert "Imported" in output and "leads read" in output


def test_converted_leads_have_one_won_deal_after_as_of(imported):
    _root, _raw, _csv, rows, data, _output = imported
    converted = {r["Id"] or "?" for r in rows if r["IsConverted"] == "true"}
    opportunities = _read(data, "opportunities").to_pylist()
    assert len(opportunities) == len(converted) > 1
    per_contact = {}
    for opp in opportunities:
        per_contact[opp["primary_contact_id"]] = per_contact.get(opp["primary_contact_id"], 0) + 1
        assert opp["stage"] == "closed_won" and opp["opportunity_type"] == "new_business"
        assert opp["closed_at"] == AS_OF + timedelta(days=1)
    assert per_contact == dict.fromkeys(converted, 1)


def test_bad_rows_are_reported_with_row_numbers(imported):
    _root, _raw, _csv, rows, data, output = imported
    with (data / "_import_issues.csv").open(newline="") as handle:
        issues = list(csv.DictReader(handle))
    first_broken = len(rows) - 2  # header is row 1: the 4 broken rows are the last 4
    reasons = {(int(i["row"]), i["reason"].split(":")[0]) for i in issues}
    assert (first_broken, "no lead id") in reasons
    assert (first_broken + 1, "no company and no business domain") in reasons
    assert (first_broken + 1, "converted lead without company or domain") in reasons
    assert (first_broken + 3, "unparseable date") in reasons
    assert (first_broken + 3, "not a count from 0 to 100000") in reasons
    assert not any(row == first_broken + 2 for row, _reason in reasons)
    assert all(i["file"] == "leads.csv" for i in issues)
    assert f"leads.csv row {first_broken + 1}" in output
    # 51-200 is a range: its midpoint
    accounts = {a["domain"]: a for a in _read(data, "accounts").to_pylist()}
    assert accounts["cobalt.example"]["employee_count"] == 126
    # the name-only lead shares the account of the lead with that company's domain
    contacts = {c["email"]: c["account_id"] for c in _read(data, "contacts").to_pylist()}
    assert contacts["bob@gmail.com"] == contacts["ann@nimbus-labs.io"]
    assert contacts["bob@gmail.com"] == accounts["nimbus-labs.io"]["account_id"]
    assert contacts["joe@gmail.com"] is None


def test_hubspot_names_resolve_without_a_mapping():
    header = [
        "Record ID", "firstname", "email", "company", "jobtitle", "industry", "numberofemployees",
        "annualrevenue", "country", "createdate", "lifecyclestage", "hs_analytics_num_page_views",
        "num_conversion_events", "notes_last_updated",
    ]  # fmt: skip
    known = {"page_view": {"*"}, "content_download": {"*"}}
    columns, activities = resolve_mapping({}, header, known, "hubspot.csv")
    assert columns["lead_id"] == "Record ID"
    assert columns["company"] == "company" and columns["title"] == "jobtitle"
    assert columns["employee_count"] == "numberofemployees"
    assert columns["created_date"] == "createdate"
    assert columns["converted"] == "lifecyclestage"
    assert columns["last_activity_date"] == "notes_last_updated"
    assert activities == {
        "hs_analytics_num_page_views": ("page_view", None),
        "num_conversion_events": ("content_download", None),
    }
    with pytest.raises(LeadImportError, match=r"not in seeds/mappings/event_signals\.csv"):
        resolve_mapping({"activities": {"email": "tweet"}}, header, known, "hubspot.csv")
    with pytest.raises(LeadImportError, match="not a column"):
        resolve_mapping({"columns": {"company": "Account"}}, header, known, "hubspot.csv")


def test_values_are_parsed_leniently():
    assert parse_timestamp("2026-03-18T22:17:06.000+0000").isoformat() == "2026-03-18T22:17:06"
    assert parse_timestamp("2026-03-18T23:00:00+02:00").isoformat() == "2026-03-18T21:00:00"
    assert parse_timestamp("03/18/2026").date() == date(2026, 3, 18)
    assert parse_timestamp("1773878400000").date() == date(2026, 3, 19)
    assert parse_timestamp("31/31/2026") is None
    assert parse_number("$1.2M") == 1_200_000
    assert parse_number("1,234") == 1234
    assert parse_number("10,001+") == 10001
    assert parse_number("twelve") is None
    assert domain_of("https://www.Acme.com/about") == "acme.com"
    assert domain_of("not a site") is None


def test_import_is_deterministic(imported, tmp_path):
    _root, _raw, leads_csv, _rows, data, _output = imported
    import_leads(leads_csv, tmp_path, MAPPING)
    for table in RAW_TABLES:
        assert _read(tmp_path, table).equals(_read(data, table)), table


def test_spread_without_last_activity(imported, tmp_path):
    """Mapping last_activity_date to null spreads the events over the 30 days up to as-of."""
    _root, _raw, leads_csv, _rows, _data, _output = imported
    mapping = tmp_path / "mapping.yml"
    mapping.write_text(MAPPING.read_text() + "\n")
    text = mapping.read_text().replace(
        "last_activity_date: LastActivityDate", "last_activity_date: null"
    )
    mapping.write_text(text)
    result = import_leads(leads_csv, tmp_path / "data", mapping, as_of=AS_OF)
    stamps = _read(tmp_path / "data", "events").column("occurred_at").to_pylist()
    days = {ts.date() for ts in stamps}
    assert min(days) >= AS_OF - timedelta(days=29) and max(days) <= AS_OF
    assert len(days) > 20
    assert "spread" in result.event_dating


def _printed_commands(output: str) -> list[list[str]]:
    """The next steps import-leads printed ("Next: scoring ...", "Then: scoring ..."), split as
    a shell splits them."""
    lines = [line.strip() for line in output.splitlines()]
    commands = [
        shlex.split(line.split(":", 1)[1]) for line in lines if line.startswith(("Next:", "Then:"))
    ]
    assert commands and all(command[0] == "scoring" for command in commands), output
    return commands


def test_build_scores_every_lead_and_validates(imported):
    """The printed next steps, run exactly as printed from the folder the import ran in: the
    build (into the printed warehouse, beside the data) and the summary."""
    root, _raw, _csv, rows, _data, output = imported
    project = copy_project(root / "project")
    build, summary = _printed_commands(output)
    assert build[:2] == ["scoring", "build"] and "--as-of" in build
    assert summary[:2] == ["scoring", "summary"]
    # the project copy is the one to build (its own target/), models and seeds only, without the
    # tests (make dbt-test runs those): through the environment, the command as printed
    env = {"SCORING_PROJECT_DIR": str(project), "DBT_EXCLUDE_RESOURCE_TYPES": "test unit_test"}
    started = time.perf_counter()
    with chdir(root):
        result = runner.invoke(app, build[1:], env=env)
        elapsed = time.perf_counter() - started
        assert result.exit_code == 0, result.output
        summarised = runner.invoke(app, summary[1:], env=env)
    assert summarised.exit_code == 0, summarised.output
    assert "Band distribution" in summarised.output
    warehouse = root / build[build.index("--warehouse") + 1]
    assert warehouse == root / "data.duckdb"
    assert (root / "data_published.duckdb").exists()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        scored = con.execute(
            "select count(*), count(distinct contact_id) from marts.contact_scores"
        ).fetchone()
        as_of = con.execute("select max(as_of_date) from marts.contact_scores").fetchone()[0]
        conversions = con.execute(
            """
            select sum(entities), sum(conversions) from marts.conversion_by_band
            where entity_type = 'contact' and segment = 'all' and band_set = 'total'
            """
        ).fetchone()
        quarantined = con.execute(
            "select source_table, quarantine_rule, count(*) from marts.quarantined_records "
            "group by all order by all"
        ).fetchall()
    assert as_of == AS_OF
    assert scored == (len(rows), len(rows))
    assert conversions[0] == len(rows) and conversions[1] > 0
    # the converted lead without a company: its deal has no account
    assert quarantined == [("crm.opportunities", "missing_key", 1)]
    print(
        f"\nleads {len(rows)}, contacts scored {scored[0]}, conversions {conversions[1]}, "
        f"build {elapsed:.1f}s"
    )


def _write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def _columns(data: Path, table: str) -> list[str]:
    return pq.read_schema(data / f"{table}.parquet").names


def test_unmapped_columns_are_kept_as_contact_columns(tmp_path):
    """Every column neither mapped nor an activity count is a text column of contacts (its name in
    snake_case, _2 on a collision), unless the mapping drops it; the import records both."""
    rows = [
        {"Id": "L1", "Company": "Acme", "Email": "a@acme.io", "CreatedDate": "2026-05-01",
         "Email_Opens__c": "3", "Lead Origin": " Landing Page Submission ", "Lead-Origin": "x",
         "Unsubscribed At": "never", "activity_undated": "yes", "Notes": "call back", "???": "7",
         "IsConverted": "false"},
        {"Id": "L2", "Company": "Beta", "Email": "b@beta.io", "CreatedDate": "2026-05-02",
         "Email_Opens__c": "0", "Lead Origin": "", "Lead-Origin": "y", "Unsubscribed At": "",
         "activity_undated": "", "Notes": "secret", "???": "", "IsConverted": "true"},
    ]  # fmt: skip
    leads = _write_csv(tmp_path / "leads.csv", rows)
    mapping = tmp_path / "mapping.yml"
    mapping.write_text("drop_columns: [notes]\n")
    result = runner.invoke(
        app, ["import-leads", str(leads), "--to", str(tmp_path / "data"), "--mapping", str(mapping)]
    )
    assert result.exit_code == 0, result.output
    kept = {
        "Lead Origin": "lead_origin",
        "Lead-Origin": "lead_origin_2",
        "Unsubscribed At": "unsubscribed_at_2",  # unsubscribed_at is a contract column
        "activity_undated": "activity_undated_2",  # the importer's own flag
        "???": "column_11",
    }
    summary = json.loads((tmp_path / "data" / "_lead_import.json").read_text())
    assert summary["kept_columns"] == kept
    assert summary["dropped_columns"] == ["Notes"]
    (line,) = [line for line in result.output.splitlines() if line.startswith("Kept as custom")]
    assert "Lead Origin -> contacts__lead_origin" in line and "Notes" not in line
    contacts = _read(tmp_path / "data", "contacts")
    assert _columns(tmp_path / "data", "contacts")[-6:] == [*kept.values(), "activity_undated"]
    for name in kept.values():
        assert contacts.schema.field(name).type == pa.string(), name
    values = {row["contact_id"]: row for row in contacts.to_pylist()}
    assert values["L1"]["lead_origin"] == "Landing Page Submission"  # trimmed, else verbatim
    assert values["L2"]["lead_origin"] is None  # empty -> null
    assert values["L1"]["unsubscribed_at"] is None and values["L1"]["unsubscribed_at_2"] == "never"
    assert values["L1"]["activity_undated_2"] == "yes"
    assert "notes" not in contacts.column_names and "call back" not in str(contacts.to_pylist())
    for table in ("accounts", "events", "opportunities"):
        assert not set(_columns(tmp_path / "data", table)) & set(kept.values()), table


def test_drop_columns_must_name_columns_and_exclude_them_from_mapping(tmp_path):
    rows = [{"Id": "L1", "Email": "a@acme.io", "Title": "CTO", "CreatedDate": "2026-05-01"}]
    leads = _write_csv(tmp_path / "leads.csv", rows)
    mapping = tmp_path / "mapping.yml"
    # a dropped column is not mapped by default either: no email written
    mapping.write_text("drop_columns: [EMAIL]\n")
    result = import_leads(leads, tmp_path / "data", mapping)
    assert result.dropped_columns == ["Email"] and result.columns["email"] is None
    assert _read(tmp_path / "data", "contacts").column("email").to_pylist() == [None]
    for text, message in (
        ("drop_columns: [Fax]\n", "drop_columns names 'Fax'"),
        ("drop_columns: [Title]\ncolumns: {title: Title}\n", "also in drop_columns"),
        ("accounts: household\n", "accounts = 'household'"),
        ("drop_columns: {a: 1}\n", "drop_columns must be a list"),
        ("keep_columns: [Title]\n", "unknown key"),
    ):
        mapping.write_text(text)
        with pytest.raises(LeadImportError, match=message):
            import_leads(leads, tmp_path / "bad", mapping)


def test_activity_undated_flags_the_leads_whose_events_are_spread(tmp_path):
    rows = [
        {"Id": "DATED", "Company": "Acme", "CreatedDate": "2026-05-01",
         "LastActivityDate": "2026-06-20", "Web_Visits__c": "2", "IsConverted": "false"},
        {"Id": "SPREAD", "Company": "Acme", "CreatedDate": "2026-05-01", "LastActivityDate": "",
         "Web_Visits__c": "4", "IsConverted": "false"},
        {"Id": "QUIET", "Company": "Acme", "CreatedDate": "2026-05-01", "LastActivityDate": "",
         "Web_Visits__c": "0", "IsConverted": "false"},
    ]  # fmt: skip
    leads = _write_csv(tmp_path / "leads.csv", rows)
    result = import_leads(leads, tmp_path / "data")
    flags = {
        row["contact_id"]: row["activity_undated"]
        for row in _read(tmp_path / "data", "contacts").to_pylist()
    }
    assert flags == {"DATED": False, "SPREAD": True, "QUIET": False}
    assert result.activity_undated == 1
    # no last-activity column at all: every lead with activity is undated
    for row in rows:
        row.pop("LastActivityDate")
    result = import_leads(_write_csv(tmp_path / "nodate.csv", rows), tmp_path / "nodate")
    flags = {
        row["contact_id"]: row["activity_undated"]
        for row in _read(tmp_path / "nodate", "contacts").to_pylist()
    }
    assert flags == {"DATED": True, "SPREAD": True, "QUIET": False}
    # no activity columns: nothing to flag, no column
    for row in rows:
        row.pop("Web_Visits__c")
    result = import_leads(_write_csv(tmp_path / "quiet.csv", rows), tmp_path / "quiet")
    assert "activity_undated" not in _columns(tmp_path / "quiet", "contacts")
    assert result.activity_undated is None


def _consumer_rows() -> list[dict[str, str]]:
    """A B2C lead table: names, personal emails, no company, no website."""
    return [
        {"Id": "P1", "FirstName": "Ann", "LastName": "Lee", "Email": "ann@gmail.com",
         "CreatedDate": "2026-05-01", "LastActivityDate": "2026-06-10", "Web_Visits__c": "3",
         "IsConverted": "true"},
        {"Id": "P2", "FirstName": "", "LastName": "", "Email": "bo@yahoo.com",
         "CreatedDate": "2026-05-03", "LastActivityDate": "2026-06-20", "Web_Visits__c": "1",
         "IsConverted": "false"},
        {"Id": "P3", "FirstName": "Cy", "LastName": "", "Email": "",
         "CreatedDate": "2026-05-04T10:00:00Z", "LastActivityDate": "", "Web_Visits__c": "0",
         "IsConverted": "false"},
    ]  # fmt: skip


def test_a_table_without_companies_gets_one_person_account_per_lead(tmp_path):
    leads = _write_csv(tmp_path / "leads.csv", _consumer_rows())
    data = tmp_path / "data"
    result = runner.invoke(app, ["import-leads", str(leads), "--to", str(data)])
    assert result.exit_code == 0, result.output
    assert "one person account per lead" in result.output
    accounts = {a["account_id"]: a for a in _read(data, "accounts").to_pylist()}
    contacts = {c["contact_id"]: c for c in _read(data, "contacts").to_pylist()}
    for lead_id, name, created in (
        ("P1", "Ann Lee", date(2026, 5, 1)), ("P2", "P2", date(2026, 5, 3)),
        ("P3", "Cy", date(2026, 5, 4)),
    ):  # fmt: skip
        account_id = "ACC-" + hashlib.sha1(f"p:{lead_id}".encode()).hexdigest()[:12]
        assert contacts[lead_id]["account_id"] == account_id
        assert accounts[account_id]["account_name"] == name
        assert accounts[account_id]["created_at"] == created
    assert len(accounts) == 3
    # the converted lead's won deal has its account (not quarantined as missing_key)
    (won,) = _read(data, "opportunities").to_pylist()
    assert won["primary_contact_id"] == "P1" and won["account_id"] == contacts["P1"]["account_id"]
    issues = (data / "_import_issues.csv").read_text()
    assert "no company" not in issues and "without company" not in issues
    assert json.loads((data / "_lead_import.json").read_text())["accounts_mode"] == "person (auto)"
    # and scoring check (build's first step) finds the accounts it requires
    checked = runner.invoke(app, ["check", str(data), "--as-of", "2026-06-30"])
    assert checked.exit_code == 0, checked.output


def test_the_accounts_key_forces_company_or_person_accounts(tmp_path):
    leads = _write_csv(tmp_path / "leads.csv", _consumer_rows())
    mapping = tmp_path / "mapping.yml"
    mapping.write_text("accounts: company\n")
    result = import_leads(leads, tmp_path / "company", mapping)
    assert result.accounts == 0 and result.accounts_mode == "company"
    assert set(_read(tmp_path / "company", "contacts").column("account_id").to_pylist()) == {None}
    # a B2B table made of person accounts: every lead its own account, even at one company
    rows = [
        {"Id": "B1", "Company": "Acme", "Website": "acme.io", "IsConverted": "true",
         "CreatedDate": "2026-05-01"},
        {"Id": "B2", "Company": "Acme", "Website": "acme.io", "IsConverted": "false",
         "CreatedDate": "2026-05-02"},
    ]  # fmt: skip
    b2b = _write_csv(tmp_path / "b2b.csv", rows)
    assert import_leads(b2b, tmp_path / "auto").accounts == 1  # auto: the company's account
    mapping.write_text("accounts: Person\n")
    result = import_leads(b2b, tmp_path / "person", mapping)
    assert result.accounts == 2 and result.accounts_mode == "person"
    accounts = _read(tmp_path / "person", "accounts").to_pylist()
    assert {a["account_name"] for a in accounts} == {"B1", "B2"}  # the lead's name, else its id
    assert {a["domain"] for a in accounts} == {None}


def test_a_table_without_any_date_is_scored_as_of_today(tmp_path):
    """No created and no last-activity column: --as-of defaults to today (UTC), the leads are
    created 30 days before it, and the printed build uses that date."""
    rows = [
        {k: v for k, v in row.items() if k not in ("CreatedDate", "LastActivityDate")}
        for row in _consumer_rows()
    ]
    leads = _write_csv(tmp_path / "leads.csv", rows)
    data = tmp_path / "data"
    today = datetime.now(UTC).date()
    result = runner.invoke(app, ["import-leads", str(leads), "--to", str(data)])
    assert result.exit_code == 0, result.output
    build, _summary = _printed_commands(result.output)
    assert build[build.index("--as-of") + 1] == today.isoformat()
    created = set(_read(data, "contacts").column("created_at").to_pylist())
    assert created == {datetime.combine(today - timedelta(days=30), datetime.min.time())}
    assert set(_read(data, "accounts").column("created_at").to_pylist()) == {
        today - timedelta(days=30)
    }
    days = {ts.date() for ts in _read(data, "events").column("occurred_at").to_pylist()}
    assert days and min(days) > today - timedelta(days=30) and max(days) <= today
    assert json.loads((data / "_lead_import.json").read_text())["as_of"] == today.isoformat()
    # an explicit --as-of still wins, and the created dates follow it
    import_leads(leads, tmp_path / "fixed", as_of=AS_OF)
    created = set(_read(tmp_path / "fixed", "contacts").column("created_at").to_pylist())
    assert created == {datetime(2026, 5, 31)}
    # a created column without any parseable value still needs --as-of (unchanged)
    rows = [{**row, "CreatedDate": ""} for row in rows]
    with pytest.raises(LeadImportError, match="pass --as-of"):
        import_leads(_write_csv(tmp_path / "empty.csv", rows), tmp_path / "empty")
