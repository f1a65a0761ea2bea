"""``import_leads()``: read the lead table, convert it, write the raw files and the report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from scoring.import_leads.accounts import _accounts, _assign_accounts
from scoring.import_leads.defaults import (
    CONVERTED_DEFAULTS,
    NO_DATE_CREATED_DAYS,
    SPREAD_DAYS,
    UNDATED_COLUMN,
    LeadImportError,
)
from scoring.import_leads.mapping import load_mapping, resolve_mapping
from scoring.import_leads.rows import _Lead, _read_leads, _report_duplicates
from scoring.import_leads.seeds import _event_types, _personal_domains
from scoring.import_leads.tables import _contacts, _events, _opportunities
from scoring.importing import (
    SCHEMAS,
    Issue,
    kept_columns,
    norm,
    read_csv,
    today_utc,
    write_issues,
    write_summary,
    write_tables,
)
from scoring.importing import drop_columns as find_drop_columns


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


def import_leads(
    leads_csv: Path,
    out_dir: Path,
    mapping: Path | None = None,
    as_of: date | None = None,
    seeds_dir: Path | None = None,
) -> ImportResult:
    """Write the seven raw files for the lead table into ``out_dir``; see the package docstring."""
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
    file_name = leads_csv.name
    issues: list[Issue] = []

    def report(row: int, column: str | None, value: str, reason: str) -> None:
        issues.append(Issue(file_name, row, column or "", value, reason))

    leads = _read_leads(
        rows,
        header,
        columns,
        activities,
        kept,
        personal,
        date_format,
        converted_values,
        stage_column,
        report,
    )
    accounts_mode = _assign_accounts(leads, mode, columns, report)
    _report_duplicates(leads, columns, report)
    as_of, undated_table = _date_leads(leads, columns, as_of, leads_csv, report)

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


def _date_leads(
    leads: list[_Lead],
    columns: dict[str, str | None],
    as_of: date | None,
    leads_csv: Path,
    report: Callable[[int, str | None, str, str], None],
) -> tuple[date, bool]:
    """The as-of date (given, else from the leads' dates) and whether the table has no date
    column; report leads created or active after it."""
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
    return as_of, undated_table
