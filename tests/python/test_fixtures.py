"""The committed fixture tables (tests/fixtures/byo/*.csv) are what make_fixtures.py writes."""

from __future__ import annotations

import importlib.util

from conftest import REPO

FIXTURES = REPO / "tests" / "fixtures" / "byo"
_spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
make_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_fixtures)


def test_committed_fixtures_match_the_generator():
    stale = make_fixtures.check(list(make_fixtures.TABLES))
    assert not stale, f"{stale}: regenerate with python tests/fixtures/byo/make_fixtures.py"


def test_every_fixture_has_a_mapping():
    for name in make_fixtures.TABLES:
        assert (FIXTURES / f"{name}.mapping.yml").exists(), name


def test_every_mapping_loads_with_its_importer_and_names_real_columns():
    import csv

    from scoring import import_customers, import_leads

    for name in make_fixtures.TABLES:
        importer = import_customers if name == "telco_churn" else import_leads
        spec = importer.load_mapping(FIXTURES / f"{name}.mapping.yml")
        with (FIXTURES / f"{name}.csv").open(newline="") as handle:
            header = next(csv.reader(handle))
        named = [c for c in (spec.get("columns") or {}).values() if c]
        named += list(spec.get("drop_columns") or [])
        missing = [c for c in named if c not in header]
        assert not missing, f"{name}.mapping.yml names columns not in {name}.csv: {missing}"
