"""What the importer reads from the project's seeds: event types, personal email domains."""

from __future__ import annotations

import csv
from pathlib import Path


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
    """The seeds of the repository this package was installed from (scripts/scoring/import_leads/
    -> repository root)."""
    return Path(__file__).resolve().parents[3] / "seeds"
