"""The raw-table list of the runner (scoring.contract) is the tables the dbt sources declare."""

from __future__ import annotations

import yaml

from conftest import REPO
from scoring import contract, generate, importing, load


def _raw_source_tables() -> list[str]:
    """Tables of the dbt sources under models/staging that are raw files (external_location)."""
    tables = []
    for path in sorted((REPO / "models" / "staging").rglob("*.yml")):
        spec = yaml.safe_load(path.read_text()) or {}
        for source in spec.get("sources") or []:
            source_meta = (source.get("config") or {}).get("meta") or {}
            for table in source.get("tables") or []:
                meta = {**source_meta, **((table.get("config") or {}).get("meta") or {})}
                if "external_location" in meta:
                    tables.append(table["name"])
    return tables


def test_raw_tables_are_the_dbt_sources():
    declared = _raw_source_tables()
    assert len(declared) == len(set(declared)), declared
    assert sorted(contract.RAW_TABLES) == sorted(declared)
    assert len(contract.RAW_TABLES) == len(set(contract.RAW_TABLES))


def test_one_definition_of_the_raw_tables():
    assert generate.RAW_TABLES is contract.RAW_TABLES
    assert importing.RAW_TABLES is contract.RAW_TABLES
    assert load.RAW_TABLES is contract.RAW_TABLES
    assert tuple(importing.SCHEMAS) == contract.RAW_TABLES  # a schema per table, in its order
