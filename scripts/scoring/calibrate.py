"""Learn a challenger rubric from history: tier points and composite weights, judged out of time.

The scoring stays in SQL; this module only collects what the models computed on past dates, does the
fitting maths and writes seed CSVs:

1. **Split.** Time split (default): the evaluation dates are the last ``eval_dates`` weekly dates
   up to the as-of date; the training dates end one outcome horizon before the first of them, so no
   outcome the challenger learned from falls after an evaluation date. Cohort split (one scoring
   date, e.g. a lead table without history): contacts created before the 70th percentile of
   creation dates train, the newer ones evaluate.
2. **Training rows.** For each training date, dbt builds the scoring models as of that date and the
   runner reads, per prospect contact, the champion tier of every feature factor
   (``int_scores__feature_tiers``), the dimension scores and whether the contact converted.
3. **Tier points.** Per feature factor, the weight of evidence of each tier (log of its share of
   converters over its share of non-converters, smoothed) is rescaled onto the factor's own point
   range, so the best tier gets the factor's maximum and the worst its minimum; tiers seen fewer
   than ``min_support`` times keep the champion's points. Budgets never change.
4. **Weights.** A logistic regression of conversion on the prospect dimension scores gives the
   prospect composite weights (negative coefficients clipped to 0, normalised to sum to 1); customer
   weights stay the champion's.
5. **Write and judge.** The challenger seeds (and a version row) are written to
   ``seeds/challenger``, validated by the rubric tests, and the evaluation dates are scored with
   champion and challenger side by side; AUC and top-decile lift of both on those dates go into a
   Markdown report.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import shlex
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from scoring.project import Project

PROSPECT_DIMENSIONS = ("fit", "intent", "engagement", "success", "growth")
COPIED_SEEDS = ("rubric_components", "rubric_factors", "rubric_adjustments")
SMOOTHING = 0.5
# a unit of weight of evidence (e times the odds) moves a tier by 1/WOE_SPAN of its factor's range
WOE_SPAN = 2.0
# tiers learned only for the dimensions judged on conversion; success, growth and risk keep theirs
LEARNED_DIMENSIONS = ("fit", "intent", "engagement")


@dataclass
class Split:
    kind: str  # 'time' or 'cohort'
    train_dates: list[date]
    eval_dates: list[date]


@dataclass
class TrainingData:
    # (factor_id, tier) -> [contacts, converters], account-weighted
    tier_counts: dict[tuple[str, str], list[float]] = field(
        default_factory=lambda: defaultdict(lambda: [0.0, 0.0])
    )
    dimension_rows: list[list[float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return len(self.labels)

    @property
    def positives(self) -> int:
        return int(sum(self.labels))


@dataclass
class Evaluation:
    rubric: str
    score: str
    auc: float | None
    top_decile_lift: float | None
    entities: int
    positives: int


@dataclass
class CalibrationResult:
    version_id: str
    split: Split
    training: TrainingData
    tier_points: dict[tuple[str, str], float]
    champion_points: dict[tuple[str, str], float]
    weights: dict[str, float]
    champion_weights: dict[str, float]
    evaluations: list[Evaluation]
    report_path: Path | None = None

    def evaluation(self, rubric: str, score: str) -> Evaluation:
        return next(e for e in self.evaluations if e.rubric == rubric and e.score == score)


# --------------------------------------------------------------------------------------------
# split
# --------------------------------------------------------------------------------------------
def time_split(
    as_of: date, horizon_days: int, train_dates: int = 8, eval_dates: int = 4, every_days: int = 7
) -> Split:
    """Evaluation: ``eval_dates`` dates every ``every_days`` ending on ``as_of``. Training:
    ``train_dates`` dates every ``every_days`` ending ``horizon_days`` before the first evaluation
    date, so every training outcome window closes before any evaluation date begins."""
    step = timedelta(days=every_days)
    evaluation = [as_of - step * (eval_dates - 1 - i) for i in range(eval_dates)]
    last_train = evaluation[0] - timedelta(days=horizon_days)
    training = [last_train - step * (train_dates - 1 - i) for i in range(train_dates)]
    return Split("time", training, evaluation)


# --------------------------------------------------------------------------------------------
# fitting maths
# --------------------------------------------------------------------------------------------
def weight_of_evidence(contacts: int, converters: int, positives: int, negatives: int, tiers: int):
    """Smoothed weight of evidence of one tier: ln(share of converters / share of the others)."""
    good = (converters + SMOOTHING) / (positives + SMOOTHING * tiers)
    bad = (contacts - converters + SMOOTHING) / (negatives + SMOOTHING * tiers)
    return math.log(good / bad)


def learn_tier_points(
    tier_counts: dict[tuple[str, str], list[float]],
    champion_points: dict[tuple[str, str], float],
    factors: set[str],
    min_support: float = 30,
    prior_strength: float = 100,
) -> dict[tuple[str, str], float]:
    """New whole points per (factor, tier) of the ``factors`` to learn; every other tier keeps the
    champion's points.

    Counts are account-weighted (each account's contacts share one unit, so a large account does
    not outvote many small ones). A tier's weight of evidence moves it from the champion's mean
    points of the factor by 1/WOE_SPAN of the factor's point range per unit (a tier converting e
    times as often as the rest gains half the range), clipped to the range; the result is shrunk
    towards the champion's points by support / (support + prior_strength). Tiers with less than
    ``min_support``
    keep the champion's points."""
    learned = dict(champion_points)
    by_factor: dict[str, list[str]] = defaultdict(list)
    for factor_id, tier in champion_points:
        if factor_id in factors:
            by_factor[factor_id].append(tier)
    for factor_id, tiers in by_factor.items():
        counts = {tier: tier_counts.get((factor_id, tier), [0.0, 0.0]) for tier in tiers}
        positives = sum(c[1] for c in counts.values())
        negatives = sum(c[0] - c[1] for c in counts.values())
        supported = [t for t in tiers if counts[t][0] >= min_support]
        if not supported or positives <= 0 or negatives <= 0:
            continue
        points = {t: champion_points[(factor_id, t)] for t in tiers}
        floor, ceiling = min(min(points.values()), 0.0), max(points.values())
        total = sum(counts[t][0] for t in supported)
        centre = sum(points[t] * counts[t][0] for t in supported) / total
        slope = (ceiling - floor) / WOE_SPAN
        for tier in supported:
            support = counts[tier][0]
            woe = weight_of_evidence(support, counts[tier][1], positives, negatives, len(tiers))
            target = min(max(centre + slope * woe, floor), ceiling)
            credibility = support / (support + prior_strength)
            learned[(factor_id, tier)] = float(
                round(points[tier] + credibility * (target - points[tier]))
            )
    return learned


def learn_weights(
    features: np.ndarray, labels: np.ndarray, champion: dict[str, float]
) -> dict[str, float]:
    """Prospect composite weights from a logistic regression of conversion on the dimension scores
    (0-1 scale): coefficients clipped at 0, normalised to 1, three decimals summing to exactly 1."""
    from sklearn.linear_model import LogisticRegression

    if len(set(labels.tolist())) < 2:
        return dict(champion)
    model = LogisticRegression(C=1.0, max_iter=1000)
    model.fit(features / 100.0, labels)
    coefficients = np.clip(model.coef_[0], 0, None)
    if coefficients.sum() <= 0:
        return dict(champion)
    shares = coefficients / coefficients.sum()
    weights = {d: round(float(s), 3) for d, s in zip(PROSPECT_DIMENSIONS, shares, strict=True)}
    largest = max(weights, key=weights.get)
    weights[largest] = round(weights[largest] + 1.0 - sum(weights.values()), 3)
    return weights


def auc(scores: np.ndarray, labels: np.ndarray) -> float | None:
    """Mann-Whitney AUC, ties counted half (the statistic of mart model_performance)."""
    from sklearn.metrics import roc_auc_score

    if len(set(labels.tolist())) < 2:
        return None
    return float(roc_auc_score(labels, scores))


def top_decile_lift(scores: np.ndarray, labels: np.ndarray, ids: list[str]) -> float | None:
    """Conversion rate of the best-scored ceil(n/10) (ties by id) over the base rate."""
    if len(labels) == 0 or labels.sum() == 0:
        return None
    order = sorted(range(len(ids)), key=lambda i: (-scores[i], ids[i]))
    top = order[: math.ceil(len(ids) / 10)]
    return float(labels[top].mean() / labels.mean())


# --------------------------------------------------------------------------------------------
# seeds
# --------------------------------------------------------------------------------------------
def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _csv_text(columns: list[str], rows: list[dict[str, str]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def champion_tier_points(seeds_dir: Path) -> dict[tuple[str, str], float]:
    _, rows = _read_csv(seeds_dir / "rubric" / "rubric_tiers.csv")
    return {(r["factor_id"], r["tier"]): float(r["points"]) for r in rows}


def learnable_factors(seeds_dir: Path) -> set[str]:
    """Feature factors of the dimensions judged on conversion (LEARNED_DIMENSIONS)."""
    _, rows = _read_csv(seeds_dir / "rubric" / "rubric_factors.csv")
    return {
        r["factor_id"]
        for r in rows
        if r["source_type"] == "feature" and r["dimension"] in LEARNED_DIMENSIONS
    }


def champion_prospect_weights(seeds_dir: Path) -> dict[str, float]:
    _, rows = _read_csv(seeds_dir / "rubric" / "composite_weights.csv")
    return {r["dimension"]: float(r["weight"]) for r in rows if r["lifecycle_stage"] == "prospect"}


def write_challenger(
    seeds_dir: Path,
    tier_points: dict[tuple[str, str], float],
    weights: dict[str, float],
    split: Split,
    created: date,
    notes: str,
) -> str:
    """Write seeds/challenger/challenger_*.csv from the champion's with the learned points and
    weights; returns the version id (content hash, so the same learning gives the same id)."""
    champion, challenger = seeds_dir / "rubric", seeds_dir / "challenger"
    texts: dict[str, str] = {}
    for name in COPIED_SEEDS:
        texts[name] = (champion / f"{name}.csv").read_text()
    columns, tiers = _read_csv(champion / "rubric_tiers.csv")
    for row in tiers:
        row["points"] = _number(tier_points[(row["factor_id"], row["tier"])])
    texts["rubric_tiers"] = _csv_text(columns, tiers)
    columns, weight_rows = _read_csv(champion / "composite_weights.csv")
    for row in weight_rows:
        if row["lifecycle_stage"] == "prospect" and row["dimension"] in weights:
            row["weight"] = f"{weights[row['dimension']]:.3f}"
    texts["composite_weights"] = _csv_text(columns, weight_rows)

    digest = hashlib.sha256("".join(texts[k] for k in sorted(texts)).encode()).hexdigest()[:8]
    version_id = f"calibrated-{split.eval_dates[-1]:%Y%m%d}-{digest}"
    for name, text in texts.items():
        (challenger / f"challenger_{name}.csv").write_text(text)
    version_columns = [
        "version_id", "created_at", "method", "trained_from", "trained_to",
        "evaluated_from", "evaluated_to", "notes",
    ]  # fmt: skip
    version_row = {
        "version_id": version_id,
        "created_at": created.isoformat(),
        "method": f"woe-tiers+logistic-weights ({split.kind} split)",
        "trained_from": split.train_dates[0].isoformat(),
        "trained_to": split.train_dates[-1].isoformat(),
        "evaluated_from": split.eval_dates[0].isoformat(),
        "evaluated_to": split.eval_dates[-1].isoformat(),
        "notes": notes,
    }
    (challenger / "challenger_rubric_version.csv").write_text(
        _csv_text(version_columns, [version_row])
    )
    return version_id


# --------------------------------------------------------------------------------------------
# reading what the models computed
# --------------------------------------------------------------------------------------------
TRAINING_SELECT = "+int_scores__feature_tiers +int_outcomes__conversions +int_scores__composite"


def _prospect_filter(cohort_before: date | None) -> str:
    created = (
        f" and (contacts.created_at is null or cast(contacts.created_at as date) < "
        f"date '{cohort_before.isoformat()}')"
        if cohort_before
        else ""
    )
    return f"scores.entity_type = 'contact' and scores.lifecycle_stage = 'prospect'{created}"


def read_training(project: Project, data: TrainingData, cohort_before: date | None = None) -> None:
    """Add the prospect contacts of the warehouse's current scoring date to ``data``."""
    import duckdb

    prospects = f"""
        select
            scores.*,
            outcomes.converted,
            -- each account's contacts share one unit of weight
            1.0 / count(*) over (partition by coalesce(scores.account_id, scores.entity_id))
                as account_weight
        from intermediate.int_scores__composite as scores
        inner join intermediate.int_outcomes__conversions as outcomes
            on scores.entity_type = outcomes.entity_type
            and scores.entity_id = outcomes.entity_id
        left join staging.stg_crm__contacts as contacts
            on scores.entity_id = contacts.contact_id
        where {_prospect_filter(cohort_before)}
    """
    dims = ", ".join(f"{d}_score" for d in PROSPECT_DIMENSIONS)
    with duckdb.connect(str(project.warehouse), read_only=True) as con:
        rows = con.execute(
            f"select {dims}, converted from ({prospects}) as prospects order by entity_id"
        ).fetchall()
        tiers = con.execute(
            f"""
            select tiers.factor_id, tiers.tier, sum(prospects.account_weight),
                sum(prospects.converted * prospects.account_weight)
            from ({prospects}) as prospects
            inner join intermediate.int_scores__feature_tiers as tiers
                on prospects.entity_type = tiers.entity_type
                and prospects.entity_id = tiers.entity_id
            group by tiers.factor_id, tiers.tier
            """
        ).fetchall()
    for row in rows:
        data.dimension_rows.append([float(v or 0) for v in row[:-1]])
        data.labels.append(int(row[-1]))
    for factor_id, tier, contacts, converters in tiers:
        counts = data.tier_counts[(factor_id, tier)]
        counts[0] += float(contacts)
        counts[1] += float(converters or 0)


def cohort_boundary(project: Project, share: float = 0.7) -> date | None:
    """Creation date splitting the prospect contacts into the older ``share`` and the rest."""
    import duckdb

    with duckdb.connect(str(project.warehouse), read_only=True) as con:
        found = con.execute(
            f"""
            select quantile_disc(cast(contacts.created_at as date), {share})
            from intermediate.int_scores__composite as scores
            inner join staging.stg_crm__contacts as contacts
                on scores.entity_id = contacts.contact_id
            where {_prospect_filter(None)}
            """
        ).fetchone()[0]
    return found


def evaluate(
    project: Project, eval_dates: list[date], cohort_from: date | None = None
) -> list[Evaluation]:
    """AUC and top-decile lift of champion and challenger on the evaluation dates (prospect
    contacts; in a cohort split only those created on or after ``cohort_from``), pooled per date:
    the mean over the dates."""
    import duckdb

    dates = ", ".join(f"date '{d.isoformat()}'" for d in eval_dates)
    cohort = (
        f" and contacts.created_at is not null and cast(contacts.created_at as date) >= "
        f"date '{cohort_from.isoformat()}'"
        if cohort_from
        else ""
    )
    with duckdb.connect(str(project.warehouse), read_only=True) as con:
        rows = con.execute(
            f"""
            select history.scoring_date, history.entity_id, outcomes.converted,
                history.composite_score, history.total_score, history.fit_score,
                history.challenger_composite_score, history.challenger_total_score,
                history.challenger_fit_score
            from marts.score_history as history
            inner join intermediate.int_outcomes__by_date as outcomes
                on history.scoring_date = outcomes.scoring_date
                and history.entity_type = outcomes.entity_type
                and history.entity_id = outcomes.entity_id
            left join staging.stg_crm__contacts as contacts
                on history.entity_id = contacts.contact_id
            where history.entity_type = 'contact' and history.lifecycle_stage = 'prospect'
                and history.scoring_date in ({dates}){cohort}
            order by history.scoring_date, history.entity_id
            """
        ).fetchall()
    columns = {
        ("champion", "composite"): 3, ("champion", "total"): 4, ("champion", "fit"): 5,
        ("challenger", "composite"): 6, ("challenger", "total"): 7, ("challenger", "fit"): 8,
    }  # fmt: skip
    by_date: dict[date, list[tuple]] = defaultdict(list)
    for row in rows:
        by_date[row[0]].append(row)
    evaluations = []
    for (rubric, score), index in columns.items():
        aucs, lifts, entities, positives = [], [], 0, 0
        for date_rows in by_date.values():
            labels = np.array([r[2] for r in date_rows], dtype=float)
            values = np.array([r[index] or 0.0 for r in date_rows], dtype=float)
            ids = [r[1] for r in date_rows]
            entities += len(date_rows)
            positives += int(labels.sum())
            if (value := auc(values, labels)) is not None:
                aucs.append(value)
            if (lift := top_decile_lift(values, labels, ids)) is not None:
                lifts.append(lift)
        evaluations.append(
            Evaluation(
                rubric,
                score,
                float(np.mean(aucs)) if aucs else None,
                float(np.mean(lifts)) if lifts else None,
                entities,
                positives,
            )
        )
    return evaluations


# --------------------------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------------------------
def _fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def promote_vars(version_id: str) -> str:
    """The dbt vars (JSON, as `--vars` takes them) that make the challenger the active rubric."""
    return json.dumps({"active_rubric": "challenger", "model_version": version_id})


def promote_hint(version_id: str) -> str:
    """The option to add to `scoring build` (and backfill) to promote the challenger, quoted for
    the shell: ``--vars '{"active_rubric": "challenger", "model_version": "..."}'``."""
    return f"--vars {shlex.quote(promote_vars(version_id))}"


def render_report(result: CalibrationResult) -> str:
    split, training = result.split, result.training
    champion = result.evaluation("champion", "composite")
    challenger = result.evaluation("challenger", "composite")
    better = (
        challenger.auc is not None and champion.auc is not None and challenger.auc >= champion.auc
    )
    lines = [
        f"# Calibration {result.version_id}",
        "",
        f"- Split: {split.kind}; training dates {split.train_dates[0]} to {split.train_dates[-1]} "
        f"({len(split.train_dates)}), evaluation dates {split.eval_dates[0]} to "
        f"{split.eval_dates[-1]} ({len(split.eval_dates)}).",
        f"- Training rows (prospect contacts x dates): {training.rows:,}, converted "
        f"{training.positives:,}.",
        f"- Evaluation rows: {champion.entities:,}, converted {champion.positives:,}.",
        "",
        "## Out-of-time performance (prospect contacts, conversion within the horizon)",
        "",
        "| score | champion AUC | challenger AUC | champion top-decile lift "
        "| challenger top-decile lift |",
        "|---|---|---|---|---|",
    ]
    for score in ("composite", "total", "fit"):
        a, b = result.evaluation("champion", score), result.evaluation("challenger", score)
        lines.append(
            f"| {score} | {_fmt(a.auc)} | {_fmt(b.auc)} | {_fmt(a.top_decile_lift, 2)} "
            f"| {_fmt(b.top_decile_lift, 2)} |"
        )
    lines += [
        "",
        "## Prospect composite weights",
        "",
        "| dimension | champion | challenger |",
        "|---|---|---|",
    ]
    for dim in PROSPECT_DIMENSIONS:
        lines.append(
            f"| {dim} | {result.champion_weights.get(dim, 0):.3f} | {result.weights[dim]:.3f} |"
        )
    changes = sorted(
        (
            (abs(result.tier_points[k] - v), k, v, result.tier_points[k])
            for k, v in result.champion_points.items()
            if result.tier_points[k] != v
        ),
        reverse=True,
    )
    lines += [
        "",
        f"## Tier points changed: {len(changes)} of {len(result.champion_points)}",
        "",
        "| factor | tier | champion | challenger | accounts (weighted) | converted |",
        "|---|---|---|---|---|---|",
    ]
    for _, (factor_id, tier), old, new in changes[:25]:
        contacts, converters = training.tier_counts.get((factor_id, tier), [0.0, 0.0])
        lines.append(
            f"| {factor_id} | {tier} | {_number(old)} | {_number(new)} "
            f"| {contacts:.1f} | {converters:.1f} |"
        )
    lines += [
        "",
        "## Verdict",
        "",
        (
            "The challenger ranks the evaluation dates at least as well as the champion. "
            f"Promote it with `{promote_hint(result.version_id)}`."
            if better
            else "The challenger does not beat the champion out of time: keep the champion."
        ),
        "",
    ]
    return "\n".join(lines)
