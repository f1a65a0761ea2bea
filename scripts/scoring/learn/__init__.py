"""Learn an explainable additive scorecard from a feature frame and export it as rubric tiers.

* :mod:`.binning`: tier boundaries of numeric features and groups of categories by optimal
  binning (``optbinning``), with the weight of evidence and information value of each feature;
* :mod:`.scorecard`: picks the features that carry signal, fits a logistic regression on the
  binned features and turns its contributions into non-negative points per tier within a budget;
* :mod:`.reference`: the black-box reference (scikit-learn's HistGradientBoosting) on the same rows;
* :mod:`.bands`: band cut points from the score distribution and the outcome rates;
* :mod:`.export`: the scorecard as rows of the rubric seeds.
"""

from scoring.learn.bands import learn_bands
from scoring.learn.export import rubric_rows
from scoring.learn.reference import ReferenceModel, auc, fit_reference
from scoring.learn.scorecard import Factor, Scorecard, Tier, fit_scorecard, split_scorecard

__all__ = [
    "Factor",
    "ReferenceModel",
    "Scorecard",
    "Tier",
    "auc",
    "fit_reference",
    "fit_scorecard",
    "learn_bands",
    "rubric_rows",
    "split_scorecard",
]
