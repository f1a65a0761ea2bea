"""Champion, challenger and reference judged on the same evaluation rows.

Champion and challenger AUCs come from the scores the SQL computed (score_history, both rubrics
side by side); the reference is a gradient-boosting model fitted on exactly the training rows and
features the challenger learned from, predicting the same evaluation rows. With several
evaluation dates (time split) each date is judged on its own and the AUCs are averaged, rows summed.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from scoring import learn

# (population, score, outcome)
JUDGED = (
    ("prospects", "composite", "converted"),
    ("customers", "composite", "retained"),
    ("customers", "success", "retained"),
    ("customers", "risk", "churned"),
    ("customers", "growth", "expanded"),
)


@dataclass
class Judgement:
    population: str
    score: str
    outcome: str
    rows: int = 0
    positives: float = 0
    champion: list[float] = field(default_factory=list)
    challenger: list[float] = field(default_factory=list)
    reference: list[float] = field(default_factory=list)

    @staticmethod
    def _mean(values: list[float]) -> float | None:
        return float(np.mean(values)) if values else None

    @property
    def champion_auc(self) -> float | None:
        return self._mean(self.champion)

    @property
    def challenger_auc(self) -> float | None:
        return self._mean(self.challenger)

    @property
    def reference_auc(self) -> float | None:
        return self._mean(self.reference)

    @property
    def ratio(self) -> float | None:
        if self.challenger_auc is None or not self.reference_auc:
            return None
        return self.challenger_auc / self.reference_auc


@dataclass
class BandCheck:
    rows: list[tuple[str, int, float]]  # band, entities, outcome rate

    @property
    def populated(self) -> bool:
        return all(n > 0 for _, n, _ in self.rows)

    @property
    def monotonic(self) -> bool:
        """The outcome rate never falls band over band and the top band beats the bottom one."""
        rates = [r for _, n, r in self.rows if n > 0]
        rising = all(b >= a for a, b in itertools.pairwise(rates))
        return rising and len(rates) > 1 and rates[-1] > rates[0]


def band_check(scores: np.ndarray, labels: np.ndarray, bands) -> BandCheck | None:
    if not bands:
        return None
    rows = []
    for name, low, high in bands:
        inside = (scores >= low) & (scores < high)
        rate = float(labels[inside].mean()) if inside.any() else 0.0
        rows.append((name, int(inside.sum()), rate))
    return BandCheck(rows)


def add_date(
    judgements: dict[tuple[str, str, str], Judgement],
    populations: dict[str, tuple[pd.DataFrame, pd.DataFrame]],
    references: dict[tuple[str, str], tuple[object, list[str]]],
) -> None:
    """Judge one evaluation date: ``populations`` maps a population to its (entities, features)
    rows of that date; ``references`` maps (population, outcome) to (fitted model, features)."""
    for key in JUDGED:
        population, score, outcome = key
        if population not in populations:
            continue
        entities, features = populations[population]
        observed = entities[outcome].notna().to_numpy().copy()
        if "is_outcome_observed" in entities and population == "customers":
            observed &= entities["is_outcome_observed"].fillna(False).astype(bool).to_numpy()
        labels = entities.loc[observed, outcome].astype(int).to_numpy()
        if labels.size == 0 or labels.min() == labels.max():
            continue
        judgement = judgements.setdefault(key, Judgement(population, score, outcome))
        judgement.rows += int(labels.size)
        judgement.positives += float(labels.sum())
        for rubric, column in (
            ("champion", f"{score}_score"),
            ("challenger", f"challenger_{score}_score"),
        ):
            values = entities.loc[observed, column].astype(float).fillna(0.0).to_numpy()
            getattr(judgement, rubric).append(learn.auc(values, labels))
        if (population, outcome) in references:
            model, columns = references[(population, outcome)]
            predicted = model.predict_proba_pos(features.loc[observed, columns])
            judgement.reference.append(learn.auc(predicted, labels))
