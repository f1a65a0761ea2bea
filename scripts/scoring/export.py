"""Export the changed CRM rows to a file, then advance the sync watermark.

What goes out is the last *published* build, never the live warehouse: a build killed or failed
halfway leaves new, untested rows in the warehouse (``int_crm__published_fields`` is rebuilt long
before the last test runs), and those must not reach the CRM. So on DuckDB the export attaches the
published copy (``paths.published``, written only after a successful build) read-only and compares
its CRM fields with the watermark, which lives in the warehouse because exports write it.

Order matters and is the whole point: (1) snapshot the changed rows (published CRM ids whose
row hash differs from the one in ``sync.crm_sync_state``, or that were never exported), (2) write
them to a temporary file and rename it to its final name (atomic on one filesystem), (3) only then,
in one transaction, record the run in ``sync.crm_sync_audit`` and store the exported hashes in
``sync.crm_sync_state``. A crash before (3) leaves the watermark where it was, so the next export
sends the same rows again: a CRM may get a row twice after a crash, never lose one. The comparison
runs at export time against the watermark of that moment (the same one as view
``marts.crm_score_sync``), so an export right after another finds nothing, and clearing the
watermark sends everything again.

The warehouse is the DuckDB file, or Postgres (target postgres, the warehouse job): the same SQL
runs on both through :class:`Warehouse`; on Postgres the snapshot is fetched and the file written by
an in-memory DuckDB, so the files are the same on both. Postgres has no published copy: the export
reads the server's ``intermediate.int_crm__published_fields`` directly. dbt-postgres swaps each
table in atomically, so no export reads a half-written table, but a build killed or failed after
that model and before its last test does leave it newer than anything tested: on Postgres, export
only after a successful ``scoring build`` (docs/engines.md).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from scoring.project import Project
from scoring.publish import published_database
from scoring.sql import identifier, literal

FORMATS = {
    "csv": ("csv", "(format csv, header true)"),
    "parquet": ("parquet", "(format parquet)"),
    "jsonl": ("jsonl", "(format json)"),
}
CRMS = ("salesforce", "hubspot", "generic")
# schema of the sync state and audit tables (dbt var sync_schema, default sync)
SYNC_SCHEMA = os.environ.get("SCORING_SYNC_SCHEMA", "sync")
# the published copy inside the warehouse's connection (DuckDB)
PUBLISHED_ALIAS = "scoring_published"
FIELDS_TABLE = ("intermediate", "int_crm__published_fields")
MAPPINGS_TABLE = ("mappings", "crm_field_mappings")


@dataclass
class ExportResult:
    run_id: str
    path: Path
    inserted: int
    updated: int
    unchanged: int

    @property
    def rows(self) -> int:
        return self.inserted + self.updated


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Warehouse:
    """The few operations the export needs, on DuckDB or Postgres. SQL uses ``?`` placeholders;
    transactions are explicit (``begin`` / ``commit`` / ``rollback`` statements) on both.

    ``relation(schema, table)`` names what the export reads: on DuckDB a table of the published
    copy (attached read-only when ``published`` is given), on Postgres the server's own table."""

    def __init__(self, project: Project, published: Path | None = None) -> None:
        self.target = project.target
        self.published = published
        if project.target == "duckdb":
            if not project.warehouse.is_file():  # connecting would create an empty one
                raise FileNotFoundError(
                    f"no warehouse at {project.warehouse}: run `scoring build` first"
                )
            self.con = duckdb.connect(str(project.warehouse))
            self.errors: tuple[type[Exception], ...] = (duckdb.Error,)
            if published is not None:
                self.con.execute(f"attach {literal(published)} as {PUBLISHED_ALIAS} (read_only)")
        elif project.target == "postgres":
            import psycopg2

            from scoring.load import postgres_connect

            self.con = postgres_connect()
            self.con.autocommit = True  # so begin / commit below delimit the one transaction
            self.errors = (psycopg2.Error,)
        else:
            raise ValueError(f"export reads a duckdb or postgres warehouse, not {project.target!r}")

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.con.close()

    def relation(self, schema: str, table: str) -> str:
        name = f"{identifier(schema)}.{identifier(table)}"
        if self.target != "duckdb" or self.published is None:
            return name
        found = self.con.execute(
            "select count(*) from duckdb_tables() "
            "where database_name = ? and schema_name = ? and table_name = ?",
            [PUBLISHED_ALIAS, schema, table],
        ).fetchone()[0]
        if not found:
            raise FileNotFoundError(
                f"the published copy {self.published} has no {schema}.{table} (it was published "
                "before the export read the published copy): run `scoring build`"
            )
        return f"{PUBLISHED_ALIAS}.{name}"

    def execute(self, sql: str, params: list | None = None) -> None:
        if self.target == "duckdb":
            self.con.execute(sql, params or [])
        else:
            with self.con.cursor() as cur:
                cur.execute(sql.replace("?", "%s"), params or None)

    def fetchall(self, sql: str, params: list | None = None) -> list[tuple]:
        if self.target == "duckdb":
            return self.con.execute(sql, params or []).fetchall()
        with self.con.cursor() as cur:
            cur.execute(sql.replace("?", "%s"), params or None)
            return cur.fetchall()

    def write(self, query: str, path: Path, options: str) -> None:
        """The rows of a query into a file, in DuckDB's COPY format ``options``."""
        if self.target == "duckdb":
            self.con.execute(f"copy ({query}) to ? {options}", [str(path)])
            return
        import pyarrow as pa

        with self.con.cursor() as cur:
            cur.execute(query)
            names = [column.name for column in cur.description]
            rows = cur.fetchall()
        arrays = [pa.array([row[i] for row in rows]) for i in range(len(names))]
        # a column with no value at all is written as text
        arrays = [a.cast(pa.string()) if pa.types.is_null(a.type) else a for a in arrays]
        snapshot = pa.Table.from_arrays(arrays, names=names)
        with duckdb.connect() as files:
            files.register("snapshot", snapshot)
            files.execute(f"copy (select * from snapshot) to ? {options}", [str(path)])


def check_options(fmt: str, to_dir: Path, crm: str) -> None:
    """Refuse a bad format, CRM or folder before anything is opened or written."""
    if fmt not in FORMATS:
        raise ValueError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
    if crm not in CRMS:
        raise ValueError(f"crm {crm!r}: use one of {', '.join(CRMS)}")
    if to_dir.exists() and not to_dir.is_dir():
        raise ValueError(f"--to {to_dir} is a file: give the folder to write the export into")


def export(project: Project, fmt: str, to_dir: Path, crm: str = "generic") -> ExportResult:
    check_options(fmt, to_dir, crm)
    # the last published build (DuckDB); NothingPublished before any: nothing is opened or written
    published = published_database(project) if project.is_duckdb else None
    extension, options = FORMATS[fmt]
    run_id = f"{_now():%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"
    started_at = _now()
    final = to_dir / f"crm_scores_{run_id}.{extension}"
    staging = to_dir / f".{final.name}.tmp"
    schema = SYNC_SCHEMA
    with Warehouse(project, published) as con:
        in_transaction = False
        try:
            fields = con.relation(*FIELDS_TABLE)
            mapping = con.fetchall(
                f"select field, property from {con.relation(*MAPPINGS_TABLE)} where crm = ?",
                [crm],
            )
            columns = ", ".join(
                f"{identifier(field)} as {identifier(prop)}" for field, prop in mapping
            )
            # one snapshot of the changed rows: the file and the watermark both come from it
            con.execute(
                f"""
                create temp table export_rows as
                select
                    fields.*,
                    case when state.crm_id is null then 'insert' else 'update' end as change_type
                from {fields} as fields
                left join {schema}.crm_sync_state as state
                    on fields.entity_type = state.entity_type
                    and fields.crm_id = state.crm_id
                where state.crm_id is null or fields.row_hash != state.row_hash
                order by fields.entity_type, fields.crm_id
                """
            )
            inserted, updated = con.fetchall(
                "select count(case when change_type = 'insert' then 1 end), "
                "count(case when change_type = 'update' then 1 end) from export_rows"
            )[0]
            published_rows = con.fetchall(f"select count(*) from {fields}")[0][0]
            unchanged = published_rows - inserted - updated
            to_dir.mkdir(parents=True, exist_ok=True)
            con.write(f"select {columns} from export_rows", staging, options)
            os.replace(staging, final)  # the file is complete before anything else moves
            con.execute("begin transaction")
            in_transaction = True
            _advance_watermark(con, schema, run_id)
            _record(
                con, schema, run_id, started_at, inserted, updated, unchanged,
                final, fmt, crm, "success", None,
            )  # fmt: skip
            con.execute("commit")
        except Exception as error:
            if in_transaction:
                con.execute("rollback")
            staging.unlink(missing_ok=True)
            _record_failure(con, schema, run_id, started_at, fmt, crm, error)
            raise
    return ExportResult(run_id, final, inserted, updated, unchanged)


def _advance_watermark(con: Warehouse, schema: str, run_id: str) -> None:
    """Store the exported hashes (the file is complete and in place by now)."""
    con.execute(
        f"""
        delete from {schema}.crm_sync_state as state
        where exists (
            select 1 from export_rows
            where export_rows.entity_type = state.entity_type
            and export_rows.crm_id = state.crm_id
        )
        """
    )
    con.execute(
        f"""
        insert into {schema}.crm_sync_state (entity_type, crm_id, row_hash, run_id, synced_at)
        select entity_type, crm_id, row_hash, ?, ? from export_rows
        """,
        [run_id, _now()],
    )


def _record(
    con: Warehouse,
    schema: str,
    run_id: str,
    started_at: datetime,
    inserted: int,
    updated: int,
    unchanged: int,
    path: Path | None,
    fmt: str,
    crm: str,
    status: str,
    message: str | None,
) -> None:
    con.execute(
        f"insert into {schema}.crm_sync_audit values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            run_id, started_at, _now(), inserted, updated, unchanged,
            str(path) if path else None, fmt, crm, status, message,
        ],
    )  # fmt: skip


def _record_failure(
    con: Warehouse,
    schema: str,
    run_id: str,
    started_at: datetime,
    fmt: str,
    crm: str,
    error: Exception,
) -> None:
    # the audit is best effort on failure; the watermark is what must not move
    with contextlib.suppress(*con.errors):
        _record(con, schema, run_id, started_at, 0, 0, 0, None, fmt, crm, "failed", str(error))
