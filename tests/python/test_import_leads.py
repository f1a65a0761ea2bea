"""Bring your own data: a flat lead table (demo data flattened into a Salesforce-style CSV, plus a
few broken rows) -> `scoring import-leads` -> the seven raw files -> `scoring build` scores every
lead and validates against the converted flag."""

from __future__ import annotations

import csv
import os
import shlex
import time
from contextlib import chdir
from datetime import date, timedelta
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
        assert plain(written) == plain(pq.read_schema(raw / f"{table}.parquet")), table
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
