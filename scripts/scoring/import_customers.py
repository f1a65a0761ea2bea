"""Bring your own data: turn a customer snapshot (one row per customer, e.g. a churn table such as
IBM's Telco customer churn export) into the raw data contract.

``scoring import-customers CUSTOMERS.csv --to DATA_DIR [--mapping MAP.yml] [--as-of YYYY-MM-DD]``
writes the seven files the sources read (``models/staging/_sources.yml``), as Parquet with the
contract's columns and types, so ``scoring build --data-dir DATA_DIR --as-of ...`` scores the
customers and validates the scores against the churn flag.

What each customer becomes
--------------------------
* **accounts**: one row. ``account_id`` is ``ACC-`` + the first 12 hex digits of the SHA-1 of the
  customer id (the same customer, the same id in every import); ``account_name`` the company column
  or the customer id; industry, employee count, annual revenue and country from their columns when
  the table has them; ``created_at`` the as-of date minus the tenure. **Every other column** (not
  mapped to a field below and not in ``drop_columns``) is kept verbatim as an extra text column
  of accounts, named in lower snake_case (``PaymentMethod`` -> ``payment_method``; ``_2``,
  ``_3`` ... when the name is taken by a contract column or an earlier kept column), and so is
  scored as the custom feature ``accounts__<name>`` (docs/custom_features.md).
* **subscriptions**: the customer's contract terms. The term length comes from the contract
  column (``contract_values``: ``Month-to-month`` -> 1 month, ``One year`` -> 12, ``Two year`` ->
  24; a term of 1 month is a rolling month-to-month contract, which the models read as
  ``renewal_posture = rolling_monthly``, var ``rolling_term_max_days``); without a contract column,
  or for a value it does not know (reported), 12 months. The first term starts on the as-of date
  minus the tenure (whole months; or the start-date column; without either column, on the as-of
  date), terms follow each other back to back, and the rows are:

  - ``SUB-<customer_id>``: the term current on the as-of date (plan, arr = the arr column x
    ``arr_multiplier``, seats and ``auto_renew`` null: unknown);
  - ``SUB-<customer_id>-earlier``: the terms before it, as one row from the first start (so the
    tenure the models read is the table's);
  - ``SUB-<customer_id>-r1``, ``-r2`` ...: the renewals after it, up to the one in force at the end
    of the outcome horizon, as_of + 90 days.

  A **churned** customer's last written term is cancelled (``cancelled_at``) on a day in
  (as_of, as_of + 90], the same day in every import (spread by a hash of the id), and no term
  follows it; a **retained** customer's terms run past as_of + 90. So, as
  ``int_outcomes__by_date`` derives outcomes, a churned customer has no subscription in force at the
  horizon end (churned = 1) and a retained one does (retained = 1). What the scores see on the
  as-of date is the same for both: the terms started by then, no cancellation recorded by then.
  Without a churn column the outcome is unknown: only the terms up to the current one are written,
  and the printed build does not mark the horizon observed.
* **contacts**, **events**, **opportunities**, **product_usage**, **support_tickets**: empty, with
  the contract's columns (``scoring check`` warns that only accounts are scored).

The as-of date is ``--as-of``, else the mapping's ``as_of``, else today (UTC).

Nothing is dropped silently. A row the importer cannot map fully is still written (the dbt staging
quarantines what is invalid, e.g. a term without a start date when the tenure is not a number:
``missing_value``) and reported with its file, row number (the header is row 1), column and reason,
on the console and in ``DATA_DIR/_import_issues.csv``. Only rows with no value at all are skipped
(and reported). ``DATA_DIR/_customer_import.json`` records the as-of date, the mapping, the counts
and the kept columns.

The mapping (YAML, all keys optional)::

    columns:            # field -> your column (a name or a list of candidates); null = not used
      customer_id: customerID
      churned: Churn
      tenure_months: tenure
      contract: Contract
      arr: MonthlyCharges
      plan: InternetService
      company: null     # also: start_date, industry, employee_count, annual_revenue, country
    churned_values: ["yes", "1", "true"]
    contract_values: {"Month-to-month": 1, "One year": 12, "Two year": 24}  # value -> months
    arr_multiplier: 12  # the arr column is monthly
    drop_columns: [TotalCharges]
    date_format: "%d/%m/%Y"   # for the start-date column, if neither ISO 8601 nor MM/DD/YYYY
    as_of: 2026-06-30

Fields not named under ``columns`` are found among the candidates in ``FIELD_DEFAULTS``, names
compared ignoring case and punctuation. ``contract_values`` adds to (and overrides)
``CONTRACT_DEFAULTS``, values compared the same way; a value such as ``6 months`` or ``2 years`` is
read as it says. ``arr_multiplier`` defaults to 12 when the arr column's name says it is monthly
(``monthly``, ``mrr``), else 1. ``churned_values`` replaces ``CHURNED_DEFAULTS``.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa

from scoring.importing import (
    FALSE_WORDS,
    OUTCOME_HORIZON_DAYS,
    SCHEMAS,
    Issue,
    TableImportError,
    account_id_for,
    build_table,
    check_columns,
    check_mapping_list,
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
    with_extra_columns,
    write_issues,
    write_summary,
    write_tables,
)
from scoring.importing import drop_columns as find_drop_columns

__all__ = [
    "CHURNED_DEFAULTS",
    "CONTRACT_DEFAULTS",
    "FIELD_DEFAULTS",
    "MAPPING_KEYS",
    "CustomerImportError",
    "import_customers",
    "load_mapping",
    "run",
]

CustomerImportError = TableImportError  # the name the customer importer raises

# field -> candidate column names (compared normalised: importing.norm)
FIELD_DEFAULTS: dict[str, tuple[str, ...]] = {
    "customer_id": (
        "customerID", "customer_id", "CustomerId", "Customer ID", "account_id", "client_id", "id",
    ),
    "churned": ("Churn", "churned", "Exited", "is_churned", "churn", "Churn Label", "churn_flag"),
    "tenure_months": ("tenure", "tenure_months", "Tenure", "Tenure in Months", "months_active"),
    "start_date": (
        "start_date", "signup_date", "customer_since", "join_date", "subscription_start_date",
    ),
    "contract": ("Contract", "contract_type", "plan_term", "contract_length", "term"),
    "arr": (
        "MonthlyCharges", "monthly_charges", "Monthly Charge", "monthly_fee", "arr", "ARR", "mrr",
        "MRR", "annual_recurring_revenue", "monthly_recurring_revenue",
    ),
    "plan": ("plan", "plan_name", "subscription_plan", "plan_type", "tier"),
    "company": ("Company", "Company Name", "account_name", "customer_name"),
    "industry": ("Industry",),
    "employee_count": ("employee_count", "NumberOfEmployees", "employees", "company_size"),
    "annual_revenue": ("annual_revenue", "AnnualRevenue", "company_revenue"),
    "country": ("Country", "country_code", "Geography"),
}  # fmt: skip
FIELDS = tuple(FIELD_DEFAULTS)
CHURNED_DEFAULTS = (
    "yes", "y", "1", "true", "t", "churned", "churn", "exited", "cancelled", "canceled", "lost",
)  # fmt: skip
RETAINED_WORDS = FALSE_WORDS | {"retained", "active", "stayed", "current", "no_churn"}
# contract value (normalised) -> term months
CONTRACT_DEFAULTS: dict[str, int] = {
    "month_to_month": 1, "monthly": 1, "month": 1, "rolling": 1, "1_month": 1, "1": 1,
    "quarterly": 3, "3_months": 3,
    "one_year": 12, "annual": 12, "annually": 12, "yearly": 12, "year": 12, "1_year": 12, "12": 12,
    "two_year": 24, "two_years": 24, "2_year": 24, "2_years": 24, "biennial": 24, "24": 24,
    "three_year": 36, "three_years": 36, "3_year": 36, "3_years": 36, "36": 36,
}  # fmt: skip
DEFAULT_TERM_MONTHS = 12  # no contract column, or a value neither known nor a duration
MAPPING_KEYS = {
    "columns", "churned_values", "contract_values", "arr_multiplier", "drop_columns",
    "date_format", "as_of",
}  # fmt: skip
MAX_TENURE_MONTHS = 1200


@dataclass
class CustomerImportResult:
    as_of: date
    customers: int
    accounts: int
    subscriptions: int
    churned: int
    retained: int
    outcome: str  # "churn flag (<column>)" or "unknown"
    columns: dict[str, str | None]
    arr_multiplier: float
    contract_values: dict[str, int]  # the contract values of the table -> term months
    churned_values: list[str]
    terms: dict[str, int] = field(default_factory=dict)  # term months -> customers
    kept_columns: dict[str, str] = field(default_factory=dict)  # csv column -> accounts column
    dropped_columns: list[str] = field(default_factory=list)
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
    for key in ("churned_values", "drop_columns"):
        check_mapping_list(spec, key, path)
    contracts = spec.get("contract_values")
    if contracts is not None:
        if not isinstance(contracts, dict):
            raise CustomerImportError(
                f"mapping {path}: contract_values must map contract values to term months"
            )
        for value, months in contracts.items():
            if isinstance(months, bool) or not isinstance(months, int) or months < 1:
                raise CustomerImportError(
                    f"mapping {path}: contract_values.{value} = {months!r}; use a whole number "
                    "of months >= 1"
                )
    multiplier = spec.get("arr_multiplier")
    if multiplier is not None and (
        isinstance(multiplier, bool) or not isinstance(multiplier, int | float) or multiplier <= 0
    ):
        raise CustomerImportError(
            f"mapping {path}: arr_multiplier = {multiplier!r}; use a number > 0"
        )
    if spec.get("as_of") is not None:
        try:
            parse_as_of(str(spec["as_of"]))
        except TableImportError as error:
            raise CustomerImportError(
                f"mapping {path}: as_of {spec['as_of']!r} is not a YYYY-MM-DD date"
            ) from error
    return spec


def term_months(text: str, contracts: dict[str, int]) -> int | None:
    """A contract value's term in months: a known value, else a duration ('6 months', '2 years',
    '12'); None if it is neither."""
    key = norm(text)
    if key in contracts:
        return contracts[key]
    match = re.fullmatch(r"(\d+)_?(months?|mo|years?|yrs?|y)?", key)
    if not match or int(match.group(1)) < 1:
        return None
    unit = match.group(2) or "month"
    return int(match.group(1)) * (12 if unit.startswith("y") else 1)


def _default_multiplier(column: str | None) -> float:
    name = norm(column or "")
    return 12.0 if "monthly" in name or "mrr" in name or name.startswith("month") else 1.0


# --------------------------------------------------------------------------------------------
# Terms
# --------------------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (earlier when negative), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def churn_day(customer_id: str, as_of: date, horizon_days: int = OUTCOME_HORIZON_DAYS) -> date:
    """The day a churned customer's cancellation is recorded: in (as_of, as_of + horizon], spread
    by a hash of the id, the same in every import."""
    return as_of + timedelta(days=1 + int(sha1_hex(customer_id, 12), 16) % horizon_days)


@dataclass
class Term:
    suffix: str  # "" (current), "-earlier", "-r1" ...
    start: date | None
    end: date | None
    cancelled: date | None = None


def contract_terms(
    first_start: date | None,
    months: int,
    as_of: date,
    churned: bool | None,
    customer_id: str,
    horizon_days: int = OUTCOME_HORIZON_DAYS,
) -> list[Term]:
    """The terms of one customer (see the module docstring). ``churned`` None: outcome unknown,
    the terms up to the current one only."""
    if first_start is None:  # unknown tenure: written without dates, staging quarantines it
        return [Term("", None, None)]

    def start(k: int) -> date:
        return add_months(first_start, k * months)

    def end(k: int) -> date:
        return start(k + 1) - timedelta(days=1)

    current = 0
    while start(current + 1) <= as_of:
        current += 1
    terms = []
    if current > 0:
        terms.append(Term("-earlier", first_start, end(current - 1)))
    terms.append(Term("", start(current), end(current)))
    if churned is None:
        return terms
    horizon_end = as_of + timedelta(days=horizon_days)
    cancel = churn_day(customer_id, as_of, horizon_days) if churned else None
    k = current
    while True:
        last = terms[-1]
        if cancel is not None and cancel <= last.end:
            last.cancelled = max(cancel, last.start)  # a term starting after the churn day
            return terms
        if cancel is None and last.end >= horizon_end:
            return terms
        k += 1
        terms.append(Term(f"-r{k - current}", start(k), end(k)))


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------


@dataclass
class _Customer:
    row: int
    customer_id: str
    values: dict[str, str]
    first_start: date | None
    months: int
    churned: bool | None
    arr: float | None
    kept: dict[str, str | None]


def import_customers(
    customers_csv: Path,
    out_dir: Path,
    mapping: Path | None = None,
    as_of: date | None = None,
) -> CustomerImportResult:
    """Write the seven raw files for the customer table into ``out_dir``; see the module
    docstring."""
    customers_csv, out_dir = Path(customers_csv), Path(out_dir)
    spec = load_mapping(mapping)
    header, rows = read_csv(customers_csv)
    source = str(customers_csv)
    dropped = find_drop_columns(spec, header, source)
    columns = resolve_columns(spec, header, FIELD_DEFAULTS, dropped, source)
    used = {c for c in columns.values() if c} | set(dropped)
    kept = kept_columns(header, used, SCHEMAS["accounts"].names)
    if as_of is None:
        as_of = parse_as_of(str(spec["as_of"])) if spec.get("as_of") is not None else today_utc()
    contracts = dict(CONTRACT_DEFAULTS)
    contracts.update({norm(k): int(v) for k, v in (spec.get("contract_values") or {}).items()})
    churned_values = [
        str(v).strip().lower() for v in (spec.get("churned_values") or CHURNED_DEFAULTS)
    ]
    multiplier = float(spec.get("arr_multiplier") or _default_multiplier(columns["arr"]))
    date_format = spec.get("date_format")
    index = {name: i for i, name in enumerate(header)}
    file_name = customers_csv.name
    issues: list[Issue] = []

    def report(row: int, column: str | None, value: str, reason: str) -> None:
        issues.append(Issue(file_name, row, column or "", value, reason))

    customers: list[_Customer] = []
    seen_contracts: dict[str, int] = {}
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

        customer_id = value("customer_id")
        if not customer_id:
            customer_id = f"C-{sha1_hex('|'.join(raw), 16)}"
            report(
                number,
                columns["customer_id"],
                "",
                f"no customer id: written as {customer_id} (hash of the row)",
            )
        # the first term's start: the start-date column, else as_of minus the tenure
        first_start: date | None = as_of
        if columns["start_date"] and value("start_date"):
            stamp = parse_timestamp(value("start_date"), date_format)
            if stamp is None:
                first_start = None
                report(
                    number,
                    columns["start_date"],
                    value("start_date"),
                    "unparseable date: subscription written without a start date, "
                    "quarantined by staging (missing_value)",
                )
            else:
                first_start = stamp.date()
                if first_start > as_of:
                    report(
                        number,
                        columns["start_date"],
                        value("start_date"),
                        f"starts after the as-of date {as_of}: written, not a customer then",
                    )
        elif columns["tenure_months"]:
            text = value("tenure_months")
            tenure = parse_number(text) if text else None
            if tenure is None or tenure < 0 or tenure > MAX_TENURE_MONTHS:
                first_start = None
                report(
                    number,
                    columns["tenure_months"],
                    text,
                    f"not a tenure from 0 to {MAX_TENURE_MONTHS} months: subscription written "
                    "without a start date, quarantined by staging (missing_value)",
                )
            else:
                months_ago = round(tenure)
                if months_ago != tenure:
                    report(
                        number,
                        columns["tenure_months"],
                        text,
                        f"not a whole number of months: read as {months_ago}",
                    )
                first_start = add_months(as_of, -months_ago)
        elif columns["start_date"]:
            first_start = None
            report(
                number,
                columns["start_date"],
                "",
                "no start date: subscription written without one, quarantined by staging "
                "(missing_value)",
            )
        # term length
        months = DEFAULT_TERM_MONTHS
        if columns["contract"]:
            text = value("contract")
            found = term_months(text, contracts) if text else None
            if found is not None:
                seen_contracts.setdefault(text, found)
            if found is None:
                report(
                    number,
                    columns["contract"],
                    text,
                    f"not a known contract term: {DEFAULT_TERM_MONTHS} months assumed (map it "
                    "under contract_values)",
                )
            else:
                months = found
        # outcome
        churned = None
        if columns["churned"]:
            flag = value("churned").lower()
            churned = flag in churned_values
            if not churned and norm(flag) not in RETAINED_WORDS:
                report(
                    number,
                    columns["churned"],
                    value("churned"),
                    f"not a churned value ({', '.join(churned_values)}): retained",
                )
        # amounts and firmographics
        arr = None
        if value("arr"):
            number_value = parse_number(value("arr"))
            if number_value is None or number_value < 0:
                report(number, columns["arr"], value("arr"), "not an amount >= 0: arr null")
            else:
                arr = number_value * multiplier
        for name in ("employee_count", "annual_revenue"):
            if value(name) and parse_number(value(name)) is None:
                report(number, columns[name], value(name), "not a number: written as null")
        customers.append(
            _Customer(
                number,
                customer_id,
                values,
                first_start,
                months,
                churned,
                arr,
                {column: cells[column] or None for column in kept},
            )
        )

    first_row: dict[str, int] = {}
    for customer in customers:
        if customer.customer_id in first_row:
            report(
                customer.row,
                columns["customer_id"],
                customer.customer_id,
                f"same customer id as row {first_row[customer.customer_id]}: written; staging "
                "keeps one account and one of each term (duplicate_id or duplicate_row)",
            )
        else:
            first_row[customer.customer_id] = customer.row

    tables = {
        "accounts": _accounts(customers, kept),
        "subscriptions": _subscriptions(customers, as_of),
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    files = write_tables(tables, out_dir)
    issues.sort(key=lambda issue: issue.row)
    terms: dict[str, int] = {}
    for customer in customers:
        terms[str(customer.months)] = terms.get(str(customer.months), 0) + 1
    result = CustomerImportResult(
        as_of=as_of,
        customers=len(customers),
        accounts=tables["accounts"].num_rows,
        subscriptions=tables["subscriptions"].num_rows,
        churned=sum(1 for c in customers if c.churned),
        retained=sum(1 for c in customers if c.churned is False),
        outcome=f"churn flag ({columns['churned']})" if columns["churned"] else "unknown",
        columns=columns,
        arr_multiplier=multiplier,
        contract_values=seen_contracts,
        churned_values=churned_values,
        terms=dict(sorted(terms.items(), key=lambda item: int(item[0]))),
        kept_columns=kept,
        dropped_columns=dropped,
        issues=issues,
        files=files,
    )
    write_issues(result.issues, out_dir)
    summary = asdict(result)
    summary["as_of"] = as_of.isoformat()
    summary["issues"] = len(result.issues)
    summary["mapping"] = str(mapping) if mapping else None
    write_summary(summary, out_dir, "_customer_import.json")
    return result


def _accounts(customers: list[_Customer], kept: dict[str, str]) -> pa.Table:
    rows: dict[str, list] = {name: [] for name in SCHEMAS["accounts"].names}
    for customer in customers:
        v = customer.values
        rows["account_id"].append(account_id_for(customer.customer_id))
        rows["account_name"].append(v.get("company") or customer.customer_id)
        rows["industry"].append(v.get("industry") or None)
        employees = parse_number(v["employee_count"]) if v.get("employee_count") else None
        rows["employee_count"].append(None if employees is None else round(employees))
        revenue = v.get("annual_revenue")
        rows["annual_revenue"].append(parse_number(revenue) if revenue else None)
        rows["country"].append(v.get("country") or None)
        rows["created_at"].append(customer.first_start)
        for name in (
            "domain", "revenue_growth_pct", "employee_growth_pct", "growth_stage",
            "cloud_adoption", "digital_maturity", "tech_stack", "locations_count",
            "fiscal_year_start_month", "owner_id",
        ):  # fmt: skip
            rows[name].append(None)
    extra = {
        name: pa.array([customer.kept[column] for customer in customers], pa.string())
        for column, name in kept.items()
    }
    return with_extra_columns(build_table("accounts", rows), extra)


def _subscriptions(customers: list[_Customer], as_of: date) -> pa.Table:
    rows: dict[str, list] = {name: [] for name in SCHEMAS["subscriptions"].names}
    for customer in customers:
        terms = contract_terms(
            customer.first_start, customer.months, as_of, customer.churned, customer.customer_id
        )
        for term in terms:
            rows["subscription_id"].append(f"SUB-{customer.customer_id}{term.suffix}")
            rows["account_id"].append(account_id_for(customer.customer_id))
            rows["plan"].append(customer.values.get("plan") or None)
            rows["seats"].append(None)
            rows["arr"].append(customer.arr)
            rows["start_date"].append(term.start)
            rows["end_date"].append(term.end)
            rows["auto_renew"].append(None)
            rows["cancelled_at"].append(term.cancelled)
    return build_table("subscriptions", rows)


def run(
    customers: Path,
    to: Path,
    mapping: Path | None,
    as_of: str | None,
    console,
    project_dir: Path | None = None,
) -> CustomerImportResult:
    """The ``scoring import-customers`` command: import, then print counts, issues and the next
    steps (the build with absolute paths, so it runs from any folder)."""
    result = import_customers(customers, to, mapping, parse_as_of(as_of))
    horizon_end = result.as_of + timedelta(days=OUTCOME_HORIZON_DAYS)
    console.print(
        f"Imported {customers}: {result.customers:,} customers read -> {result.accounts:,} "
        f"accounts, {result.subscriptions:,} subscription terms, as of {result.as_of}",
        markup=False,
    )
    if result.outcome == "unknown":
        console.print(
            "Outcome: no churn column: terms written up to the current one, outcomes not known",
            markup=False,
        )
    else:
        console.print(
            f"Outcome: {result.outcome}: {result.churned:,} churned (cancelled in "
            f"({result.as_of}, {horizon_end}]), {result.retained:,} retained (in force past "
            f"{horizon_end})",
            markup=False,
        )
    mapped = ", ".join(f"{k}={v}" for k, v in result.columns.items() if v)
    console.print(f"Columns: {mapped}", markup=False, soft_wrap=True)
    terms = ", ".join(f"{n:,} x {months} months" for months, n in result.terms.items())
    arr = (
        f"arr = {result.columns['arr']} x {result.arr_multiplier:g}"
        if result.columns["arr"]
        else "no arr column"
    )
    console.print(f"Terms: {terms or 'none'}; {arr}", markup=False)
    print_kept(console, result.kept_columns, "accounts")
    if result.dropped_columns:
        console.print(f"Dropped columns: {', '.join(result.dropped_columns)}", markup=False)
    print_issues(console, result.issues, to)
    steps = next_steps(
        Path(to).resolve(),
        result.as_of,
        Path(project_dir).resolve() if project_dir else None,
        observed=result.outcome != "unknown",
    )
    print_next_steps(console, steps)
    return result
