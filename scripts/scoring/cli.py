"""``scoring``: the command line of the customer scoring project (a thin runner around dbt)."""

from __future__ import annotations

import json
import shlex
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from scoring import project as project_paths
from scoring.dbt_runner import (
    BuildOutcome,
    parse_manifest,
    print_failures,
    print_warnings,
    run_dbt,
)

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
    typer.Option(
        "--data-dir",
        help="Raw input files, relative to the current folder (default: the project's data/raw, "
        "or $SCORING_RAW_PATH).",
    ),
]
Warehouse = Annotated[
    Path | None,
    typer.Option(
        help="DuckDB file to build into, relative to the current folder (default: the project's "
        "data/warehouse.duckdb, or $SCORING_DUCKDB_PATH).",
    ),
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


def _parse_date(value: str, option: str = "--as-of") -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise typer.BadParameter(f"{option} {value!r} is not a YYYY-MM-DD date") from error


def _parse_vars(as_of: str | None, extra: str | None) -> dict:
    try:
        variables = json.loads(extra) if extra else {}
    except json.JSONDecodeError as error:
        raise typer.BadParameter(
            f"--vars is not JSON ({error.msg} at character {error.pos}): write an object with "
            'double-quoted names and texts, e.g. \'{"rubric_version": "champion-v1"}\''
        ) from error
    if not isinstance(variables, dict):
        raise typer.BadParameter("--vars must be a JSON object")
    if as_of:
        _parse_date(as_of)
        variables["as_of_date"] = as_of
    return variables


def _require_data_dir(paths: project_paths.Project) -> None:
    """The raw files are read in place on DuckDB: their folder must exist."""
    if paths.is_duckdb and not paths.raw_dir.is_dir():
        raise typer.BadParameter(
            f"--data-dir {paths.raw_dir}: no such folder (relative paths are read from the "
            "current folder)"
        )


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
    exclude: str | None = None,
    indirect_selection: str | None = None,
    check_data: bool = True,
    unit_tests: bool = False,
) -> None:
    """Check the raw files, build the seeds and run the rubric checks, and only then build the
    rest (models and their tests): a broken rubric or file stops in seconds, before any model.
    dbt's unit tests only with ``unit_tests``: they test the SQL on fixed rows, not the data."""
    started = time.perf_counter()
    if check_data:
        _check_data(paths, variables)
    _mark_untested(paths, "scoring build")
    gate = _rubric_gate(
        paths, variables, exclude=exclude, indirect_selection=indirect_selection,
        full_refresh=full_refresh,
    )  # fmt: skip
    args = after_gate_args(select, exclude, indirect_selection, full_refresh, unit_tests)
    outcome = run_dbt(paths, args, variables=variables, console=console)
    elapsed = time.perf_counter() - started
    nodes = gate.nodes + outcome.nodes
    print_warnings(BuildOutcome(True, nodes, [], gate.warned + outcome.warned), console)
    if not outcome.success:
        print_failures(outcome, console)
        console.print(f"[bold red]Build failed[/] after {elapsed:.1f}s ({nodes} nodes).")
        raise typer.Exit(code=1)
    if paths.is_duckdb:
        from scoring.publish import mark_tested

        mark_tested(paths.warehouse)
    warnings = len(gate.warned) + len(outcome.warned)
    console.print(
        f"Built {nodes} nodes into {_where(paths)} in {elapsed:.1f}s"
        + (f" ({warnings} warnings, named above)" if warnings else "")
    )
    if publish:
        _publish(paths)


def gate_args(
    exclude: str | None = None, indirect_selection: str | None = None, full_refresh: bool = False
) -> list[str]:
    """dbt arguments of the rubric gate: every seed and the tests on seeds alone."""
    args = ["build", "--select", "resource_type:seed"]
    args += ["--indirect-selection", indirect_selection or "cautious"]
    if exclude:
        args += ["--exclude", exclude]
    if full_refresh:
        args.append("--full-refresh")
    return args


def after_gate_args(
    select: str | None = None,
    exclude: str | None = None,
    indirect_selection: str | None = None,
    full_refresh: bool = False,
    unit_tests: bool = False,
) -> list[str]:
    """dbt arguments of the build after the gate: the selection without the seeds, which the gate
    built. Without a selection, cautious: the tests on seeds alone (run by the gate) are left out,
    a test on a seed and a model (a relationship) is kept, so every test runs once. The unit tests
    only when asked: they test the SQL on fixed rows, whatever the data (dbt's advice: in
    development and CI, not in every production build)."""
    left_out = ["resource_type:seed", exclude, None if unit_tests else "resource_type:unit_test"]
    args = ["build", "--exclude", " ".join(filter(None, left_out))]
    if select:
        args += ["--select", select]
    if indirect_selection or not select:
        args += ["--indirect-selection", indirect_selection or "cautious"]
    if full_refresh:
        args.append("--full-refresh")
    return args


def _rubric_gate(
    paths: project_paths.Project,
    variables: dict,
    exclude: str | None = None,
    indirect_selection: str | None = None,
    full_refresh: bool = False,
    label: str = "Rubric check",
    after: str = "no model was built; fix the seed rows above",
) -> BuildOutcome:
    """Build every seed and run the tests on seeds alone (the rubric checks of
    macros/_rubric_tests.yml, attached in seeds/*/_*.yml), before any model: a broken weight stops
    here, naming the seed, the row and the rule, and no model is rebuilt."""
    args = gate_args(exclude, indirect_selection, full_refresh)
    return _run_or_exit(paths, args, variables, label, after=after)


def _check_data(paths: project_paths.Project, variables: dict) -> None:
    """`scoring check` on the raw files the build reads (DuckDB reads them in place; other
    targets read loaded tables): stop on an error, show the warnings."""
    if not paths.is_duckdb:
        return
    from scoring.check import check, render

    raw_dir = paths.raw_dir
    if variables.get("raw_data_path"):  # the var wins over $SCORING_RAW_PATH in the sources
        raw_dir = paths.project_dir / str(variables["raw_data_path"])  # dbt runs in the project
    _require_data_dir(replace(paths, raw_dir=raw_dir))
    fmt = str(variables.get("raw_format") or "parquet")
    as_of = variables.get("as_of_date")
    result = check(raw_dir, paths.project_dir, fmt=fmt, as_of=as_of)
    if not (result.errors or result.warnings):
        return
    render(result, console, show_info=False)
    command = ["scoring", "check", str(raw_dir), "--format", fmt]
    command += ["--as-of", str(as_of)] if as_of else []
    if paths.project_dir != project_paths.resolve().project_dir:
        command += ["--project-dir", str(paths.project_dir)]
    if result.errors:
        console.print(
            "[bold red]Data check failed[/]: nothing was built (--no-check builds anyway)."
        )
    console.print("Every finding, notes included:")
    console.print(f"  {shlex.join(command)}", markup=False, highlight=False, soft_wrap=True)
    if result.errors:
        raise typer.Exit(code=1)


def _mark_untested(paths: project_paths.Project, what: str) -> None:
    """Before a run changes the warehouse: nothing is published until a build passes its tests."""
    if paths.is_duckdb:
        from scoring.publish import mark_untested

        mark_untested(paths.warehouse, what)


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

    try:
        publication = publish(paths)
    except (FileNotFoundError, ValueError) as error:
        _fail(str(error))
    console.print(
        f"Published {len(publication.marts)} marts to {publication.path} (read-only copy for BI, "
        "summary, report and export)."
    )


def _fail(message: str) -> NoReturn:
    """A one-line error for a state the user can fix (nothing built or published yet)."""
    from rich.markup import escape

    console.print(f"[bold red]Error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=1)


Published = Annotated[
    Path | None,
    typer.Option(
        help="Published read-only copy (default: beside the warehouse, named after it: "
        "warehouse_published.duckdb; or $SCORING_PUBLISHED_PATH)."
    ),
]


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
    from scoring.generate import DIRT_LEVELS, FORMATS

    last_day = _parse_date(as_of)
    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format {fmt!r}: use {' or '.join(FORMATS)}")
    if dirt not in DIRT_LEVELS:
        raise typer.BadParameter(f"--dirt {dirt!r}: use {', '.join(DIRT_LEVELS)}")
    paths = _resolve(project_dir, data_dir)
    _generate(
        paths.raw_dir, accounts, seed, last_day, fmt, dirt, contacts_per_account,
        events_per_contact,
    )  # fmt: skip


@app.command("import-leads")
def import_leads(
    leads: Annotated[Path, typer.Argument(help="Lead table (CSV) exported from your CRM.")],
    to: Annotated[Path, typer.Option("--to", help="Folder to write the seven raw files into.")],
    mapping: Annotated[
        Path | None, typer.Option(help="YAML column mapping (default: Salesforce/HubSpot names).")
    ] = None,
    as_of: AsOf = None,
    project_dir: ProjectDir = None,
) -> None:
    """Turn a flat lead table (firmographics, activity counts, converted flag) into the raw files,
    ready for `scoring build --data-dir`. Bad rows are written and reported, never dropped."""
    from scoring.import_leads import run

    seeds_dir = _resolve(project_dir).seeds_dir
    try:
        run(leads, to, mapping, as_of, seeds_dir, console, project_dir=project_dir)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error


@app.command("import-customers")
def import_customers(
    customers: Annotated[
        Path, typer.Argument(help="Customer snapshot (CSV): one row per customer, a churn flag.")
    ],
    to: Annotated[Path, typer.Option("--to", help="Folder to write the seven raw files into.")],
    mapping: Annotated[
        Path | None, typer.Option(help="YAML column mapping (default: common churn-table names).")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Snapshot date (YYYY-MM-DD); default: the mapping's as_of, else today (UTC).",
        ),
    ] = None,
    project_dir: ProjectDir = None,
) -> None:
    """Turn a customer snapshot (tenure, contract, charges, churn flag ...) into the raw files:
    one account and its subscription terms per customer, every other column a custom feature of
    accounts. Bad rows are written and reported, never dropped."""
    from scoring.import_customers import run

    try:
        run(customers, to, mapping, as_of, console, project_dir=project_dir)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error


@app.command()
def build(
    as_of: AsOf = None,
    select: Annotated[str | None, typer.Option(help="dbt selector, e.g. marts+.")] = None,
    exclude: Annotated[
        str | None,
        typer.Option(
            help='dbt selector to leave out, e.g. "resource_type:test resource_type:unit_test".'
        ),
    ] = None,
    indirect_selection: Annotated[
        str | None,
        typer.Option(help="dbt --indirect-selection (eager, cautious, buildable or empty)."),
    ] = None,
    full_refresh: Annotated[bool, typer.Option(help="Rebuild incremental models.")] = False,
    publish: Annotated[
        bool, typer.Option(help="Publish the marts for BI after a successful build.")
    ] = True,
    check_data: Annotated[
        bool,
        typer.Option(
            "--check/--no-check",
            help="Check the raw files first (`scoring check`) and stop on an error (DuckDB).",
        ),
    ] = True,
    unit_tests: Annotated[
        bool,
        typer.Option(
            "--unit-tests/--no-unit-tests",
            help="Also run dbt's unit tests (the SQL's own tests on fixed rows; they do not read "
            "your data): after editing a model or macro, and in CI. Data tests run either way.",
        ),
    ] = False,
    dbt_vars: Vars = None,
    data_dir: RawDir = None,
    warehouse: Warehouse = None,
    target: Target = None,
    project_dir: ProjectDir = None,
) -> None:
    """Check the raw files, build the seeds and run the rubric checks, then build the models and
    their tests (dbt build), then publish. Each step stops the build on an error."""
    paths = _resolve(project_dir, data_dir, warehouse, target=target)
    variables = _parse_vars(as_of, dbt_vars)
    _build(
        paths, variables, select, full_refresh, publish, exclude, indirect_selection,
        check_data=check_data, unit_tests=unit_tests,
    )  # fmt: skip


@app.command()
def check(
    data_dir: Annotated[
        Path | None,
        typer.Argument(
            help="Folder of raw files, relative to the current folder (default: the project's "
            "data/raw, or $SCORING_RAW_PATH).",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="parquet or csv (default: what the folder holds)."),
    ] = None,
    as_of: AsOf = None,
    dbt_vars: Annotated[
        str | None,
        typer.Option("--vars", help="The build's dbt vars as JSON (reads raw_format, as_of_date)."),
    ] = None,
    project_dir: ProjectDir = None,
) -> None:
    """Check raw files against the raw data contract (models/staging/_sources.yml) in seconds:
    tables, columns, types, date and number formats, keys, implausible values, the as-of date.
    Exits 1 on an error; `scoring build` runs the same check first."""
    from scoring.check import check as run_check
    from scoring.check import render

    paths = _resolve(project_dir, data_dir)
    variables = _parse_vars(as_of, dbt_vars)
    if fmt not in (None, "parquet", "csv"):
        raise typer.BadParameter(f"--format {fmt!r}: use parquet or csv")
    result = run_check(
        paths.raw_dir,
        paths.project_dir,
        fmt=fmt or variables.get("raw_format"),
        as_of=variables.get("as_of_date"),
    )
    render(result, console)
    if result.errors:
        raise typer.Exit(code=1)


def _every_days(every: str) -> int:
    """Days of a step such as '7d', '1d' or a plain number of days."""
    text = every.strip().lower().removesuffix("d")
    if not text.isdigit() or int(text) < 1:
        raise typer.BadParameter(f"--every {every!r}: use a number of days such as 7d")
    return int(text)


def _date_range(start: date, end: date, every: str) -> list[date]:
    """Dates from start to end inclusive, every N days ('7d', '1d' or a plain number of days)."""
    days = _every_days(every)
    if end < start:
        raise typer.BadParameter("--to must not be before --from")
    step = timedelta(days=days)
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
    dates = _date_range(_parse_date(from_date, "--from"), _parse_date(to_date, "--to"), every)
    paths = _resolve(project_dir, data_dir, warehouse, target=target)
    _backfill(paths, dates, _parse_vars(None, dbt_vars))


def _backfill(
    paths: project_paths.Project, dates: list[date], base_vars: dict, next_step: bool = True
) -> None:
    """Score each date (models only, no tests: the history a build then tests). Publishes
    nothing: the build after it tests and publishes."""
    started = time.perf_counter()
    # the files and the rubric once, before any date is scored
    # (as of the last date: an early date may come before the data, the last one may not)
    _check_data(paths, {**base_vars, "as_of_date": dates[-1].isoformat()})
    _mark_untested(paths, "scoring backfill")
    _rubric_gate(paths, base_vars)
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
    if next_step:
        command = _build_command(paths, base_vars, None)
        console.print("Nothing published yet: test and publish with")
        console.print(f"  {shlex.join(command)}", markup=False, highlight=False, soft_wrap=True)


def _build_command(paths: project_paths.Project, variables: dict, as_of: str | None) -> list[str]:
    """`scoring build` on the same data, warehouse, date and vars, with absolute paths (it works
    as printed from any folder)."""
    command = ["scoring", "build", "--data-dir", str(paths.raw_dir.resolve())]
    command += ["--warehouse", str(paths.warehouse.resolve())] if paths.is_duckdb else []
    command += ["--as-of", as_of] if as_of else []
    command += ["--vars", json.dumps(variables)] if variables else []
    if paths.project_dir.resolve() != project_paths.resolve().project_dir.resolve():
        command += ["--project-dir", str(paths.project_dir.resolve())]
    return command


def _run_or_exit(
    paths: project_paths.Project,
    args: list[str],
    variables: dict,
    label: str,
    manifest=None,
    after: str = "",
) -> BuildOutcome:
    outcome = run_dbt(paths, args, variables=variables, console=console, manifest=manifest)
    if not outcome.success:
        print_failures(outcome, console)
        console.print(f"[bold red]{label} failed[/]" + (f": {after}" if after else ""))
        raise typer.Exit(code=1)
    return outcome


@app.command()
def publish(
    warehouse: Warehouse = None,
    published: Published = None,
    target: Target = None,
    project_dir: ProjectDir = None,
) -> None:
    """Copy the marts of the last build to the read-only file BI, summary, report and export read,
    atomically. `scoring build` does this after every successful build: publish by hand only after
    a build that ran with --no-publish and succeeded."""
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
    published: Published = None,
    target: Target = None,
    project_dir: ProjectDir = None,
) -> None:
    """Export the CRM rows of the last published build whose fields changed since the last export,
    then advance the sync watermark (only once the file is complete)."""
    from scoring.export import check_options
    from scoring.export import export as run_export

    paths = _resolve(project_dir, None, warehouse, published, target)
    try:
        check_options(fmt, to, crm)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from error
    try:
        result = run_export(paths, fmt, to, crm)
    except FileNotFoundError as error:
        _fail(str(error))
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
    if not paths.raw_dir.is_dir():
        raise typer.BadParameter(f"--data-dir {paths.raw_dir}: no such folder")
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
def summary(
    warehouse: Warehouse = None, published: Published = None, project_dir: ProjectDir = None
) -> None:
    """Print the summary of the last published build: counts, bands, conversion by band, input
    quality, top contacts."""
    from scoring.publish import published_database
    from scoring.summary import collect, render

    paths = _resolve(project_dir, None, warehouse, published)
    try:
        source = published_database(paths)
    except FileNotFoundError as error:
        _fail(str(error))
    render(collect(source), console)


@app.command()
def report(
    to: Annotated[
        Path | None,
        typer.Option("--to", help="HTML file to write (default: reports/scoring_report.html)."),
    ] = None,
    warehouse: Warehouse = None,
    published: Published = None,
    project_dir: ProjectDir = None,
) -> None:
    """Write a self-contained HTML report (inline SVG charts, opens offline) from the marts of the
    last published build."""
    from scoring.report import source_database, write_report

    paths = _resolve(project_dir, None, warehouse, published)
    try:
        source = source_database(paths)
    except FileNotFoundError as error:
        _fail(str(error))
    target = write_report(source, to or paths.project_dir / "reports" / "scoring_report.html")
    console.print(f"Wrote {target} from {source}.")


@app.command()
def calibrate(
    as_of: AsOf = None,
    train_dates: Annotated[int, typer.Option(min=1, help="Training scoring dates.")] = 8,
    eval_dates: Annotated[int, typer.Option(min=1, help="Evaluation scoring dates.")] = 4,
    every: Annotated[str, typer.Option(help="Step between scoring dates, e.g. 7d.")] = "7d",
    split: Annotated[
        str,
        typer.Option(
            help="time (history), cohort (one date: newer prospects evaluate), random (one date: "
            "30% of accounts evaluate), or auto (time when events and won deals reach back far "
            "enough, else cohort)."
        ),
    ] = "auto",
    min_iv: Annotated[
        float, typer.Option(min=0.0, help="Information value a feature needs to become a factor.")
    ] = 0.02,
    dbt_vars: Vars = None,
    data_dir: RawDir = None,
    warehouse: Warehouse = None,
    project_dir: ProjectDir = None,
) -> None:
    """Learn a whole new rubric version (factors, tiers, points, weights, bands) from the data,
    starting from the active one (var rubric_version, default champion-v1), write it into the
    versioned seeds of seeds/rubric with a version id, and judge the active version (champion),
    the new one (challenger) and a gradient-boosting reference on the same held-out rows.
    Publishes nothing: build next."""
    from scoring.calibration import plan as cal_plan

    if split not in ("auto", *cal_plan.KINDS):
        raise typer.BadParameter(f"--split {split!r}: use time, cohort, random or auto")
    step = _every_days(every)
    paths = _resolve(project_dir, data_dir, warehouse)
    variables = _parse_vars(None, dbt_vars)
    _require_data_dir(paths)
    first_event, last_event = project_paths.event_date_range(paths)
    scoring_date = _parse_date(as_of) if as_of else last_event
    if scoring_date is None:
        raise typer.BadParameter("no events in the data: pass --as-of")
    horizon = int(variables.get("outcome_horizon_days", 90))
    chosen = cal_plan.time_split(scoring_date, horizon, train_dates, eval_dates, step)
    # auto: a time split needs behaviour before the training dates and deals won before the first
    # evaluation date; a lead table or a snapshot (one date, outcomes after it) gets a cohort split
    if split in ("cohort", "random") or (
        split == "auto"
        and (
            first_event is None
            or first_event >= chosen.train_dates[0]
            or project_paths.won_deals_closed_by(paths, chosen.eval_dates[0]) == 0
        )
    ):
        kind = "random" if split == "random" else "cohort"
        chosen = cal_plan.single_date_split(kind, scoring_date)
    _calibrate(paths, chosen, variables, min_iv, as_of)


def _calibrate(
    paths: project_paths.Project, chosen, variables: dict, min_iv: float, as_of: str | None
) -> None:
    from scoring.calibration import run as cal_run
    from scoring.calibration import seeds as cal_seeds

    started = time.perf_counter()
    # the version learned from: the one the marts use (the dbt var's default when not passed)
    active = str(variables.get("rubric_version") or cal_seeds.DEFAULT_VERSION)
    try:
        cal_seeds.check_version(paths.seeds_dir, active)
    except cal_seeds.VersionError as error:
        _fail(str(error))
    last_date = max(chosen.train_dates + chosen.eval_dates)
    _check_data(paths, {**variables, "as_of_date": last_date.isoformat()})
    _mark_untested(paths, "scoring calibrate")
    # seeds recreated (--full-refresh): a written version may change a column's type
    _rubric_gate(paths, variables, full_refresh=True)
    state = {"manifest": parse_manifest(paths), "vars": variables}

    def run_models(day: date, label: str, training: bool) -> None:
        args = ["run", "--select", cal_run.TRAINING_SELECT] if training else ["run"]
        date_vars = {**state["vars"], "as_of_date": day.isoformat()}
        _run_or_exit(paths, args, date_vars, label, state["manifest"])
        console.print(f"Scored {label}")

    def check_rubric(version_id: str) -> None:
        # from now on the freshly written version is the one scored beside the active one; it
        # passes the rubric checks before anything scores with it
        state["vars"] = {
            **variables, "rubric_version": active, "challenger_rubric_version": version_id
        }  # fmt: skip
        _rubric_gate(
            paths, state["vars"], full_refresh=True, label="Learned rubric check",
            after=f"the learned rubric {version_id} in seeds/rubric breaks the rows above",
        )  # fmt: skip
        state["manifest"] = parse_manifest(paths)

    steps = cal_run.Steps(run_models, check_rubric, echo=console.print)
    try:
        result = cal_run.calibrate(paths, chosen, steps, min_iv=min_iv, active=active)
    except (cal_run.NothingToLearn, cal_seeds.VersionError) as error:
        _fail(str(error))
    _print_calibration(result)
    console.print(f"Report: {result.report_path}  ({time.perf_counter() - started:.1f}s)")
    # nothing is published: the warehouse holds untested evaluation runs; a build tests both
    # rubrics side by side (with the reference AUCs in model_performance) and publishes
    beside = {**variables, "challenger_rubric_version": result.version_id}
    command = _build_command(paths, beside, as_of)
    console.print(f"Next, test and publish {result.version_id} beside {active}:")
    console.print(f"  {shlex.join(command)}", markup=False, highlight=False, soft_wrap=True)
    promoted = {**variables, "rubric_version": result.version_id}
    promoted.pop("challenger_rubric_version", None)
    console.print("Then, if it does better, promote it (the same --vars on backfill):")
    console.print(
        f"  {shlex.join(_build_command(paths, promoted, as_of))}",
        markup=False, highlight=False, soft_wrap=True,
    )  # fmt: skip


def _print_calibration(result) -> None:
    from rich.table import Table

    table = Table(title=f"Champion, challenger and reference ({result.split.kind} split)")
    for column in ("population", "score", "outcome", "rows", "champion AUC", "challenger AUC",
                   "reference AUC", "ratio"):  # fmt: skip
        table.add_column(
            column, justify="left" if column in ("population", "score", "outcome") else "right"
        )

    def fmt(value, digits=3):
        return "n/a" if value is None else f"{value:.{digits}f}"

    for j in result.judgements:
        table.add_row(
            j.population, j.score, j.outcome, f"{j.rows:,}", fmt(j.champion_auc),
            fmt(j.challenger_auc), fmt(j.reference_auc), fmt(j.ratio),
        )  # fmt: skip
    console.print(table)
    if result.bands is not None:
        console.print(
            f"Challenger bands: populated {'yes' if result.bands.populated else 'no'}, "
            f"conversion rising {'yes' if result.bands.monotonic else 'no'}"
        )


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
    paths = _resolve(project_dir, data_dir, warehouse)
    if regenerate or not (paths.raw_dir / "events.parquet").exists():
        _generate(paths.raw_dir, accounts, seed, date(2026, 6, 30), "parquet", "normal", 10.0, 50.0)
    else:
        console.print(f"Using the data in {paths.raw_dir} (pass --regenerate to make it anew).")
    variables = _parse_vars(as_of, dbt_vars)
    scoring_date = _parse_date(as_of) if as_of else project_paths.latest_event_date(paths)
    if history_weeks:
        weeks = [scoring_date - timedelta(weeks=n) for n in range(history_weeks, 0, -1)]
        history_vars = {k: v for k, v in variables.items() if k != "as_of_date"}
        _backfill(paths, weeks, history_vars, next_step=False)
    _build(paths, {**variables, "as_of_date": scoring_date.isoformat()}, None, False)
    render(collect(paths.published), console)
    from scoring.report import source_database, write_report

    report_file = write_report(
        source_database(paths), paths.project_dir / "reports" / "scoring_report.html"
    )
    console.print(f"Report (open in a browser, works offline): {report_file}")
    console.print(f"Demo finished in {time.perf_counter() - started:.1f}s.")


@app.command()
def bench(
    scale: Annotated[
        float, typer.Option(min=0.0001, help="Share of the full size (1M contacts, 50M events).")
    ] = 1.0,
    accounts: Annotated[
        int | None, typer.Option(min=1, help="Accounts (default: 100,000 x scale).")
    ] = None,
    contacts: Annotated[
        int | None, typer.Option(min=1, help="Contacts (default: 10 per account).")
    ] = None,
    events: Annotated[
        int | None, typer.Option(min=1, help="Events (default: 50 per contact).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed of the generated data.")] = 42,
    memory_limit: Annotated[
        str,
        typer.Option(
            help="DuckDB memory_limit of every step (spills above it); the process peaks about "
            "2 GB above it, so 3.5GB keeps the build within 6 GB.",
        ),
    ] = "3.5GB",
    threads: Annotated[
        int,
        typer.Option(
            min=1,
            help="dbt threads (models at once) of the builds; 1 keeps one heavy query in memory.",
        ),
    ] = 1,
    regenerate: Annotated[
        bool, typer.Option(help="Generate the data anew (--no-regenerate reuses it, untimed).")
    ] = True,
    select: Annotated[
        str, typer.Option(help="dbt selector of the measured builds (tests are always left out).")
    ] = "resource_type:seed resource_type:model",
    data_dir: Annotated[
        Path, typer.Option("--data-dir", help="Folder of the bench's raw data and warehouse.")
    ] = Path("/tmp/scoring-bench"),
    project_dir: ProjectDir = None,
) -> None:
    """Benchmark at scale: generation, full build vs a one-query floor, no-change rebuild, a daily
    incremental run and peak memory, printed as a table with the targets of issue 6."""
    from scoring.bench import (
        CONTACTS_PER_ACCOUNT,
        EVENTS_PER_CONTACT,
        FULL_ACCOUNTS,
        BenchError,
        render,
        run_bench,
    )

    n_accounts = accounts or max(1, round(FULL_ACCOUNTS * scale))
    per_account = contacts / n_accounts if contacts else CONTACTS_PER_ACCOUNT
    if per_account < 1:
        raise typer.BadParameter("--contacts must be at least the number of accounts")
    n_contacts = contacts or round(n_accounts * per_account)
    per_contact = events / n_contacts if events else EVENTS_PER_CONTACT
    paths = project_paths.resolve(project_dir)
    started = time.perf_counter()
    try:
        result = run_bench(
            paths,
            data_dir.resolve(),
            n_accounts,
            per_account,
            per_contact,
            seed=seed,
            memory_limit=memory_limit,
            threads=threads,
            regenerate=regenerate,
            select=select,
            say=lambda message: console.print(f"[dim]{time.strftime('%H:%M:%S')}[/] {message}"),
        )
    except BenchError as error:
        console.print(f"[bold red]Benchmark failed:[/] {error}", markup=True)
        raise typer.Exit(code=1) from error
    render(result, console)
    console.print(f"Benchmark finished in {time.perf_counter() - started:.0f}s ({data_dir}).")


def main() -> None:
    app()
