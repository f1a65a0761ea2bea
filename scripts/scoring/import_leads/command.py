"""The ``scoring import-leads`` command: import, then print counts, issues and next steps."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from scoring.import_leads.defaults import NO_DATE_CREATED_DAYS, UNDATED_COLUMN
from scoring.import_leads.importer import ImportResult, import_leads
from scoring.importing import (
    next_steps,
    parse_as_of,
    print_issues,
    print_kept,
    print_next_steps,
)


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
