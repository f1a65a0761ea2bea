"""Run dbt in-process through its programmatic API, with progress and readable failures.

On a terminal the progress is a transient bar; when the output is not a terminal (a pipe, a CI log,
a file) it is one plain line per finished node instead, e.g.
``[ 12/103] model int_contacts__features ........ ok 1.2s``.
"""

from __future__ import annotations

import json
import threading
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
    # the nodes that finished with status warn (tests above their warn threshold), with messages
    warned: list[NodeFailure] = field(default_factory=list)

    @property
    def warnings(self) -> int:
        return len(self.warned)


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
    # a transient bar shows nothing in a pipe: plain lines there instead
    plain = show_progress and not console.is_terminal
    progress = Progress(
        TextColumn("[bold blue]dbt {task.fields[command]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=console,
        transient=True,
        disable=not show_progress or plain,
    )
    task = progress.add_task("dbt", total=None, command=args[0], current="parsing")
    counts = {"finished": 0, "total": 0}
    lock = threading.Lock()  # dbt's threads finish nodes side by side

    def on_event(event: Any) -> None:
        name = event.info.name
        if name == "LogStartLine":
            counts["total"] = max(counts["total"], event.data.total)
            progress.update(task, total=event.data.total, current=event.data.description)
        elif name == "NodeFinished":
            progress.advance(task)
            if plain:
                with lock:
                    counts["finished"] += 1
                    console.print(
                        progress_line(event.data, counts["finished"], counts["total"]),
                        markup=False,
                        highlight=False,
                        soft_wrap=True,
                    )

    full_args = [
        *args,
        "--project-dir",
        str(project.project_dir),
        "--profiles-dir",
        str(project.profiles_dir),
        "--quiet",
        # dbt's own error lines: no colour codes in a pipe
        *(["--no-use-colors"] if plain else []),
        *_vars_arg(variables),
    ]
    with progress, chdir(project.project_dir):
        try:
            result = dbtRunner(manifest=manifest, callbacks=[on_event]).invoke(full_args)
        finally:
            _release_duckdb()
    return _outcome(project, result)


def progress_line(data: Any, number: int, total: int, width: int = 60) -> str:
    """One finished node as a plain log line: ``[ 12/103] model int_x ........ ok 1.2s``."""
    info, result = data.node_info, data.run_result
    status = (result.status or info.node_status or "done").lower()
    status = {"success": "ok", "pass": "ok"}.get(status, status)
    label = f"{info.resource_type} {info.node_name}"
    digits = len(str(max(total, number)))
    counter = f"[{number:>{digits}}/{max(total, number)}]"
    dots = "." * max(3, width - len(label))
    return f"{counter} {label} {dots} {status} {result.execution_time:.1f}s"


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
    warned: list[NodeFailure] = []
    nodes = 0
    run_results = getattr(result, "result", None)
    for node_result in getattr(run_results, "results", None) or []:
        nodes += 1
        status = str(getattr(node_result.status, "value", node_result.status)).lower()
        if status == "warn" or status in FAILING_STATUSES:
            # what the test found: a warning's rows found again, a failure's stored rows
            rows = _warned_rows if status == "warn" else _stored_failures
            (warned if status == "warn" else failures).append(
                NodeFailure(
                    unique_id=node_result.node.unique_id,
                    status=status,
                    message=(node_result.message or "").strip(),
                    failure_rows=rows(project, node_result),
                )
            )
    if result.exception is not None and not failures:
        failures.append(NodeFailure("dbt", "error", str(result.exception)))
    return BuildOutcome(success=bool(result.success), nodes=nodes, failures=failures, warned=warned)


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


def _warned_rows(project: Project, node_result: Any, limit: int = 3) -> list[str]:
    """The first rows a warning test found (its compiled query run again, read-only), as
    ``column=value`` texts: what warned, not only how many rows."""
    node = node_result.node
    sql = getattr(node, "compiled_code", None)
    if not project.is_duckdb or node.resource_type != "test" or not sql:
        return []
    try:
        import duckdb

        with duckdb.connect(str(project.warehouse), read_only=True) as con:
            cursor = con.execute(f"select * from ({sql}) as found limit {int(limit)}")
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
        return [", ".join(f"{n}={v}" for n, v in zip(names, row, strict=True)) for row in rows]
    except Exception:  # the rows are a courtesy; the warning itself is already named
        return []


def print_failures(outcome: BuildOutcome, console: Console) -> None:
    for failure in outcome.failures:
        console.print(f"[bold red]{failure.status.upper()}[/] {failure.unique_id}")
        if failure.message:
            console.print(f"  {failure.message}", markup=False)
        for row in failure.failure_rows:
            console.print(f"  - {row}", markup=False)


def print_warnings(outcome: BuildOutcome, console: Console) -> None:
    """Name every node that warned, with dbt's message (e.g. which test, how many rows)."""
    if not outcome.warned:
        return
    console.print(f"[yellow]{outcome.warnings} warning{'s' if outcome.warnings != 1 else ''}:[/]")
    for warning in outcome.warned:
        console.print(f"  WARN {warning.unique_id}: {warning.message}", markup=False)
        for row in warning.failure_rows:
            console.print(f"    - {row}", markup=False)
