"""Optimal binning of one feature: the tiers a factor can have.

Numeric features get contiguous half-open ranges [a, b) whose boundaries ``optbinning`` chooses to
maximise information value under a monotonic (ascending, descending, peak or valley: 'auto')
trend of the outcome rate, with every bin holding at least ``min_bin_share`` of the rows; the
boundaries are then rounded to three significant digits so a tier reads "10 - 50", not
"9.87 - 50.3". Categorical features get groups of categories with similar outcome rates. Missing
values (and at scoring time, categories never seen) fall in the factor's unknown tier.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

SMOOTHING = 0.5


@dataclass
class Binned:
    feature: str
    kind: str  # numeric | categorical
    splits: list[float]  # numeric: the inner boundaries, ascending
    groups: list[list[str]]  # categorical: the categories of each bin
    woe: np.ndarray  # per bin, then the missing bin last
    iv: float
    counts: np.ndarray  # weighted rows per bin, missing last

    @property
    def bins(self) -> int:
        return len(self.splits) + 1 if self.kind == "numeric" else len(self.groups)

    def index(self, values: pd.Series) -> np.ndarray:
        """Bin index of each value; ``bins`` (the last index) for missing or unseen values."""
        if self.kind == "numeric":
            numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
            found = np.searchsorted(np.asarray(self.splits, dtype=float), numbers, side="right")
            return np.where(np.isnan(numbers), self.bins, found)
        lookup = {c: i for i, group in enumerate(self.groups) for c in group}
        return np.array(
            [lookup.get(v, self.bins) if isinstance(v, str) else self.bins for v in values]
        )


def readable(value: float) -> float:
    """Three significant digits (1234.5 -> 1230, 0.01234 -> 0.0123)."""
    if value == 0 or not math.isfinite(value):
        return value
    digits = 2 - math.floor(math.log10(abs(value)))
    return round(value, digits)


def weight_of_evidence(
    index: np.ndarray, labels: np.ndarray, weights: np.ndarray, bins: int
) -> tuple[np.ndarray, float, np.ndarray]:
    """Smoothed WoE per bin (missing bin last, 0 when empty) and the information value."""
    positives = np.bincount(index, weights=weights * labels, minlength=bins + 1)
    totals = np.bincount(index, weights=weights, minlength=bins + 1)
    negatives = totals - positives
    used = totals > 0
    k = max(int(used.sum()), 1)
    good = (positives + SMOOTHING) / (positives.sum() + SMOOTHING * k)
    bad = (negatives + SMOOTHING) / (negatives.sum() + SMOOTHING * k)
    woe = np.where(used, np.log(good / bad), 0.0)
    iv = float(np.sum(np.where(used, (good - bad) * woe, 0.0)))
    return woe, iv, totals


def bin_feature(
    feature: str,
    values: pd.Series,
    labels: np.ndarray,
    weights: np.ndarray,
    kind: str,
    min_bin_share: float = 0.05,
    max_bins: int = 8,
) -> Binned | None:
    """The optimal bins of one feature, or None when it cannot be binned (one value only)."""
    from optbinning import OptimalBinning

    present = values.notna().to_numpy()
    if present.sum() < 20:
        return None
    if kind == "numeric":
        x = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
        if np.unique(x[present]).size < 2:
            return None
        binning = OptimalBinning(
            name=feature, dtype="numerical", monotonic_trend="auto_asc_desc",
            min_bin_size=min_bin_share, max_n_bins=max_bins, max_n_prebins=20,
        )  # fmt: skip
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            binning.fit(x[present], labels[present], sample_weight=weights[present])
        splits = sorted({readable(float(s)) for s in binning.splits})
        low, high = np.nanmin(x), np.nanmax(x)
        splits = [s for s in splits if low < s <= high]
        binned = Binned(feature, kind, splits, [], np.zeros(0), 0.0, np.zeros(0))
    else:
        x = values.astype(object).where(values.notna(), None)
        categories = x[present].astype(str).to_numpy()
        if np.unique(categories).size < 2:
            return None
        binning = OptimalBinning(
            name=feature, dtype="categorical", min_bin_size=min_bin_share, max_n_bins=max_bins,
            max_n_prebins=20, cat_cutoff=None,
        )  # fmt: skip
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            binning.fit(categories, labels[present], sample_weight=weights[present])
        groups = [sorted(str(c) for c in group) for group in binning.splits]
        seen = {c for group in groups for c in group}
        rest = sorted(set(categories) - seen)
        if rest:  # categories optbinning left out (too rare): one more group
            groups.append(rest)
        binned = Binned(feature, kind, [], groups, np.zeros(0), 0.0, np.zeros(0))
    if binned.bins < 2:
        return None
    index = binned.index(values)
    binned.woe, binned.iv, binned.counts = weight_of_evidence(index, labels, weights, binned.bins)
    return binned
