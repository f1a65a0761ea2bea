#!/usr/bin/env bash
# Postgres CI leg (make test-postgres): the same dbt project on Postgres.
#   1. a Postgres server: $SCORING_PG_HOST if set (e.g. a CI service container), else a throwaway
#      local cluster (Debian's postgresql, installed if missing) on port $SCORING_PG_PORT (55433);
#   2. small generated data, loaded into schema raw (`scoring load --target postgres`);
#   3. `scoring build --target postgres`: seeds, rubric checks, every model, data and unit tests;
#   4. two CRM exports from the Postgres warehouse: the second must write zero rows.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VENV:-.venv}/bin
WORK=$(mktemp -d /tmp/scoring-postgres-leg.XXXXXX)
ACCOUNTS=${SCORING_CI_ACCOUNTS:-60}
started=$(date +%s)

log() { echo "[postgres leg $(($(date +%s) - started))s] $*"; }

as_postgres() {  # the server refuses to run as root
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

export SCORING_TARGET=postgres
# dbt's artifacts and logs in the work folder, not the project's target/ (a leg's manifest is for its engine)
export DBT_TARGET_PATH=$WORK/target DBT_LOG_PATH=$WORK/logs
if [ -z "${SCORING_PG_HOST:-}" ]; then
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    if [ -z "$PG_BIN" ]; then
        log "installing Debian's postgresql"
        SUDO=$([ "$(id -u)" = 0 ] && echo || echo sudo)
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
        PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    fi
    export SCORING_PG_HOST=localhost SCORING_PG_PORT=${SCORING_PG_PORT:-55433}
    export SCORING_PG_USER=scoring SCORING_PG_DBNAME=scoring SCORING_PG_PASSWORD=
    [ "$(id -u)" = 0 ] && chown postgres "$WORK"
    as_postgres "$PG_BIN/initdb" -D "$WORK/pgdata" -U scoring --auth=trust >"$WORK/initdb.log"
    as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/postgres.log" -w start \
        -o "-p $SCORING_PG_PORT -k $WORK -c listen_addresses=localhost -c fsync=off -c synchronous_commit=off" >/dev/null
    trap 'as_postgres "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -m fast stop >/dev/null; rm -rf "$WORK"' EXIT
    as_postgres "$PG_BIN/createdb" -h localhost -p "$SCORING_PG_PORT" -U scoring scoring
    log "local cluster up on port $SCORING_PG_PORT"
else
    trap 'rm -rf "$WORK"' EXIT
fi

"$BIN/python" -c "import dbt.adapters.postgres" 2>/dev/null || {
    log "installing the postgres extra"
    "$BIN/python" -m pip install --quiet -e ".[dev,postgres]"
}

"$BIN/scoring" generate --accounts "$ACCOUNTS" --seed 7 --data-dir "$WORK/raw"
"$BIN/scoring" load --data-dir "$WORK/raw"
log "loaded"
"$BIN/scoring" build --unit-tests --data-dir "$WORK/raw"
log "built"

"$BIN/scoring" export --format csv --crm salesforce --to "$WORK/exports"
"$BIN/scoring" export --format csv --crm salesforce --to "$WORK/exports"
"$BIN/python" - <<'PY'
from scoring import project
from scoring.export import SYNC_SCHEMA, Warehouse

with Warehouse(project.resolve()) as warehouse:
    runs = warehouse.fetchall(
        f"select inserted, updated, status from {SYNC_SCHEMA}.crm_sync_audit order by started_at"
    )
assert len(runs) == 2 and all(run[2] == "success" for run in runs), runs
assert runs[0][0] > 0, f"the first export sends every row: {runs}"
assert runs[1][:2] == (0, 0), f"the second export writes zero rows: {runs}"
print(f"CRM sync on Postgres: {runs[0][0]} rows, then 0")
PY
log "passed"
