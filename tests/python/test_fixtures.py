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
