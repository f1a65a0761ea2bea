"""Where things live: the dbt project, its profiles, the raw files and the DuckDB warehouse.

Every path can be overridden by an environment variable, the same ones ``profiles/profiles.yml``
and the sources read, so ``dbt`` run by hand and ``scoring`` run by the runner see the same files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROJECT_DIR_ENV = "SCORING_PROJECT_DIR"
RAW_PATH_ENV = "SCORING_RAW_PATH"
WAREHOUSE_ENV = "SCORING_DUCKDB_PATH"
PUBLISHED_ENV = "SCORING_PUBLISHED_PATH"
TARGET_ENV = "SCORING_TARGET"
SPARK_DIR_ENV = "SCORING_SPARK_DIR"
# dbt targets of profiles/profiles.yml; only duckdb reads the raw files in place
TARGETS = ("duckdb", "postgres", "spark")


def _default_project_dir() -> Path:
    """The repository this package was installed from (scripts/scoring/ -> repository root)."""
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Project:
    """Resolved locations of one scoring project checkout."""

    project_dir: Path
    raw_dir: Path
    warehouse: Path
    published: Path
    target: str = "duckdb"
    # in-process Spark (target spark, method session): its warehouse/ and Derby metastore_db/
    spark_dir: Path | None = None

    @property
    def is_duckdb(self) -> bool:
        return self.target == "duckdb"

    @property
    def profiles_dir(self) -> Path:
        return self.project_dir / "profiles"

    @property
    def seeds_dir(self) -> Path:
        return self.project_dir / "seeds"

    def env(self) -> dict[str, str]:
        """Environment variables dbt needs to find the profile, the raw files and the warehouse."""
        return {
            "DBT_PROFILES_DIR": str(self.profiles_dir),
            RAW_PATH_ENV: str(self.raw_dir),
            WAREHOUSE_ENV: str(self.warehouse),
            TARGET_ENV: self.target,
            SPARK_DIR_ENV: str(self.spark_dir or self.project_dir / "data" / "spark"),
        }

    def apply_env(self) -> None:
        os.environ.update(self.env())


def published_beside(warehouse: Path) -> Path:
    """The default read-only copy of a warehouse: beside it, named after it, so two warehouses in
    one folder never share one (``leads.duckdb`` -> ``leads_published.duckdb``). An underscore,
    not a dot: DuckDB names a file's catalog after the name up to its first dot, and
    ``leads.published.duckdb`` would be catalog ``leads`` too, clashing when both are attached."""
    return warehouse.with_name(f"{warehouse.stem}_published{warehouse.suffix or '.duckdb'}")


def _from_cwd(value: Path | str) -> Path:
    """A path as the user typed it (option or environment variable): relative to the current
    directory, never to the project folder."""
    return Path(value).expanduser().resolve()


def resolve(
    project_dir: Path | None = None,
    raw_dir: Path | None = None,
    warehouse: Path | None = None,
    published: Path | None = None,
    target: str | None = None,
) -> Project:
    """Resolve paths from arguments, then environment variables, then project defaults.

    A path given as an option or an environment variable is relative to the current directory;
    only the defaults (no option, no variable) live in the project's ``data/`` folder.
    """
    target = target or os.environ.get(TARGET_ENV) or "duckdb"
    if target not in TARGETS:
        raise ValueError(f"target {target!r}: use one of {', '.join(TARGETS)}")
    given_root = project_dir or os.environ.get(PROJECT_DIR_ENV)
    root = _from_cwd(given_root) if given_root else _default_project_dir()

    def located(value: Path | str | None, env: str, default: Path) -> Path:
        given = value or os.environ.get(env)
        return _from_cwd(given) if given else default.resolve()

    raw = located(raw_dir, RAW_PATH_ENV, root / "data" / "raw")
    wh = located(warehouse, WAREHOUSE_ENV, root / "data" / "warehouse.duckdb")
    spark = located(None, SPARK_DIR_ENV, root / "data" / "spark")
    # the read-only copy BI reads: beside the warehouse, named after it, unless told otherwise
    pub = located(published, PUBLISHED_ENV, published_beside(wh))
    return Project(
        project_dir=root,
        raw_dir=raw,
        warehouse=wh,
        published=pub,
        target=target,
        spark_dir=spark,
    )


def sql_string(value: object) -> str:
    """``value`` (a path, a date, any text) as a SQL string literal: quotes doubled, so a quote in
    a folder name cannot end the string. Prefer query parameters where the query allows them."""
    return "'" + str(value).replace("'", "''") + "'"


def raw_files(raw_dir: Path, table: str, fmt: str) -> list[Path]:
    """The files of one raw table as the DuckDB sources read them: ``<table>.<fmt>``, and for
    events every ``events*.<fmt>`` (events.parquet and daily extra files beside it)."""
    if table == "events":
        return sorted(raw_dir.glob(f"events*.{fmt}"))
    path = raw_dir / f"{table}.{fmt}"
    return [path] if path.exists() else []


def raw_relation(files: list[Path], fmt: str, **options: str) -> str:
    """SQL reading the given files as a source does (Parquet, or CSV with every column as text);
    ``options`` are extra read options, e.g. ``file_row_number="true"``."""
    listed = "[" + ", ".join(sql_string(path) for path in files) + "]"
    settings = {"header": "true", "all_varchar": "true"} if fmt == "csv" else {}
    settings.update(options)
    extra = "".join(f", {name} = {value}" for name, value in settings.items())
    return f"{'read_csv' if fmt == 'csv' else 'read_parquet'}({listed}{extra})"


def raw_format(raw_dir: Path) -> str:
    """parquet when the folder has the Parquet accounts file, else csv when it has the CSV one."""
    if not (raw_dir / "accounts.parquet").exists() and (raw_dir / "accounts.csv").exists():
        return "csv"
    return "parquet"


def event_date_range(project: Project) -> tuple[date | None, date | None]:
    """The earliest and the latest event date in the raw data that are not in the future."""
    import duckdb

    fmt = raw_format(project.raw_dir)
    files = raw_files(project.raw_dir, "events", fmt)
    if not files:
        return None, None
    query = (
        "select min(try_cast(occurred_at as timestamp))::date, "
        f"max(try_cast(occurred_at as timestamp))::date from {raw_relation(files, fmt)} "
        "where try_cast(occurred_at as timestamp)::date <= current_date"
    )
    with duckdb.connect() as con:
        first, last = con.execute(query).fetchone()
    return first, last


def won_deals_closed_by(project: Project, day: date) -> int:
    """Won deals in the raw opportunities closed on or before ``day``: is there any outcome history
    to learn from before that date?"""
    import duckdb

    fmt = raw_format(project.raw_dir)
    files = raw_files(project.raw_dir, "opportunities", fmt)
    if not files:
        return 0
    query = (
        f"select count(*) from {raw_relation(files, fmt)} "
        "where lower(trim(cast(stage as varchar))) in ('closed_won', 'closed won', 'won') "
        "and try_cast(closed_at as date) <= ?"
    )
    with duckdb.connect() as con:
        return con.execute(query, [day]).fetchone()[0]


def latest_event_date(project: Project) -> date:
    """The default scoring date: the latest event date in the raw data that is not in the future
    (the same rule as model int_scoring__as_of)."""
    found = event_date_range(project)[1]
    if found is None:
        raise ValueError(f"no events in {project.raw_dir}: pass --as-of")
    return found
