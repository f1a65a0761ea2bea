"""Accounts from the leads: one per company or per lead, and the accounts table."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa

from scoring.import_leads.rows import _Lead
from scoring.import_leads.values import _company_key, _number
from scoring.importing import (
    SCHEMAS,
    account_id_for,
    build_table,
)


def _first(leads: list[_Lead], name: str) -> str | None:
    return next((ld.values[name] for ld in leads if ld.values.get(name)), None)


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


def _assign_accounts(
    leads: list[_Lead],
    mode: str,
    columns: dict[str, str | None],
    report: Callable[[int, str | None, str, str], None],
) -> str:
    """Set every lead's account key; return the accounts mode as the import reports it."""
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
    return accounts_mode
