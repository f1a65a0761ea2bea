# The two commands a new user needs (see README):
#   make demo   demo data -> full build -> summary, on the embedded DuckDB
#   make test   every check: ruff, sqlfluff, dbt build with all tests on fresh test data, pytest,
#               then the same project on Postgres and on Spark (the engine legs)
# Both create the virtual environment on first use; nothing but Python 3.11+ is needed.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
TEST_DIR ?= data/test

# apt-get needs root: sudo when not root (CI runs as root)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-duckdb install lint dbt-test pytest browser test-postgres test-spark judges clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/scoring demo

test: test-duckdb test-postgres test-spark

# The DuckDB part alone: the quick loop while developing.
test-duckdb: lint dbt-test pytest

lint: $(STAMP)
	$(BIN)/ruff check scripts tests/python tests/fixtures
	$(BIN)/ruff format --check scripts tests/python tests/fixtures
	SCORING_DUCKDB_PATH=:memory: $(BIN)/sqlfluff lint models analyses --processes 2

# A small, dirty data set, built with every data test and unit test.
dbt-test: $(STAMP)
	$(BIN)/scoring generate --accounts 300 --seed 7 --data-dir $(TEST_DIR)/raw
	$(BIN)/scoring build --unit-tests --data-dir $(TEST_DIR)/raw --warehouse $(TEST_DIR)/warehouse.duckdb

pytest: $(STAMP) browser
	$(BIN)/pytest -n 2 --dist loadfile --durations=12

# Debian's Chromium renders the HTML report in tests/python/test_report.py (installed once).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		$(SUDO) apt-get update -qq && \
		$(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

# The same models on other engines (docs/engines.md), the last two steps of `make test`. Each installs
# its optional extra into the venv, loads small generated data and builds it.
# Postgres: a throwaway local cluster (or $$SCORING_PG_HOST), full dbt build, CRM export twice.
test-postgres: $(STAMP)
	VENV=$(VENV) scripts/ci/postgres_leg.sh

# Spark: in-process pyspark (dbt-spark session method), seeds + models + a subset of the tests.
test-spark: $(STAMP)
	VENV=$(VENV) scripts/ci/spark_leg.sh

# The two judges of the project's dbt hygiene, NOT part of `make test`: dbt-score (from PyPI, in its
# own venv) and dbt-project-evaluator (needs the package source in $$DBT_PROJECT_EVALUATOR_PACKAGES:
# dbt Hub cannot be reached from CI). See the headers of the two scripts.
judges: $(STAMP)
	VENV=$(VENV) scripts/ci/dbt_score.sh
	VENV=$(VENV) scripts/ci/project_evaluator.sh

clean:
	rm -rf target logs data/test
