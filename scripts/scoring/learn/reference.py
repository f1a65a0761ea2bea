"""The black-box reference: gradient boosting on exactly the rows and features the scorecard saw.

scikit-learn's HistGradientBoostingClassifier, with native categorical splits (categories
ordinal-encoded, the most frequent 250 kept, the rest and unseen ones as missing), early stopping
on a validation slice, fixed random state. Its held-out AUC says how close the explainable rubric
comes to what a flexible model finds in the same data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

MAX_CATEGORIES = 250


@dataclass
class ReferenceModel:
    model: object
    columns: list[str]
    categories: dict[str, dict[str, int]] = field(default_factory=dict)

    def matrix(self, frame: pd.DataFrame) -> np.ndarray:
        columns = []
        for column in self.columns:
            values = frame[column] if column in frame else pd.Series([np.nan] * len(frame))
            if column in self.categories:
                lookup = self.categories[column]
                columns.append(
                    np.array(
                        [lookup.get(v, np.nan) if isinstance(v, str) else np.nan for v in values]
                    )
                )
            else:
                columns.append(pd.to_numeric(values, errors="coerce").to_numpy(dtype=float))
        return np.column_stack(columns) if columns else np.zeros((len(frame), 0))

    def predict_proba_pos(self, frame: pd.DataFrame) -> np.ndarray:
        if self.model is None:
            return np.zeros(len(frame))
        return self.model.predict_proba(self.matrix(frame))[:, 1]


def fit_reference(
    frame: pd.DataFrame, y, kinds: dict[str, str], *, sample_weight=None, random_state: int = 0
) -> ReferenceModel:
    from sklearn.ensemble import HistGradientBoostingClassifier

    columns = [c for c in kinds if c in frame]
    categories = {}
    for column in columns:
        if kinds[column] == "categorical":
            counts = frame[column].dropna().astype(str).value_counts()
            categories[column] = {c: i for i, c in enumerate(counts.index[:MAX_CATEGORIES])}
    reference = ReferenceModel(None, columns, categories)
    labels = np.asarray(y, dtype=int)
    if not columns or len(np.unique(labels)) < 2:
        return reference
    model = HistGradientBoostingClassifier(
        learning_rate=0.06, max_iter=400, max_leaf_nodes=31, min_samples_leaf=20,
        l2_regularization=1.0, early_stopping=True, validation_fraction=0.2,
        n_iter_no_change=30, random_state=random_state,
        categorical_features=[c in categories for c in columns],
    )  # fmt: skip
    model.fit(reference.matrix(frame), labels, sample_weight=sample_weight)
    reference.model = model
    return reference


def auc(scores, labels, sample_weight=None) -> float | None:
    """ROC AUC (ties count half, as in mart model_performance); None with one class only."""
    from sklearn.metrics import roc_auc_score

    labels = np.asarray(labels)
    if labels.size == 0 or len(np.unique(labels)) < 2:
        return None
    return float(
        roc_auc_score(labels, np.asarray(scores, dtype=float), sample_weight=sample_weight)
    )
