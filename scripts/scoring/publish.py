"""Publish the marts to a separate read-only DuckDB file, swapped in atomically.

DuckDB lets one process write a database file and blocks other processes from it meanwhile, so BI
tools cannot read the warehouse while a build runs. After a successful build the runner copies
every mart table into ``published.duckdb.tmp`` and renames it over ``published.duckdb``: a reader
keeps the file it opened, a new reader gets the new one, and nobody ever sees a half-built mart. A
failed or killed build never reaches this step, so the published file stays the last good build.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from scoring.project import Project

PUBLISHED_SCHEMA = "marts"


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def publish(project: Project) -> tuple[Path, list[str]]:
    """Copy every table of the warehouse's marts schema into the published file, atomically."""
    target = project.published
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".tmp")
    for leftover in (staging, staging.with_name(staging.name + ".wal")):
        leftover.unlink(missing_ok=True)
    with duckdb.connect(str(staging)) as con:
        con.execute(f"attach '{project.warehouse}' as warehouse (read_only)")
        tables = [
            row[0]
            for row in con.execute(
                """
                select table_name from duckdb_tables()
                where database_name = 'warehouse' and schema_name = ?
                order by table_name
                """,
                [PUBLISHED_SCHEMA],
            ).fetchall()
        ]
        con.execute(f"create schema {PUBLISHED_SCHEMA}")
        for table in tables:
            name = f"{PUBLISHED_SCHEMA}.{_quote(table)}"
            con.execute(f"create table {name} as select * from warehouse.{name}")
        as_of = con.execute(
            f"select max(as_of_date) from warehouse.{PUBLISHED_SCHEMA}.contact_scores"
        ).fetchone()[0]
        con.execute(
            f"""
            create table {PUBLISHED_SCHEMA}.publication as
            select ? as published_at, cast(? as date) as as_of_date, ? as tables
            """,
            [datetime.now(UTC).replace(tzinfo=None), as_of, ", ".join(tables)],
        )
        con.execute("detach warehouse")
        con.execute("checkpoint")
    os.replace(staging, target)
    return target, tables
