"""Load the raw files into a warehouse that cannot read them in place (Postgres, Spark).

On DuckDB the sources are read in place from the raw folder; on every other engine they are
tables in schema ``raw`` (dbt var ``raw_schema``), one per contract table. ``scoring load``
(re)creates them from the Parquet (or CSV) files ``scoring generate`` writes or you export from
your CRM. Column types follow the file (a CSV is all text); staging safe-casts every column, so
text works too.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb

from scoring.contract import RAW_TABLES
from scoring.project import Project, sql_string

RAW_SCHEMA = os.environ.get("SCORING_RAW_SCHEMA", "raw")

# DuckDB type of a file column -> Postgres type; anything else is loaded as text
_POSTGRES_TYPES = {
    "BOOLEAN": "boolean",
    "TINYINT": "bigint",
    "SMALLINT": "bigint",
    "INTEGER": "bigint",
    "BIGINT": "bigint",
    "FLOAT": "double precision",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIMESTAMP": "timestamp",
}


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def raw_query(raw_dir: Path, table: str) -> str:
    """DuckDB query of a contract table's file (Parquet, else CSV read as text) with its 0-based
    file_row_number, the column staging reports quarantined rows by (as DuckDB does in place)."""
    parquet = raw_dir / f"{table}.parquet"
    if parquet.exists():
        return f"select * from read_parquet({sql_string(parquet)}, file_row_number = true)"
    csv = raw_dir / f"{table}.csv"
    if csv.exists():
        return (
            "select *, row_number() over () - 1 as file_row_number "
            f"from read_csv({sql_string(csv)}, header = true, all_varchar = true)"
        )
    raise FileNotFoundError(f"no {table}.parquet or {table}.csv in {raw_dir}")


def load(
    project: Project,
    schema: str = RAW_SCHEMA,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Replace the raw tables of the project's target with the files of its raw folder."""
    if project.target == "postgres":
        return load_postgres(project.raw_dir, schema, progress)
    if project.target == "spark":
        project.apply_env()  # the session is configured from $SCORING_SPARK_DIR
        return load_spark(project.raw_dir, schema, progress)
    raise ValueError(
        f"target {project.target!r} reads the raw files in place; load is for postgres or spark"
    )


def postgres_connect():
    """A psycopg2 connection from the same environment variables as profiles/profiles.yml."""
    import psycopg2  # installed with dbt-postgres (pip install -e ".[postgres]")

    return psycopg2.connect(
        host=os.environ.get("SCORING_PG_HOST", "localhost"),
        port=int(os.environ.get("SCORING_PG_PORT", "5432")),
        user=os.environ.get("SCORING_PG_USER", "scoring"),
        password=os.environ.get("SCORING_PG_PASSWORD", ""),
        dbname=os.environ.get("SCORING_PG_DBNAME", "scoring"),
    )


def load_postgres(
    raw_dir: Path, schema: str = RAW_SCHEMA, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Each file into <schema>.<table> with COPY, all tables in one transaction."""
    counts: dict[str, int] = {}
    with duckdb.connect() as files, postgres_connect() as pg, pg.cursor() as cur:
        cur.execute(f"create schema if not exists {_quote(schema)}")
        for table in RAW_TABLES:
            if progress:
                progress(table)
            query = raw_query(raw_dir, table)
            described = files.execute(f"describe {query}").fetchall()
            columns = [
                f"{_quote(name)} {_POSTGRES_TYPES.get(str(kind).upper(), 'text')}"
                for name, kind, *_ in described
            ]
            name = f"{_quote(schema)}.{_quote(table)}"
            cur.execute(f"drop table if exists {name}")
            cur.execute(f"create table {name} ({', '.join(columns)})")
            # DuckDB writes nulls as empty fields and quotes empty strings, as Postgres reads them
            with tempfile.TemporaryDirectory() as scratch:
                csv_path = Path(scratch) / f"{table}.csv"
                files.execute(f"copy ({query}) to '{csv_path}' (format csv, header false)")
                with csv_path.open("rb") as data:
                    cur.copy_expert(f"copy {name} from stdin with (format csv)", data)
            counts[table] = cur.rowcount
        cur.execute("analyze")
    return counts


def spark_session():
    """The in-process SparkSession dbt-spark's session method uses, configured like the spark
    output of profiles/profiles.yml (the same environment variables)."""
    from pyspark.sql import SparkSession  # pip install -e ".[spark]"

    spark_dir = Path(os.environ.get("SCORING_SPARK_DIR", "data/spark")).resolve()
    builder = SparkSession.builder.enableHiveSupport()
    for key, value in spark_conf(spark_dir).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


def spark_conf(spark_dir: Path) -> dict[str, str]:
    return {
        "spark.master": os.environ.get("SCORING_SPARK_MASTER", "local[2]"),
        "spark.sql.warehouse.dir": f"{spark_dir}/warehouse",
        "spark.hadoop.javax.jdo.option.ConnectionURL": (
            f"jdbc:derby:;databaseName={spark_dir}/metastore_db;create=true"
        ),
        "spark.driver.extraJavaOptions": f"-Dderby.system.home={spark_dir}",
        "spark.driver.memory": os.environ.get("SCORING_SPARK_DRIVER_MEMORY", "2g"),
        "spark.sql.shuffle.partitions": "2",
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.enabled": "false",
        "spark.sql.ansi.enabled": "false",  # as dbt-spark sets it
        "spark.ui.showConsoleProgress": "false",
        # DuckDB's timestamps (without time zone) as Spark's timestamp, the type staging casts to
        "spark.sql.parquet.inferTimestampNTZ.enabled": "false",
    }


def load_spark(
    raw_dir: Path, schema: str = RAW_SCHEMA, progress: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Each file into the Spark table <schema>.<table> (Parquet, in the session's warehouse)."""
    spark = spark_session()
    spark.sql(f"create database if not exists {schema}")
    counts: dict[str, int] = {}
    # DuckDB adds file_row_number and writes plain Parquet; Spark copies it into its warehouse
    with duckdb.connect() as files, tempfile.TemporaryDirectory() as scratch:
        for table in RAW_TABLES:
            if progress:
                progress(table)
            staged = Path(scratch) / f"{table}.parquet"
            files.execute(f"copy ({raw_query(raw_dir, table)}) to '{staged}' (format parquet)")
            frame = spark.read.parquet(str(staged))
            frame.write.mode("overwrite").format("parquet").saveAsTable(f"{schema}.{table}")
            counts[table] = spark.table(f"{schema}.{table}").count()
    return counts
