"""Custom features end to end (issue 12, item 1): extra columns of the raw accounts and contacts
tables become features the rubric can score, without any SQL edit. A numeric, a categorical, a
date and an id-like text column on each table; the catalog infers their kinds, and
int_features__long holds their values for every contact (an account's value reaching its
contacts). Item 6: contacts flagged activity_undated have no recency."""

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
AS_OF = date(2026, 6, 30)


def _add_columns(raw: Path) -> None:
    """Extra columns, written the way exports hold them: typed Parquet and text."""
    with duckdb.connect() as con:
        con.execute(
            f"""
            copy (
                select
                    *,
                    cast(20 + hash(account_id) % 80 as double) + 0.5 as "Monthly Charges",
                    case hash(account_id) % 3
                        when 0 then 'Gold' when 1 then 'Silver ' else 'Bronze'
                    end as "PlanTier",
                    date '2024-01-01' + cast(hash(account_id) % 700 as integer) as signup_date,
                    'billing+' || account_id || '@example.com' as billing_email,
                    'R' || cast(hash(account_id) % 5 as varchar) as region_id
                from read_parquet('{raw}/accounts.parquet')
            ) to '{raw}/accounts_custom.parquet'
            """
        )
        con.execute(
            f"""
            copy (
                select
                    *,
                    case hash(contact_id) % 4
                        when 0 then 'Trade Show' when 1 then 'Web Form' when 2 then 'Referral'
                        else 'n/a'
                    end as lead_origin,
                    cast(hash(contact_id) % 40 as varchar) as page_views,
                    cast(date '2025-09-01' + cast(hash(contact_id) % 200 as integer) as varchar)
                        as last_webinar,
                    'https://www.linkedin.com/in/' || contact_id as linkedin_url,
                    case when hash(contact_id) % 7 = 0 then 'true' end as activity_undated
                from read_parquet('{raw}/contacts.parquet')
            ) to '{raw}/contacts_custom.parquet'
            """
        )
    for table in ("accounts", "contacts"):
        (raw / f"{table}_custom.parquet").replace(raw / f"{table}.parquet")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("custom_features")
    raw = root / "raw"
    generate(raw, accounts=40, seed=5, as_of=AS_OF)
    _add_columns(raw)
    path = root / "warehouse.duckdb"
    result = runner.invoke(
        app,
        [
            "build", "--data-dir", str(raw), "--warehouse", str(path),
            "--as-of", AS_OF.isoformat(), "--no-publish",
            "--select", "+int_features__long int_entities__activity",
            "--exclude", "resource_type:unit_test",
            "--project-dir", str(copy_project(root / "project")),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return path


def test_the_catalog_infers_each_extra_column_kind(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        catalog = {
            row[0]: row[1:]
            for row in con.execute(
                "select feature, kind, value_type, dimension "
                "from intermediate.int_features__custom_catalog"
            ).fetchall()
        }
    assert catalog == {
        "accounts__monthly_charges": ("numeric", "number", "fit"),
        "accounts__plan_tier": ("categorical", "text", "fit"),
        "accounts__signup_date": ("numeric", "date", "fit"),
        "accounts__billing_email": ("exclude", "text", "engagement"),
        "accounts__region_id": ("exclude", "text", "fit"),
        "contacts__lead_origin": ("categorical", "text", "fit"),
        "contacts__page_views": ("numeric", "number", "engagement"),
        "contacts__last_webinar": ("numeric", "date", "fit"),
        "contacts__linkedin_url": ("exclude", "text", "fit"),
        "contacts__activity_undated": ("exclude", "text", "engagement"),
    }


def test_every_contact_has_the_custom_values(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        con.execute("set variable as_of = date '2026-06-30'")
        contacts = con.execute("select count(*) from staging.stg_crm__contacts").fetchone()[0]
        features = dict(
            con.execute(
                "select feature, count(*) from intermediate.int_features__long "
                "where entity_type = 'contact' and feature like '%\\_\\_%' escape '\\' "
                "and feature not like 'signal\\_\\_%' escape '\\' group by feature"
            ).fetchall()
        )
        # the account's monthly charges, the contact's own origin (normalised, the null token a
        # null) and webinar date (days to the as-of date) reach int_features__long
        mismatches = con.execute(
            """
            select count(*)
            from staging.stg_crm__contacts as contacts
            inner join staging.stg_custom__attribute_values as charges
                on charges.source_table = 'accounts' and charges.column_name = 'monthly_charges'
                and charges.entity_id = contacts.account_id
            inner join intermediate.int_features__long as charges_feature
                on charges_feature.entity_type = 'contact'
                and charges_feature.entity_id = contacts.contact_id
                and charges_feature.feature = 'accounts__monthly_charges'
            inner join staging.stg_custom__attribute_values as origin
                on origin.source_table = 'contacts' and origin.column_name = 'lead_origin'
                and origin.entity_id = contacts.contact_id
            inner join intermediate.int_features__long as origin_feature
                on origin_feature.entity_type = 'contact'
                and origin_feature.entity_id = contacts.contact_id
                and origin_feature.feature = 'contacts__lead_origin'
            inner join staging.stg_custom__attribute_values as webinar
                on webinar.source_table = 'contacts' and webinar.column_name = 'last_webinar'
                and webinar.entity_id = contacts.contact_id
            inner join intermediate.int_features__long as webinar_feature
                on webinar_feature.entity_type = 'contact'
                and webinar_feature.entity_id = contacts.contact_id
                and webinar_feature.feature = 'contacts__last_webinar'
            where charges_feature.value_number is distinct from cast(charges.raw_value as double)
                or origin_feature.value_text is distinct from
                    nullif(replace(lower(origin.raw_value), ' ', '_'), 'n/a')
                or webinar_feature.value_number is distinct from
                    case when cast(webinar.raw_value as date) <= getvariable('as_of')
                        then getvariable('as_of') - cast(webinar.raw_value as date) end
            """
        ).fetchone()[0]
        origins = {
            row[0]
            for row in con.execute(
                "select distinct value_text from intermediate.int_features__long "
                "where feature = 'contacts__lead_origin'"
            ).fetchall()
        }
    assert contacts > 100
    assert features == {
        name: contacts
        for name in (
            "accounts__monthly_charges", "accounts__plan_tier", "accounts__signup_date",
            "contacts__lead_origin", "contacts__page_views", "contacts__last_webinar",
        )
    }  # fmt: skip
    assert mismatches == 0
    assert origins == {"trade_show", "web_form", "referral", None}


def test_undated_contacts_have_no_recency(warehouse):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            """
            select
                activity.is_activity_undated,
                count(*),
                count(activity.days_since_last_activity),
                count(activity.activity_trend_ratio)
            from intermediate.int_entities__activity as activity
            left join staging.stg_custom__attribute_values as flag
                on flag.source_table = 'contacts' and flag.column_name = 'activity_undated'
                and flag.entity_id = activity.entity_id and flag.raw_value = 'true'
            where activity.entity_type = 'contact'
                and activity.is_activity_undated = (flag.entity_id is not null)
            group by activity.is_activity_undated
            """
        ).fetchall()
        contacts = con.execute(
            "select count(*) from intermediate.int_entities__activity where entity_type = 'contact'"
        ).fetchone()[0]
    counts = {undated: (n, recency, trend) for undated, n, recency, trend in rows}
    # every contact's flag agrees with its raw column (the filter keeps them all)
    assert sum(n for n, _, _ in counts.values()) == contacts
    assert counts[True][0] > 0 and counts[True][1:] == (0, 0)
    assert counts[False][1] > 0
