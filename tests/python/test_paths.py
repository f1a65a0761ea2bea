"""Where the runner looks: a path given as an option or an environment variable is relative to the
current folder (never to the project), the defaults live in the project's data/ folder, each
warehouse has its own published copy, and a quote in a folder name cannot break a query."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from conftest import REPO
from scoring import project as project_paths

ENV = (
    project_paths.PROJECT_DIR_ENV,
    project_paths.RAW_PATH_ENV,
    project_paths.WAREHOUSE_ENV,
    project_paths.PUBLISHED_ENV,
    project_paths.SPARK_DIR_ENV,
    project_paths.TARGET_ENV,
)


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """The current folder is a fresh folder outside the checkout, with no path variables set."""
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_relative_options_resolve_against_the_current_folder(elsewhere):
    paths = project_paths.resolve(
        raw_dir=Path("data"),
        warehouse=Path("w.duckdb"),
        published=Path("bi/copy.duckdb"),
        project_dir=Path("."),
    )
    assert paths.raw_dir == elsewhere / "data"
    assert paths.warehouse == elsewhere / "w.duckdb"
    assert paths.published == elsewhere / "bi" / "copy.duckdb"
    assert paths.project_dir == elsewhere


def test_relative_environment_variables_resolve_against_the_current_folder(elsewhere, monkeypatch):
    monkeypatch.setenv(project_paths.RAW_PATH_ENV, "raw")
    monkeypatch.setenv(project_paths.WAREHOUSE_ENV, "out/w.duckdb")
    monkeypatch.setenv(project_paths.PUBLISHED_ENV, "out/bi.duckdb")
    monkeypatch.setenv(project_paths.SPARK_DIR_ENV, "spark")
    paths = project_paths.resolve()
    assert paths.project_dir == REPO
    assert paths.raw_dir == elsewhere / "raw"
    assert paths.warehouse == elsewhere / "out" / "w.duckdb"
    assert paths.published == elsewhere / "out" / "bi.duckdb"
    assert paths.spark_dir == elsewhere / "spark"
    # dbt runs in the project folder: what it is given must not depend on the current folder
    assert all(Path(value).is_absolute() for value in paths.env().values() if "/" in value)


def test_defaults_stay_in_the_project_data_folder(elsewhere):
    paths = project_paths.resolve()
    assert paths.raw_dir == REPO / "data" / "raw"
    assert paths.warehouse == REPO / "data" / "warehouse.duckdb"
    assert paths.published == REPO / "data" / "warehouse_published.duckdb"


def test_each_warehouse_has_its_own_published_copy(elsewhere, monkeypatch):
    leads = project_paths.resolve(warehouse=Path("leads.duckdb"))
    demo = project_paths.resolve(warehouse=Path("demo.duckdb"))
    assert leads.published == elsewhere / "leads_published.duckdb"
    assert demo.published == elsewhere / "demo_published.duckdb"
    assert project_paths.published_beside(Path("/x/w.db")) == Path("/x/w_published.db")
    # the option and the variable still choose it
    monkeypatch.setenv(project_paths.PUBLISHED_ENV, "/tmp/bi.duckdb")
    assert project_paths.resolve(warehouse=Path("leads.duckdb")).published == Path("/tmp/bi.duckdb")
    assert project_paths.resolve(
        warehouse=Path("leads.duckdb"), published=Path("mine.duckdb")
    ).published == (elsewhere / "mine.duckdb")


def test_sql_string_doubles_quotes():
    assert project_paths.sql_string("it's") == "'it''s'"
    text = "a'b''c"
    with duckdb.connect() as con:
        assert con.execute(f"select {project_paths.sql_string(text)}").fetchone()[0] == text


def _raw_with_events(folder: Path, fmt: str) -> None:
    folder.mkdir(parents=True)
    with duckdb.connect() as con:
        for name, query in {
            "accounts": "select 'A1' as account_id",
            "events": "select * from (values (1, timestamp '2026-03-01 10:00'), "
            "(2, timestamp '2026-05-31 09:00'), (3, timestamp '2999-01-01')) "
            "t(event_id, occurred_at)",
            "events_2026-06-01": "select 4 as event_id, "
            "timestamp '2026-06-01 08:00' as occurred_at",
            "opportunities": "select * from (values ('closed_won', date '2026-04-01'), "
            "('closed_won', date '2026-06-15'), ('open', date '2026-01-01')) t(stage, closed_at)",
        }.items():
            target = project_paths.sql_string(folder / f"{name}.{fmt}")
            options = "(format csv, header)" if fmt == "csv" else "(format parquet)"
            con.execute(f"copy ({query}) to {target} {options}")


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_raw_queries_survive_a_quote_in_the_folder_name(tmp_path, fmt):
    raw = tmp_path / "it's data"
    _raw_with_events(raw, fmt)
    paths = project_paths.resolve(project_dir=REPO, raw_dir=raw, warehouse=tmp_path / "w.duckdb")
    # every events*.<format> file, the future one left out
    assert project_paths.event_date_range(paths) == (date(2026, 3, 1), date(2026, 6, 1))
    assert project_paths.won_deals_closed_by(paths, date(2026, 5, 1)) == 1
    assert project_paths.won_deals_closed_by(paths, date(2026, 6, 30)) == 2
