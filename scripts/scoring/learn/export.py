"""A scorecard as rows of the rubric seeds (rubric_components, rubric_factors, rubric_tiers).

Each learned factor is its own component (group ``learned``) whose budget is the factor's maximum
points, so a dimension's budgets sum to the card's budget (100) and the seed tests hold: ranges
contiguous, one unknown tier, points within the factor's maximum.
"""

from __future__ import annotations

import re

from scoring.learn.scorecard import Scorecard


def slug(feature: str, limit: int = 48) -> str:
    return re.sub(r"[^a-z0-9]+", "_", feature.lower()).strip("_")[:limit] or "feature"


def rubric_rows(
    card: Scorecard, *, dimension: str, factor_prefix: str, labels: dict[str, str] | None = None
) -> tuple[list[dict], list[dict], list[dict]]:
    labels = labels or {}
    components, factors, tiers = [], [], []
    used: set[str] = set()
    for factor in card.factors:
        name = slug(factor.feature)
        while name in used:
            name += "_x"
        used.add(name)
        label = labels.get(factor.feature, factor.feature)
        factor_id = f"{factor_prefix}_{name}"
        components.append(
            {"dimension": dimension, "component_group": "learned", "component": name,
             "budget": factor.max_points, "label": label}
        )  # fmt: skip
        factors.append(
            {"factor_id": factor_id, "dimension": dimension, "component": name, "label": label,
             "source_type": "feature", "source": factor.feature, "window_days": None,
             "min_count": None, "points_each": None, "max_points": factor.max_points}
        )  # fmt: skip
        for tier in factor.tiers:
            if tier.match_values:
                for value in tier.match_values:
                    tiers.append(
                        {"factor_id": factor_id, "tier": tier.name, "match_value": value,
                         "range_min": None, "range_max": None, "points": tier.points}
                    )  # fmt: skip
            else:
                tiers.append(
                    {"factor_id": factor_id, "tier": tier.name, "match_value": None,
                     "range_min": tier.range_min, "range_max": tier.range_max,
                     "points": tier.points}
                )  # fmt: skip
    return components, factors, tiers
