"""Band cut points that fit the scores: every band populated, the outcome rate rising band over
band.

Start from equal-count bands (score quantiles, one per band name), then merge neighbours until
each band holds at least ``min_share`` of the rows and each band's outcome rate is above the one
below it. The surviving bands take the top names (the best band keeps the best name). Cut points
are rounded to one decimal (the scores' precision); the first band starts at 0 and the last ends
at 100.001, as in seed score_bands.
"""

from __future__ import annotations

import numpy as np

TOP = 100.001


def _rates(edges: list[float], scores, labels, weights) -> tuple[np.ndarray, np.ndarray]:
    index = np.searchsorted(np.asarray(edges), scores, side="right")
    count = np.bincount(index, weights=weights, minlength=len(edges) + 1)
    positive = np.bincount(index, weights=weights * labels, minlength=len(edges) + 1)
    return count, np.divide(positive, count, out=np.zeros_like(count), where=count > 0)


def learn_bands(
    scores, labels, names: list[str], *, min_share: float = 0.05, sample_weight=None
) -> list[tuple[str, float, float]]:
    scores = np.round(np.asarray(scores, dtype=float), 1)
    labels = np.asarray(labels, dtype=float)
    weights = np.ones(len(scores)) if sample_weight is None else np.asarray(sample_weight, float)
    quantiles = np.quantile(scores, np.linspace(0, 1, len(names) + 1)[1:-1]) if len(scores) else []
    # an edge is the lower bound of the band above it: [edge_i, edge_i+1)
    edges = sorted({round(float(q), 1) for q in quantiles if 0 < q <= scores.max()})
    total = weights.sum()
    while edges:
        count, rate = _rates(edges, scores, labels, weights)
        small = [i for i in range(len(count)) if count[i] < min_share * total]
        falling = [i for i in range(len(rate) - 1) if rate[i + 1] <= rate[i]]
        if not small and not falling:
            break
        if falling:  # merge the pair whose rates fall most
            i = min(falling, key=lambda j: rate[j + 1] - rate[j])
            del edges[i]
        else:
            i = small[0]
            # merge a small band with the neighbour whose rate is closer
            if i == 0:
                del edges[0]
            elif i == len(count) - 1:
                del edges[-1]
            else:
                below, above = abs(rate[i] - rate[i - 1]), abs(rate[i + 1] - rate[i])
                del edges[i - 1 if below <= above else i]
    bounds = [0.0, *edges, TOP]
    chosen = names[len(names) - (len(bounds) - 1) :]
    return [(name, bounds[i], bounds[i + 1]) for i, name in enumerate(chosen)]
