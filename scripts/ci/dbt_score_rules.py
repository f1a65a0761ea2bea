"""Project-local dbt-score rule filters (namespace in [tool.dbt-score] of pyproject.toml).

Read by dbt-score (scripts/ci/dbt_score.sh) only: dbt-score is not a dependency of the project, so
nothing else imports this module.
"""

from dbt_score import Model, rule_filter


@rule_filter
def is_mart(model: Model) -> bool:
    """Models under models/marts/: the tables BI users and the CRM export read."""
    return model.original_file_path.startswith("models/marts/")
