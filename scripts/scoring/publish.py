"""Publish the last good build to a separate read-only DuckDB file, swapped in atomically.

DuckDB lets one process write a database file and blocks other processes from it meanwhile, so BI
tools cannot read the warehouse while a build runs. After a successful build the runner copies
every mart table, and the few other tables its own readers need (:data:`EXTRAS`), into
``<published>.tmp`` and renames it over the published file (``paths.published``): a reader keeps
the file it opened, a new reader gets the new one, and nobody ever sees a half-built mart. A failed
or killed build never reaches this step, so the published file stays the last good build.

Everything that reads scores for people or for the CRM reads this file, never the live warehouse:
``scoring summary``, ``scoring report`` and ``scoring export`` (which compares the published CRM
fields with the sync watermark kept in the warehouse). A warehouse that dbt is halfway through
rebuilding holds new marts beside old ones and untested rows; the published copy never does.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from scoring.project import Project
from scoring.sql import identifier, literal

PUBLISHED_SCHEMA = "marts"
# what the runner's readers need besides the marts: (schema, table, columns or None for all)
EXTRAS: tuple[tuple[str, str, tuple[str, ...] | None], ...] = (
    # summary and report: every band in order, also the ones nobody falls into
    ("rubric", "score_bands", None),
    # export: the CRM's field names
    ("mappings", "crm_field_mappings", None),
    # export: what the CRM gets for every id, compared with the watermark at export time
    ("intermediate", "int_crm__published_fields", None),
    # summary: the time-decay line (the columns it counts, not the whole scoring table)
    (
        "intermediate",
        "int_scores__composite",
        (
            "entity_type", "entity_id", "lifecycle_stage", "decay_factor",
            "total_band_rank", "total_band_rank_undecayed",
            "composite_band_rank", "composite_band_rank_undecayed",
        ),
    ),
)  # fmt: skip
# the alias of the warehouse inside the copying connection (a file's own catalog is named after
# it, e.g. warehouse.published.duckdb.tmp is catalog "warehouse", so the alias must not be a stem)
_SOURCE = "scoring_source"


class NothingPublished(FileNotFoundError):
    """A reader found no published copy: no build has published yet."""


@dataclass(frozen=True)
class Publication:
    path: Path
    marts: list[str]
    extras: list[str]
    as_of_date: date | None


def published_database(project: Project) -> Path:
    """The published copy readers read, or :class:`NothingPublished` with the next step."""
    if not project.published.is_file():
        raise NothingPublished(
            f"nothing published yet ({project.published} does not exist): run `scoring build` "
            "first; it publishes after every successful build"
        )
    return project.published


def untested_marker(warehouse: Path) -> Path:
    """The file beside the warehouse that says a run changed it and its tests have not all passed
    since: written before a build, backfill or calibration touches the warehouse, removed when a
    build succeeds. While it exists nothing is published, by the build or by hand."""
    return warehouse.with_name(warehouse.name + ".untested")


def mark_untested(warehouse: Path, what: str) -> None:
    marker = untested_marker(warehouse)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text(f"{datetime.now(UTC).isoformat(timespec='seconds')} {what}\n")


def mark_tested(warehouse: Path) -> None:
    untested_marker(warehouse).unlink(missing_ok=True)


def publish(project: Project) -> Publication:
    """Copy the warehouse's mart tables and :data:`EXTRAS` into the published file, atomically.
    Refused while the warehouse holds a run whose tests have not passed (a killed or failed build,
    a backfill or a calibration since the last good build)."""
    warehouse = project.warehouse
    if not warehouse.is_file():
        raise FileNotFoundError(f"no warehouse at {warehouse}: run `scoring build` first")
    marker = untested_marker(warehouse)
    if marker.exists():
        started = marker.read_text().strip()
        raise ValueError(
            f"not published: {warehouse} holds a run whose tests have not passed ({started}; "
            f"{marker.name} beside it): run `scoring build`, which publishes once every test passes"
        )
    target = project.published
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".tmp")
    leftovers = (staging, staging.with_name(staging.name + ".wal"))
    for leftover in leftovers:
        leftover.unlink(missing_ok=True)
    try:
        publication = _copy(warehouse, staging, target)
        os.replace(staging, target)
    except BaseException:
        for leftover in leftovers:
            leftover.unlink(missing_ok=True)
        raise
    return publication


def _copy(warehouse: Path, staging: Path, target: Path) -> Publication:
    with duckdb.connect(str(staging)) as con:
        con.execute(f"attach {literal(warehouse)} as {_SOURCE} (read_only)")
        present = set(
            con.execute(
                "select schema_name, table_name from duckdb_tables() where database_name = ?",
                [_SOURCE],
            ).fetchall()
        )
        marts = sorted(table for schema, table in present if schema == PUBLISHED_SCHEMA)
        if not marts:
            raise ValueError(
                f"the warehouse {warehouse} has no marts to publish: run `scoring build` first"
            )
        for schema in {PUBLISHED_SCHEMA} | {schema for schema, _, _ in EXTRAS}:
            con.execute(f"create schema if not exists {identifier(schema)}")
        for table in marts:
            _copy_table(con, PUBLISHED_SCHEMA, table, None)
        extras = []
        for schema, table, columns in EXTRAS:
            if (schema, table) in present:
                _copy_table(con, schema, table, columns)
                extras.append(f"{schema}.{table}")
        # the scoring date: of the contacts, else of the accounts (an account-only data set)
        dates = [
            con.execute(
                f"select max(as_of_date) from {PUBLISHED_SCHEMA}.{identifier(table)}"
            ).fetchone()[0]
            for table in ("contact_scores", "account_scores")
            if table in marts
        ]
        as_of = next((day for day in dates if day is not None), None)
        con.execute(
            f"""
            create table {PUBLISHED_SCHEMA}.publication as
            select ? as published_at, cast(? as date) as as_of_date, ? as tables
            """,
            [datetime.now(UTC).replace(tzinfo=None), as_of, ", ".join(marts + extras)],
        )
        con.execute(f"detach {_SOURCE}")
        con.execute("checkpoint")
    return Publication(target, marts, extras, as_of)


def _copy_table(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, columns: tuple[str, ...] | None
) -> None:
    name = f"{identifier(schema)}.{identifier(table)}"
    selected = ", ".join(identifier(column) for column in columns) if columns else "*"
    con.execute(f"create table {name} as select {selected} from {_SOURCE}.{name}")
