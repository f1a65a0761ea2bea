"""A user's dbt vars never fail the project's own unit tests (issue 13, item 2).

`scoring build --vars '{"outcomes_observed_until": ...}'` (the documented lead-table command) and
`--vars '{"raw_format": "csv"}'` (the documented CSV path) used to fail unit tests that did not pin
the vars they depend on. Two checks: every unit test pins every var its model (and the macros it
calls, through dispatch too) reads; and the whole unit-test suite passes under a set of unusual but
plausible user settings."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import REPO, copy_project
from scoring import project as project_paths
from scoring.dbt_runner import run_dbt
from scoring.generate import generate

# Every setting a user may plausibly pass, none at its default.
USER_VARS = {
    "as_of_date": "2026-05-01",
    "outcomes_observed_until": "2026-09-28",
    "outcome_horizon_days": 60,
    "min_band_size": 5,
    "raw_format": "csv",
    "raw_file_row_number": False,
    "raw_null_tokens": ["?"],
    "raw_date_formats": ["%d/%m/%Y"],
    "raw_decimal_separator": ",",
    "raw_thousands_separator": ".",
    "total_score_weights": {"fit": 0.7, "engagement": 0.3},
    "decay_dimensions": ["intent"],
    "decay_rate": 0.5,
    "decay_period_days": 7,
    "decay_floor": 0.2,
    "stale_lead_days": 30,
    "buying_group_min_contacts": 2,
    "engaged_contact_min_actions": 5,
    "executive_min_seniority_rank": 3,
    "renewal_window_days": 45,
    "rolling_term_max_days": 92,
    "high_severity_levels": ["urgent"],
    "lookalike_min_customers": 10,
    # promoted: the learned version is the marts' rubric, the hand-set one scored beside it
    "rubric_version": "calibrated-20260630-7e4134ad",
    "challenger_rubric_version": "champion-v1",
    "scoring_component_batches": 2,
    "custom_feature_max_categories": 7,
    "contact_conversion": "primary_contact",
}

_VAR = re.compile(r"""var\(\s*['"]([A-Za-z_]+)['"]""")
_MACRO = re.compile(r"{%-?\s*macro\s+([A-Za-z_0-9]+)\s*\(")
_DISPATCH = re.compile(r"""dispatch\(\s*['"]([A-Za-z_0-9]+)['"]""")


def _macros() -> dict[str, str]:
    """Every project macro's name and body."""
    bodies: dict[str, str] = {}
    for path in (REPO / "macros").rglob("*.sql"):
        parts = _MACRO.split(path.read_text())
        bodies.update(zip(parts[1::2], parts[2::2], strict=True))
    return bodies


def _called(text: str, macros: dict[str, str]) -> set[str]:
    """Project macros a text calls: by name, and every implementation of a dispatched macro (the
    Postgres or Spark one reads vars too, even where DuckDB's does not)."""
    called = {name for name in macros if re.search(rf"\b{re.escape(name)}\s*\(", text)}
    for dispatched in _DISPATCH.findall(text):
        called |= {name for name in macros if name.endswith(f"__{dispatched}")}
    return called


def vars_read(sql: str, macros: dict[str, str]) -> set[str]:
    """The vars a model's SQL reads, itself or through the macros it calls, transitively."""
    found, seen, todo = set(_VAR.findall(sql)), set(), _called(sql, macros)
    while todo:
        name = todo.pop()
        seen.add(name)
        found |= set(_VAR.findall(macros[name]))
        todo |= _called(macros[name], macros) - seen
    return found


def _unit_tests() -> list[tuple[str, dict]]:
    return [
        (path.name, test)
        for path in sorted((REPO / "models").rglob("_*unit_tests.yml"))
        for test in yaml.safe_load(path.read_text())["unit_tests"]
    ]


def test_the_scan_finds_vars_read_through_macros_and_dispatch():
    macros = _macros()
    # direct, through a macro (score_components -> rubric_seed), through dispatch (Postgres branch)
    assert "outcomes_observed_until" in vars_read("{{ var('outcomes_observed_until') }}", macros)
    assert "rubric_version" in vars_read("{{ score_components('active') }}", macros)
    assert "raw_file_row_number" in vars_read("{{ source_row_number() }}", macros)
    assert "raw_null_tokens" in vars_read("{{ parse_value('x', 'date') }}", macros)


def test_every_unit_test_pins_every_var_its_model_reads():
    macros = _macros()
    models = {path.stem: path for path in (REPO / "models").rglob("*.sql")}
    unpinned = {}
    for file_name, test in _unit_tests():
        read = vars_read(models[test["model"]].read_text(), macros)
        pinned = set(((test.get("overrides") or {}).get("vars") or {}).keys())
        if read - pinned:
            unpinned[f"{file_name}: {test['name']}"] = sorted(read - pinned)
    assert not unpinned, f"unit tests that do not pin vars their model reads: {unpinned}"


def test_the_user_vars_cover_every_setting_the_unit_tests_pin():
    """USER_VARS stays a real stress test: it sets every var some unit test pins (the project
    defaults of dbt_project.yml are the pins' values, so each one is overridden here)."""
    pinned = {
        var
        for _file, test in _unit_tests()
        for var in ((test.get("overrides") or {}).get("vars") or {})
    }
    defaults = yaml.safe_load((REPO / "dbt_project.yml").read_text())["vars"]
    assert pinned - set(USER_VARS) == set()
    assert all(USER_VARS[var] != defaults.get(var) for var in USER_VARS)


def _parents(project: project_paths.Project, variables: dict) -> dict[str, list[str]]:
    """Each model's parents in the manifest parsed with these vars."""
    from dbt.cli.main import dbtRunner

    project.apply_env()
    args = ["parse", "--project-dir", str(project.project_dir), "--quiet"]
    args += ["--profiles-dir", str(project.profiles_dir), "--vars", json.dumps(variables)]
    result = dbtRunner().invoke(args)
    assert result.success, result.exception
    return {
        node.unique_id: sorted(node.depends_on.nodes)
        for node in result.result.nodes.values()
        if node.resource_type == "model"
    }


def test_a_users_vars_do_not_change_the_build_order(tmp_path):
    """Refs behind a var (the outcome horizon's inputs, the active rubric's seeds) are parents
    whatever the var says: otherwise a unit test pinning the default runs before the models it mocks
    exist (a fresh `scoring build --vars '{"outcomes_observed_until": ...}'` failed that way)."""
    project = project_paths.resolve(
        project_dir=copy_project(tmp_path / "project"), raw_dir=tmp_path, warehouse=tmp_path / "w"
    )
    defaults = _parents(project, {})
    users = _parents(project, USER_VARS)
    changed = {
        model: (defaults[model], users[model])
        for model in defaults
        if defaults[model] != users[model]
    }
    assert not changed


@pytest.fixture(scope="module")
def user_project(tmp_path_factory) -> project_paths.Project:
    """A private project with CSV raw files, its seeds loaded and every model built empty (unit
    tests read the column types of the models they mock), under the user's vars."""
    tmp = tmp_path_factory.mktemp("user_vars")
    raw = tmp / "raw"
    generate(raw, accounts=8, seed=2, fmt="csv")
    project = project_paths.resolve(
        project_dir=copy_project(tmp / "project"), raw_dir=raw, warehouse=tmp / "w.duckdb"
    )
    for args in (["seed"], ["run", "--empty"]):
        outcome = run_dbt(project, args, variables=USER_VARS, show_progress=False)
        assert outcome.success, outcome.failures
    return project


def test_every_unit_test_passes_under_a_users_vars(user_project):
    outcome = run_dbt(
        user_project, ["test", "--select", "test_type:unit"], variables=USER_VARS,
        show_progress=False,
    )  # fmt: skip
    failed = [f"{failure.unique_id}: {failure.message[:300]}" for failure in outcome.failures]
    assert outcome.success and not failed, "\n".join(failed)
    assert outcome.nodes >= len(_unit_tests())  # and the on-run-start hooks


def test_every_unit_test_name_fits_a_postgres_relation_name():
    """dbt names a unit test's relation after the test: Postgres cuts identifiers at 63 bytes and
    the Postgres leg of CI fails on a longer one."""
    long = [test["name"] for _, test in _unit_tests() if len(test["name"]) > 63]
    assert not long, f"unit test names over 63 characters: {long}"
