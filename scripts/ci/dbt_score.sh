#!/usr/bin/env bash
# dbt-score on this project (one of the two "judges", with scripts/ci/project_evaluator.sh).
# NOT part of `make test`; run it by hand or with `make judges`.
#
# dbt-score (PyPI, pinned below) lints the manifest: descriptions, owners, tests, SQL length ... of
# every model, source, seed, exposure and macro, and scores each 0-10; the project score is their
# mean. It runs from its own virtual environment ($DBT_SCORE_VENV, created on first use), so it never
# changes the dbt of the project's venv. Its configuration (threshold, the one restricted rule) is
# [tool.dbt-score] in pyproject.toml; the project-local rule filter is scripts/ci/dbt_score_rules/.
#
# Steps: `dbt parse` with the project's venv into a temporary target folder (no warehouse needed),
# then `dbt-score lint` on that manifest, then a summary: the project score, the failing rules by
# name with their counts, and the lowest-scored items. Exit status: dbt-score's (1 when the project
# scores under fail_project_under or any item under fail_any_item_under).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${VENV:-.venv}/bin
DBT_SCORE_VERSION=0.19.0
DBT_SCORE_VENV=${DBT_SCORE_VENV:-/tmp/dbt-score-venv-$DBT_SCORE_VERSION}
if [ ! -x "$DBT_SCORE_VENV/bin/dbt-score" ]; then
    echo "installing dbt-score $DBT_SCORE_VERSION into $DBT_SCORE_VENV"
    python3 -m venv "$DBT_SCORE_VENV"
    "$DBT_SCORE_VENV/bin/python" -m pip install --quiet "dbt-score==$DBT_SCORE_VERSION" \
        "dbt-core==1.11.*"
fi
WORK=$(mktemp -d /tmp/scoring-dbt-score.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

SCORING_DUCKDB_PATH=:memory: "$BIN/dbt" --no-use-colors parse --project-dir . \
    --profiles-dir profiles --target-path "$WORK/target" >"$WORK/parse.log" 2>&1 \
    || { cat "$WORK/parse.log"; exit 2; }
set +e
"$DBT_SCORE_VENV/bin/dbt-score" lint --manifest "$WORK/target/manifest.json" --format json \
    >"$WORK/score.json" 2>"$WORK/score.err"
rc=$?
set -e
"$BIN/python" - "$WORK/score.json" <<'PY' || { cat "$WORK/score.err"; exit 2; }
import collections
import json
import sys

result = json.load(open(sys.argv[1]))
items = result["evaluables"]
failing = collections.Counter()
for item in items.values():
    for rule, outcome in item["results"].items():
        if outcome["result"] != "OK":
            failing[rule.rsplit(".", 1)[-1], outcome["severity"]] += 1
kinds = collections.Counter(name.split(".", 1)[0] for name in items)
print("items:", ", ".join(f"{n} {kind}s" for kind, n in sorted(kinds.items())))
print("failing rules:" if failing else "failing rules: none")
for (rule, severity), n in failing.most_common():
    print(f"  {n:4d}  {rule} ({severity})")
print("lowest items:")
for name, item in sorted(items.items(), key=lambda kv: kv[1]["score"])[:10]:
    rules = [r.rsplit(".", 1)[-1] for r, o in item["results"].items() if o["result"] != "OK"]
    print(f"  {item['score']:5.2f}  {name}  {', '.join(rules) or '-'}")
project = result["project"]
print(f"dbt-score project score: {project['score']:.2f} {project['badge']}"
      f" ({'pass' if project['pass'] else 'FAIL'})")
PY
exit $rc
