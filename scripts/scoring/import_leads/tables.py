"""The contacts, events and opportunities tables from the leads."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pyarrow as pa

from scoring.import_leads.defaults import DAY_US, HOUR_US, SPREAD_DAYS, UNDATED_COLUMN
from scoring.import_leads.rows import _Lead
from scoring.import_leads.values import _day_us, _number, _us
from scoring.importing import (
    SCHEMAS,
    account_id_for,
    build_table,
    with_extra_columns,
)


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
