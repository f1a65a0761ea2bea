"""The example lead table: demo data flattened into a Salesforce-style lead CSV."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from scoring.project import sql_string

EXAMPLE_ARGS = {"accounts": 900, "seed": 11, "contacts_per_account": 2.5, "events_per_contact": 40}


def export_example_leads(
    raw_dir: Path, out_csv: Path, as_of: date | None = None, horizon_days: int = 90
) -> int:
    """Flatten ``scoring.generate`` output into a Salesforce-style lead CSV; return the rows.

    One row per contact created by ``as_of`` whose account is a prospect (not a customer at
    ``as_of``, from the hidden truth file). Activity counts are those of the 90 days up to
    ``as_of``; LastActivityDate is the contact's latest activity (not an email send) by then.
    IsConverted marks, for each prospect account that won a new-business deal in
    (as_of, as_of + horizon_days], the deal's primary contact (else the account's first lead).
    ``as_of`` defaults to the latest event date.
    """
    import duckdb

    raw = Path(raw_dir)

    def src(name: str) -> str:
        return f"read_parquet({sql_string(raw / (name + '.parquet'))})"

    with duckdb.connect() as con:
        if as_of is None:
            as_of = con.execute(f"select max(occurred_at)::date from {src('events')}").fetchone()[0]
        con.execute(
            f"""
            create temp table leads as
            with truth as (select * from {src("_truth_accounts")}),
            contacts as (
                select c.* from {src("contacts")} as c
                join truth using (account_id)
                where not truth.is_customer_at_as_of
                    and c.contact_id is not null
                    and cast(c.created_at as date) <= date '{as_of}'
            ),
            activity as (
                select
                    contact_id,
                    max(case when event_type <> 'email_send' then occurred_at::date end)
                        as last_activity,
                    count(*) filter (where recent and event_type = 'email_open') as opens,
                    count(*) filter (where recent and event_type = 'email_click') as clicks,
                    count(*) filter (where recent and event_type = 'page_view'
                        and coalesce(event_detail, '') <> 'pricing') as visits,
                    count(*) filter (where recent and event_type = 'page_view'
                        and event_detail = 'pricing') as pricing,
                    count(*) filter (where recent and event_type = 'demo_request') as demos,
                    count(*) filter (where recent and event_type = 'content_download') as downloads,
                    count(*) filter (where recent and event_type = 'webinar_attended') as webinars
                from (
                    select *, occurred_at::date > date '{as_of}' - 90 as recent
                    from {src("events")}
                    where occurred_at::date <= date '{as_of}'
                )
                group by contact_id
            ),
            won as (
                select account_id, min(primary_contact_id) as primary_contact_id
                from {src("opportunities")}
                where opportunity_type = 'new_business' and stage = 'closed_won'
                    and closed_at > date '{as_of}'
                    and closed_at <= date '{as_of}' + {int(horizon_days)}
                group by account_id
            ),
            converted as (
                select
                    coalesce(max(primary_lead.contact_id), min(contacts.contact_id)) as contact_id
                from won
                join contacts using (account_id)
                left join contacts as primary_lead
                    on primary_lead.contact_id = won.primary_contact_id
                group by won.account_id
            )
            select
                contacts.contact_id as "Id",
                contacts.title as "Title",
                contacts.email as "Email",
                accounts.account_name as "Company",
                'www.' || accounts.domain as "Website",
                {_label("accounts.industry")} as "Industry",
                accounts.employee_count as "NumberOfEmployees",
                round(accounts.annual_revenue, -3)::bigint as "AnnualRevenue",
                accounts.country as "Country",
                {_label("contacts.lead_source")} as "LeadSource",
                strftime(contacts.created_at, '%Y-%m-%dT%H:%M:%S.000Z') as "CreatedDate",
                activity.last_activity as "LastActivityDate",
                coalesce(activity.opens, 0) as "Email_Opens__c",
                coalesce(activity.clicks, 0) as "Email_Clicks__c",
                coalesce(activity.visits, 0) as "Web_Visits__c",
                coalesce(activity.pricing, 0) as "Pricing_Page_Views__c",
                coalesce(activity.demos, 0) as "Demo_Requested__c",
                coalesce(activity.downloads, 0) as "Content_Downloads__c",
                coalesce(activity.webinars, 0) as "Webinars_Attended__c",
                case when converted.contact_id is null then 'false' else 'true' end
                    as "IsConverted"
            from contacts
            left join {src("accounts")} as accounts using (account_id)
            left join activity using (contact_id)
            left join converted using (contact_id)
            order by contacts.contact_id
            """
        )
        out = Path(out_csv)
        out.parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"copy leads to {sql_string(out)} (header, delimiter ',')")
        return con.execute("select count(*) from leads").fetchone()[0]


def _label(column: str) -> str:
    """financial_services -> Financial services (a picklist label; staging normalises it back)."""
    return f"nullif(upper({column}[1]) || replace({column}[2:], '_', ' '), '')"


def write_example(out_dir: Path) -> int:
    """Re-create ``leads.csv`` of the example from fixed demo data (``EXAMPLE_ARGS``)."""
    from scoring.generate import generate

    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), **EXAMPLE_ARGS)
        return export_example_leads(Path(tmp), Path(out_dir) / "leads.csv")
