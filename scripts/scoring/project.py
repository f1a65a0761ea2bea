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


def resolve(
    project_dir: Path | None = None,
    raw_dir: Path | None = None,
    warehouse: Path | None = None,
    published: Path | None = None,
    target: str | None = None,
) -> Project:
    """Resolve paths from arguments, then environment variables, then project defaults."""
    target = target or os.environ.get(TARGET_ENV) or "duckdb"
    if target not in TARGETS:
        raise ValueError(f"target {target!r}: use one of {', '.join(TARGETS)}")
    root = Path(project_dir or os.environ.get(PROJECT_DIR_ENV) or _default_project_dir())
    root = root.resolve()
    raw = Path(raw_dir or os.environ.get(RAW_PATH_ENV) or root / "data" / "raw")
    wh = Path(warehouse or os.environ.get(WAREHOUSE_ENV) or root / "data" / "warehouse.duckdb")
    if not raw.is_absolute():
        raw = root / raw
    if not wh.is_absolute():
        wh = root / wh
    spark = Path(os.environ.get(SPARK_DIR_ENV) or root / "data" / "spark")
    if not spark.is_absolute():
        spark = root / spark
    # the read-only copy BI reads: beside the warehouse unless told otherwise
    pub = Path(published or os.environ.get(PUBLISHED_ENV) or wh.with_name("published.duckdb"))
    if not pub.is_absolute():
        pub = root / pub
    return Project(
        project_dir=root,
        raw_dir=raw.resolve(),
        warehouse=wh.resolve(),
        published=pub.resolve(),
        target=target,
        spark_dir=spark.resolve(),
    )


def event_date_range(project: Project) -> tuple[date | None, date | None]:
    """The earliest and the latest event date in the raw data that are not in the future."""
    import duckdb

    # every events*.<format> file, as the source reads them (events.parquet and daily extra files)
    source = (
        f"read_parquet('{project.raw_dir / 'events*.parquet'}')"
        if (project.raw_dir / "events.parquet").exists()
        else f"read_csv('{project.raw_dir / 'events*.csv'}', header = true, all_varchar = true)"
    )
    query = (
        f"select min(try_cast(occurred_at as timestamp))::date, "
        f"max(try_cast(occurred_at as timestamp))::date from {source} "
        "where try_cast(occurred_at as timestamp)::date <= current_date"
    )
    with duckdb.connect() as con:
        first, last = con.execute(query).fetchone()
    return first, last


def won_deals_closed_by(project: Project, day: date) -> int:
    """Won deals in the raw opportunities closed on or before ``day``: is there any outcome history
    to learn from before that date?"""
    import duckdb

    parquet, text = (project.raw_dir / f"opportunities.{ext}" for ext in ("parquet", "csv"))
    if parquet.exists():
        source = f"read_parquet('{parquet}')"
    elif text.exists():
        source = f"read_csv('{text}', header = true, all_varchar = true)"
    else:
        return 0
    query = (
        f"select count(*) from {source} "
        "where lower(trim(cast(stage as varchar))) in ('closed_won', 'closed won', 'won') "
        f"and try_cast(closed_at as date) <= date '{day.isoformat()}'"
    )
    with duckdb.connect() as con:
        return con.execute(query).fetchone()[0]


def latest_event_date(project: Project) -> date:
    """The default scoring date: the latest event date in the raw data that is not in the future
    (the same rule as model int_scoring__as_of)."""
    found = event_date_range(project)[1]
    if found is None:
        raise ValueError(f"no events in {project.raw_dir}: pass --as-of")
    return found
