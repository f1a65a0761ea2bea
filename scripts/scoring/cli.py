"""``scoring``: the command line of the customer scoring project (a thin runner around dbt)."""

from __future__ import annotations

import json
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from scoring import project as project_paths
from scoring.dbt_runner import parse_manifest, print_failures, run_dbt

app = typer.Typer(
    name="scoring",
    help="Multi-dimensional predictive customer scoring on dbt + DuckDB.",
    no_args_is_help=True,
    add_completion=False,
)
# Piped output (CI logs, files) gets a wide fixed width instead of rich's 80 columns.
console = Console(width=None if sys.stdout.isatty() else 150)

ProjectDir = Annotated[
    Path | None,
    typer.Option(help="dbt project folder (default: this checkout, or $SCORING_PROJECT_DIR)."),
]
RawDir = Annotated[
    Path | None,
    typer.Option("--data-dir", help="Raw input files (default: data/raw, or $SCORING_RAW_PATH)."),
]
Warehouse = Annotated[
    Path | None,
    typer.Option(help="DuckDB file to build into (default: data/warehouse.duckdb)."),
]
Target = Annotated[
    str | None,
    typer.Option(
        help="dbt target of profiles/profiles.yml: duckdb, postgres or spark (default: "
        "$SCORING_TARGET, else duckdb).",
    ),
]
AsOf = Annotated[
    str | None,
    typer.Option("--as-of", help="Score as of this date (YYYY-MM-DD); default: latest event date."),
]
Vars = Annotated[
    str | None,
    typer.Option("--vars", help="Extra dbt vars as JSON, e.g. '{\"outcome_horizon_days\": 60}'."),
]


def _resolve(
    project_dir: Path | None = None,
    raw_dir: Path | None = None,
    warehouse: Path | None = None,
    published: Path | None = None,
    target: str | None = None,
) -> project_paths.Project:
    try:
        return project_paths.resolve(project_dir, raw_dir, warehouse, published, target)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error


def _parse_vars(as_of: str | None, extra: str | None) -> dict:
    variables: dict = json.loads(extra) if extra else {}
    if not isinstance(variables, dict):
        raise typer.BadParameter("--vars must be a JSON object")
    if as_of:
        try:
            date.fromisoformat(as_of)
        except ValueError as error:
            raise typer.BadParameter(f"--as-of {as_of!r} is not a YYYY-MM-DD date") from error
        variables["as_of_date"] = as_of
    return variables


def _generate(
    raw_dir: Path,
    accounts: int,
    seed: int,
    as_of: date,
    fmt: str,
    dirt: str,
    contacts_per_account: float,
    events_per_contact: float,
) -> None:
    from scoring.generate import generate

    started = time.perf_counter()
    with console.status("Generating demo data...") as status:
        counts = generate(
            raw_dir,
            accounts=accounts,
            seed=seed,
            as_of=as_of,
            contacts_per_account=contacts_per_account,
            events_per_contact=events_per_contact,
            fmt=fmt,
            dirt=dirt,
            progress=lambda message: status.update(f"Generating demo data: {message}"),
        )
    elapsed = time.perf_counter() - started
    listed = ", ".join(f"{name} {rows:,}" for name, rows in counts.items())
    console.print(f"Generated into {raw_dir} in {elapsed:.1f}s: {listed}")


def _build(
    paths: project_paths.Project,
    variables: dict,
    select: str | None,
    full_refresh: bool,
    publish: bool = True,
    indirect_selection: str | None = None,
) -> None:
    args = ["build"]
    if select:
        args += ["--select", select]
    if indirect_selection:
        args += ["--indirect-selection", indirect_selection]
    if full_refresh:
        args.append("--full-refresh")
    started = time.perf_counter()
    outcome = run_dbt(paths, args, variables=variables, console=console)
    elapsed = time.perf_counter() - started
    if not outcome.success:
        print_failures(outcome, console)
        console.print(f"[bold red]Build failed[/] after {elapsed:.1f}s ({outcome.nodes} nodes).")
        raise typer.Exit(code=1)
    console.print(
        f"Built {outcome.nodes} nodes into {_where(paths)} in {elapsed:.1f}s"
        + (f" ({outcome.warnings} warnings)" if outcome.warnings else "")
    )
    if publish:
        _publish(paths)


def _where(paths: project_paths.Project) -> str:
    return str(paths.warehouse) if paths.is_duckdb else f"the {paths.target} target"


def _publish(paths: project_paths.Project) -> None:
    from scoring.publish import publish

    if not paths.is_duckdb:
        # the published file is the DuckDB answer to DuckDB's one-writer lock; a server warehouse
        # lets BI read the marts schema directly
        console.print(
            f"Publishing skipped: it copies DuckDB marts, and the target is {paths.target}."
        )
        return

    target, tables = publish(paths)
    console.print(f"Published {len(tables)} marts to {target} (read-only copy for BI).")


@app.command()
def generate(
    accounts: Annotated[int, typer.Option(min=1, help="Number of accounts.")] = 2000,
    seed: Annotated[int, typer.Option(help="Random seed; same seed, same data.")] = 42,
    as_of: Annotated[str, typer.Option("--as-of", help="Last day of activity.")] = "2026-06-30",
    contacts_per_account: Annotated[float, typer.Option(min=1)] = 10.0,
    events_per_contact: Annotated[float, typer.Option(min=1)] = 50.0,
    fmt: Annotated[str, typer.Option("--format", help="parquet or csv.")] = "parquet",
    dirt: Annotated[str, typer.Option(help="none, normal or high.")] = "normal",
    data_dir: RawDir = None,
    project_dir: ProjectDir = None,
) -> None:
    """Generate realistic demo data: accounts, contacts, events, deals, usage, tickets, terms."""
    paths = project_paths.resolve(project_dir, data_dir)
    _generate(
        paths.raw_dir,
        accounts,
        seed,
        date.fromisoformat(as_of),
        fmt,
        dirt,
        contacts_per_account,
        events_per_contact,
    )


@app.command()
def build(
    as_of: AsOf = None,
    select: Annotated[str | None, typer.Option(help="dbt selector, e.g. marts+.")] = None,
    indirect_selection: Annotated[
        str | None,
        typer.Option(help="dbt --indirect-selection (eager, cautious, buildable or empty)."),
    ] = None,
    full_refresh: Annotated[bool, typer.Option(help="Rebuild incremental models.")] = False,
    publish: Annotated[
        bool, typer.Option(help="Publish the marts for BI after a successful build.")
    ] = True,
    dbt_vars: Vars = None,
    data_dir: RawDir = None,
    warehouse: Warehouse = None,
    target: Target = None,
    project_dir: ProjectDir = None,
) -> None:
    """Run dbt build (seeds, rubric checks, models, tests) on the raw data, then publish."""
    paths = _resolve(project_dir, data_dir, warehouse, target=target)
    _build(paths, _parse_vars(as_of, dbt_vars), select, full_refresh, publish, indirect_selection)


def _date_range(start: date, end: date, every: str) -> list[date]:
    """Dates from start to end inclusive, every N days ('7d', '1d' or a plain number of days)."""
    text = every.strip().lower().removesuffix("d")
    if not text.isdigit() or int(text) < 1:
        raise typer.BadParameter(f"--every {every!r}: use a number of days such as 7d")
    if end < start:
        raise typer.BadParameter("--to must not be before --from")
    step = timedelta(days=int(text))
    dates = []
    current = start
    while current <= end:
        dates.append(current)
        current += step
    return dates


@app.command()
def backfill(
    from_date: Annotated[str, typer.Option("--from", help="First scoring date (YYYY-MM-DD).")],
    to_date: Annotated[str, typer.Option("--to", help="Last scoring date (YYYY-MM-DD).")],
    every: Annotated[str, typer.Option(help="Step between dates, e.g. 7d.")] = "7d",
    dbt_vars: Vars = None,
    data_dir: RawDir = None,
    warehouse: Warehouse = None,
    target: Target = None,
    project_dir: ProjectDir = None,
) -> None:
    """Score past dates point in time, oldest first, into score_history, score_alerts and
    lead_lifecycle. Re-running a date replaces its rows; nothing is duplicated."""
    try:
        dates = _date_range(date.fromisoformat(from_date), date.fromisoformat(to_date), every)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    paths = _resolve(project_dir, data_dir, warehouse, target=target)
    _backfill(paths, dates, _parse_vars(None, dbt_vars))


def _backfill(
    paths: project_paths.Project, dates: list[date], base_vars: dict, publish: bool = True
) -> None:
    started = time.perf_counter()
    # validate the rubric once, before any date is scored
    seeds_only = ["build", "--select", "resource_type:seed", "--indirect-selection", "cautious"]
    _run_or_exit(paths, seeds_only, base_vars, "Rubric check")
    manifest = parse_manifest(paths)  # vars are applied when each date compiles
    for number, scoring_date in enumerate(dates, start=1):
        step_started = time.perf_counter()
        variables = {**base_vars, "as_of_date": scoring_date.isoformat()}
        # every model, so the marts agree with each other on the last date
        _run_or_exit(paths, ["run"], variables, str(scoring_date), manifest)
        console.print(
            f"[{number}/{len(dates)}] scored {scoring_date} "
            f"in {time.perf_counter() - step_started:.1f}s"
        )
    console.print(
        f"Backfilled {len(dates)} dates into {_where(paths)} "
        f"in {time.perf_counter() - started:.1f}s"
    )
    if publish:
        _publish(paths)


def _run_or_exit(
    paths: project_paths.Project, args: list[str], variables: dict, label: str, manifest=None
) -> None:
    outcome = run_dbt(paths, args, variables=variables, console=console, manifest=manifest)
    if not outcome.success:
        print_failures(outcome, console)
        console.print(f"[bold red]{label} failed[/]")
        raise typer.Exit(code=1)


@app.command()
def publish(
    warehouse: Warehouse = None,
    published: Annotated[
        Path | None, typer.Option(help="Read-only copy to write (default: data/published.duckdb).")
    ] = None,
    target: Target = None,
    project_dir: ProjectDir = None,
) -> None:
    """Copy the marts of the last build to the read-only file BI reads, atomically."""
    paths = _resolve(project_dir, None, warehouse, published, target)
    _publish(paths)


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="csv, parquet or jsonl.")] = "csv",
    to: Annotated[Path, typer.Option("--to", help="Folder to write the export file into.")] = Path(
        "data/exports"
    ),
    crm: Annotated[str, typer.Option(help="Field names: salesforce, hubspot or generic.")] = (
        "generic"
    ),
    warehouse: Warehouse = None,
    target: Target = None,
    project_dir: ProjectDir = None,
) -> None:
    """Export the CRM rows whose published fields changed since the last export, then advance the
    sync watermark (only once the file is complete)."""
    from scoring.export import export as run_export

    paths = _resolve(project_dir, None, warehouse, target=target)
    try:
        result = run_export(paths, fmt, to, crm)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    console.print(
        f"Exported {result.rows:,} rows ({result.inserted:,} new, {result.updated:,} updated, "
        f"{result.unchanged:,} unchanged) to {result.path} [run {result.run_id}]"
    )


@app.command()
def load(
    target: Target = None,
    schema: Annotated[
        str, typer.Option(help="Schema of the raw tables (dbt var raw_schema).")
    ] = "raw",
    data_dir: RawDir = None,
    project_dir: ProjectDir = None,
) -> None:
    """Load the raw files into tables of a postgres or spark target (DuckDB reads them in place)."""
    from scoring.load import load as run_load

    paths = _resolve(project_dir, data_dir, target=target)
    started = time.perf_counter()
    try:
        with console.status(f"Loading {paths.raw_dir} into {paths.target}...") as status:
            counts = run_load(paths, schema, lambda table: status.update(f"Loading {table}"))
    except (ValueError, FileNotFoundError) as error:
        raise typer.BadParameter(str(error)) from error
    listed = ", ".join(f"{name} {rows:,}" for name, rows in counts.items())
    console.print(
        f"Loaded into {paths.target} schema {schema} in {time.perf_counter() - started:.1f}s: "
        + listed
    )


@app.command()
def summary(warehouse: Warehouse = None, project_dir: ProjectDir = None) -> None:
    """Print the summary of the last build: counts, bands, conversion by band, top contacts."""
    from scoring.summary import collect, render

    paths = project_paths.resolve(project_dir, None, warehouse)
    render(collect(paths.warehouse), console)


@app.command()
def demo(
    accounts: Annotated[int, typer.Option(min=1, help="Accounts to generate.")] = 2000,
    seed: Annotated[int, typer.Option(help="Random seed of the demo data.")] = 42,
    regenerate: Annotated[bool, typer.Option(help="Regenerate data even if present.")] = False,
    history_weeks: Annotated[
        int, typer.Option(min=0, help="Weekly scoring dates to backfill before the as-of date.")
    ] = 4,
    as_of: AsOf = None,
    dbt_vars: Vars = None,
    data_dir: RawDir = None,
    warehouse: Warehouse = None,
    project_dir: ProjectDir = None,
) -> None:
    """The main job: demo data (generated if missing) -> score history of the weeks before ->
    full build -> summary."""
    from scoring.summary import collect, render

    started = time.perf_counter()
    paths = project_paths.resolve(project_dir, data_dir, warehouse)
    if regenerate or not (paths.raw_dir / "events.parquet").exists():
        _generate(paths.raw_dir, accounts, seed, date(2026, 6, 30), "parquet", "normal", 10.0, 50.0)
    else:
        console.print(f"Using the data in {paths.raw_dir} (pass --regenerate to make it anew).")
    variables = _parse_vars(as_of, dbt_vars)
    scoring_date = date.fromisoformat(as_of) if as_of else project_paths.latest_event_date(paths)
    if history_weeks:
        weeks = [scoring_date - timedelta(weeks=n) for n in range(history_weeks, 0, -1)]
        history_vars = {k: v for k, v in variables.items() if k != "as_of_date"}
        _backfill(paths, weeks, history_vars, publish=False)
    _build(paths, {**variables, "as_of_date": scoring_date.isoformat()}, None, False)
    render(collect(paths.warehouse), console)
    console.print(f"Demo finished in {time.perf_counter() - started:.1f}s.")


def main() -> None:
    app()
