#!/usr/bin/env bash
# dbt-project-evaluator on this project (one of the two "judges", with scripts/ci/dbt_score.sh).
# NOT part of `make test`: it needs the package source, and dbt Hub (where `dbt deps` would get it)
# cannot be reached from CI. Run it by hand, or `make judges`.
#
# The package: dbt-labs/dbt-project-evaluator at git tag v1.3.2 (commit 927abbd5; needs dbt >= 1.10.6,
# runs on DuckDB) and its one dependency, dbt-labs/dbt-utils at git tag 1.4.1 (commit 49b932cb).
# Neither is vendored here: extract both into one folder and name it in $DBT_PROJECT_EVALUATOR_PACKAGES,
#   git clone --depth 1 --branch v1.3.2 https://github.com/dbt-labs/dbt-project-evaluator $DIR/dbt_project_evaluator
#   git clone --depth 1 --branch 1.4.1 https://github.com/dbt-labs/dbt-utils $DIR/dbt_utils
# (or `git archive <tag>` of a local mirror into those two folders).
#
# What it does: copies the project's working tree to a temporary folder (the checkout is not touched),
# adds a packages.yml with the two folders as `local:` packages, the DuckDB dispatch the package's docs
# ask for, its variables (below) and our exceptions seed
# (scripts/ci/project_evaluator/dbt_project_evaluator_exceptions.csv: every warning we keep on purpose,
# with the reason), then `dbt deps` and `dbt build --select package:dbt_project_evaluator
# dbt_project_evaluator_exceptions` into a throwaway DuckDB file, and prints one line per evaluator
# check (pass/warn, how many rows, how many exception rows apply to it) with the rows of each check
# that warns. $DBT_PROJECT_EVALUATOR_EXCEPTIONS names another exceptions file: one with the header
# line only gives the figures without any exception.
# Exit status: 0 when every check passes, 1 when any warns or fails (2: setup error).
#
# Variables set for this project (package defaults otherwise):
#   primary_key_test_macros: customer_scoring.test_unique_combination_of_columns in place of
#     dbt_utils', the project's own copy of that test (tests/generic/unique_combination_of_columns.sql;
#     the project has no package dependencies), so a model whose grain is tested with it counts as
#     tested. In place of, not beside: the package names a column after the macro's name without its
#     package, and two of the same name make the check depend on the order of a set.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BIN=$(cd "${VENV:-.venv}/bin" && pwd)
PACKAGES=${DBT_PROJECT_EVALUATOR_PACKAGES:-}
if [ -z "$PACKAGES" ] || [ ! -f "$PACKAGES/dbt_project_evaluator/dbt_project.yml" ] \
    || [ ! -f "$PACKAGES/dbt_utils/dbt_project.yml" ]; then
    echo "set DBT_PROJECT_EVALUATOR_PACKAGES to a folder holding dbt_project_evaluator/ (v1.3.2) and" \
        "dbt_utils/ (1.4.1): see the header of $0" >&2
    exit 2
fi
PACKAGES=$(cd "$PACKAGES" && pwd)
WORK=$(mktemp -d /tmp/scoring-project-evaluator.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

# The working tree without the venv, data, build output or installed packages.
tar -C "$ROOT" --exclude=./.venv --exclude=./data --exclude=./target --exclude=./logs \
    --exclude=./dbt_packages --exclude=./reports --exclude=./.git -cf - . | tar -C "$WORK" -xf -
mkdir -p "$WORK/packages"
cp -r "$PACKAGES/dbt_project_evaluator" "$PACKAGES/dbt_utils" "$WORK/packages/"
# The evaluator's own packages.yml names dbt_utils on dbt Hub; it is the local folder here.
rm -f "$WORK/packages/dbt_project_evaluator/packages.yml"
cat >"$WORK/packages.yml" <<'YML'
packages:
  - local: packages/dbt_utils
  - local: packages/dbt_project_evaluator
YML
EXCEPTIONS=${DBT_PROJECT_EVALUATOR_EXCEPTIONS:-scripts/ci/project_evaluator/dbt_project_evaluator_exceptions.csv}
cp "$EXCEPTIONS" "$WORK/seeds/dbt_project_evaluator_exceptions.csv"

"$BIN/python" - "$WORK/dbt_project.yml" <<'PY'
import sys

import yaml

path = sys.argv[1]
with open(path) as f:
    project = yaml.safe_load(f)
# DuckDB: the package overrides a few dbt macros (its docs, "Additional setup for DuckDB").
project["dispatch"] = [
    {"macro_namespace": "dbt", "search_order": ["dbt_project_evaluator", "dbt"]}
]
project["vars"]["dbt_project_evaluator"] = {
    "primary_key_test_macros": [
        ["dbt.test_unique", "dbt.test_not_null"],
        ["customer_scoring.test_unique_combination_of_columns"],
    ],
}
string = {c: "varchar" for c in ("fct_name", "column_name", "id_to_exclude", "comment")}
project["seeds"]["customer_scoring"]["dbt_project_evaluator_exceptions"] = {
    "+column_types": string
}
project["seeds"]["dbt_project_evaluator"] = {
    "dbt_project_evaluator_exceptions": {"+enabled": False}
}
with open(path, "w") as f:
    yaml.safe_dump(project, f, sort_keys=False)
PY

export SCORING_DUCKDB_PATH="$WORK/evaluator.duckdb" SCORING_TARGET=duckdb
DBT=("$BIN/dbt" --no-use-colors)
cd "$WORK"
"${DBT[@]}" deps --profiles-dir profiles >"$WORK/deps.log" 2>&1 || { cat "$WORK/deps.log"; exit 2; }
set +e
"${DBT[@]}" build --profiles-dir profiles --select package:dbt_project_evaluator \
    dbt_project_evaluator_exceptions --vars '{custom_feature_introspection: false}' \
    >"$WORK/build.log" 2>&1
build_rc=$?
set -e
if [ ! -f target/run_results.json ]; then
    cat "$WORK/build.log"
    exit 2
fi
"$BIN/python" - "$build_rc" <<'PY'
import collections
import csv
import json
import sys

import duckdb

build_rc = int(sys.argv[1])
with open("seeds/dbt_project_evaluator_exceptions.csv") as f:
    excepted = collections.Counter(row["fct_name"] for row in csv.DictReader(f))
results = json.load(open("target/run_results.json"))["results"]
nodes = json.load(open("target/manifest.json"))["nodes"]
errors = [r for r in results if r["status"] == "error"]
for r in errors:
    print(f"ERROR {r['unique_id']}: {r.get('message')}")
tests = [r for r in results if r["unique_id"].startswith("test.dbt_project_evaluator.")]
con = duckdb.connect("evaluator.duckdb", read_only=True)
bad = 0
for r in sorted(tests, key=lambda r: r["unique_id"]):
    node = nodes[r["unique_id"]]
    model = next(n for n in node["depends_on"]["nodes"] if n.startswith("model."))
    model_node = nodes[model]
    failures = r.get("failures") or 0
    exceptions = excepted[model_node["name"]]
    note = f", {exceptions} exception{'s' if exceptions > 1 else ''}" if exceptions else ""
    print(f"{r['status']:5s} {failures:3d}  {model_node['name']}  ({node['name']}{note})")
    if r["status"] != "pass":
        bad += 1
        relation = f'"{model_node["schema"]}"."{model_node["alias"]}"'
        cur = con.execute(f"select * from {relation}")
        cols = [d[0] for d in cur.description]
        for row in cur.fetchall():
            print("        " + ", ".join(f"{c}={v}" for c, v in zip(cols, row, strict=True)))
print(
    f"evaluator: {len(tests)} checks, {bad} warn or fail, {len(errors)} errors (dbt exit {build_rc});"
    f" {sum(excepted.values())} exceptions in the seed"
)
sys.exit(2 if errors else (1 if bad else 0))
PY
