"""The steps of `scoring calibrate`. The CLI passes in how to run the models for a date and how to
check the rubric seeds, so this module holds the order of things and nothing about dbt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from scoring import learn
from scoring.calibration import fit, frames, judge, plan, report, seeds
from scoring.project import Project

# what the training dates need built: scores and outcomes by date, and every feature
TRAINING_SELECT = "+score_history +int_outcomes__by_date +int_features__long"


class NothingToLearn(Exception):
    """The data holds no outcome any dimension can learn from."""


@dataclass
class Steps:
    run_models: Callable[[date, str, bool], None]  # (date, label, training only)
    # the rubric checks on the seeds with this new version as the challenger; from then on the
    # models run with it scored beside the active version
    check_rubric: Callable[[str], None]
    echo: Callable[[str], None] = print


@dataclass
class CalibrationResult:
    version_id: str
    split: plan.Split
    split_note: str
    learned: fit.Learned
    judgements: list[judge.Judgement] = field(default_factory=list)
    bands: judge.BandCheck | None = None
    report_path: Path | None = None


def _sub(population: fit.Population | None, mask: np.ndarray) -> fit.Population | None:
    if population is None or not mask.any():
        return None
    return fit.Population(
        population.name, population.entity_type, population.features[mask],
        population.entities[mask],
    )  # fmt: skip


def _populations(frame: frames.DateFrame, split: plan.Split, part: str):
    """The prospect and customer rows of one date; for a one-date split only the ``part``
    ('train' or 'eval') of them. Returns ({name: Population}, split note)."""
    found = {
        "prospects": fit.prospects(frame.entities, frame.features),
        "customers": fit.customers(frame.entities, frame.features),
    }
    note = "time"
    if not split.single_date:
        return {k: v for k, v in found.items() if v is not None}, note
    chosen = {}
    notes = []
    for name, population in found.items():
        if population is None:
            continue
        groups = pd.Series(population.groups)
        if name == "prospects" and split.kind == "cohort":
            holdout, how = plan.cohort_holdout(
                population.entities["created"].reset_index(drop=True), groups
            )
        else:
            holdout, how = plan.random_holdout(groups), "random"
        notes.append(f"{name}: {how}")
        sub = _sub(population, holdout if part == "eval" else ~holdout)
        if sub is not None:
            chosen[name] = sub
    return chosen, f"{split.kind} split on one date ({'; '.join(notes)})"


def calibrate(
    project: Project,
    split: plan.Split,
    steps: Steps,
    min_iv: float = 0.02,
    active: str = seeds.DEFAULT_VERSION,
) -> CalibrationResult:
    """Learn a new rubric version from ``active`` (the rubric_version the marts use), write it
    beside the other versions of seeds/rubric and judge it against ``active``."""
    seeds.check_version(project.seeds_dir, active)
    training_frames = []
    for number, day in enumerate(split.train_dates, start=1):
        steps.run_models(day, f"training date {number}/{len(split.train_dates)}: {day}", True)
        training_frames.append(frames.read_date(project, day))
    training = frames.combine(training_frames)
    kinds = frames.feature_kinds(training)
    populations, split_note = _populations(training, split, "train")
    if not populations:
        raise NothingToLearn(
            "no prospects with both converted and unconverted rows and no customers with "
            "outcomes in the training rows: nothing to learn from"
        )
    active_factors = seeds.version_rows(project.seeds_dir, "rubric_factors", active)[1]
    catalog = frames.read_catalog(project)
    dimension_of = fit.feature_dimensions(active_factors, catalog)
    labels = fit.feature_labels(active_factors)
    learned = fit.Learned()
    if "prospects" in populations:
        fit.learn_prospects(
            populations["prospects"], kinds, dimension_of, learned,
            seeds.composite_band_names(project.seeds_dir, active), min_iv,
        )  # fmt: skip
    if "customers" in populations:
        fit.learn_customers(populations["customers"], kinds, learned, min_iv)
    if not learned.cards:
        raise NothingToLearn("no feature carries a signal for any outcome: nothing learned")
    for (name, dimension), (rows, positives) in sorted(learned.support.items()):
        steps.echo(f"Learned {dimension} from {rows:,} {name} ({positives:,.0f} positive)")

    references = _references(populations, kinds)
    method = f"optbinning+woe-scorecard ({split.kind} split)"
    notes = "; ".join(
        f"{d} from {r} {p} ({q:.0f} positive)" for (p, d), (r, q) in sorted(learned.support.items())
    )
    version_id = seeds.write_version(
        project.seeds_dir, learned, labels, split, date.today(), method, notes, active
    )
    steps.echo(
        f"Wrote rubric version {version_id} (learned from {active}) to "
        f"{project.seeds_dir / 'rubric'}"
    )
    steps.check_rubric(version_id)

    # bands from the challenger's own composite as the SQL computes it (decay and risk included)
    # on training rows: the evaluation date itself in a one-date split (its training part), else
    # the last training date scored again with the challenger
    evaluation_frames: dict[date, frames.DateFrame] = {}
    if split.single_date:
        day = split.eval_dates[0]
        steps.run_models(day, f"evaluation date 1/1: {day}", False)
        band_frame = evaluation_frames[day] = _read(project, day, training)
    else:
        day = split.train_dates[-1]
        steps.run_models(day, f"challenger on the last training date: {day}", True)
        band_frame = _read(project, day, training)
    band_rows, _ = _populations(band_frame, split, "train")
    if "prospects" in band_rows and learned.joint is not None:
        prospects = band_rows["prospects"]
        learned.bands = learn.learn_bands(
            prospects.entities["challenger_composite_score"].astype(float).fillna(0).to_numpy(),
            prospects.entities["converted"].astype(int).to_numpy(),
            seeds.composite_band_names(project.seeds_dir, active),
            sample_weight=prospects.weights,
        )
        seeds.write_bands(project.seeds_dir, version_id, learned.bands, active)
        steps.check_rubric(version_id)

    judgements: dict = {}
    band_scores, band_labels = [], []
    for number, day in enumerate(split.eval_dates, start=1):
        if day not in evaluation_frames:
            label = f"evaluation date {number}/{len(split.eval_dates)}: {day}"
            steps.run_models(day, label, False)
            evaluation_frames[day] = _read(project, day, training)
        frame = evaluation_frames[day]
        evaluated, _ = _populations(frame, split, "eval")
        judge.add_date(
            judgements,
            {
                k: (v.entities, v.features.reindex(columns=training.features.columns))
                for k, v in evaluated.items()
            },
            references,
        )
        if "prospects" in evaluated:
            entities = evaluated["prospects"].entities
            band_scores.append(entities["challenger_composite_score"].astype(float).fillna(0))
            band_labels.append(entities["converted"].astype(int))
    bands = None
    if band_scores and learned.bands:
        bands = judge.band_check(
            pd.concat(band_scores).to_numpy(), pd.concat(band_labels).to_numpy(), learned.bands
        )
    ordered = [judgements[k] for k in judge.JUDGED if k in judgements]
    seeds.write_reference(
        project.seeds_dir,
        version_id,
        [
            {
                "score": j.score,
                "outcome": j.outcome,
                "evaluated_from": split.eval_dates[0].isoformat(),
                "evaluated_to": split.eval_dates[-1].isoformat(),
                "rows": j.rows,
                "positives": round(j.positives),
                "champion_auc": _round(j.champion_auc),
                "challenger_auc": _round(j.challenger_auc),
                "reference_auc": _round(j.reference_auc),
            }
            for j in ordered
        ],
    )
    result = CalibrationResult(version_id, split, split_note, learned, ordered, bands)
    path = project.project_dir / "reports" / "calibration" / f"{version_id}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(report.render(result))
    result.report_path = path
    return result


def _read(project: Project, day: date, training: frames.DateFrame) -> frames.DateFrame:
    """A date read with the training's feature types (a feature numeric in training stays so)."""
    frame = frames.read_date(project, day)
    for column in frame.features.columns:
        if column in training.numeric:
            frame.features[column] = pd.to_numeric(frame.features[column], errors="coerce")
    return frame


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 6)


def _references(populations: dict[str, fit.Population], kinds: dict[str, str]) -> dict:
    """A gradient-boosting model per (population, outcome) judged, on the training rows and the
    features the scorecards could use."""
    references = {}
    for population_name, _, outcome in judge.JUDGED:
        population = populations.get(population_name)
        if population is None or (population_name, outcome) in references:
            continue
        entities = population.entities
        rows = entities[outcome].notna().to_numpy().copy()
        if population_name == "customers":
            rows &= entities["is_outcome_observed"].fillna(False).astype(bool).to_numpy()
        labels = entities.loc[rows, outcome].astype(int).to_numpy()
        if labels.sum() < fit.MIN_CLASS or (1 - labels).sum() < fit.MIN_CLASS:
            continue
        usable = {f: k for f, k in kinds.items() if population.features[f].dropna().nunique() >= 2}
        columns = list(usable)
        weights = population.weights[rows] if population_name == "prospects" else None
        model = learn.fit_reference(
            population.features.loc[rows, columns], labels, usable, sample_weight=weights
        )
        references[(population_name, outcome)] = (model, columns)
    return references
