"""The rubric validation tests (tests/generic/rubric, attached to the seeds in seeds/*/_*.yml) fail
`dbt build` when a seed is wrong, and their stored failure rows name the seed, the row and the rule.

Each case copies the project once (seeds, macros, generic tests; no models), breaks one row of one
seed CSV, runs `dbt build --select resource_type:seed` in-process and reads the `failure` column of
the failing test's table in the audit schema (store_failures).
"""

from __future__ import annotations

import csv
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import duckdb
import pytest
from dbt.cli.main import dbtRunner

REPO = Path(__file__).resolve().parents[2]
COPIED = ("dbt_project.yml", "profiles", "seeds", "macros", "tests/generic")
# the rubric seeds hold every version's rows: the cases break the hand-set version's
CHAMPION = "champion-v1"
TIER_KEY = ("rubric_version", "factor_id", "tier")
FACTOR_KEY = ("rubric_version", "factor_id")


@dataclass(frozen=True)
class Build:
    success: bool
    statuses: dict[str, str]  # node name -> status (success, pass, fail, error, skipped)
    failures: dict[str, list[str]]  # failing test name -> its stored `failure` rows
    messages: dict[str, str]  # node name -> dbt's message (e.g. why a seed did not load)


@dataclass
class Project:
    root: Path
    database: Path
    originals: dict[Path, str] = field(default_factory=dict)  # edited seed CSV -> its text

    def build(self) -> Build:
        result = dbtRunner().invoke(
            [
                "--quiet",
                "build",
                "--select",
                "resource_type:seed",
                "--project-dir",
                str(self.root),
                "--profiles-dir",
                str(self.root / "profiles"),
                "--target-path",
                str(self.root / "target"),
                "--log-path",
                str(self.root / "logs"),
            ]
        )
        if result.result is None:
            raise AssertionError(f"dbt build did not run: {result.exception}")
        statuses = {r.node.name: str(r.status) for r in result.result.results}
        messages = {r.node.name: str(r.message or "") for r in result.result.results}
        failures = {}
        with duckdb.connect(str(self.database)) as connection:
            for run in result.result.results:
                if str(run.status) == "fail" and run.node.relation_name:
                    rows = connection.sql(f"select failure from {run.node.relation_name}")
                    failures[run.node.name] = [row[0] for row in rows.fetchall()]
        return Build(result.success, statuses, failures, messages)

    @contextmanager
    def seed(self, name: str) -> Iterator[Rows]:
        """Edit the rows of seeds/<name> in place; they are written back on exit."""
        path = self.root / "seeds" / name
        self.originals.setdefault(path, path.read_text())
        header, rows = read_seed(path)
        yield rows
        write_seed(path, header, rows)

    def restore(self) -> None:
        for path, text in self.originals.items():
            path.write_text(text)
        self.originals.clear()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Project]:
    root = tmp_path_factory.mktemp("rubric_project")
    for name in COPIED:
        source, target = REPO / name, root / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.duckdb*"))
        else:
            shutil.copyfile(source, target)
    database = root / "rubric.duckdb"
    saved = {name: os.environ.get(name) for name in ("SCORING_DUCKDB_PATH", "SCORING_TARGET")}
    os.environ.update(SCORING_DUCKDB_PATH=str(database), SCORING_TARGET="duckdb")
    yield Project(root, database)
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


Rows = list[dict[str, str]]


def read_seed(path: Path) -> tuple[list[str], Rows]:
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_seed(path: Path, header: list[str], rows: Rows) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def find(rows: Rows, **key: str) -> dict[str, str]:
    matches = [row for row in rows if all(row[column] == value for column, value in key.items())]
    assert len(matches) == 1, f"expected one seed row with {key}, found {len(matches)}"
    return matches[0]


def number(text: str) -> Decimal:
    return Decimal(text)


def show(value: Decimal) -> str:
    """A number as the tests print it: no trailing zeros (15, 0.8, 1000000)."""
    return format(value.normalize(), "f")


def numeric_tiers(rows: Rows, factor_id: str) -> Rows:
    tiers = [
        row
        for row in rows
        if (row["rubric_version"], row["factor_id"]) == (CHAMPION, factor_id)
        and row["tier"] != "unknown"
        and not row["match_value"]
    ]
    return sorted(tiers, key=lambda row: number(row["range_min"] or "-Infinity"))


def key_text(row: dict[str, str], *columns: str) -> str:
    return ", ".join(f"{column}='{row[column]}'" for column in columns)


def range_text(row: dict[str, str]) -> str:
    low = show(number(row["range_min"])) if row["range_min"] else "-inf"
    high = show(number(row["range_max"])) if row["range_max"] else "+inf"
    return f"[{low}, {high})"


# Each case breaks the (copied) seeds in place and returns the data test that must fail and the
# fragments one of its `failure` rows must contain. Rows are found by key and the new values are
# derived from the current seeds, so re-tuning the rubric does not break these tests.
Breaker = Callable[["Project"], tuple[str, tuple[str, ...]]]


def budgets_not_summing_to_100(project: Project) -> tuple[str, tuple[str, ...]]:
    with project.seed("rubric/rubric_components.csv") as rows:
        row = find(rows, rubric_version=CHAMPION, dimension="fit", component="industry")
        row["budget"] = show(number(row["budget"]) + 5)
    return "rubric_components__budgets_sum_to_100", (
        f"rubric_components: rubric_version '{CHAMPION}', dimension 'fit' budgets sum to 105, "
        "not 100",
        "(rule: budgets_sum_to_100)",
    )


def overlapping_ranges(project: Project) -> tuple[str, tuple[str, ...]]:
    with project.seed("rubric/rubric_tiers.csv") as rows:
        tiers = numeric_tiers(rows, "fit_company_size")
        first, second = next(
            (tier, following)
            for tier, following in pairwise(tiers)
            if tier["range_max"] and following["range_max"]
        )
        first["range_max"] = second["range_max"]  # now covers the whole next tier too
    return "rubric_tiers__ranges_contiguous", (
        f"rubric_tiers row {key_text(second, *TIER_KEY)} {range_text(second)}"
        f" overlaps row {key_text(first, *TIER_KEY)} {range_text(first)}",
        "(rule: ranges_no_overlap)",
    )


def gap_in_ranges(project: Project) -> tuple[str, tuple[str, ...]]:
    with project.seed("rubric/rubric_tiers.csv") as rows:
        tiers = numeric_tiers(rows, "fit_revenue")
        tier = next(tier for tier in tiers[1:] if tier["range_min"] and tier["range_max"])
        old_min = number(tier["range_min"])
        new_min = (old_min + number(tier["range_max"])) / 2
        tier["range_min"] = show(new_min)
    return "rubric_tiers__ranges_contiguous", (
        f"rubric_tiers row {key_text(tier, *TIER_KEY)} {range_text(tier)}"
        f" leaves a gap [{show(old_min)}, {show(new_min)})",
        "(rule: ranges_no_gap)",
    )


def weights_not_summing_to_1(project: Project) -> tuple[str, tuple[str, ...]]:
    with project.seed("rubric/composite_weights.csv") as rows:
        row = find(rows, rubric_version=CHAMPION, lifecycle_stage="prospect", dimension="fit")
        row["weight"] = show(number(row["weight"]) + Decimal("0.05"))
    return "composite_weights__weights_sum_to_1", (
        f"composite_weights: rubric_version '{CHAMPION}', lifecycle_stage 'prospect' weights "
        "sum to 1.05, not 1",
        "(rule: weights_sum_to_1)",
    )


def bands_not_covering_0_100(project: Project) -> tuple[str, tuple[str, ...]]:
    with project.seed("rubric/score_bands.csv") as rows:
        bands = [r for r in rows if (r["rubric_version"], r["band_set"]) == (CHAMPION, "composite")]
        top = max(bands, key=lambda row: number(row["range_min"]))
        top["range_max"] = "100"  # exclusive: a composite of exactly 100 has no band
    return "score_bands__ranges_cover_scale", (
        f"score_bands row {key_text(top, 'rubric_version', 'band_set', 'band')} {range_text(top)}"
        " is the highest range but does not end above 100",
        "(rule: ranges_cover_scale)",
    )


def tier_above_factor_budget(project: Project) -> tuple[str, tuple[str, ...]]:
    _, factors = read_seed(project.root / "seeds/rubric/rubric_factors.csv")
    max_points = number(
        find(factors, rubric_version=CHAMPION, factor_id="fit_industry")["max_points"]
    )
    with project.seed("rubric/rubric_tiers.csv") as rows:
        tier = max(
            (
                r
                for r in rows
                if (r["rubric_version"], r["factor_id"]) == (CHAMPION, "fit_industry")
            ),
            key=lambda row: number(row["points"]),
        )
        tier["points"] = show(max_points + 5)
    return "rubric_tiers__points_within_max_points", (
        f"rubric_tiers row {key_text(tier, *TIER_KEY)}: points {show(max_points + 5)}"
        f" is above rubric_factors.max_points {show(max_points)}",
        "(rule: tier_points_within_factor_max_points)",
    )


def missing_unknown_tier(project: Project) -> tuple[str, tuple[str, ...]]:
    with project.seed("rubric/rubric_tiers.csv") as rows:
        rows.remove(find(rows, rubric_version=CHAMPION, factor_id="fit_seniority", tier="unknown"))
    return "rubric_factors__one_unknown_tier", (
        f"rubric_factors row rubric_version='{CHAMPION}', factor_id='fit_seniority'",
        f"(rubric_version, factor_id) ('{CHAMPION}', 'fit_seniority') has no match in rubric_tiers "
        "(rubric_version, factor_id) where tier = 'unknown'",
        "(rule: feature_factor_has_one_unknown_tier)",
    )


def signal_factor_with_unknown_signal(project: Project) -> tuple[str, tuple[str, ...]]:
    with project.seed("rubric/rubric_factors.csv") as rows:
        factor = next(
            r for r in rows if (r["rubric_version"], r["source_type"]) == (CHAMPION, "signal")
        )
        factor["source"] = "no_such_signal"
    return "rubric_factors__signal_known", (
        f"rubric_factors row {key_text(factor, *FACTOR_KEY)}: source 'no_such_signal'"
        " has no match in event_signals.signal or signal_rollups.rollup_signal",
        "(rule: signal_factor_known_signal)",
    )


def triage_points_not_summing_to_10(project: Project) -> tuple[str, tuple[str, ...]]:
    with project.seed("rubric/triage_points.csv") as rows:
        top = max(
            (row for row in rows if row["part"] == "readiness"),
            key=lambda row: number(row["points"]),
        )
        top["points"] = show(number(top["points"]) + 1)
    return "triage_points__max_points_sum_to_10", (
        "triage_points: the maximum points of the parts sum to 11, not 10",
        "(rule: triage_max_points_sum_to_10)",
    )


CASES: dict[str, Breaker] = {
    breaker.__name__: breaker
    for breaker in (
        budgets_not_summing_to_100,
        overlapping_ranges,
        gap_in_ranges,
        weights_not_summing_to_1,
        bands_not_covering_0_100,
        tier_above_factor_budget,
        missing_unknown_tier,
        signal_factor_with_unknown_signal,
        triage_points_not_summing_to_10,
    )
}
EXPECTED_TESTS = {
    "rubric_components__budgets_sum_to_100",
    "rubric_tiers__ranges_contiguous",
    "composite_weights__weights_sum_to_1",
    "score_bands__ranges_cover_scale",
    "rubric_tiers__points_within_max_points",
    "rubric_factors__one_unknown_tier",
    "rubric_factors__signal_known",
    "triage_points__max_points_sum_to_10",
}


def test_unmodified_seeds_pass(project: Project) -> None:
    build = project.build()
    not_passing = {name: s for name, s in build.statuses.items() if s not in ("success", "pass")}
    assert build.success, f"seeds or rubric tests fail on the repository's seeds: {not_passing}"
    assert not not_passing
    missing = EXPECTED_TESTS - set(build.statuses)
    assert not missing, f"rubric tests not attached to the seeds: {sorted(missing)}"


@pytest.mark.parametrize("name", list(CASES))
def test_broken_seed_fails_build_naming_seed_row_and_rule(project: Project, name: str) -> None:
    try:
        test, expected = CASES[name](project)
        build = project.build()
    finally:
        project.restore()

    assert not build.success, "dbt build passed with a broken seed"
    assert build.statuses.get(test) == "fail", (
        f"{test} did not fail: {build.statuses.get(test)}; failing: {build.failures}"
    )
    rows = build.failures[test]
    assert any(all(fragment in row for fragment in expected) for row in rows), (
        f"no failure row of {test} contains {expected}: {rows}"
    )


def test_non_numeric_point_stops_the_load_naming_seed_line_and_value(project: Project) -> None:
    try:
        with project.seed("rubric/rubric_tiers.csv") as rows:
            rows[2]["points"] = "fifteen"  # the fourth line of the file
        build = project.build()
    finally:
        project.restore()

    assert not build.success, "dbt build passed with a non-numeric point value"
    assert build.statuses.get("rubric_tiers") == "error", build.statuses.get("rubric_tiers")
    message = build.messages["rubric_tiers"]
    for fragment in ("rubric_tiers.csv", "Line: 4", "fifteen"):
        assert fragment in message, f"{fragment!r} not in: {message}"
    # nothing built from the broken rubric: every rubric test downstream was skipped
    assert all(
        status != "pass"
        for name, status in build.statuses.items()
        if name.startswith("rubric_tiers__")
    )
