"""`scoring bench` at a tiny scale: every row of its table is there, with positive numbers. Only the
models the floor is compared with are built, so the three builds stay quick."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from conftest import copy_project
from scoring.cli import app

ROWS = (
    "Floor",
    "Full build (seeds",
    "Full build / floor",
    "No-change rebuild",
    "Daily incremental run",
    "Incremental / full build",
    "Peak memory",
    "Generation time",
)
# a query over 4,000 events and the generation of them can take under 0.05 s: shown as 0.0
QUICK_ROWS = ("Floor", "Generation time")


def test_bench_prints_every_row_with_positive_numbers(tmp_path):
    project = copy_project(tmp_path / "project")
    result = CliRunner().invoke(
        app,
        [
            "bench",
            "--accounts", "20",
            "--contacts", "200",
            "--events", "4000",
            "--select", "+int_events__contact_signals",
            "--data-dir", str(tmp_path / "bench"),
            "--project-dir", str(project),
        ],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for label in ROWS:
        row = next((line for line in lines if line.lstrip("│┃ ").startswith(label)), None)
        assert row is not None, f"no row {label!r} in:\n{result.output}"
        cells = [cell.strip() for cell in row.strip("│┃ ").split("│")]
        value = re.match(r"[\d,.]+", cells[1])
        assert value, f"row {label!r} has no number: {row}"
        number = float(value.group(0).replace(",", ""))
        assert number > 0 or (label in QUICK_ROWS and number == 0), row
    assert "Floor result equals int_events__contact_signals: yes" in result.output
    # the daily file is removed again, so the data can be reused
    assert not list((tmp_path / "bench" / "raw").glob("events_*.parquet"))
    # dbt ran one model at a time (the default --threads 1): every node on one worker thread
    assert "dbt threads 1" in result.output
    run_results = json.loads((tmp_path / "bench" / "run_results_full.json").read_text())
    workers = {node["thread_id"] for node in run_results["results"]} - {"main"}
    assert len(workers) == 1, workers
