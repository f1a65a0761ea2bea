"""The runner end to end: generate -> build -> summary on a small data set, and a rubric change that
must move the scores with no SQL edit."""

from __future__ import annotations

import csv
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from conftest import REPO, copy_project
from scoring import project as project_paths
from scoring.calibration import promote_hint, promote_vars
from scoring.cli import _parse_vars, after_gate_args, app, gate_args

runner = CliRunner()
MODELS = "resource_type:seed resource_type:model"
NO_TESTS = "resource_type:test resource_type:unit_test"
# the published copy at its default place, beside the warehouse (another test may have set it)
DEFAULT_PUBLISHED = {"SCORING_PUBLISHED_PATH": None}


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("generate", "build", "summary", "demo"):
        assert command in result.output


def test_module_is_runnable():
    result = subprocess.run(
        [sys.executable, "-m", "scoring", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "demo" in result.stdout


def test_as_of_must_be_a_date():
    assert _parse_vars("2026-03-31", None) == {"as_of_date": "2026-03-31"}
    assert _parse_vars(None, '{"outcome_horizon_days": 60}') == {"outcome_horizon_days": 60}
    with pytest.raises(typer.BadParameter):
        _parse_vars("31/03/2026", None)
    with pytest.raises(typer.BadParameter):
        _parse_vars(None, "[1, 2]")


def test_promote_hint_is_json():
    version = "calibrated-20260630-7e4134ad"
    expected = {"rubric_version": version}
    assert json.loads(promote_vars(version)) == expected
    option, value = shlex.split(promote_hint(version))
    assert option == "--vars"
    assert _parse_vars(None, value) == expected
    # (test_the_promote_hint_is_accepted_by_the_build builds with it)


def _one_line_error(result, *words: str) -> str:
    """A usage error (exit 2) with its message, not a traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    text = " ".join(result.output.replace("│", " ").split())
    for word in words:
        assert word in text, text
    return text


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--as-of", "30/06/2026"], ["--as-of '30/06/2026' is not a YYYY-MM-DD date"]),
        (["--format", "xml"], ["--format 'xml': use parquet or csv"]),
        (["--dirt", "bogus"], ["--dirt 'bogus': use none, normal, high"]),
    ],
)
def test_generate_argument_errors_are_one_line(tmp_path, args, words):
    result = runner.invoke(app, ["generate", "--data-dir", str(tmp_path / "raw"), *args])
    _one_line_error(result, *words)
    assert not (tmp_path / "raw").exists()


def test_a_missing_data_dir_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", "--data-dir", "nope", "--warehouse", "w.duckdb"])
    _one_line_error(result, "no such folder")
    assert not (tmp_path / "w.duckdb").exists()
    for command in (["backfill", "--from", "2026-01-01", "--to", "2026-01-08"], ["calibrate"]):
        _one_line_error(runner.invoke(app, [*command, "--data-dir", "nope"]), "no such folder")


def test_vars_that_are_not_json_are_one_line():
    result = runner.invoke(app, ["build", "--vars", "{rubric_version: champion-v1}"])
    _one_line_error(result, "--vars is not JSON")


def test_the_gate_and_the_rest_build_every_node_once(tmp_path):
    """Seeds and the tests on seeds alone in the gate, everything else after it: together exactly
    what one `dbt build` selects, nothing twice; without --unit-tests the same less the unit
    tests."""
    from dbt.cli.main import dbtRunner

    common = ["--project-dir", str(REPO), "--profiles-dir", str(REPO / "profiles"), "--quiet"]
    common += ["--target-path", str(tmp_path / "target"), "--log-path", str(tmp_path / "logs")]
    buildable = ["seed", "model", "test", "unit_test", "snapshot"]
    kinds = [arg for kind in buildable for arg in ("--resource-type", kind)]

    def listed(build_args: list[str]) -> list[str]:
        output = ["--output", "json", "--output-keys", "unique_id"]
        result = dbtRunner().invoke(["ls", *build_args[1:], *kinds, *output, *common])
        assert result.success, result.exception
        return [json.loads(line)["unique_id"] for line in result.result]

    everything = listed(["build"])
    gate, rest = listed(gate_args()), listed(after_gate_args(unit_tests=True))
    assert gate and rest
    assert not set(gate) & set(rest)
    assert sorted(gate + rest) == sorted(everything)
    assert {name.split(".")[0] for name in gate} == {"seed", "test"}
    assert "seed" not in {name.split(".")[0] for name in rest}
    unit_tests = {name for name in rest if name.startswith("unit_test.")}
    assert unit_tests, "the project has unit tests"
    assert set(listed(after_gate_args())) == set(rest) - unit_tests


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A 60-account data set built once into a private copy of the project (and what the build
    printed)."""
    root = tmp_path_factory.mktemp("cli")
    project = copy_project(root / "project")
    raw = root / "raw"
    warehouse = root / "warehouse.duckdb"
    result = runner.invoke(
        app, ["generate", "--accounts", "60", "--seed", "3", "--data-dir", str(raw)]
    )
    assert result.exit_code == 0, result.output
    args = ["--data-dir", str(raw), "--warehouse", str(warehouse), "--project-dir", str(project)]
    # models and seeds only: the data tests run in `make dbt-test`
    build = ["build", *args, "--select", MODELS, "--exclude", NO_TESTS]
    result = runner.invoke(app, build, env=DEFAULT_PUBLISHED)
    assert result.exit_code == 0, result.output
    return project, raw, warehouse, args, result.output


def test_build_scores_every_contact_and_account(built):
    _project, raw, warehouse, _args, _output = built
    with duckdb.connect(str(warehouse), read_only=True) as con:
        as_of = con.execute("select max(as_of_date) from marts.contact_scores").fetchone()[0]
        expected_contacts = con.execute(
            f"""
            select count(distinct contact_id) from read_parquet('{raw}/contacts.parquet')
            where contact_id is not null and cast(created_at as date) <= date '{as_of}'
            """
        ).fetchone()[0]
        scored = con.execute("select count(*) from marts.contact_scores").fetchone()[0]
        accounts = con.execute("select count(*) from marts.account_scores").fetchone()[0]
        raw_accounts = con.execute(
            f"select count(distinct account_id) from read_parquet('{raw}/accounts.parquet')"
        ).fetchone()[0]
        components = con.execute(
            "select count(*), count(distinct dimension) from marts.score_components"
        ).fetchone()
        budgets = con.execute(
            "select count(*) from rubric.rubric_components where rubric_version = 'champion-v1'"
        ).fetchone()[0]
    assert scored == expected_contacts > 0
    assert accounts == raw_accounts
    # every entity has every rubric component of all six dimensions
    assert components == ((scored + accounts) * budgets, 6)


def _summary(project: Path, warehouse: Path, published: Path | None = None):
    args = ["summary", "--warehouse", str(warehouse), "--project-dir", str(project)]
    env = {"SCORING_PUBLISHED_PATH": str(published) if published else None}
    return runner.invoke(app, args, env=env)


def _published(project: Path, warehouse: Path) -> Path:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("SCORING_PUBLISHED_PATH", raising=False)
        return project_paths.resolve(project, None, warehouse).published


def test_summary_prints_bands_conversion_and_top_leads(built):
    project, _raw, warehouse, _args, _output = built
    result = _summary(project, warehouse)
    assert result.exit_code == 0, result.output
    for heading in ("Band distribution", "Conversion by band", "Top 10 leads", "Premium", "Hot"):
        assert heading in result.output


def test_summary_counts_the_bands_of_the_active_rubric_version_only(built):
    """rubric.score_bands holds the bands of every rubric version: the summary counts each contact
    once, in the bands of the version the marts use."""
    from scoring.summary import collect

    project, _raw, warehouse, _args, _output = built
    published = _published(project, warehouse)
    with duckdb.connect(str(published), read_only=True) as con:
        versions = con.execute("select count(distinct rubric_version) from rubric.score_bands")
        assert versions.fetchone()[0] >= 2, "the published bands of every version"
        expected = con.execute(
            "select band from rubric.score_bands where rubric_version = 'champion-v1' "
            "and band_set = 'composite' order by band_rank desc"
        ).fetchall()
    summary = collect(published)
    assert [band for band, _ in summary.composite_bands] == [band for (band,) in expected]
    assert sum(count for _, count in summary.composite_bands) == summary.contacts
    assert sum(count for _, count in summary.total_bands) == summary.contacts


def _table_row(output: str, first_cell: str) -> list[str]:
    """The cells of the rich table row that starts with ``first_cell``."""
    for line in output.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("│").split("│")]
        if cells and cells[0] == first_cell:
            return cells
    raise AssertionError(f"no row {first_cell!r} in:\n{output}")


def test_summary_shows_the_share_of_raw_rows_quarantined(built):
    project, raw, warehouse, _args, _output = built
    published = _published(project, warehouse)
    with duckdb.connect() as con:
        raw_accounts = con.execute(
            "select count(*) from read_parquet(?)", [str(raw / "accounts.parquet")]
        ).fetchone()[0]
        raw_events = con.execute(
            "select count(*) from read_parquet(?)", [str(raw / "events.parquet")]
        ).fetchone()[0]
    with duckdb.connect(str(published), read_only=True) as con:
        quarantined = dict(
            con.execute(
                "select source_table, count(*) from marts.quarantined_records group by 1"
            ).fetchall()
        )
        issues = dict(
            con.execute(
                "select source_table, count(*) from marts.data_quality_issues group by 1"
            ).fetchall()
        )
    assert quarantined.get("marketing.events"), "the demo data's dirt quarantines some events"
    result = _summary(project, warehouse)
    assert result.exit_code == 0, result.output
    assert "Input quality" in result.output
    for table, rows in (("crm.accounts", raw_accounts), ("marketing.events", raw_events)):
        held = quarantined.get(table, 0)
        share = f"{100 * held / rows:.1f}%"
        assert _table_row(result.output, table) == [table, f"{rows:,}", f"{rows - held:,}",
                                                    f"{held:,}", share,
                                                    f"{issues.get(table, 0):,}"]  # fmt: skip
    assert "data-quality issues are not in this published copy" not in result.output


def test_summary_counts_data_quality_issues_when_published(built, tmp_path):
    project, _raw, warehouse, _args, _output = built
    published = tmp_path / "published.duckdb"
    shutil.copy(_published(project, warehouse), published)
    issues = {"crm.accounts": 3, "crm.contacts": 5}
    with duckdb.connect(str(published)) as con:
        # the published mart, with known rows instead of the demo data's
        con.execute("delete from marts.data_quality_issues")
        for table, n in issues.items():
            for row in range(n):
                con.execute(
                    "insert into marts.data_quality_issues values (?, ?, ?, 'employee_count', "
                    "'twelve', 'unparseable_number')",
                    [table, row + 2, f"k{row}"],
                )
    result = _summary(project, warehouse, published)
    assert result.exit_code == 0, result.output
    assert "data-quality issues" in result.output
    for table in ("crm.accounts", "crm.contacts", "billing.subscriptions"):
        assert _table_row(result.output, table)[-1] == str(issues.get(table, 0)), table


def test_summary_of_an_account_only_data_set(built, tmp_path):
    """No contact scored (e.g. an account-only CRM export): the summary says so, no crash."""
    project, _raw, warehouse, _args, _output = built
    # a copy of the warehouse (it has every table a published copy has), used as both below;
    # named as the original: its views name the catalog "warehouse"
    published = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse, published)
    with duckdb.connect(str(published)) as con:
        for table in ("contact_scores", "lead_lifecycle"):
            con.execute(f"delete from marts.{table}")
        for schema, table in con.execute(
            "select columns.table_schema, columns.table_name from information_schema.columns "
            "inner join information_schema.tables using (table_schema, table_name) "
            "where column_name = 'entity_type' and table_type = 'BASE TABLE'"
        ).fetchall():
            con.execute(f"delete from {schema}.{table} where entity_type = 'contact'")
        accounts, as_of = con.execute(
            "select count(*), max(as_of_date) from marts.account_scores"
        ).fetchone()
    assert accounts > 0 and as_of is not None
    # as the warehouse too: the summary before this change read the warehouse
    result = _summary(project, published, published)
    assert result.exit_code == 0, result.output
    assert f"Scores as of {as_of}" in result.output
    assert f"Scored 0 contacts and {accounts:,} accounts" in result.output
    assert "No contact was scored" in result.output
    assert "Input quality" in result.output


def test_summary_before_anything_is_published(built, tmp_path):
    project, _raw, warehouse, _args, _output = built
    result = _summary(project, warehouse, tmp_path / "never_published.duckdb")
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)  # a one-line error, no traceback
    assert "nothing published yet" in result.output
    assert "never_published.duckdb" in result.output


def _set_tier_points(
    seed_file: Path, factor_id: str, match_value: str, points: int, version: str = "champion-v1"
) -> None:
    """Set the points of one tier row of one rubric version (the marts use champion-v1)."""
    with seed_file.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    changed = 0
    for row in rows:
        if (row["rubric_version"], row["factor_id"], row["match_value"]) == (
            version, factor_id, match_value
        ):  # fmt: skip
            row["points"] = str(points)
            changed += 1
    assert changed == 1
    with seed_file.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def _industry_scores(warehouse: Path) -> dict[str, tuple[float, float]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            """
            select scores.contact_id, components.points, scores.fit_score
            from marts.contact_scores as scores
            inner join marts.score_components as components
                on components.entity_type = 'contact'
                and components.entity_id = scores.contact_id
                and components.component = 'industry'
            inner join intermediate.int_contacts__features as features
                on features.contact_id = scores.contact_id
            where features.industry = 'software'
            """
        ).fetchall()
    return {contact: (points, fit) for contact, points, fit in rows}


def test_changing_a_rubric_number_changes_the_scores(built):
    project, _raw, warehouse, args, _output = built
    before = _industry_scores(warehouse)
    assert before, "the test data has software contacts"
    assert {points for points, _fit in before.values()} == {15}

    _set_tier_points(
        project / "seeds" / "rubric" / "rubric_tiers.csv", "fit_industry", "software", 4
    )
    result = runner.invoke(app, ["build", *args, "--select", MODELS, "--exclude", NO_TESTS])
    assert result.exit_code == 0, result.output
    after = _industry_scores(warehouse)

    assert after.keys() == before.keys()
    for contact, (points, fit) in after.items():
        _old_points, old_fit = before[contact]
        assert points == 4
        # fit drops by the 11 points taken away, unless a negative rule had clamped it at 0
        assert fit == pytest.approx(max(0.0, old_fit - 11), abs=0.11)


PROGRESS_LINE = re.compile(
    r"^\[ *(\d+)/(\d+)\] (seed|model|test|unit_test) (\S+) \.{3,} (\w+) \d+\.\ds$"
)


def test_piped_output_has_one_progress_line_per_node(built):
    """CliRunner's output is not a terminal: rich's bar would show nothing, plain lines instead."""
    _project, _raw, warehouse, _args, output = built
    lines = [PROGRESS_LINE.match(line) for line in output.splitlines()]
    nodes = [(m.group(3), m.group(4), m.group(5)) for m in lines if m]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables "
                "where table_schema in ('staging', 'intermediate', 'marts')"
            ).fetchall()
        }
    models = {name for kind, name, _status in nodes if kind == "model"}
    assert tables and tables <= models
    assert {status for _kind, _name, status in nodes} == {"ok"}
    assert any(kind == "seed" for kind, _name, _status in nodes)


def test_warnings_are_named_with_their_message(built):
    project, _raw, _warehouse, args, _output = built
    result = runner.invoke(app, ["build", *args, "--select", "scoring_health", "--no-publish"])
    assert result.exit_code == 0, result.output
    run_results = json.loads((project / "target" / "run_results.json").read_text())
    warned = {r["unique_id"]: r["message"] for r in run_results["results"] if r["status"] == "warn"}
    # the demo data has unmapped categories on purpose: the health check warns
    assert warned, "expected a warning test in the scoring_health checks"
    text = " ".join(result.output.split())
    for unique_id, message in warned.items():
        assert f"WARN {unique_id}: {message}" in text
    assert f"({len(warned)} warnings, named above)" in text
    assert "check_name=unmapped_categories" in text  # what the test found, not only a count


def _latest_model_version(warehouse: Path) -> set[str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {
            version
            for (version,) in con.execute(
                "select distinct model_version from marts.score_history "
                "where scoring_date = (select max(scoring_date) from marts.score_history)"
            ).fetchall()
        }


def test_the_promote_hint_is_accepted_by_the_build(built):
    """The hint calibrate prints, as printed, makes its version the one score_history records.
    (Unpublished: the published copy the tests above read stays the champion's; the tests after
    this one read the seeds and conversion_by_band, which the selection does not rebuild.)"""
    project, _raw, warehouse, args, _output = built
    with (project / "seeds" / "rubric" / "rubric_versions.csv").open() as handle:
        versions = [row["rubric_version"] for row in csv.DictReader(handle)]
    version = next(v for v in versions if v != "champion-v1")
    assert _latest_model_version(warehouse) == {"champion-v1"}
    hint = shlex.split(promote_hint(version))
    only = ["--select", "+score_history", "--exclude", NO_TESTS, "--no-publish"]
    result = runner.invoke(app, ["build", *args, *hint, *only])
    assert result.exit_code == 0, result.output
    assert _latest_model_version(warehouse) == {version}


def test_a_broken_rubric_stops_the_build_before_any_model(tmp_path):
    project = copy_project(tmp_path / "project")
    weights = project / "seeds" / "rubric" / "composite_weights.csv"
    text = weights.read_text()
    assert "prospect,fit,0.25\n" in text
    weights.write_text(text.replace("prospect,fit,0.25\n", "prospect,fit,0.35\n"))
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse.duckdb"
    assert (
        runner.invoke(app, ["generate", "--accounts", "20", "--data-dir", str(raw)]).exit_code == 0
    )
    args = ["--data-dir", str(raw), "--warehouse", str(warehouse), "--project-dir", str(project)]
    result = runner.invoke(app, ["build", *args])
    assert result.exit_code == 1, result.output
    text = " ".join(result.output.split())
    assert "composite_weights__weights_sum_to_1" in text
    assert "(rule: weights_sum_to_1)" in text  # the failing row, from the stored failures
    assert "Rubric check failed: no model was built" in text
    with duckdb.connect(str(warehouse), read_only=True) as con:
        built_schemas = {
            schema for (schema,) in con.execute(
                "select distinct table_schema from information_schema.tables"
            ).fetchall()
        }  # fmt: skip
    assert built_schemas and not built_schemas & {"staging", "intermediate", "marts"}
    run_results = json.loads((project / "target" / "run_results.json").read_text())
    # the on-run-start hooks (operations), the seeds and their tests: nothing else ran
    assert {r["unique_id"].split(".")[0] for r in run_results["results"]} <= {
        "operation",
        "seed",
        "test",
    }


def test_the_analyses_compile_and_run_on_the_built_marts(built):
    """analyses/ renders with `dbt compile` and each rendered query runs on the warehouse: the
    rubric diff lists every tier row of the active version and the challenger beside it (the
    newest other version) once, the lift query every 'all' band row."""
    project, raw, warehouse, _args, _output = built
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(project / "profiles"),
        "SCORING_DUCKDB_PATH": str(warehouse),
        "SCORING_RAW_PATH": str(raw),
    }
    dbt = Path(sys.executable).with_name("dbt")
    command = [str(dbt), "compile", "--select", "resource_type:analysis", "--quiet"]
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    compiled = project / "target" / "compiled" / "customer_scoring" / "analyses"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        diff = con.execute((compiled / "rubric_diff.sql").read_text()).fetchall()
        challenger = con.execute(
            """
            select rubric_version from rubric.rubric_versions
            where rubric_version != 'champion-v1'
            order by created_at desc, rubric_version desc
            limit 1
            """
        ).fetchone()[0]
        tiers = con.execute(
            """
            select count(*) from (
                select distinct factor_id, tier, match_value, range_min, range_max
                from rubric.rubric_tiers
                where rubric_version in ('champion-v1', ?)
            ) as both_rubrics
            """,
            [challenger],
        ).fetchone()[0]
        lift = con.execute((compiled / "lift_by_band_over_time.sql").read_text()).fetchall()
        bands = con.execute(
            "select count(*) from marts.conversion_by_band where segment = 'all'"
        ).fetchone()[0]
    assert len(diff) == tiers > 0
    assert len(lift) == bands > 0
