#!/usr/bin/env bash
# Spark CI leg (make test-spark): the same dbt project on Spark, in process (dbt-spark's session
# method: pyspark in local mode, Parquet tables and a Derby metastore in a temporary folder).
#   1. small generated data, loaded into Spark tables raw.<table> (`scoring load --target spark`);
#   2. `scoring build --target spark` of every seed and model and a representative subset of tests:
#      the rubric checks of the tier seeds, one staging unit test (bad optional cells become null, the
#      row is kept), the rubric engine's unit test (tiers, signals, caps, coverage, top factor: the
#      Spark branch of macro top_by), raw rows = staged + quarantined per table, and the CRM sync
#      mart's tests.
# Spark in local mode takes seconds per query, so the ~900 tests of `make test` (run on DuckDB there,
# and all of them on Postgres by make test-postgres) would take most of an hour here.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VENV:-.venv}/bin
WORK=$(mktemp -d /tmp/scoring-spark-leg.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ACCOUNTS=${SCORING_CI_ACCOUNTS:-60}
started=$(date +%s)
log() { echo "[spark leg $(($(date +%s) - started))s] $*"; }

command -v java >/dev/null || [ -n "${JAVA_HOME:-}" ] || { echo "Spark needs Java 17 (java or JAVA_HOME)"; exit 1; }
"$BIN/python" -c "import dbt.adapters.spark, pyspark" 2>/dev/null || {
    log "installing the spark extra"
    "$BIN/python" -m pip install --quiet -e ".[dev,spark]"
}

export SCORING_TARGET=spark SCORING_SPARK_DIR=$WORK/spark
# dbt's artifacts and logs in the work folder, not the project's target/ (a leg's manifest is for its engine)
export DBT_TARGET_PATH=$WORK/target DBT_LOG_PATH=$WORK/logs
"$BIN/scoring" generate --accounts "$ACCOUNTS" --seed 7 --data-dir "$WORK/raw"
"$BIN/scoring" load --data-dir "$WORK/raw" 2> >(grep -v -e WARN -e setLogLevel -e '^Setting default log level' >&2)
log "loaded"
# --indirect-selection empty: only the tests named here, not every test of the selected models
"$BIN/scoring" build --unit-tests --data-dir "$WORK/raw" --indirect-selection empty --select "resource_type:seed \
    resource_type:model *rubric_tiers__* accounts_null_bad_optional_values_and_keep_the_row \
    fit_scores_tiers_signals_caps_and_coverage \
    test_type:data,*input_reconciliation* test_type:data,*crm_score_sync*" \
    2> >(grep -v -e WARN -e setLogLevel -e '^Setting default log level' >&2)
log "passed"
