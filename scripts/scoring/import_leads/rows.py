"""Lead rows: one CSV row read into a lead (ids, account key, dates, outcome, counts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from scoring.import_leads.defaults import MAX_COUNT
from scoring.import_leads.values import _company_key, domain_of
from scoring.importing import (
    FALSE_WORDS,
    TRUE_WORDS,
    parse_number,
    parse_timestamp,
    sha1_hex,
)


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


def _read_leads(
    rows: list[tuple[int, list[str]]],
    header: list[str],
    columns: dict[str, str | None],
    activities: dict[str, tuple[str, str | None]],
    kept: dict[str, str],
    personal: set[str],
    date_format: str | None,
    converted_values: set[str],
    stage_column: bool,
    report: Callable[[int, str | None, str, str], None],
) -> list[_Lead]:
    """One lead per row that has a value (ids, account key, dates, outcome, activity counts);
    a value that cannot be read is reported."""
    index = {name: i for i, name in enumerate(header)}
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
    return leads


def _report_duplicates(
    leads: list[_Lead],
    columns: dict[str, str | None],
    report: Callable[[int, str | None, str, str], None],
) -> None:
    """Report every lead whose id an earlier row has (both are written)."""
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
