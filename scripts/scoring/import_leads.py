"""Bring your own data: turn a flat lead table (a CSV exported from a CRM) into the raw data
contract.

``scoring import-leads LEADS.csv --to DATA_DIR [--mapping MAP.yml] [--as-of YYYY-MM-DD]`` writes
the seven files the sources read (``models/staging/_sources.yml``), as Parquet with the columns
and types ``scoring.generate`` writes, so ``scoring build --data-dir DATA_DIR --as-of ...`` scores
the leads and validates the scores against the converted flag.

What each lead becomes
----------------------
* **accounts**: one row per company. The account key is the company's web domain (the website
  column, else the domain of a business email address; personal domains from seed
  ``personal_email_domains`` never count), else the domain another lead with the same company
  name has, else the normalised company name; ``account_id`` is
  ``ACC-`` + the first 12 hex digits of its SHA-1, so the same company gets the same id in every
  import. Firmographics (name, industry, employee count, revenue, country) come from the first
  lead of the company that has them; ``created_at`` is the earliest lead created date. Columns a
  lead table does not have (growth, technology, cloud adoption ...) are null and land in their
  factor's ``unknown`` tier. **Person accounts** (mapping key ``accounts``): ``person`` makes
  every lead its own account, key ``p:<contact_id>`` (so ``account_id`` is ``ACC-`` + the SHA-1 of
  that), named after the lead (first and last name, else its id), no domain, created on the
  lead's created date, firmographics the lead's own; ``company`` is the behaviour above; ``auto``
  (the default) is ``person`` when no lead of the table has a company key (no company, no
  website, no business email domain: a consumer table would give no account at all, and a build
  needs accounts), else ``company``.
* **contacts**: one row per lead. ``contact_id`` is the lead id column as is (the key the CRM
  sync writes back to); a lead without one gets ``L-`` + a SHA-1 of its email (or of its whole
  row), stable across imports. With company accounts, a lead with no company and no business
  domain is a contact without an account (valid: it is scored on role and behaviour only).
  **Every other column** of the lead table (neither mapped to a field nor an activity count nor
  in ``drop_columns``) is kept as an extra text column of contacts, the value as is (trimmed, an
  empty cell null), named in lower snake_case as the dbt macro ``custom_column_name`` names it
  (``Lead Origin`` -> ``lead_origin``; ``_2``, ``_3`` ... when that name is a contacts contract
  column, ``activity_undated`` or an earlier kept column): it is scored as the custom feature
  ``contacts__<name>`` with no further edit (docs/custom_features.md). Drop free text and personal
  data (and anything that records the outcome) with ``drop_columns``. When the table has activity
  columns, the boolean column ``activity_undated`` is true for a lead whose events are spread
  (below) and that has any activity, false otherwise: the models then compute no trend, recency
  or decay from made-up dates. Without activity columns it is not written (there is nothing to
  date).
* **events**: each activity count column gives N events of its event type (``email_opens`` -> N
  ``email_open`` events, ``pricing_page_views`` -> N ``page_view`` / ``pricing``; the defaults
  are in ``ACTIVITY_DEFAULTS``, every type must exist in seed ``event_signals``). Dating: when the
  table has a last-activity date column, all of a lead's events fall on that day (08:00-18:00,
  never before the lead was created); otherwise, or for a lead with an empty last-activity date,
  they are spread evenly over the 30 days up to the as-of date (from the lead's creation if
  later). Either way the events are identical from one import to the next (nothing random).
* **opportunities**: a converted lead becomes one won ``new_business`` opportunity of its
  account, with the lead as primary contact, created and closed the day after the as-of date, so
  the outcome lies in the validation horizon (as_of, as_of + outcome_horizon_days]. Unconverted
  leads get none.
* **product_usage**, **support_tickets**, **subscriptions**: empty, with the contract's columns.

The as-of date defaults to the latest last-activity date in the table (else the latest created
date), ignoring dates after today. A table with **no date column at all** (neither a created nor a
last-activity date) is scored as of today (UTC) unless ``--as-of`` says otherwise, and every lead
is taken as created 30 days before the as-of date (``NO_DATE_CREATED_DAYS``), so its spread
events fall after its creation.

Nothing is dropped silently. A row the importer cannot map fully is still written (the dbt
staging quarantines what is invalid, e.g. a converted lead without a company gives an opportunity
without an account: ``missing_key``) and reported with its file, row number (the header is row 1,
as in a spreadsheet), column and reason, on the console and in ``DATA_DIR/_import_issues.csv``.
Only rows with no value at all are skipped (and reported). ``DATA_DIR/_lead_import.json`` records
the as-of date, the resolved column mapping, the counts, the account mode, ``kept_columns``
(lead-table column -> contacts column) and ``dropped_columns``.

The mapping (YAML, all keys optional)::

    columns:                 # contract field -> your column (a name or a list of candidates)
      lead_id: Id
      company: Company
      last_activity_date: null   # null = not used: spread the events over 30 days instead
    converted_values: [true, "1", "yes", "customer"]   # converted-column values meaning yes
    activities:              # your count columns -> event type or "event_type:event_detail"
      Email_Opens__c: email_open
      Pricing_Page_Views__c: "page_view:pricing"
    date_format: "%d/%m/%Y"  # for dates that are neither ISO 8601 nor MM/DD/YYYY
    drop_columns: [Description, Phone]  # neither mapped nor kept (free text, personal data)
    accounts: auto           # auto | company | person: one account per company, or per lead

Fields not named under ``columns`` are found by the candidates in ``FIELD_DEFAULTS`` (Salesforce
lead export, HubSpot contact export internal names and labels); names match ignoring case,
punctuation and a Salesforce ``__c`` suffix, as are the names of ``drop_columns`` (a dropped
column is not found by the defaults either; naming it under ``columns`` or ``activities`` too is
an error). An ``activities`` section replaces the default activity columns.

``export_example_leads`` flattens data from ``scoring.generate`` into a Salesforce-style lead CSV
(the example in ``examples/lead_table``; ``python -m scoring.import_leads examples/lead_table``
re-creates it).
"""

from __future__ import annotations

import csv
import re
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from scoring.importing import (
    EPOCH,
    FALSE_WORDS,
    SCHEMAS,
    TRUE_WORDS,
    Issue,
    TableImportError,
    account_id_for,
    build_table,
    check_columns,
    check_mapping_list,
    find_column,
    kept_columns,
    load_yaml,
    next_steps,
    norm,
    parse_as_of,
    parse_number,
    parse_timestamp,
    print_issues,
    print_kept,
    print_next_steps,
    read_csv,
    resolve_columns,
    sha1_hex,
    today_utc,
    warehouse_for,
    with_extra_columns,
    write_issues,
    write_summary,
    write_tables,
)
from scoring.importing import drop_columns as find_drop_columns
from scoring.project import sql_string

__all__ = [
    "ACTIVITY_DEFAULTS",
    "FIELD_DEFAULTS",
    "LeadImportError",
    "domain_of",
    "export_example_leads",
    "import_leads",
    "parse_number",
    "parse_timestamp",
    "resolve_mapping",
    "run",
    "warehouse_for",
]

# contract field -> candidate column names (compared normalised, see importing.norm)
FIELD_DEFAULTS: dict[str, tuple[str, ...]] = {
    "lead_id": ("Id", "LeadId", "Lead ID", "hs_object_id", "Record ID", "vid", "contact_id", "id"),
    "company": ("Company", "Company Name", "account_name", "organization"),
    "domain": ("Website", "Website URL", "domain", "Company Domain Name", "company_domain"),
    "industry": ("Industry",),
    "employee_count": (
        "NumberOfEmployees", "Number of Employees", "employees", "employee_count", "company_size",
    ),
    "annual_revenue": ("AnnualRevenue", "Annual Revenue", "revenue"),
    "country": ("Country", "Country/Region", "BillingCountry", "country_code"),
    "title": ("Title", "jobtitle", "Job Title"),
    "email": ("Email", "Email Address", "email_address"),
    "first_name": ("FirstName", "First Name"),
    "last_name": ("LastName", "Last Name"),
    "department": ("Department",),
    "seniority": ("Seniority", "hs_seniority"),
    "lead_source": ("LeadSource", "Lead Source", "hs_analytics_source", "Original Source"),
    "created_date": ("CreatedDate", "createdate", "Create Date", "created_date", "created_at"),
    "last_activity_date": (
        "LastActivityDate", "Last Activity Date", "notes_last_updated",
        "hs_last_sales_activity_timestamp", "last_activity_at",
    ),
    "converted": ("IsConverted", "converted", "is_converted", "lifecyclestage", "Lifecycle Stage"),
    "amount": ("Amount", "recent_deal_amount", "Recent Deal Amount"),
}  # fmt: skip
FIELDS = tuple(FIELD_DEFAULTS)

# activity count column (normalised) -> "event_type" or "event_type:event_detail"
ACTIVITY_DEFAULTS: dict[str, str] = {
    "email_opens": "email_open",
    "emails_opened": "email_open",
    "hs_email_open": "email_open",
    "marketing_emails_opened": "email_open",
    "email_clicks": "email_click",
    "emails_clicked": "email_click",
    "hs_email_click": "email_click",
    "marketing_emails_clicked": "email_click",
    "email_replies": "email_reply",
    "hs_email_replied": "email_reply",
    "marketing_emails_replied": "email_reply",
    "web_visits": "page_view",
    "website_visits": "page_view",
    "page_views": "page_view",
    "hs_analytics_num_page_views": "page_view",
    "number_of_pageviews": "page_view",
    "pricing_page_views": "page_view:pricing",
    "pricing_views": "page_view:pricing",
    "demo_requested": "demo_request",
    "demo_requests": "demo_request",
    "trial_signups": "trial_signup",
    "content_downloads": "content_download",
    "downloads": "content_download",
    # HubSpot form submissions: mostly gated content
    "num_conversion_events": "content_download",
    "number_of_form_submissions": "content_download",
    "webinar_attended": "webinar_attended",
    "webinars_attended": "webinar_attended",
    "events_attended": "event_attended",
    "meetings_held": "meeting_held",
}
CONVERTED_DEFAULTS = ("true", "1", "yes", "y", "t", "converted", "customer", "closed_won")
MAPPING_KEYS = {
    "columns",
    "converted_values",
    "activities",
    "date_format",
    "drop_columns",
    "accounts",
}
ACCOUNT_MODES = ("auto", "company", "person")
UNDATED_COLUMN = "activity_undated"  # contacts: the lead's activity counts had no date
NO_DATE_CREATED_DAYS = 30  # a table without any date: leads created this long before as-of

SPREAD_DAYS = 30  # events without a last-activity date: spread over this many days up to as_of
DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
MAX_COUNT = 100_000  # an activity count above this is taken for a data error
LeadImportError = TableImportError  # the name the lead importer raises


@dataclass
class ImportResult:
    as_of: date
    event_dating: str
    leads: int
    accounts: int
    contacts: int
    events: int
    converted: int
    columns: dict[str, str | None]
    activities: dict[str, str]
    accounts_mode: str = "company"
    kept_columns: dict[str, str] = field(default_factory=dict)  # csv column -> contacts column
    dropped_columns: list[str] = field(default_factory=list)
    activity_undated: int | None = None  # leads flagged; None: no activity columns, no flag
    dates: str = "from the table"
    issues: list[Issue] = field(default_factory=list)
    files: dict[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------------------------
# Mapping
# --------------------------------------------------------------------------------------------


def load_mapping(path: Path | None) -> dict[str, Any]:
    """The mapping file as a dict (empty without a file), checked for unknown keys and values."""
    spec = load_yaml(path, MAPPING_KEYS)
    if not spec:
        return spec
    check_columns(spec, FIELDS, path)
    activities = spec.get("activities")
    if activities is not None and not isinstance(activities, dict):
        raise LeadImportError(f"mapping {path}: activities must map column names to event types")
    for key in ("converted_values", "drop_columns"):
        check_mapping_list(spec, key, path)
    mode = spec.get("accounts")
    if mode is not None and str(mode).strip().lower() not in ACCOUNT_MODES:
        raise LeadImportError(
            f"mapping {path}: accounts = {mode!r}; use one of {', '.join(ACCOUNT_MODES)}"
        )
    return spec


def _event_types(seeds_dir: Path | None) -> dict[str, set[str]]:
    """Event types of seed event_signals with their details ('*' = any)."""
    path = (seeds_dir or _default_seeds()) / "mappings" / "event_signals.csv"
    types: dict[str, set[str]] = {}
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            types.setdefault(row["event_type"], set()).add(row["event_detail"])
    return types


def _personal_domains(seeds_dir: Path | None) -> set[str]:
    path = (seeds_dir or _default_seeds()) / "mappings" / "personal_email_domains.csv"
    with path.open(newline="") as handle:
        return {row["email_domain"].strip().lower() for row in csv.DictReader(handle)}


def _default_seeds() -> Path:
    return Path(__file__).resolve().parents[2] / "seeds"


def _parse_event(value: Any, where: str, known: dict[str, set[str]]) -> tuple[str, str | None]:
    text = str(value).strip()
    event_type, _, detail = text.partition(":")
    event_type, detail = event_type.strip(), detail.strip() or None
    if event_type not in known:
        raise LeadImportError(
            f"{where}: event type {event_type!r} is not in seeds/mappings/event_signals.csv "
            f"(known: {', '.join(sorted(known))}); add it there first"
        )
    return event_type, detail


def resolve_mapping(
    spec: dict[str, Any],
    header: list[str],
    known: dict[str, set[str]],
    source: str,
    dropped: list[str] | None = None,
) -> tuple[dict[str, str | None], dict[str, tuple[str, str | None]]]:
    """Which lead-table column feeds each contract field, and which count columns give events
    (never a ``dropped`` column)."""
    dropped = dropped or []
    columns = resolve_columns(spec, header, FIELD_DEFAULTS, dropped, source)
    used = {c for c in columns.values() if c}
    activities: dict[str, tuple[str, str | None]] = {}
    if spec.get("activities") is not None:
        for column, event in spec["activities"].items():
            found = find_column(header, [str(column)])
            if found is None:
                raise LeadImportError(
                    f"{source}: activity column {column!r} of the mapping is not in the lead table "
                    f"(columns: {', '.join(header)})"
                )
            if found in dropped:
                raise LeadImportError(
                    f"{source}: activity column {column!r} of the mapping is also in drop_columns"
                )
            activities[found] = _parse_event(event, f"mapping activities.{column}", known)
    else:
        for column in header:
            event = ACTIVITY_DEFAULTS.get(norm(column))
            if event and column not in used and column not in dropped:
                activities[column] = _parse_event(event, f"default for {column}", known)
    clash = used & set(activities)
    if clash:
        raise LeadImportError(f"{source}: column(s) {sorted(clash)} mapped twice")
    return columns, activities


# --------------------------------------------------------------------------------------------
# Value parsing
# --------------------------------------------------------------------------------------------


def domain_of(text: str) -> str | None:
    """www.Acme.com/about, https://acme.com -> acme.com; None if it is not a domain."""
    value = text.strip().lower()
    value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value)
    value = value.split("/")[0].split("?")[0].split(":")[0].removeprefix("www.").strip(".")
    if "@" in value:
        value = value.rsplit("@", 1)[1]
    return value if re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", value) else None


def _company_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _us(value: datetime) -> int:
    return (value - EPOCH) // timedelta(microseconds=1)


def _day_us(day: date) -> int:
    return (day - EPOCH.date()).days * DAY_US


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------


@dataclass
class _Lead:
    row: int
    contact_id: str
    account_key: str | None
    values: dict[str, str]
    created: datetime | None
    last_activity: date | None
    converted: bool
    counts: list[int]
    kept: dict[str, str | None] = field(default_factory=dict)

    @property
    def is_undated(self) -> bool:
        """Activity counts without a last-activity date: the events are spread (made-up dates)."""
        return self.last_activity is None and sum(self.counts) > 0


def import_leads(
    leads_csv: Path,
    out_dir: Path,
    mapping: Path | None = None,
    as_of: date | None = None,
    seeds_dir: Path | None = None,
) -> ImportResult:
    """Write the seven raw files for the lead table into ``out_dir``; see the module docstring."""
    leads_csv, out_dir = Path(leads_csv), Path(out_dir)
    spec = load_mapping(mapping)
    known = _event_types(seeds_dir)
    personal = _personal_domains(seeds_dir)
    header, rows = read_csv(leads_csv)
    dropped = find_drop_columns(spec, header, str(leads_csv))
    columns, activities = resolve_mapping(spec, header, known, str(leads_csv), dropped)
    used = {c for c in columns.values() if c} | set(activities) | set(dropped)
    kept = kept_columns(header, used, [*SCHEMAS["contacts"].names, UNDATED_COLUMN])
    mode = str(spec.get("accounts") or "auto").strip().lower()
    date_format = spec.get("date_format")
    converted_values = {
        str(v).strip().lower() for v in (spec.get("converted_values") or CONVERTED_DEFAULTS)
    }
    # a lifecycle-stage column has many values that are simply "not converted"
    stage_column = norm(columns["converted"] or "") in {"lifecyclestage", "lifecycle_stage"}
    index = {name: i for i, name in enumerate(header)}
    file_name = leads_csv.name
    issues: list[Issue] = []

    def report(row: int, column: str | None, value: str, reason: str) -> None:
        issues.append(Issue(file_name, row, column or "", value, reason))

    activity_columns = list(activities)
    leads: list[_Lead] = []
    for number, raw in rows:
        if not any(cell.strip() for cell in raw):
            report(number, None, "", "empty row: skipped")
            continue
        if len(raw) != len(header):
            report(
                number,
                None,
                f"{len(raw)} cells",
                f"wrong number of cells: {len(raw)}, header {len(header)}; missing cells read as "
                "empty, extra cells ignored",
            )
        cells = {name: (raw[i].strip() if i < len(raw) else "") for name, i in index.items()}
        values = {f: cells[c] for f, c in columns.items() if c}

        def value(name: str, _values: dict[str, str] = values) -> str:
            return _values.get(name, "")

        # ids and account
        contact_id = value("lead_id")
        if not contact_id:
            basis = value("email").lower() or "|".join(raw)
            contact_id = f"L-{sha1_hex(basis, 16)}"
            report(
                number,
                columns["lead_id"],
                "",
                f"no lead id: written as {contact_id} (hash of the email, else of the row)",
            )
        website = value("domain")
        domain = domain_of(website) if website else None
        if website and domain is None:
            report(number, columns["domain"], website, "not a web domain: ignored")
        email = value("email")
        email_domain = domain_of(email) if "@" in email else None
        if email and email_domain is None:
            report(number, columns["email"], email, "not an email address: written as is")
        if domain is None and email_domain and email_domain not in personal:
            domain = email_domain
        company = value("company")
        if domain:
            account_key = f"d:{domain}"
        elif company and _company_key(company):
            account_key = f"n:{_company_key(company)}"
        else:
            account_key = None
        # dates
        created = None
        if value("created_date"):
            created = parse_timestamp(value("created_date"), date_format)
            if created is None:
                report(
                    number,
                    columns["created_date"],
                    value("created_date"),
                    "unparseable date: created_at written as null",
                )
        last_activity = None
        if value("last_activity_date"):
            stamp = parse_timestamp(value("last_activity_date"), date_format)
            if stamp is None:
                report(
                    number,
                    columns["last_activity_date"],
                    value("last_activity_date"),
                    "unparseable date: events spread over the 30 days before as-of",
                )
            else:
                last_activity = stamp.date()
        for name in ("employee_count", "annual_revenue", "amount"):
            if value(name) and parse_number(value(name)) is None:
                report(number, columns[name], value(name), "not a number: written as null")
        # outcome
        flag = value("converted").lower()
        converted = flag in converted_values
        if flag and not converted and flag not in FALSE_WORDS and not stage_column:
            report(
                number,
                columns["converted"],
                value("converted"),
                f"not a converted value ({', '.join(sorted(converted_values))}): not converted",
            )
        # activities
        counts = []
        for column in activity_columns:
            text = cells[column]
            count = 0
            if text:
                lowered = text.lower()
                number_value = parse_number(text)
                if lowered in TRUE_WORDS:
                    count = 1
                elif lowered in FALSE_WORDS:
                    count = 0
                elif number_value is None or number_value < 0 or number_value > MAX_COUNT:
                    report(number, column, text, f"not a count from 0 to {MAX_COUNT}: read as 0")
                else:
                    count = round(number_value)
                    if count != number_value:
                        report(number, column, text, f"not a whole number: read as {count}")
            counts.append(count)
        leads.append(
            _Lead(
                number,
                contact_id,
                account_key,
                values,
                created,
                last_activity,
                converted,
                counts,
                {column: cells[column] or None for column in kept},
            )
        )

    # accounts: one per company, or one per lead (a person account) when asked or when no lead has
    # a company key (a consumer table would give no account at all, and nothing can be built)
    if mode == "auto":
        mode = "company" if any(lead.account_key for lead in leads) else "person"
        accounts_mode = f"{mode} (auto)"
    else:
        accounts_mode = mode
    if mode == "person":
        for lead in leads:
            lead.account_key = f"p:{lead.contact_id}"
    else:
        # a lead known only by its company name joins the account of a lead with that name and a
        # domain
        name_domains: dict[str, str] = {}
        for lead in leads:
            name = _company_key(lead.values.get("company", ""))
            if name and lead.account_key and lead.account_key.startswith("d:"):
                name_domains.setdefault(name, lead.account_key)
        for lead in leads:
            if lead.account_key and lead.account_key.startswith("n:"):
                lead.account_key = name_domains.get(lead.account_key[2:], lead.account_key)
            elif lead.account_key is None:
                report(
                    lead.row,
                    columns["company"],
                    lead.values.get("company", ""),
                    "no company and no business domain: "
                    "contact written without an account (scored on role and behaviour only)",
                )

    # duplicates: written, staging keeps one row per id (duplicate_id / duplicate_row)
    first_row: dict[str, int] = {}
    for lead in leads:
        if lead.contact_id in first_row:
            report(
                lead.row,
                columns["lead_id"],
                lead.contact_id,
                f"same lead id as row {first_row[lead.contact_id]}: written; staging keeps one "
                "(quarantine rule duplicate_id or duplicate_row)",
            )
        else:
            first_row[lead.contact_id] = lead.row

    # a table without any date column: scored as of today, every lead created a month before
    undated_table = not columns["created_date"] and not columns["last_activity_date"]
    today = date.today()
    if as_of is None:
        if undated_table:
            as_of = today_utc()
        else:
            dated = [
                ld.last_activity for ld in leads if ld.last_activity and ld.last_activity <= today
            ]
            if not dated:
                dated = [
                    ld.created.date() for ld in leads if ld.created and ld.created.date() <= today
                ]
            if not dated:
                raise LeadImportError(
                    f"{leads_csv}: no last-activity or created dates: pass --as-of"
                )
            as_of = max(dated)
    if undated_table:
        created_at = datetime.combine(
            as_of - timedelta(days=NO_DATE_CREATED_DAYS), datetime.min.time()
        )
        for lead in leads:
            lead.created = created_at
    for lead in leads:
        if lead.created and lead.created.date() > as_of:
            report(
                lead.row,
                columns["created_date"],
                lead.values.get("created_date", ""),
                f"created after the as-of date {as_of}: written, not scored on that date",
            )
        if lead.last_activity and lead.last_activity > as_of:
            report(
                lead.row,
                columns["last_activity_date"],
                lead.values.get("last_activity_date", ""),
                f"last activity after the as-of date {as_of}: its events do not count then",
            )

    tables = {
        "accounts": _accounts(leads),
        "contacts": _contacts(leads, kept, bool(activities)),
        "events": _events(leads, activities, as_of, report, columns["last_activity_date"]),
        "opportunities": _opportunities(leads, as_of, report, columns["converted"]),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    files = write_tables(tables, out_dir)

    issues.sort(key=lambda issue: issue.row)
    undated = sum(1 for lead in leads if lead.is_undated)
    result = ImportResult(
        as_of=as_of,
        event_dating=(
            f"last-activity date ({columns['last_activity_date']})"
            if columns["last_activity_date"]
            else f"spread over the {SPREAD_DAYS} days up to the as-of date"
        ),
        leads=len(leads),
        accounts=tables["accounts"].num_rows,
        contacts=tables["contacts"].num_rows,
        events=tables["events"].num_rows,
        converted=tables["opportunities"].num_rows,
        columns=columns,
        activities={c: ":".join(x for x in e if x) for c, e in activities.items()},
        accounts_mode=accounts_mode,
        kept_columns=kept,
        dropped_columns=dropped,
        activity_undated=undated if activities else None,
        dates=(
            f"none in the table: created {NO_DATE_CREATED_DAYS} days before the as-of date"
            if undated_table
            else "from the table"
        ),
        issues=issues,
        files=files,
    )
    write_issues(result.issues, out_dir)
    summary = asdict(result)
    summary["as_of"] = result.as_of.isoformat()
    summary["issues"] = len(result.issues)
    write_summary(summary, out_dir, "_lead_import.json")
    return result


def _first(leads: list[_Lead], name: str) -> str | None:
    return next((ld.values[name] for ld in leads if ld.values.get(name)), None)


def _number(text: str | None) -> float | None:
    return None if text is None else parse_number(text)


def _first_number(leads: list[_Lead], name: str) -> float | None:
    for lead in leads:
        number = _number(lead.values.get(name))
        if number is not None:
            return number
    return None


def _accounts(leads: list[_Lead]) -> pa.Table:
    groups: dict[str, list[_Lead]] = {}
    for lead in leads:
        if lead.account_key:
            groups.setdefault(lead.account_key, []).append(lead)
    rows: dict[str, list] = {name: [] for name in SCHEMAS["accounts"].names}
    for key, members in groups.items():
        numbers = {n: _first_number(members, n) for n in ("employee_count", "annual_revenue")}
        created = [m.created.date() for m in members if m.created]
        rows["account_id"].append(account_id_for(key))
        rows["account_name"].append(
            _person_name(members[0]) if key.startswith("p:") else _first(members, "company")
        )
        rows["domain"].append(key[2:] if key.startswith("d:") else None)
        rows["industry"].append(_first(members, "industry"))
        employees = numbers["employee_count"]
        rows["employee_count"].append(None if employees is None else round(employees))
        rows["annual_revenue"].append(numbers["annual_revenue"])
        rows["country"].append(_first(members, "country"))
        rows["created_at"].append(min(created) if created else None)
        for name in (
            "revenue_growth_pct", "employee_growth_pct", "growth_stage", "cloud_adoption",
            "digital_maturity", "tech_stack", "locations_count", "fiscal_year_start_month",
            "owner_id",
        ):  # fmt: skip
            rows[name].append(None)
    return build_table("accounts", rows)


def _person_name(lead: _Lead) -> str:
    """A person account's name: the lead's first and last name, else its id."""
    names = (lead.values.get("first_name"), lead.values.get("last_name"))
    return " ".join(v for v in names if v) or lead.contact_id


def _contacts(leads: list[_Lead], kept: dict[str, str], has_activity: bool) -> pa.Table:
    """One row per lead; then the kept columns (text, custom features) and, when the table has
    activity columns, the boolean activity_undated."""
    rows: dict[str, list] = {name: [] for name in SCHEMAS["contacts"].names}
    for lead in leads:
        v = lead.values
        rows["contact_id"].append(lead.contact_id)
        rows["account_id"].append(account_id_for(lead.account_key) if lead.account_key else None)
        rows["email"].append(v.get("email") or None)
        for name in ("first_name", "last_name", "title", "seniority", "department", "lead_source"):
            rows[name].append(v.get(name) or None)
        rows["created_at"].append(lead.created)
        rows["unsubscribed_at"].append(None)
    extra = {
        name: pa.array([lead.kept[column] for lead in leads], pa.string())
        for column, name in kept.items()
    }
    if has_activity:
        extra[UNDATED_COLUMN] = pa.array([lead.is_undated for lead in leads], pa.bool_())
    return with_extra_columns(build_table("contacts", rows), extra)


def _events(
    leads: list[_Lead],
    activities: dict[str, tuple[str, str | None]],
    as_of: date,
    report,
    last_activity_column: str | None,
) -> pa.Table:
    """N events per activity count, evenly spaced in each lead's window (see module docstring)."""
    kinds = list(activities.values())
    n_kinds = len(kinds)
    as_of_end = _day_us(as_of) + DAY_US - 1_000_000  # 23:59:59 on the as-of day
    spread_start = _day_us(as_of - timedelta(days=SPREAD_DAYS - 1))
    lead_idx, kind_idx, counts, starts, ends = [], [], [], [], []
    for number, lead in enumerate(leads):
        total = sum(lead.counts)
        if total == 0:
            continue
        created = _us(lead.created) + 1_000_000 if lead.created else None
        if lead.last_activity is not None:
            day = _day_us(lead.last_activity)
            start, end = day + 8 * HOUR_US, day + 18 * HOUR_US
            if created is not None and created > start:
                start, end = created, max(end, day + DAY_US - 1_000_000)
                if start >= end:  # created after the last activity: kept, staging quarantines
                    report(
                        lead.row,
                        last_activity_column,
                        str(lead.last_activity),
                        "last activity before the lead was created: events written, "
                        "quarantined by staging (before_contact_created)",
                    )
                    start, end = day + 8 * HOUR_US, day + 18 * HOUR_US
        else:
            if last_activity_column:
                report(
                    lead.row,
                    last_activity_column,
                    "",
                    f"no last-activity date: {total} "
                    f"events spread over the {SPREAD_DAYS} days before the as-of date",
                )
            start, end = spread_start, as_of_end
            if created is not None and created > start:
                start = created
                end = max(end, created + 1_000_000)  # created after as_of: not scored anyway
        for k, count in enumerate(lead.counts):
            if count:
                lead_idx.append(number)
                kind_idx.append(k)
                counts.append(count)
                starts.append(start)
                ends.append(end)
    counts_a = np.asarray(counts, dtype=np.int64)
    total = int(counts_a.sum()) if counts_a.size else 0
    rep = np.repeat(np.arange(counts_a.size), counts_a)
    # position of each event within its (lead, kind) cell: 0 .. count-1
    offsets = np.cumsum(counts_a) - counts_a
    within = np.arange(total) - np.repeat(offsets, counts_a)
    kind = np.asarray(kind_idx, dtype=np.int64)[rep] if total else np.zeros(0, np.int64)
    start_a = np.asarray(starts, dtype=np.int64)[rep] if total else np.zeros(0, np.int64)
    span = (
        (np.asarray(ends, dtype=np.int64) - np.asarray(starts, dtype=np.int64))[rep]
        if total
        else np.zeros(0, np.int64)
    )
    # evenly spaced, each event type shifted a little so two types do not share timestamps
    fraction = (within + (kind + 1) / (n_kinds + 1)) / counts_a[rep] if total else np.zeros(0)
    ts = start_a + np.floor(fraction * span).astype(np.int64)
    ts -= ts % 1_000_000  # whole seconds
    lead_of = np.asarray(lead_idx, dtype=np.int64)[rep] if total else np.zeros(0, np.int64)
    order = np.lexsort((kind, lead_of, ts))
    contact_ids = np.array([ld.contact_id for ld in leads], dtype=object)
    types = np.array([k[0] for k in kinds] or [""], dtype=object)
    details = np.array([k[1] for k in kinds] or [None], dtype=object)
    return pa.table(
        {
            "event_id": pa.array(np.arange(1, total + 1, dtype=np.int64)),
            "contact_id": pa.array(contact_ids[lead_of[order]] if total else [], pa.string()),
            "occurred_at": pa.array(ts[order], pa.timestamp("us")),
            "event_type": pa.array(types[kind[order]] if total else [], pa.string()),
            "event_detail": pa.array(details[kind[order]] if total else [], pa.string()),
        }
    ).cast(SCHEMAS["events"])


def _opportunities(leads: list[_Lead], as_of: date, report, converted_column) -> pa.Table:
    rows: dict[str, list] = {name: [] for name in SCHEMAS["opportunities"].names}
    closed = as_of + timedelta(days=1)
    for lead in leads:
        if not lead.converted:
            continue
        if lead.account_key is None:
            report(
                lead.row,
                converted_column,
                lead.values.get("converted", ""),
                "converted lead without company or domain: opportunity written without an "
                "account, quarantined by staging (missing_key); not counted as a conversion",
            )
        rows["opportunity_id"].append(f"OPP-{lead.contact_id}")
        rows["account_id"].append(account_id_for(lead.account_key) if lead.account_key else None)
        rows["primary_contact_id"].append(lead.contact_id)
        rows["opportunity_type"].append("new_business")
        rows["stage"].append("closed_won")
        rows["amount"].append(_number(lead.values.get("amount") or None))
        rows["created_at"].append(closed)
        rows["closed_at"].append(closed)
    return build_table("opportunities", rows)


def run(
    leads: Path,
    to: Path,
    mapping: Path | None,
    as_of: str | None,
    seeds_dir: Path | None,
    console,
    project_dir: Path | None = None,
) -> ImportResult:
    """The ``scoring import-leads`` command: import, then print counts, issues and next steps.

    The next steps are commands to paste as they are, from the folder the import ran in: the
    paths as given (relative ones are read from the current folder), shell-quoted."""
    result = import_leads(leads, to, mapping, parse_as_of(as_of), seeds_dir)
    console.print(
        f"Imported {leads}: {result.leads:,} leads read -> {result.accounts:,} accounts, "
        f"{result.contacts:,} contacts, {result.events:,} events, {result.converted:,} converted "
        f"(won new_business on {result.as_of + timedelta(days=1)})"
    )
    mapped = ", ".join(f"{k}={v}" for k, v in result.columns.items() if v)
    console.print(f"Columns: {mapped}", markup=False)
    events = ", ".join(f"{k}->{v}" for k, v in result.activities.items()) or "none"
    console.print(f"Activity columns: {events}; dated at the {result.event_dating}", markup=False)
    if result.activity_undated:
        console.print(
            f"Undated activity: {result.activity_undated:,} leads (contacts.{UNDATED_COLUMN} = "
            "true: no trend, recency or decay)",
            markup=False,
        )
    print_kept(console, result.kept_columns, "contacts")
    if result.dropped_columns:
        console.print(f"Dropped columns: {', '.join(result.dropped_columns)}", markup=False)
    if result.accounts_mode.startswith("person"):
        why = (
            " (no lead has a company, website or business email)"
            if "auto" in result.accounts_mode
            else ""
        )
        console.print(f"Accounts: one person account per lead{why}", markup=False)
    if result.dates != "from the table":
        console.print(
            f"Dates: none in the table: scored as of {result.as_of}, every lead created on "
            f"{result.as_of - timedelta(days=NO_DATE_CREATED_DAYS)}",
            markup=False,
        )
    print_issues(console, result.issues, to)
    # leads sharing a company account each carry their own outcome: only the converted lead (the
    # won deal's primary contact) converts, not its colleagues (var contact_conversion)
    shared = result.accounts < result.contacts
    shared = {"contact_conversion": "primary_contact"} if shared else None
    print_next_steps(console, next_steps(to, result.as_of, project_dir, extra_vars=shared))
    return result


# --------------------------------------------------------------------------------------------
# The example: demo data flattened into a Salesforce-style lead table
# --------------------------------------------------------------------------------------------

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


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "examples/lead_table")
    print(f"{write_example(target):,} leads written to {target / 'leads.csv'}")
