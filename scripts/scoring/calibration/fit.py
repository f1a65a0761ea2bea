"""The learning: a scorecard per dimension against its own outcome, composite weights on the
challenger's own dimension scores, bands from the challenger's score distribution, and a
gradient-boosting reference on exactly the same rows and features.

* **Prospects** (contacts, or accounts when the data has no contacts) vs conversion: one joint
  scorecard over every feature, split into fit, intent and engagement by each factor's dimension,
  each rescaled to its budget of 100; the prospect composite weights are the dimensions' shares of
  the joint card, so the challenger's composite is the joint card's score. Each account's contacts
  share one unit of weight and stay on one side of any internal split.
* **Customers** (accounts) vs their outcomes: success vs retention (still a customer at T +
  horizon), risk vs churn, growth vs expansion, each learned when the rows hold at least
  ``MIN_CLASS`` of both classes; customer composite weights from a logistic regression of
  retention on the challenger's customer dimension scores (negative coefficients clipped).
* A dimension with nothing to learn from keeps the champion's rubric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from scoring import learn

PROSPECT_DIMENSIONS = ("fit", "intent", "engagement")
CUSTOMER_TARGETS = {"success": "retained", "risk": "churned", "growth": "expanded"}
COMPOSITE_DIMENSIONS = ("fit", "intent", "engagement", "success", "growth")
MIN_CLASS = 10
SIGNAL_FEATURE = re.compile(r"^signal__(?P<source>.+)__(?P<window>\d+)d$")


@dataclass
class Population:
    """The rows one scorecard learns from."""

    name: str  # prospects | customers
    entity_type: str
    features: pd.DataFrame
    entities: pd.DataFrame

    @property
    def groups(self) -> np.ndarray:
        account = self.entities["account_id"].astype(object)
        own = pd.Series(self.entities.index.get_level_values("entity_id"), index=account.index)
        return account.where(account.notna(), own).astype(str).to_numpy()

    @property
    def weights(self) -> np.ndarray:
        """Each account's rows share one unit of weight (a large buying group does not outvote
        many small ones)."""
        groups = pd.Series(self.groups)
        return (1.0 / groups.map(groups.value_counts())).to_numpy()


def prospects(entities: pd.DataFrame, features: pd.DataFrame) -> Population | None:
    stage = entities["lifecycle_stage"] == "prospect"
    observed = entities["converted"].notna()
    for entity_type in ("contact", "account"):
        rows = stage & observed & (entities.index.get_level_values("entity_type") == entity_type)
        labels = entities.loc[rows, "converted"]
        if labels.sum() >= MIN_CLASS and (1 - labels).sum() >= MIN_CLASS:
            return Population("prospects", entity_type, features[rows], entities[rows])
    return None


def customers(entities: pd.DataFrame, features: pd.DataFrame) -> Population | None:
    rows = (entities["lifecycle_stage"] == "customer") & (
        entities.index.get_level_values("entity_type") == "account"
    )
    if rows.sum() < 2 * MIN_CLASS:
        return None
    return Population("customers", "account", features[rows], entities[rows])


@dataclass
class Learned:
    cards: dict[str, learn.Scorecard] = field(default_factory=dict)
    weights: dict[str, dict[str, float]] = field(default_factory=dict)
    bands: list[tuple[str, float, float]] | None = None
    # (population, dimension) -> (rows, positives) the card learned from
    support: dict[tuple[str, str], tuple[int, float]] = field(default_factory=dict)
    joint: learn.Scorecard | None = None
    notes: list[str] = field(default_factory=list)


def _usable(kinds: dict[str, str], frame: pd.DataFrame) -> dict[str, str]:
    """The features that vary within the population's rows."""
    return {f: k for f, k in kinds.items() if f in frame and frame[f].dropna().nunique() >= 2}


def learn_prospects(
    population: Population,
    kinds: dict[str, str],
    dimension_of: dict[str, str],
    learned: Learned,
    band_names: list[str],
    min_iv: float,
) -> None:
    labels = population.entities["converted"].astype(int).to_numpy()
    usable = _usable(kinds, population.features)
    joint = learn.fit_scorecard(
        population.features[list(usable)], labels, usable,
        sample_weight=population.weights, groups=population.groups, min_iv=min_iv,
    )  # fmt: skip
    if not joint.factors:
        learned.notes.append("No feature carries a conversion signal: prospects keep the champion.")
        return
    prospect_dimension = {
        f.feature: dimension_of.get(f.feature, "fit")
        if dimension_of.get(f.feature, "fit") in PROSPECT_DIMENSIONS
        else "fit"
        for f in joint.factors
    }
    cards, shares = learn.split_scorecard(joint, prospect_dimension)
    learned.joint = joint
    for dimension, card in cards.items():
        learned.cards[dimension] = card
        learned.support[("prospects", dimension)] = (len(labels), float(labels.sum()))
    learned.weights["prospect"] = {d: float(shares.get(d, 0.0)) for d in COMPOSITE_DIMENSIONS}
    scores = joint.score(population.features)
    learned.bands = learn.learn_bands(scores, labels, band_names, sample_weight=population.weights)


def learn_customers(
    population: Population, kinds: dict[str, str], learned: Learned, min_iv: float
) -> None:
    usable = _usable(kinds, population.features)
    frame = population.features[list(usable)]
    for dimension, outcome in CUSTOMER_TARGETS.items():
        rows = (
            population.entities["is_outcome_observed"].fillna(False).astype(bool)
            & population.entities[outcome].notna()
        )
        labels = population.entities.loc[rows, outcome].astype(int).to_numpy()
        if labels.sum() < MIN_CLASS or (1 - labels).sum() < MIN_CLASS:
            learned.notes.append(
                f"{dimension}: fewer than {MIN_CLASS} customers of each class for {outcome}; "
                "kept the champion's rubric."
            )
            continue
        card = learn.fit_scorecard(frame[rows.to_numpy()], labels, usable, min_iv=min_iv)
        if not card.factors:
            learned.notes.append(f"{dimension}: no feature carries a {outcome} signal; kept.")
            continue
        learned.cards[dimension] = card
        learned.support[("customers", dimension)] = (len(labels), float(labels.sum()))
    _customer_weights(population, learned)


def _customer_weights(population: Population, learned: Learned) -> None:
    """Composite weights of customers: a logistic regression of retention on the challenger's
    customer dimension scores (those it learned), coefficients clipped at 0, normalised to 1."""
    from sklearn.linear_model import LogisticRegression

    dims = [d for d in COMPOSITE_DIMENSIONS if d in learned.cards]
    entities = population.entities
    rows = entities["retained"].notna().to_numpy()
    if not dims or rows.sum() < 2 * MIN_CLASS:
        return
    labels = entities.loc[rows, "retained"].astype(int).to_numpy()
    if labels.sum() < MIN_CLASS or (1 - labels).sum() < MIN_CLASS:
        return
    matrix = np.column_stack(
        [learned.cards[d].score(population.features[rows]) / 100.0 for d in dims]
    )
    model = LogisticRegression(C=1.0, max_iter=1000).fit(matrix, labels)
    coefficients = np.clip(model.coef_[0], 0, None)
    if coefficients.sum() <= 0:
        return
    shares = coefficients / coefficients.sum()
    weights = {d: 0.0 for d in COMPOSITE_DIMENSIONS}
    weights.update({d: round(float(s), 3) for d, s in zip(dims, shares, strict=True)})
    largest = max(weights, key=weights.get)
    weights[largest] = round(weights[largest] + 1.0 - sum(weights.values()), 3)
    learned.weights["customer"] = weights


def feature_dimensions(factors: list[dict[str, str]], catalog: dict[str, str]) -> dict[str, str]:
    """The dimension a feature belongs to on the prospect side: the champion's or challenger's
    factor on it (built-in features and signal counts), else the custom catalog's, else fit."""
    found: dict[str, str] = {}
    for row in factors:
        if row["source_type"] == "feature":
            found.setdefault(row["source"], row["dimension"])
        elif row["source_type"] == "signal" and row.get("window_days"):
            window = int(float(row["window_days"]))
            found.setdefault(f"signal__{row['source']}__{window}d", row["dimension"])
    return {**found, **catalog}


def feature_labels(factors: list[dict[str, str]]) -> dict[str, str]:
    """Readable names: the champion's factor label for its features and signals, else the column
    name in words (``contacts__lead_origin`` -> ``Lead origin``)."""
    labels: dict[str, str] = {}
    for row in factors:
        if row["source_type"] == "feature":
            labels.setdefault(row["source"], row["label"])
        elif row.get("window_days"):
            window = int(float(row["window_days"]))
            labels.setdefault(f"signal__{row['source']}__{window}d", row["label"])
    return labels


def label_for(feature: str, labels: dict[str, str]) -> str:
    if feature in labels:
        return labels[feature]
    name = feature.split("__", 1)[-1] if "__" in feature else feature
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]
