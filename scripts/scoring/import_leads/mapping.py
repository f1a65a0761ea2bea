"""The mapping file: loading and checking it, and which lead-table column feeds each field."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scoring.import_leads.defaults import (
    ACCOUNT_MODES,
    ACTIVITY_DEFAULTS,
    FIELD_DEFAULTS,
    FIELDS,
    MAPPING_KEYS,
    LeadImportError,
)
from scoring.importing import (
    check_columns,
    check_mapping_list,
    find_column,
    load_yaml,
    norm,
    resolve_columns,
)


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
