"""``scoring bench``: how the project performs at scale (1M contacts, 100k accounts, 50M events).

The generation runs in a child process (``python -m scoring generate``), timed. Everything else runs
in a second child process (:func:`worker_main`) that parses the dbt project once, then measures
each step's wall time and peak memory (the process's peak RSS, reset before each step; dbt and
DuckDB run in that process):

1. a full build of seeds and models, without data tests, into a fresh warehouse;
2. the floor: one hand-written DuckDB query computing what int_events__contact_signals computes
   (counts and recency per contact and signal in each window) straight from the raw files; its
   result is checked against the model's table;
3. a no-change rebuild (same data, same as-of date);
4. a daily incremental run: 1% new events dated the next day, in an extra file
   ``events_<date>.parquet`` beside ``events.parquet`` (removed afterwards), and the as-of date
   moved on by one day.

DuckDB's memory limit comes from ``SCORING_DUCKDB_MEMORY_LIMIT`` and dbt's threads from
``SCORING_DUCKDB_THREADS`` (see profiles/profiles.yml); the bench sets both for every step (threads
1 by default: each DuckDB query already uses every core, and two heavy ones side by side share one
memory limit). The machine's load average is recorded with each figure, as other
jobs make timings noisy.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console
from rich.table import Table

from scoring.project import Project

# Full scale: 100,000 accounts x 10 contacts x 50 events = 1M contacts and 50M events.
FULL_ACCOUNTS = 100_000
CONTACTS_PER_ACCOUNT = 10.0
EVENTS_PER_CONTACT = 50.0
DAILY_SHARE = 0.01  # new events of the daily run, as a share of the events
# targets of issue 6
MAX_FLOOR_RATIO = 2.5
MAX_INCREMENTAL_SHARE = 0.15
MAX_PEAK_BYTES = 6 * 1000**3
MAX_GENERATION_SECONDS = 60.0
# the build measured: seeds and models, no data tests and no unit tests
BUILD_SELECT = "resource_type:seed resource_type:model"
BUILD_EXCLUDE = "resource_type:test resource_type:unit_test"
MEMORY_LIMIT_ENV = "SCORING_DUCKDB_MEMORY_LIMIT"
THREADS_ENV = "SCORING_DUCKDB_THREADS"


@dataclass
class Step:
    """A measured step: wall seconds, peak RSS of its process (bytes), load average at its end."""

    seconds: float
    peak_bytes: int
    load: float
    cpu_seconds: float = float("nan")  # user + system CPU time: less noisy than wall time


@dataclass
class BenchResult:
    accounts: int
    contacts: int
    events: int
    memory_limit: str
    threads: int
    generation: Step
    parse: Step
    full: Step
    floor: Step
    no_change: Step
    incremental: Step
    added_events: int = 0
    floor_matches: bool | None = None
    top_models: dict[str, list[tuple[str, float]]] = field(default_factory=dict)

    @property
    def peak_bytes(self) -> int:
        return max(self.full.peak_bytes, self.no_change.peak_bytes, self.incremental.peak_bytes)

    @property
    def floor_ratio(self) -> float:
        return self.full.seconds / self.floor.seconds

    @property
    def incremental_share(self) -> float:
        return self.incremental.seconds / self.full.seconds


class BenchError(RuntimeError):
    pass


def _run_child(args: list[str], env: dict[str, str], log: Path) -> Step:
    """Run ``args`` to completion with its output in ``log``; its wall time and peak RSS."""
    started = time.perf_counter()
    with log.open("ab") as out:
        out.write(f"\n$ {' '.join(args)}\n".encode())
        out.flush()
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        tail = log.read_text(errors="replace").splitlines()[-30:]
        raise BenchError(f"{' '.join(args[2:5])} failed ({log}):\n" + "\n".join(tail))
    # ru_maxrss is in kilobytes on Linux (bytes on macOS)
    scale = 1 if sys.platform == "darwin" else 1024
    cpu = usage.ru_utime + usage.ru_stime
    return Step(seconds, int(usage.ru_maxrss) * scale, os.getloadavg()[0], cpu)


def _scoring(*args: str) -> list[str]:
    return [sys.executable, "-m", "scoring", *args]


def _top_models(project_dir: Path, keep: Path, count: int = 8) -> list[tuple[str, float]]:
    """The slowest models of the last dbt invocation (target/run_results.json), kept in ``keep``."""
    results = project_dir / "target" / "run_results.json"
    if not results.exists():
        return []
    shutil.copy(results, keep)
    timings = [
        (result["unique_id"].split(".")[-1], float(result["execution_time"]))
        for result in json.loads(results.read_text())["results"]
        if result["unique_id"].startswith("model.")
    ]
    return sorted(timings, key=lambda item: -item[1])[:count]


def _remove_warehouse(warehouse: Path) -> None:
    for path in (warehouse, Path(f"{warehouse}.wal"), Path(f"{warehouse}.tmp")):
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _extra_event_files(raw_dir: Path) -> list[Path]:
    return sorted(raw_dir.glob("events_*.parquet"))


def write_daily_events(raw_dir: Path, day: date, share: float = DAILY_SHARE, seed: int = 42) -> int:
    """Append a day of new events: a sample of ``share`` of the events (their contacts, types and
    details), moved to ``day`` at their own time of day, with new event ids after the largest one,
    written to ``events_<day>.parquet`` beside ``events.parquet``. Returns the rows written."""
    import duckdb

    source = raw_dir / "events.parquet"
    target = raw_dir / f"events_{day.isoformat()}.parquet"
    percent = share * 100
    with duckdb.connect() as con:
        max_id = con.execute(f"select max(event_id) from read_parquet('{source}')").fetchone()[0]
        con.execute(
            f"""
            copy (
                select
                    {int(max_id)} + row_number() over (order by event_id) as event_id,
                    contact_id,
                    cast(date '{day.isoformat()}' as timestamp)
                        + (occurred_at - date_trunc('day', occurred_at)) as occurred_at,
                    event_type,
                    event_detail
                from read_parquet('{source}')
                using sample {percent}% (bernoulli, {int(seed)})
            ) to '{target}' (format parquet, compression zstd)
            """
        )
        return con.execute(f"select count(*) from read_parquet('{target}')").fetchone()[0]


# The events of the 365-day window, typed and aliased; rendered twice in FLOOR_SQL (each part reads
# the file itself: a CTE read twice is materialised by DuckDB with every column of every event).
FLOOR_IN_WINDOW = """
    select
        typed.event_id, typed.contact_id, typed.occurred_at,
        coalesce(aliases.canonical, typed.event_type) as event_type, typed.event_detail
    from (
        select
            try_cast(event_id as bigint) as event_id,
            cast(contact_id as varchar) as contact_id,
            try_cast(occurred_at as timestamp) as occurred_at,
            nullif(replace(replace(replace(lower(trim(cast(event_type as varchar))),
                ' ', '_'), '-', '_'), '/', '_'), '') as event_type,
            nullif(replace(replace(replace(lower(trim(cast(event_detail as varchar))),
                ' ', '_'), '-', '_'), '/', '_'), '') as event_detail
        from read_parquet('{events}')
    ) as typed
    left join aliases on typed.event_type = aliases.alias
    where typed.event_id is not null and typed.contact_id is not null
        and cast(typed.occurred_at as date) <= date '{as_of}'
        and cast(typed.occurred_at as date) > date '{as_of}' - 365
"""

# The floor: what int_events__contact_signals computes, in one query on the raw files (same
# cleaning: type aliases, known types, valid contacts, not before the contact existed, one row per
# event_id, the 365-day window). Placeholders: {in_window} (FLOOR_IN_WINDOW), {events}, {contacts},
# {seeds}, {as_of}.
FLOOR_SQL = """
create temp table floor_signals as
with
aliases as (
    select alias, canonical
    from read_csv('{seeds}/mappings/category_aliases.csv', all_varchar = true)
    where domain = 'event_type'
),
signal_map as (
    select event_type, event_detail, signal
    from read_csv('{seeds}/mappings/event_signals.csv', all_varchar = true)
),
contacts as (
    select
        cast(contact_id as varchar) as contact_id,
        min(try_cast(created_at as timestamp)) as created_at
    from read_parquet('{contacts}')
    group by 1
),
-- one row per event id: a window over the ids on more than one row only (a window over every event
-- does not fit 4GB at 50 million events; the same design as base_marketing__events)
shared_ids as (
    select try_cast(event_id as bigint) as event_id
    from read_parquet('{events}')
    where try_cast(event_id as bigint) is not null
    group by 1
    having count(*) > 1
),
deduplicated as (
    select single.event_id, single.contact_id, single.occurred_at, single.event_type,
        single.event_detail
    from ({in_window}) as single
    anti join shared_ids on single.event_id = shared_ids.event_id
    union all
    select event_id, contact_id, occurred_at, event_type, event_detail
    from (
        select shared.*, row_number() over (
            partition by shared.event_id
            order by shared.occurred_at, shared.contact_id, shared.event_type, shared.event_detail
        ) as copy_number
        from ({in_window}) as shared
        semi join shared_ids on shared.event_id = shared_ids.event_id
    )
    where copy_number = 1
),
mapped as (
    select
        deduplicated.contact_id,
        cast(deduplicated.occurred_at as date) as event_date,
        date '{as_of}' - cast(deduplicated.occurred_at as date) as days_ago,
        coalesce(exact_match.signal, default_match.signal) as signal
    from deduplicated
    inner join contacts
        on deduplicated.contact_id = contacts.contact_id
        and deduplicated.occurred_at >= contacts.created_at
    inner join (select distinct event_type from signal_map) as known
        on deduplicated.event_type = known.event_type
    left join signal_map as exact_match
        on deduplicated.event_type = exact_match.event_type
        and deduplicated.event_detail = exact_match.event_detail
    left join signal_map as default_match
        on deduplicated.event_type = default_match.event_type
        and default_match.event_detail = '*'
)
select
    contact_id,
    signal,
    count(case when days_ago < 14 then 1 end) as n_14d,
    count(case when days_ago < 30 then 1 end) as n_30d,
    count(case when days_ago >= 30 and days_ago < 60 then 1 end) as n_prior_30d,
    count(case when days_ago < 90 then 1 end) as n_90d,
    count(*) as n_365d,
    count(distinct case when days_ago < 90 then event_date end) as active_days_90d,
    max(event_date) as last_event_date
from mapped
group by contact_id, signal
"""

SIGNAL_COLUMNS = (
    "contact_id, signal, n_14d, n_30d, n_prior_30d, n_90d, n_365d, active_days_90d, last_event_date"
)


def run_bench(
    paths: Project,
    bench_dir: Path,
    accounts: int,
    contacts_per_account: float,
    events_per_contact: float,
    seed: int = 42,
    as_of: date = date(2026, 6, 30),
    memory_limit: str = "3.5GB",
    threads: int = 1,
    regenerate: bool = True,
    select: str = BUILD_SELECT,
    say: Callable[[str], None] = print,
) -> BenchResult:
    """Run the whole benchmark with data and warehouse under ``bench_dir``: the generation in one
    child process, everything else in a second one (see :func:`worker_main`)."""
    bench_dir.mkdir(parents=True, exist_ok=True)
    raw_dir = bench_dir / "raw"
    log = bench_dir / "bench.log"
    log.write_text("")
    env = {
        **os.environ,
        MEMORY_LIMIT_ENV: memory_limit,
        THREADS_ENV: str(threads),
        "PYTHONUNBUFFERED": "1",
    }
    for name in ("SCORING_RAW_PATH", "SCORING_DUCKDB_PATH", "COLUMNS"):
        env.pop(name, None)

    for extra in _extra_event_files(raw_dir):  # a previous run's daily file
        extra.unlink()
    if regenerate or not (raw_dir / "events.parquet").exists():
        if raw_dir.exists():
            shutil.rmtree(raw_dir)
        say(f"generating {accounts:,} accounts into {raw_dir}")
        generation = _run_child(
            _scoring(
                "generate",
                "--accounts", str(accounts),
                "--seed", str(seed),
                "--as-of", as_of.isoformat(),
                "--contacts-per-account", str(contacts_per_account),
                "--events-per-contact", str(events_per_contact),
                "--data-dir", str(raw_dir),
                "--project-dir", str(paths.project_dir),
            ),
            env,
            log,
        )  # fmt: skip
    else:
        say(f"reusing the data in {raw_dir} (generation not timed)")
        generation = Step(float("nan"), 0, os.getloadavg()[0])
    counts = _row_counts(raw_dir)

    spec = {
        "project_dir": str(paths.project_dir),
        "raw_dir": str(raw_dir),
        "warehouse": str(bench_dir / "warehouse.duckdb"),
        "bench_dir": str(bench_dir),
        "as_of": as_of.isoformat(),
        "memory_limit": memory_limit,
        "select": select,
        "seed": seed,
    }
    say(f"parse, full build, floor, no-change rebuild, daily incremental run ({bench_dir})")
    worker_log = bench_dir / "worker.log"
    worker_log.write_text("")
    worker = [
        sys.executable, "-c", "from scoring.bench import worker_main; worker_main()",
        json.dumps(spec),
    ]  # fmt: skip
    _run_child(worker, env, worker_log)
    report = json.loads(worker_log.read_text().strip().splitlines()[-1])
    steps = {name: Step(**values) for name, values in report["steps"].items()}
    return BenchResult(
        accounts=counts["accounts"],
        contacts=counts["contacts"],
        events=counts["events"],
        memory_limit=memory_limit,
        threads=threads,
        generation=generation,
        parse=steps["parse"],
        full=steps["full"],
        floor=steps["floor"],
        no_change=steps["no_change"],
        incremental=steps["incremental"],
        added_events=report["added_events"],
        floor_matches=report["differing_rows"] == 0,
        top_models={
            label: [tuple(item) for item in items] for label, items in report["top"].items()
        },
    )


def _reset_peak() -> None:
    """Reset the peak RSS (VmHWM) of this process, where Linux allows it."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def _peak_bytes() -> int:
    """Peak RSS of this process since the last :func:`_reset_peak` (Linux), else since start."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(usage) * (1 if sys.platform == "darwin" else 1024)


def _measure(action: Callable[[], object], label: str = "") -> dict:
    if label:
        print(f"{time.strftime('%H:%M:%S')} {label}", flush=True)
    import resource

    _reset_peak()
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    action()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {
        "seconds": seconds,
        "peak_bytes": _peak_bytes(),
        "load": os.getloadavg()[0],
        "cpu_seconds": cpu,
    }


def worker_main() -> None:
    """The measured steps, in one process that parses the project once (dbt's parse is a constant
    of some seconds, reported on its own row; a daily job's vars change, which re-parses anyway).
    Argument: a JSON spec from :func:`run_bench`. Prints a JSON report as its last line."""
    from rich.console import Console as RichConsole

    from scoring.dbt_runner import parse_manifest, print_failures, run_dbt

    spec = json.loads(sys.argv[1])
    raw_dir = Path(spec["raw_dir"])
    bench_dir = Path(spec["bench_dir"])
    project = Project(
        project_dir=Path(spec["project_dir"]),
        raw_dir=raw_dir,
        warehouse=Path(spec["warehouse"]),
        published=bench_dir / "published.duckdb",
    )
    as_of = date.fromisoformat(spec["as_of"])
    console = RichConsole(width=150)
    steps: dict[str, dict] = {}
    top: dict[str, list] = {}
    manifest = None

    def parse() -> None:
        nonlocal manifest
        manifest = parse_manifest(project)

    def build(day: date) -> Callable[[], None]:
        def action() -> None:
            args = ["build", "--select", spec["select"], "--exclude", BUILD_EXCLUDE]
            outcome = run_dbt(
                project,
                args,
                variables={"as_of_date": day.isoformat()},
                console=console,
                show_progress=False,
                manifest=manifest,
            )
            if not outcome.success:
                print_failures(outcome, console)
                raise BenchError(f"build as of {day} failed")

        return action

    steps["parse"] = _measure(parse, "parse")
    _remove_warehouse(project.warehouse)
    steps["full"] = _measure(build(as_of), "full build")
    top["full build"] = _top_models(project.project_dir, bench_dir / "run_results_full.json")

    floor = _floor(raw_dir, project.seeds_dir, as_of, spec["memory_limit"], project.warehouse)
    steps["floor"] = floor["step"]
    steps["no_change"] = _measure(build(as_of), "no-change rebuild")

    next_day = as_of + timedelta(days=1)
    added = write_daily_events(raw_dir, next_day, seed=int(spec["seed"]))
    try:
        steps["incremental"] = _measure(build(next_day), "daily incremental run")
        top["daily incremental run"] = _top_models(
            project.project_dir, bench_dir / "run_results_incremental.json"
        )
    finally:
        for extra in _extra_event_files(raw_dir):
            extra.unlink()
    report = {
        "steps": steps,
        "top": top,
        "added_events": added,
        "differing_rows": floor["differing_rows"],
    }
    print(json.dumps(report))


def _floor(raw_dir: Path, seeds_dir: Path, as_of: date, memory_limit: str, warehouse: Path) -> dict:
    """Time the floor query (on its own DuckDB connection, same memory limit), then compare its
    result with the model's table (not timed)."""
    import duckdb

    sql = FLOOR_SQL.replace("{in_window}", FLOOR_IN_WINDOW).format(
        events=raw_dir / "events*.parquet",
        contacts=raw_dir / "contacts.parquet",
        seeds=seeds_dir,
        as_of=as_of.isoformat(),
    )
    with duckdb.connect() as con:
        # an in-memory database spills nowhere unless told: give it the build's limit and a folder
        con.execute(f"set memory_limit = '{memory_limit}'")
        con.execute(f"set temp_directory = '{warehouse.parent / 'floor.tmp'}'")
        # at full scale the query runs out of memory at 4GB unless row order may be dropped
        con.execute("set preserve_insertion_order = false")
        step = _measure(lambda: con.execute(sql), "floor")
        con.execute(f"attach '{warehouse}' as warehouse (read_only)")
        model = f"select {SIGNAL_COLUMNS} from warehouse.intermediate.int_events__contact_signals"
        floor = f"select {SIGNAL_COLUMNS} from floor_signals"
        differing = con.execute(
            f"select (select count(*) from ({floor} except all {model}))"
            f" + (select count(*) from ({model} except all {floor}))"
        ).fetchone()[0]
    return {"step": step, "differing_rows": int(differing)}


def _row_counts(raw_dir: Path) -> dict[str, int]:
    import duckdb

    with duckdb.connect() as con:
        return {
            name: con.execute(
                f"select count(*) from read_parquet('{raw_dir / name}.parquet')"
            ).fetchone()[0]
            for name in ("accounts", "contacts", "events")
        }


def _seconds(step: Step) -> str:
    return "not timed" if step.seconds != step.seconds else f"{step.seconds:,.1f} s"


def _cpu(step: Step) -> str:
    return "" if step.cpu_seconds != step.cpu_seconds else f"{step.cpu_seconds:,.1f}"


def _gb(value: int) -> str:
    return f"{value / 1000**3:.2f} GB"


def _met(ok: bool) -> str:
    return "[green]yes[/]" if ok else "[red]no[/]"


def render(result: BenchResult, console: Console) -> Table:
    """The benchmark table (returned, and printed on ``console``)."""
    table = Table(
        title=(
            f"scoring bench: {result.contacts:,} contacts, {result.accounts:,} accounts, "
            f"{result.events:,} events (DuckDB memory_limit {result.memory_limit}, "
            f"dbt threads {result.threads}, {os.cpu_count()} cores)"
        )
    )
    for column in ("Measure", "Value", "Target", "Met", "CPU s", "Load (1 min)"):
        table.add_column(column, justify="left" if column == "Measure" else "right")
    gen = result.generation
    table.add_row(
        "Floor (one DuckDB query: signals from raw events)",
        _seconds(result.floor),
        "",
        "",
        _cpu(result.floor),
        f"{result.floor.load:.1f}",
    )
    table.add_row(
        "Full build (seeds + models, no tests)",
        _seconds(result.full),
        "",
        "",
        _cpu(result.full),
        f"{result.full.load:.1f}",
    )
    table.add_row(
        "Full build / floor",
        f"{result.floor_ratio:.1f}x",
        f"<= {MAX_FLOOR_RATIO}x",
        _met(result.floor_ratio <= MAX_FLOOR_RATIO),
        "",
        "",
    )
    table.add_row(
        "dbt parse (once; not in the build figures)",
        _seconds(result.parse),
        "",
        "",
        _cpu(result.parse),
        f"{result.parse.load:.1f}",
    )
    table.add_row(
        "No-change rebuild",
        _seconds(result.no_change),
        "",
        "",
        _cpu(result.no_change),
        f"{result.no_change.load:.1f}",
    )
    table.add_row(
        "Daily incremental run (+1% events, as-of + 1 day)",
        _seconds(result.incremental),
        "",
        "",
        _cpu(result.incremental),
        f"{result.incremental.load:.1f}",
    )
    table.add_row(
        "Incremental / full build",
        f"{result.incremental_share:.1%}",
        f"<= {MAX_INCREMENTAL_SHARE:.0%}",
        _met(result.incremental_share <= MAX_INCREMENTAL_SHARE),
        "",
        "",
    )
    table.add_row(
        "Peak memory (RSS of the build process)",
        _gb(result.peak_bytes),
        f"<= {_gb(MAX_PEAK_BYTES)}",
        _met(result.peak_bytes <= MAX_PEAK_BYTES),
        "",
        "",
    )
    table.add_row(
        "Generation time",
        _seconds(gen),
        f"< {MAX_GENERATION_SECONDS:.0f} s",
        "" if gen.seconds != gen.seconds else _met(gen.seconds < MAX_GENERATION_SECONDS),
        _cpu(gen),
        f"{gen.load:.1f}",
    )
    console.print(table)
    if result.floor_matches is not None:
        console.print(
            "Floor result equals int_events__contact_signals: "
            + ("yes" if result.floor_matches else "[red]NO[/]")
        )
    for label, models in result.top_models.items():
        if models:
            listed = ", ".join(f"{name} {seconds:.1f}s" for name, seconds in models)
            console.print(f"Slowest models of the {label}: {listed}")
    return table
