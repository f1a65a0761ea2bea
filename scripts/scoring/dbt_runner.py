"""Run dbt in-process through its programmatic API, with a progress bar and readable failures."""

from __future__ import annotations

import json
from collections.abc import Sequence
from contextlib import chdir
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from scoring.project import Project

# Node result statuses that make a build fail.
FAILING_STATUSES = {"error", "fail", "runtime error"}


@dataclass
class NodeFailure:
    """One failed node: what it was, dbt's message, and the failing rows it stored (if any)."""

    unique_id: str
    status: str
    message: str
    failure_rows: list[str] = field(default_factory=list)


@dataclass
class BuildOutcome:
    success: bool
    nodes: int
    failures: list[NodeFailure]
    warnings: int


def _vars_arg(variables: dict[str, Any] | None) -> list[str]:
    return ["--vars", json.dumps(variables)] if variables else []


def run_dbt(
    project: Project,
    args: Sequence[str],
    variables: dict[str, Any] | None = None,
    console: Console | None = None,
    show_progress: bool = True,
    manifest: Any = None,
) -> BuildOutcome:
    """Invoke ``dbt <args>`` on the project and report per-node progress on the console.
    A manifest from :func:`parse_manifest` skips parsing (backfill runs one project per date)."""
    from dbt.cli.main import dbtRunner  # imported late: importing dbt is slow

    console = console or Console()
    project.apply_env()
    project.warehouse.parent.mkdir(parents=True, exist_ok=True)
    progress = Progress(
        TextColumn("[bold blue]dbt {task.fields[command]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=console,
        transient=True,
        disable=not show_progress,
    )
    task = progress.add_task("dbt", total=None, command=args[0], current="parsing")

    def on_event(event: Any) -> None:
        name = event.info.name
        if name == "LogStartLine":
            progress.update(task, total=event.data.total, current=event.data.description)
        elif name == "NodeFinished":
            progress.advance(task)

    full_args = [
        *args,
        "--project-dir",
        str(project.project_dir),
        "--profiles-dir",
        str(project.profiles_dir),
        "--quiet",
        *_vars_arg(variables),
    ]
    with progress, chdir(project.project_dir):
        try:
            result = dbtRunner(manifest=manifest, callbacks=[on_event]).invoke(full_args)
        finally:
            _release_duckdb()
    return _outcome(project, result)


def parse_manifest(project: Project) -> Any:
    """Parse the project once and return its manifest, for several invocations in a row."""
    from dbt.cli.main import dbtRunner

    project.apply_env()
    args = ["parse", "--project-dir", str(project.project_dir)]
    args += ["--profiles-dir", str(project.profiles_dir), "--quiet"]
    with chdir(project.project_dir):
        result = dbtRunner().invoke(args)
    if not result.success:
        raise RuntimeError(f"dbt parse failed: {result.exception}")
    return result.result


def _release_duckdb() -> None:
    """Close the DuckDB database dbt-duckdb keeps open in this process, so the warehouse file can be
    read (or written by another process) once dbt is done."""
    try:
        from dbt.adapters.duckdb.connections import DuckDBConnectionManager
    except ImportError:  # another adapter
        return
    with DuckDBConnectionManager._LOCK:
        if DuckDBConnectionManager._ENV is not None:
            DuckDBConnectionManager._ENV.close()
            DuckDBConnectionManager._ENV = None


def _outcome(project: Project, result: Any) -> BuildOutcome:
    failures: list[NodeFailure] = []
    warnings = 0
    nodes = 0
    run_results = getattr(result, "result", None)
    for node_result in getattr(run_results, "results", None) or []:
        nodes += 1
        status = str(getattr(node_result.status, "value", node_result.status)).lower()
        if status == "warn":
            warnings += 1
        if status in FAILING_STATUSES:
            failures.append(
                NodeFailure(
                    unique_id=node_result.node.unique_id,
                    status=status,
                    message=(node_result.message or "").strip(),
                    failure_rows=_stored_failures(project, node_result),
                )
            )
    if result.exception is not None and not failures:
        failures.append(NodeFailure("dbt", "error", str(result.exception)))
    return BuildOutcome(
        success=bool(result.success), nodes=nodes, failures=failures, warnings=warnings
    )


def _stored_failures(project: Project, node_result: Any, limit: int = 20) -> list[str]:
    """The ``failure`` texts a failing test stored (rubric tests name the seed, row and rule)."""
    relation = getattr(node_result.node, "relation_name", None)
    if not relation or node_result.node.resource_type != "test":
        return []
    try:
        import duckdb

        with duckdb.connect(str(project.warehouse), read_only=True) as con:
            columns = [c[0] for c in con.execute(f"select * from {relation} limit 0").description]
            if "failure" not in columns:
                return []
            rows = con.execute(f"select failure from {relation} limit {int(limit)}").fetchall()
        return [str(row[0]) for row in rows]
    except Exception:  # the failure rows are a courtesy; never hide the real error
        return []


def print_failures(outcome: BuildOutcome, console: Console) -> None:
    for failure in outcome.failures:
        console.print(f"[bold red]{failure.status.upper()}[/] {failure.unique_id}")
        if failure.message:
            console.print(f"  {failure.message}", markup=False)
        for row in failure.failure_rows:
            console.print(f"  - {row}", markup=False)
