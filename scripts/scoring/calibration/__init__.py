"""`scoring calibrate`: learn a whole explainable challenger rubric from the user's own data.

The scoring stays in SQL. This package collects what the models computed (every feature of every
scored entity, long form ``int_features__long``, and the outcomes of ``int_outcomes__by_date``),
learns scorecards with :mod:`scoring.learn` (optimal binning, weight-of-evidence logistic
regression, points per tier within each dimension's budget), starting from the active rubric version
(dbt var rubric_version), writes them as a new version's rows of the versioned rubric seeds
(seeds/rubric, first column rubric_version) with a version id, and judges the active version
(champion), the new one (challenger) and a gradient-boosting reference on the same held-out rows:

* :mod:`.plan`: which scoring dates train and which evaluate (time split), or which entities of one
  date (cohort or random split);
* :mod:`.frames`: one scoring date read from the warehouse as a feature frame plus outcomes/scores;
* :mod:`.fit`: the learning (prospect dimensions jointly against conversion, success/risk/growth
  against retention/churn/expansion, composite weights, bands, references);
* :mod:`.seeds`: the new version's rows in seeds/rubric;
* :mod:`.judge`: AUCs on the evaluation rows; :mod:`.report`: the Markdown report;
* :mod:`.run`: the steps, driven by the CLI.
"""

from scoring.calibration.plan import Split, time_split
from scoring.calibration.report import promote_hint, promote_vars

__all__ = ["Split", "promote_hint", "promote_vars", "time_split"]
