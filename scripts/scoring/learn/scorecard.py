"""The scorecard: which features become factors, and the points of each tier.

1. Every feature is binned (:mod:`.binning`); features whose information value is below ``min_iv``
   carry no signal and get no factor; a feature whose binned form nearly duplicates a stronger one
   (correlation of their WoE codes above 0.95) is left out too.
2. How many features, and which encoding (each feature's WoE as one column, or one indicator per
   tier), are chosen on a held-out quarter of the rows (grouped: an account's rows stay on one
   side) by AUC, taking the fewest features within 0.002 of the best; then the logistic regression
   is refitted on all rows.
3. A tier's contribution to the log-odds (coefficient x WoE, or the tier's own coefficient) is
   shifted so each factor's lowest tier is 0 and scaled so the factors' maximum points sum to the
   budget: the score is a linear function of the model's log-odds, so it ranks exactly as the model
   does (up to rounding to ``decimals``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from scoring.learn.binning import Binned, bin_feature, readable

FEATURE_STEPS = (1, 2, 3, 4, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60)
TOLERANCE = 0.002


@dataclass
class Tier:
    name: str
    label: str
    match_values: list[str] | None
    range_min: float | None
    range_max: float | None
    points: float


@dataclass
class Factor:
    feature: str
    kind: str
    tiers: list[Tier]
    iv: float
    binned: Binned | None = field(default=None, repr=False)

    @property
    def max_points(self) -> float:
        return max(t.points for t in self.tiers)

    def points_of(self, values: pd.Series) -> np.ndarray:
        """Tier points of each value (the unknown tier's for missing or unseen values)."""
        by_index = [t.points for t in self.tiers if t.name != "unknown"]
        unknown = next(t.points for t in self.tiers if t.name == "unknown")
        table = np.array([*by_index, unknown], dtype=float)
        return table[self.binned.index(values)]

    def tier_names(self, values: pd.Series) -> pd.Series:
        names = [t.name for t in self.tiers if t.name != "unknown"] + ["unknown"]
        return pd.Series(
            np.array(names, dtype=object)[self.binned.index(values)], index=values.index
        )


@dataclass
class Scorecard:
    factors: list[Factor]
    budget: float

    def points(self, frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(
            {f.feature: f.points_of(_column(frame, f.feature)) for f in self.factors},
            index=frame.index,
        )

    def score(self, frame: pd.DataFrame) -> np.ndarray:
        if not self.factors:
            return np.zeros(len(frame))
        return self.points(frame).sum(axis=1).to_numpy()

    def tier_of(self, feature: str, values: pd.Series) -> pd.Series:
        factor = next(f for f in self.factors if f.feature == feature)
        return factor.tier_names(values)


def _column(frame: pd.DataFrame, feature: str) -> pd.Series:
    if feature in frame:
        return frame[feature]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _holdout(n: int, groups, random_state: int) -> np.ndarray:
    """True for the quarter of rows held out to choose the model (by group when given)."""
    from sklearn.model_selection import GroupShuffleSplit

    keys = np.asarray(groups) if groups is not None else np.arange(n)
    splitter = GroupShuffleSplit(n_splits=1, test_size=0.25, random_state=random_state)
    _, test = next(splitter.split(np.zeros(n), groups=keys))
    mask = np.zeros(n, dtype=bool)
    mask[test] = True
    return mask


def _design(binned: list[Binned], indexes: list[np.ndarray], encoding: str) -> np.ndarray:
    if encoding == "woe":
        return np.column_stack([b.woe[i] for b, i in zip(binned, indexes, strict=True)])
    blocks = []
    for b, i in zip(binned, indexes, strict=True):
        block = np.zeros((len(i), b.bins + 1))
        block[np.arange(len(i)), i] = 1.0
        blocks.append(block)
    return np.hstack(blocks)


def _fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, encoding: str):
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0 if encoding == "woe" else 0.5, max_iter=2000)
    model.fit(x, y, sample_weight=w)
    return model


def _auc(y, p, w) -> float:
    from sklearn.metrics import roc_auc_score

    if len(np.unique(y)) < 2:
        return 0.5
    return float(roc_auc_score(y, p, sample_weight=w))


def fit_scorecard(
    frame: pd.DataFrame,
    y,
    kinds: dict[str, str],
    *,
    sample_weight=None,
    groups=None,
    budget: float = 100.0,
    min_iv: float = 0.02,
    max_features: int | str = "auto",
    max_categories: int = 50,
    decimals: int = 1,
    random_state: int = 0,
    encoding: str = "auto",
) -> Scorecard:
    labels = np.asarray(y, dtype=float)
    weights = np.ones(len(labels)) if sample_weight is None else np.asarray(sample_weight, float)
    if len(np.unique(labels)) < 2:
        return Scorecard([], budget)
    binned = []
    for feature, kind in kinds.items():
        values = _column(frame, feature)
        if kind == "categorical" and values.dropna().nunique() > max_categories:
            continue
        found = bin_feature(feature, values, labels, weights, kind)
        if found is not None and found.iv >= min_iv:
            binned.append(found)
    binned.sort(key=lambda b: (-b.iv, b.feature))
    indexes = {b.feature: b.index(_column(frame, b.feature)) for b in binned}
    chosen: list[Binned] = []
    codes: list[np.ndarray] = []
    for b in binned:  # drop near-duplicates of a stronger feature
        code = b.woe[indexes[b.feature]]
        if np.std(code) == 0 or any(abs(np.corrcoef(code, c)[0, 1]) > 0.95 for c in codes):
            continue
        chosen.append(b)
        codes.append(code)
    if not chosen:
        return Scorecard([], budget)

    holdout = _holdout(len(labels), groups, random_state)
    train, test = ~holdout, holdout
    limits = [k for k in FEATURE_STEPS if k < len(chosen)] + [len(chosen)]
    if max_features != "auto":
        limits = [min(int(max_features), len(chosen))]
    encodings = ("woe", "onehot") if encoding == "auto" else (encoding,)
    results = []  # (auc, -features, encoding, k)
    for enc in encodings:
        for k in limits:
            subset = chosen[:k]
            x = _design(subset, [indexes[b.feature] for b in subset], enc)
            if len(np.unique(labels[train])) < 2:
                continue
            model = _fit(x[train], labels[train], weights[train], enc)
            results.append(
                (_auc(labels[test], model.decision_function(x[test]), weights[test]), k, enc)
            )
    if results:
        best = max(r[0] for r in results)
        _, k, enc = min(
            (r for r in results if r[0] >= best - TOLERANCE), key=lambda r: (r[1], r[2] != "woe")
        )
    else:
        k, enc = len(chosen), "woe"
    subset = chosen[:k]
    x = _design(subset, [indexes[b.feature] for b in subset], enc)
    model = _fit(x, labels, weights, enc)
    contributions = _contributions(subset, model.coef_[0], enc)
    factors = _points(subset, contributions, budget, decimals)
    return Scorecard(factors, budget)


def _contributions(
    subset: list[Binned], coefficients: np.ndarray, encoding: str
) -> list[np.ndarray]:
    """Per feature, the log-odds contribution of each bin (missing bin last)."""
    found, offset = [], 0
    for b in subset:
        if encoding == "woe":
            found.append(coefficients[offset] * b.woe)
            offset += 1
        else:
            found.append(coefficients[offset : offset + b.bins + 1].copy())
            offset += b.bins + 1
    return found


def _points(
    subset: list[Binned], contributions: list[np.ndarray], budget: float, decimals: int
) -> list[Factor]:
    shifted = []
    for b, c in zip(subset, contributions, strict=True):
        c = c.copy()
        if b.counts[-1] <= 0:  # no missing value seen: unknown scores as the average tier
            seen = b.counts[:-1] > 0
            c[-1] = np.average(c[:-1][seen], weights=b.counts[:-1][seen])
        shifted.append(c - c.min())
    total = sum(s.max() for s in shifted)
    kept = [(b, s) for b, s in zip(subset, shifted, strict=True) if s.max() > 0]
    if total <= 0 or not kept:
        return []
    scale = budget / total
    scaled = [(b, np.round(s * scale, decimals)) for b, s in kept]
    # the rounded maxima must sum to the budget exactly: the difference goes to the largest factor
    difference = round(budget - sum(s.max() for _, s in scaled), decimals)
    largest = max(range(len(scaled)), key=lambda i: scaled[i][1].max())
    top = scaled[largest][1]
    top[top == top.max()] = round(top.max() + difference, decimals)
    return [_factor(b, s) for b, s in scaled]


def _factor(b: Binned, points: np.ndarray) -> Factor:
    tiers = []
    if b.kind == "numeric":
        bounds = [None, *b.splits, None]
        for i in range(b.bins):
            low, high = bounds[i], bounds[i + 1]
            tiers.append(
                Tier(
                    _range_name(low, high),
                    _range_label(low, high),
                    None,
                    low,
                    high,
                    float(points[i]),
                )
            )
    else:
        for i, group in enumerate(b.groups):
            label = ", ".join(group)
            label = label if len(label) <= 60 else label[:57] + "..."
            tiers.append(Tier(_group_name(group), label, list(group), None, None, float(points[i])))
    tiers.append(Tier("unknown", "unknown", None, None, None, float(points[-1])))
    return Factor(b.feature, b.kind, tiers, b.iv, b)


def _group_name(group: list[str], limit: int = 40) -> str:
    """A tier name that says what is in it (it shows in the reasons): the categories joined by
    '/', or the first ones and how many more. A category recorded as the word "unknown" (bank
    and telco exports have them) must not take the name of the factor's own unknown tier, which
    holds the missing and unseen values."""
    name = "/".join(group)
    if name.lower() == "unknown":
        return f"{name} (as recorded)"
    if len(name) <= limit:
        return name
    shown = []
    for category in group:
        if len("/".join([*shown, category])) > limit - 8:
            break
        shown.append(category)
    shown = shown or [group[0][: limit - 8]]
    return "/".join(shown) + f"/+{len(group) - len(shown)}"


def _number(value: float) -> str:
    value = readable(value)
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _range_name(low, high) -> str:
    if low is None:
        return f"lt_{_number(high)}"
    if high is None:
        return f"ge_{_number(low)}"
    return f"{_number(low)}_to_{_number(high)}"


def _range_label(low, high) -> str:
    if low is None:
        return f"< {_number(high)}"
    if high is None:
        return f">= {_number(low)}"
    return f"{_number(low)} - {_number(high)}"


def split_scorecard(
    card: Scorecard, dimension_of: dict[str, str], budget: float = 100.0, decimals: int = 1
) -> tuple[dict[str, Scorecard], dict[str, float]]:
    """One card per dimension, each rescaled to ``budget``, and the weights w_d (the dimension's
    share of the card's points) with sum_d w_d * score_d = card.score."""
    by_dimension: dict[str, list[Factor]] = {}
    for factor in card.factors:
        by_dimension.setdefault(dimension_of.get(factor.feature, "fit"), []).append(factor)
    cards, shares = {}, {}
    for dimension, factors in by_dimension.items():
        total = sum(f.max_points for f in factors)
        if total <= 0:
            continue
        scale = budget / total
        rescaled = []
        for f in factors:
            tiers = [
                Tier(t.name, t.label, t.match_values, t.range_min, t.range_max,
                     round(t.points * scale, decimals))
                for t in f.tiers
            ]  # fmt: skip
            rescaled.append(Factor(f.feature, f.kind, tiers, f.iv, f.binned))
        difference = round(budget - sum(f.max_points for f in rescaled), decimals)
        top = max(rescaled, key=lambda f: f.max_points)
        peak = top.max_points
        for t in top.tiers:
            if t.points == peak:
                t.points = round(t.points + difference, decimals)
        cards[dimension] = Scorecard(rescaled, budget)
        shares[dimension] = total / card.budget
    weights = {d: round(s, 3) for d, s in shares.items()}
    if weights:
        largest = max(weights, key=weights.get)
        weights[largest] = round(weights[largest] + 1.0 - sum(weights.values()), 3)
    return cards, weights
