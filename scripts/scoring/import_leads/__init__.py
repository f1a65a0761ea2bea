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

Modules: ``defaults`` (default column names, activity columns, constants), ``seeds`` (event types,
personal domains), ``mapping`` (the mapping file, the resolved columns), ``values`` (value
parsing), ``rows`` (a CSV row to a lead), ``accounts`` (accounts from the leads), ``tables``
(contacts, events, opportunities), ``importer`` (``import_leads()``), ``command`` (``run()``, the
printout) and ``example`` (the example lead table).
"""

from scoring.import_leads.command import run
from scoring.import_leads.defaults import ACTIVITY_DEFAULTS, FIELD_DEFAULTS, LeadImportError
from scoring.import_leads.example import export_example_leads, write_example
from scoring.import_leads.importer import ImportResult, import_leads
from scoring.import_leads.mapping import load_mapping, resolve_mapping
from scoring.import_leads.values import domain_of
from scoring.importing import parse_number, parse_timestamp, warehouse_for

__all__ = [
    "ACTIVITY_DEFAULTS",
    "FIELD_DEFAULTS",
    "ImportResult",
    "LeadImportError",
    "domain_of",
    "export_example_leads",
    "import_leads",
    "load_mapping",
    "parse_number",
    "parse_timestamp",
    "resolve_mapping",
    "run",
    "warehouse_for",
    "write_example",
]
