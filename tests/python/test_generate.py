"""Tests of the synthetic data generator (scoring.generate)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from scoring.generate import RAW_TABLES, generate

AS_OF = date(2026, 6, 30)
SMALL = 150  # accounts in the fast fixtures

# The raw contract (models/staging/_sources.yml), as DuckDB sees the Parquet files.
SCHEMA = {
    "accounts": {
        "account_id": "VARCHAR",
        "account_name": "VARCHAR",
        "domain": "VARCHAR",
        "industry": "VARCHAR",
        "employee_count": "BIGINT",
        "annual_revenue": "DOUBLE",
        "revenue_growth_pct": "DOUBLE",
        "employee_growth_pct": "DOUBLE",
        "country": "VARCHAR",
        "growth_stage": "VARCHAR",
        "cloud_adoption": "VARCHAR",
        "digital_maturity": "VARCHAR",
        "tech_stack": "VARCHAR",
        "locations_count": "BIGINT",
        "fiscal_year_start_month": "BIGINT",
        "owner_id": "VARCHAR",
        "created_at": "DATE",
    },
    "contacts": {
        "contact_id": "VARCHAR",
        "account_id": "VARCHAR",
        "email": "VARCHAR",
        "first_name": "VARCHAR",
        "last_name": "VARCHAR",
        "title": "VARCHAR",
        "seniority": "VARCHAR",
        "department": "VARCHAR",
        "lead_source": "VARCHAR",
        "created_at": "TIMESTAMP",
        "unsubscribed_at": "TIMESTAMP",
    },
    "events": {
        "event_id": "BIGINT",
        "contact_id": "VARCHAR",
        "occurred_at": "TIMESTAMP",
        "event_type": "VARCHAR",
        "event_detail": "VARCHAR",
    },
    "opportunities": {
        "opportunity_id": "VARCHAR",
        "account_id": "VARCHAR",
        "primary_contact_id": "VARCHAR",
        "opportunity_type": "VARCHAR",
        "stage": "VARCHAR",
        "amount": "DOUBLE",
        "created_at": "DATE",
        "closed_at": "DATE",
    },
    "product_usage": {
        "account_id": "VARCHAR",
        "usage_date": "DATE",
        "active_users": "BIGINT",
        "licensed_seats": "BIGINT",
        "features_adopted": "BIGINT",
        "features_available": "BIGINT",
    },
    "support_tickets": {
        "ticket_id": "VARCHAR",
        "account_id": "VARCHAR",
        "contact_id": "VARCHAR",
        "created_at": "TIMESTAMP",
        "resolved_at": "TIMESTAMP",
        "severity": "VARCHAR",
        "status": "VARCHAR",
        "satisfaction_score": "BIGINT",
    },
    "subscriptions": {
        "subscription_id": "VARCHAR",
        "account_id": "VARCHAR",
        "plan": "VARCHAR",
        "seats": "BIGINT",
        "arr": "DOUBLE",
        "start_date": "DATE",
        "end_date": "DATE",
        "auto_renew": "BOOLEAN",
        "cancelled_at": "DATE",
    },
}

VOCAB = {
    ("accounts", "industry"): {
        "software", "financial_services", "healthcare", "manufacturing", "retail",
        "professional_services", "media", "education", "logistics", "energy", "government",
        "nonprofit",
    },
    ("accounts", "country"): {
        "US", "CA", "GB", "DE", "FR", "NL", "SE", "IN", "SG", "AU", "JP", "BR", "MX", "ZA", "AE",
    },
    ("accounts", "growth_stage"): {"startup", "growth", "mature", "decline"},
    ("accounts", "cloud_adoption"): {"cloud_native", "hybrid", "on_premise"},
    ("accounts", "digital_maturity"): {"leader", "advanced", "developing", "lagging"},
    ("contacts", "seniority"): {
        "c_level", "vp", "director", "manager", "individual_contributor", "student",
    },
    ("contacts", "department"): {
        "marketing", "sales", "revenue_operations", "customer_success", "it", "engineering",
        "finance", "operations", "hr", "executive", "other",
    },
    ("contacts", "lead_source"): {
        "inbound", "referral", "partner", "event", "outbound", "paid_search", "organic_search",
        "purchased_list",
    },
    ("events", "event_type"): {
        "page_view", "email_send", "email_open", "email_click", "email_reply",
        "content_download", "webinar_attended", "event_attended", "social_engagement",
        "content_share", "demo_request", "trial_signup", "meeting_request", "meeting_held",
        "proposal_request", "survey_response", "product_feedback", "beta_signup",
        "community_post",
    },
    ("opportunities", "opportunity_type"): {"new_business", "expansion", "renewal"},
    ("opportunities", "stage"): {
        "discovery", "qualification", "proposal", "negotiation", "closed_won", "closed_lost",
    },
    ("support_tickets", "severity"): {"low", "medium", "high", "urgent"},
    ("support_tickets", "status"): {"open", "pending", "solved", "closed"},
    ("subscriptions", "plan"): {"starter", "professional", "enterprise"},
}  # fmt: skip
TOOLS = {
    "salesforce", "hubspot", "marketo", "pardot", "snowflake", "bigquery", "redshift",
    "databricks", "aws", "azure", "gcp", "slack", "teams", "zapier", "segment", "workato", "sap",
    "oracle_ebs", "netsuite", "excel", "lotus_notes", "on_prem_crm",
}  # fmt: skip
DETAILS = {
    "page_view": {
        "pricing", "product", "blog", "case_study", "comparison", "docs", "integrations",
        "careers", "home",
    },
    "content_download": {"case_study", "whitepaper", "ebook", "report", "datasheet"},
    "email_send": {"newsletter", "nurture", "product_update", "event_invite"},
    "social_engagement": {"linkedin", "twitter"},
}  # fmt: skip
for _t in ("email_open", "email_click", "email_reply"):
    DETAILS[_t] = DETAILS["email_send"]
COMPETITOR_DOMAINS = ("rivalscore.io", "leadrank.com", "scorely.com", "predictiq.ai")

HIGH_INTENT_SQL = """(
    event_type in ('webinar_attended', 'demo_request', 'trial_signup', 'meeting_request',
                   'meeting_held', 'proposal_request')
    or (event_type = 'page_view' and event_detail in ('pricing', 'comparison', 'case_study'))
    or (event_type = 'content_download' and event_detail = 'case_study')
)"""


def _db(path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in (*RAW_TABLES, "_truth_accounts", "_truth_contacts"):
        con.execute(
            f"create view {name.lstrip('_')} as select * from read_parquet('{path}/{name}.parquet')"
        )
    return con


def _one(con: duckdb.DuckDBPyConnection, sql: str):
    return con.execute(sql).fetchone()[0]


@pytest.fixture(scope="module")
def gen(tmp_path_factory: pytest.TempPathFactory):
    """Generate (and cache) a data set per argument combination."""
    cache: dict[tuple, tuple[Path, dict[str, int]]] = {}

    def make(**kwargs) -> tuple[Path, dict[str, int]]:
        key = tuple(sorted(kwargs.items()))
        if key not in cache:
            path = tmp_path_factory.mktemp("raw")
            cache[key] = (path, generate(path, **kwargs))
        return cache[key]

    return make


@pytest.fixture(scope="module")
def clean(gen):
    return gen(accounts=SMALL, dirt="none")


@pytest.fixture(scope="module")
def normal(gen):
    return gen(accounts=SMALL, dirt="normal")


@pytest.fixture(scope="module")
def high(gen):
    return gen(accounts=SMALL, dirt="high")


@pytest.fixture(scope="module")
def signal(gen):
    """Bigger, clean data set for the hidden-propensity tests."""
    path, _ = gen(accounts=1500, events_per_contact=20.0, dirt="none")
    con = _db(path)
    con.execute(
        """create table ev as
           select e.*, c.account_id from events e join contacts c using (contact_id)"""
    )
    return con


# ------------------------------------------------------------------------------------------
# Files, determinism, sizes, schema
# ------------------------------------------------------------------------------------------


def test_writes_one_file_per_table_and_returns_row_counts(normal):
    path, counts = normal
    assert set(counts) == set(RAW_TABLES)
    for table in RAW_TABLES:
        assert pq.read_metadata(path / f"{table}.parquet").num_rows == counts[table]
        assert counts[table] > 0
    assert (path / "_truth_accounts.parquet").exists()
    assert (path / "_truth_contacts.parquet").exists()


def test_same_seed_same_data_different_seed_different_data(tmp_path, normal):
    path, counts = normal
    again = generate(tmp_path / "again", accounts=SMALL, dirt="normal")
    assert again == counts
    for table in (*RAW_TABLES, "_truth_accounts"):
        first = pq.read_table(path / f"{table}.parquet")
        second = pq.read_table(tmp_path / "again" / f"{table}.parquet")
        assert first.equals(second), table
    other = tmp_path / "other"
    generate(other, accounts=SMALL, dirt="normal", seed=7)
    for table in ("accounts", "contacts", "events", "opportunities"):
        assert not pq.read_table(path / f"{table}.parquet").equals(
            pq.read_table(other / f"{table}.parquet")
        ), table


def test_row_counts_follow_the_arguments(gen):
    for cpa, epc in ((10.0, 50.0), (4.0, 20.0)):
        path, counts = gen(accounts=300, contacts_per_account=cpa, events_per_contact=epc,
                           dirt="none")  # fmt: skip
        assert counts["accounts"] == 300
        assert 0.8 * cpa <= counts["contacts"] / 300 <= 1.2 * cpa
        assert 0.9 * epc <= counts["events"] / counts["contacts"] <= 1.1 * epc
        # heavy tail: the median contact is much less active than the mean
        con = _db(path)
        per_contact = "(select contact_id, count(*) n from events group by 1)"
        median = _one(con, f"select median(n) from {per_contact}")
        top = _one(con, f"select quantile_cont(n, 0.99) from {per_contact}")
        assert median < 0.8 * epc < 3 * epc < top


@pytest.mark.parametrize("dirt", ["none", "normal"])
def test_schema_matches_the_contract(gen, dirt):
    path, _ = gen(accounts=SMALL, dirt=dirt)
    con = duckdb.connect()
    for table, expected in SCHEMA.items():
        rows = con.execute(f"describe select * from read_parquet('{path}/{table}.parquet')")
        assert {r[0]: r[1] for r in rows.fetchall()} == expected, table
        assert list(expected) == [
            r[0] for r in con.execute(f"describe select * from '{path}/{table}.parquet'").fetchall()
        ]


def test_csv_format(tmp_path, clean):
    counts = generate(tmp_path, accounts=SMALL, dirt="none", fmt="csv")
    assert counts == clean[1]
    con = duckdb.connect()
    for table in RAW_TABLES:
        file = tmp_path / f"{table}.csv"
        assert file.read_text().splitlines()[0].replace('"', "").split(",") == list(SCHEMA[table])
        typed = ", ".join(f"try_cast({c} as {t}) as {c}" for c, t in SCHEMA[table].items())
        csv_rows = con.execute(
            f"""select {typed} from read_csv('{file}', header = true, all_varchar = true)
                order by all"""
        ).fetchall()
        pq_rows = con.execute(f"select * from '{clean[0]}/{table}.parquet' order by all").fetchall()
        assert len(csv_rows) == counts[table]
        assert csv_rows == pq_rows, table  # the same values, written as text
    assert (tmp_path / "_truth_accounts.parquet").exists()


def test_rejects_bad_arguments(tmp_path):
    with pytest.raises(ValueError):
        generate(tmp_path, accounts=5, fmt="json")
    with pytest.raises(ValueError):
        generate(tmp_path, accounts=5, dirt="filthy")


def test_tiny_sizes_work(tmp_path):
    counts = generate(tmp_path, accounts=1, dirt="high")
    assert counts["accounts"] >= 1 and counts["contacts"] >= 1


# ------------------------------------------------------------------------------------------
# Clean data invariants
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dirt", ["none", "normal"])
def test_event_times_and_keys_are_consistent(gen, dirt):
    path, _ = gen(accounts=SMALL, dirt=dirt)
    con = _db(path)
    lo, hi = con.execute("select min(occurred_at), max(occurred_at) from events").fetchone()
    assert lo.date() >= AS_OF - timedelta(days=365)
    assert hi.date() == AS_OF  # the as_of day is the last day with data
    before_created = """select count(*) from events e join contacts c using (contact_id)
                        where e.occurred_at < c.created_at"""
    assert _one(con, before_created) == 0
    assert _one(con, "select count(*) from events anti join contacts using (contact_id)") == 0
    assert _one(con, "select count(*) from contacts anti join accounts using (account_id)") == 0
    assert _one(con, "select count(*) from events where event_id is null") == 0
    # exact duplicates only: one distinct row per event id
    distinct_rows = _one(con, "select count(*) from (select distinct * from events)")
    assert distinct_rows == _one(con, "select count(distinct event_id) from events")
    account_after_contact = """select count(*) from contacts c join accounts a using (account_id)
                               where a.created_at >= c.created_at::date"""
    assert _one(con, account_after_contact) == 0


def test_clean_vocabularies_and_ids(clean):
    con = _db(clean[0])
    for (table, column), allowed in VOCAB.items():
        values = {r[0] for r in con.execute(f"select distinct {column} from {table}").fetchall()}
        assert values <= allowed | {None}, (table, column, values - allowed)
        assert None not in values or (table, column) == ("events", "event_detail"), column
    tools = con.execute("select distinct unnest(string_split(tech_stack, ';')) from accounts")
    assert {r[0] for r in tools.fetchall()} <= TOOLS
    assert _one(con, "select max(len(string_split(tech_stack, ';'))) from accounts") <= 8
    for etype, allowed in DETAILS.items():
        found = con.execute(
            f"select distinct event_detail from events where event_type = '{etype}'"
        ).fetchall()
        assert {r[0] for r in found} <= allowed, etype
    others = "select count(*) from events where event_detail is not null and event_type not in "
    assert _one(con, others + str(tuple(DETAILS))) == 0
    keys = {
        "accounts": "account_id",
        "contacts": "contact_id",
        "events": "event_id",
        "opportunities": "opportunity_id",
        "subscriptions": "subscription_id",
        "support_tickets": "ticket_id",
    }
    for table, key in keys.items():
        assert _one(con, f"select count(*) - count(distinct {key}) from {table}") == 0, table
    assert _one(con, "select count(*) - count(distinct domain) from accounts") == 0
    assert _one(con, "select bool_and(regexp_matches(account_id, '^A[0-9]{6}$')) from accounts")
    assert _one(con, "select bool_and(regexp_matches(contact_id, '^C[0-9]{7}$')) from contacts")
    assert _one(con, "select bool_and(regexp_matches(owner_id, '^U0[0-4][0-9]$')) from accounts")
    assert _one(con, "select count(*) from accounts where employee_count is null") == 0


def test_people_and_companies_look_real(gen):
    path, _ = gen(accounts=1500, events_per_contact=20.0, dirt="none")
    con = _db(path)
    competitors = _one(con, f"select count(*) from accounts where domain in {COMPETITOR_DOMAINS}")
    assert competitors >= 1
    # contacts of competitors use the competitor's domain, and never buy
    wrong = f"""select count(*) from contacts c join accounts a using (account_id)
                where a.domain in {COMPETITOR_DOMAINS}
                and not ends_with(c.email, '@' || a.domain)"""
    assert _one(con, wrong) == 0
    personal = """select avg((split_part(email, '@', 2) in
                  ('gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com'))::int) from contacts"""
    assert 0.03 < _one(con, personal) < 0.07
    assert _one(con, "select count(*) - count(distinct email) from contacts") == 0
    assert 0.005 < _one(con, "select avg((seniority = 'student')::int) from contacts") < 0.02
    titles = con.execute("select distinct title from contacts where seniority = 'student'")
    assert {r[0] for r in titles.fetchall()} <= {
        "Student", "Graduate Student", "Marketing Intern", "Sales Intern",
        "Software Engineering Intern",
    }  # fmt: skip
    assert _one(con, "select count(*) from contacts where title = 'Chief Marketing Officer' "
                     "and (seniority, department) != ('c_level', 'marketing')") == 0  # fmt: skip
    unsub = _one(con, "select avg((unsubscribed_at is not null)::int) from contacts")
    assert 0.02 < unsub < 0.06
    sends_after = """select count(*) from events e join contacts c using (contact_id)
                     where e.event_type = 'email_send' and e.occurred_at > c.unsubscribed_at"""
    assert _one(con, sends_after) == 0
    # bigger companies have more contacts
    corr = """select corr(ln(employee_count), n) from accounts
              join (select account_id, count(*) n from contacts group by 1) using (account_id)"""
    assert _one(con, corr) > 0.2
    assert _one(con, "select corr(ln(employee_count), ln(annual_revenue)) from accounts") > 0.7
    assert _one(con, "select min(employee_count) from accounts") >= 5
    assert _one(con, "select max(employee_count) from accounts") <= 200_000
    # email: sends are a large share, opens ~20% of sends, clicks a fraction of opens
    share = dict(con.execute("select event_type, count(*) from events group by 1").fetchall())
    total = sum(share.values())
    assert share["email_send"] / total > 0.2
    assert 0.12 < share["email_open"] / share["email_send"] < 0.35
    assert share["email_click"] < 0.5 * share["email_open"]
    assert share["email_reply"] < 0.1 * share["email_open"]


def test_commercial_history_is_consistent(clean):
    con = _db(clean[0])
    horizon = AS_OF + timedelta(days=180)
    opp = con.execute(
        """select min(created_at), max(created_at), max(closed_at),
                  count(*) filter (where (closed_at is null) != (stage not like 'closed%')),
                  count(*) filter (where closed_at < created_at)
           from opportunities"""
    ).fetchone()
    assert opp[0] >= AS_OF - timedelta(days=540) and opp[1] <= horizon and opp[2] <= horizon
    assert opp[3] == 0 and opp[4] == 0
    wrong_contact = """select count(*) from opportunities o join contacts c
                       on c.contact_id = o.primary_contact_id
                       where c.account_id != o.account_id or c.created_at::date > o.created_at"""
    assert _one(con, wrong_contact) == 0
    assert _one(con, "select count(primary_contact_id) / count(*) from opportunities") > 0.8
    # subscription terms chain: each successor starts when its predecessor ends
    chain = con.execute(
        """select count(*) filter (where next_start is not null and next_start != end_date),
                  count(*) filter (where cancelled_at is not null and next_start is not null),
                  count(*) filter (where end_date <= start_date)
           from (select *, lead(start_date) over (partition by account_id order by start_date)
                 next_start from subscriptions)"""
    ).fetchone()
    assert chain == (0, 0, 0)
    assert _one(con, "select max(start_date) from subscriptions") <= horizon
    # the hidden customer flag matches the terms in force at as_of
    mismatch = f"""select count(*) from truth_accounts t left join (
                     select distinct account_id from subscriptions
                     where start_date <= date '{AS_OF}' and end_date > date '{AS_OF}') s
                     using (account_id)
                   where t.is_customer_at_as_of != (s.account_id is not null)"""
    assert _one(con, mismatch) == 0
    share = _one(con, "select avg(is_customer_at_as_of::int) from truth_accounts")
    assert 0.15 < share < 0.35
    # usage only while subscribed and within the window; sane counts
    usage = con.execute(
        """select min(usage_date), max(usage_date),
                   count(*) filter (where active_users > licensed_seats or active_users < 0),
                   count(*) filter (where features_adopted > features_available)
            from product_usage"""
    ).fetchone()
    assert usage[0] >= AS_OF - timedelta(days=365) and usage[1] <= AS_OF
    assert usage[2:] == (0, 0)
    unsubscribed = """select count(*) from product_usage u where not exists (
                        select 1 from subscriptions s where s.account_id = u.account_id
                        and u.usage_date >= s.start_date and u.usage_date < s.end_date)"""
    assert _one(con, unsubscribed) == 0
    tickets = con.execute(
        """select min(created_at), max(created_at),
                  count(*) filter (where resolved_at < created_at),
                  min(satisfaction_score), max(satisfaction_score) from support_tickets"""
    ).fetchone()
    assert tickets[0].date() >= AS_OF - timedelta(days=365) and tickets[1].date() <= AS_OF
    assert tickets[2] == 0 and tickets[3] >= 1 and tickets[4] <= 5
    ticket_contact = """select count(*) from support_tickets t join contacts c using (contact_id)
                        where c.account_id != t.account_id or c.created_at > t.created_at"""
    assert _one(con, ticket_contact) == 0


# ------------------------------------------------------------------------------------------
# Dirt
# ------------------------------------------------------------------------------------------


def test_normal_dirt(normal, clean):
    con = _db(normal[0])
    dupes = _one(con, "select count(*) - count(distinct event_id) from events")
    assert 0.005 < dupes / normal[1]["events"] < 0.02
    industries = {r[0] for r in con.execute("select distinct industry from accounts").fetchall()}
    assert {"SaaS", "Banking"} & industries
    assert any(v and v != v.strip() for v in industries)  # stray spaces
    assert any(v and v.strip() not in VOCAB[("accounts", "industry")] for v in industries)
    countries = {r[0] for r in con.execute("select distinct country from accounts").fetchall()}
    assert {"USA", "United States", "UK"} & countries
    departments = {r[0] for r in con.execute("select distinct department from contacts").fetchall()}
    assert "RevOps" in departments and "Legal" in departments
    sources = {r[0] for r in con.execute("select distinct lead_source from contacts").fetchall()}
    assert "podcast" in sources
    types = dict(con.execute("select event_type, count(*) from events group by 1").fetchall())
    canonical = VOCAB[("events", "event_type")]
    unknown = sum(n for t, n in types.items() if t.strip().lower() not in canonical)
    assert 0.002 < unknown / normal[1]["events"] < 0.01
    messy = sum(n for t, n in types.items() if t != t.strip().lower())
    assert 0.03 < messy / normal[1]["events"] < 0.08
    nulls = con.execute(
        """select avg((seniority is null)::int), avg((department is null)::int) from contacts"""
    ).fetchone()
    assert 0.15 < nulls[0] < 0.25 and 0.02 < nulls[1] < 0.09
    nulls = con.execute(
        """select avg((industry is null)::int), avg((employee_count is null)::int),
                  avg((annual_revenue is null)::int) from accounts"""
    ).fetchone()
    assert 0.02 < nulls[0] < 0.16 and 0.04 < nulls[1] < 0.18 and 0.08 < nulls[2] < 0.25
    # dirt does not change the underlying people and companies
    assert normal[1]["contacts"] == clean[1]["contacts"]


def test_high_dirt_has_every_invalid_class(high):
    con = _db(high[0])
    as_of = f"timestamp '{AS_OF}'"

    def dup(table: str, key: str, cols: str) -> int:
        return _one(
            con,
            f"""select count(*) from (select {key} from {table} where {key} is not null
                group by 1 having count(distinct concat_ws('|', {cols})) > 1)""",
        )

    checks = {
        "accounts null id": "select count(*) from accounts where account_id is null",
        "contacts null id": "select count(*) from contacts where contact_id is null",
        "events null id": "select count(*) from events where event_id is null",
        "opps null id": "select count(*) from opportunities where opportunity_id is null",
        "subs null id": "select count(*) from subscriptions where subscription_id is null",
        "tickets null id": "select count(*) from support_tickets where ticket_id is null",
        "usage null account": "select count(*) from product_usage where account_id is null",
        # future for any realistic run date: ten years and more after as_of
        "future events": f"""select count(*) from events
            where try_cast(occurred_at as timestamp) >= {as_of} + interval 3650 day""",
        "events before contact": """select count(*) from events e join contacts c using (contact_id)
            where try_cast(e.occurred_at as timestamp) < try_cast(c.created_at as timestamp)""",
        "orphan events": """select count(*) from events where contact_id not in
            (select contact_id from contacts where contact_id is not null)""",
        "orphan contacts": """select count(*) from contacts where account_id not in
            (select account_id from accounts where account_id is not null)""",
        "negative active users": """select count(*) from product_usage
            where try_cast(active_users as bigint) < 0""",
        "negative seats": "select count(*) from subscriptions where try_cast(seats as int) < 0",
        "negative amount": "select count(*) from opportunities where try_cast(amount as float) < 0",
        "bad event time": """select count(*) from events
            where occurred_at is not null and try_cast(occurred_at as timestamp) is null""",
        "bad employee count": """select count(*) from accounts
            where employee_count is not null and try_cast(employee_count as bigint) is null""",
        "bad opp date": """select count(*) from opportunities
            where created_at is not null and try_cast(created_at as date) is null""",
        "bad usage date": """select count(*) from product_usage
            where usage_date is not null and try_cast(usage_date as date) is null""",
    }  # fmt: skip
    found = {name: _one(con, sql) for name, sql in checks.items()}
    found["dup accounts"] = dup("accounts", "account_id", "account_name, industry, employee_count")
    found["dup contacts"] = dup("contacts", "contact_id", "email, title, seniority")
    found["dup events"] = dup("events", "event_id", "occurred_at, event_type")
    found["dup opps"] = dup("opportunities", "opportunity_id", "stage, amount, closed_at")
    found["dup subs"] = dup("subscriptions", "subscription_id", "seats, arr, end_date")
    found["dup tickets"] = dup("support_tickets", "ticket_id", "status, severity, resolved_at")
    assert all(n >= 1 for n in found.values()), {k: v for k, v in found.items() if v < 1}
    # but only a small share of the rows are broken
    assert found["future events"] < 0.01 * high[1]["events"]
    # and no event lies between the end of the as-of day and the future ones
    later = _one(
        con,
        f"""select count(*) from events
            where try_cast(occurred_at as timestamp) >= {as_of} + interval 1 day
              and try_cast(occurred_at as timestamp) < {as_of} + interval 3650 day""",
    )
    assert later == 0


# ------------------------------------------------------------------------------------------
# The hidden propensity shows in the data
# ------------------------------------------------------------------------------------------


def test_high_propensity_accounts_show_more_intent(signal):
    per_quartile = signal.execute(
        f"""with q as (select account_id, ntile(4) over (order by buy_propensity) qt
                       from truth_accounts),
                 hi as (select account_id, count(*) n from ev
                        where {HIGH_INTENT_SQL} and occurred_at >= date '{AS_OF}' - 60
                        group by 1),
                 c as (select account_id, count(*) contacts from contacts group by 1)
            select qt, sum(coalesce(n, 0)) / sum(contacts)
            from q join c using (account_id) left join hi using (account_id)
            group by 1 order by 1"""
    ).fetchall()
    rates = [r[1] for r in per_quartile]
    assert rates[3] > 1.5 * rates[0]
    assert rates[3] > rates[2] > rates[0]


def test_next_quarter_winners_show_intent_before_as_of(signal):
    rows = signal.execute(
        f"""with won as (select distinct account_id from opportunities
                         where opportunity_type = 'new_business' and stage = 'closed_won'
                         and closed_at > date '{AS_OF}' and closed_at <= date '{AS_OF}' + 90),
                 hi as (select account_id, count(*) n from ev
                        where {HIGH_INTENT_SQL} and occurred_at >= date '{AS_OF}' - 30
                        group by 1)
            select won.account_id is not null, count(*), avg(coalesce(n, 0)),
                   median(coalesce(n, 0))
            from accounts left join won using (account_id) left join hi using (account_id)
            group by 1"""
    ).fetchall()
    stats = {r[0]: r[1:] for r in rows}
    assert stats[True][0] >= 3
    assert stats[True][1] > 2 * stats[False][1]
    assert stats[True][2] > stats[False][2]


def test_fit_predicts_new_business_and_personal_contacts_never_buy(signal):
    rates = signal.execute(
        """with q as (select account_id, ntile(2) over (order by buy_propensity) half
                      from truth_accounts where not is_customer_at_as_of)
           select half, count(o.opportunity_id) / count(distinct q.account_id)
           from q left join opportunities o
             on o.account_id = q.account_id and o.opportunity_type = 'new_business'
           group by 1 order by 1"""
    ).fetchall()
    assert rates[1][1] > 2 * rates[0][1]
    zero = """select count(*) from opportunities o join truth_contacts t
              on t.contact_id = o.primary_contact_id where t.propensity = 0"""
    assert _one(signal, zero) == 0
    win = _one(
        signal,
        """select avg((stage = 'closed_won')::int) from opportunities
           where opportunity_type = 'new_business' and stage like 'closed%'""",
    )
    assert 0.15 < win < 0.5


def test_customer_health_drives_usage_tickets_and_churn(signal):
    rows = signal.execute(
        f"""with h as (select account_id, ntile(2) over (order by health) half
                       from truth_accounts where is_customer_at_as_of),
                 u as (select account_id, avg(active_users / licensed_seats) util
                       from product_usage where usage_date > date '{AS_OF}' - 90 group by 1),
                 t as (select account_id, count(*) tickets from support_tickets group by 1),
                 churn as (select distinct account_id from subscriptions
                           where cancelled_at > date '{AS_OF}'),
                 expand as (select distinct account_id from opportunities
                            where opportunity_type = 'expansion' and stage = 'closed_won'
                            and closed_at > date '{AS_OF}')
            select half, avg(util), avg(coalesce(tickets, 0)),
                   avg((churn.account_id is not null)::int),
                   avg((expand.account_id is not null)::int)
            from h left join u using (account_id) left join t using (account_id)
            left join churn using (account_id) left join expand using (account_id)
            group by 1 order by 1"""
    ).fetchall()
    low, high = rows
    assert high[1] > low[1] + 0.05  # seat utilisation
    assert low[2] > 1.3 * high[2]  # tickets
    assert low[3] > high[3]  # churn after as_of
    assert high[4] > low[4]  # expansion after as_of
