"""One scoring date as the learning sees it, read from the DuckDB warehouse the models just built.

``read_date`` returns two frames on the same index (entity_type, entity_id):

* ``entities``: account, lifecycle stage, creation date, the outcomes of int_outcomes__by_date
  (converted, expanded, churned, retained, is_outcome_observed) and the scores of score_history
  (champion ``<score>_score``, challenger ``challenger_<score>_score``);
* ``features``: one column per feature of int_features__long (built-in, custom columns and signal
  counts), numbers as floats and categories as text, missing as NaN/None.

Nothing is computed here that the models compute: the frames are the models' output, pivoted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from scoring.project import Project

SCORES = ("composite", "total", "fit", "intent", "engagement", "success", "growth", "risk")
OUTCOMES = ("converted", "expanded", "churned", "retained")
# features that describe the population rather than the entity (the learning splits by them)
NOT_LEARNED = {"lifecycle_stage"}


@dataclass
class DateFrame:
    scoring_date: date
    entities: pd.DataFrame
    features: pd.DataFrame
    numeric: set[str]


def _entities_sql(day: date) -> str:
    scores = ",\n".join(f"history.{s}_score, history.challenger_{s}_score" for s in SCORES)
    outcomes = ", ".join(f"outcomes.{o}" for o in OUTCOMES)
    return f"""
        select
            history.entity_type,
            history.entity_id,
            history.account_id,
            history.lifecycle_stage,
            case
                when history.entity_type = 'contact' then cast(contacts.created_at as date)
                else cast(accounts.created_date as date)
            end as created,
            {outcomes},
            outcomes.is_outcome_observed,
            {scores}
        from marts.score_history as history
        inner join intermediate.int_outcomes__by_date as outcomes
            on history.scoring_date = outcomes.scoring_date
            and history.entity_type = outcomes.entity_type
            and history.entity_id = outcomes.entity_id
        left join staging.stg_crm__contacts as contacts
            on history.entity_type = 'contact' and history.entity_id = contacts.contact_id
        left join staging.stg_crm__accounts as accounts
            on history.entity_type = 'account' and history.entity_id = accounts.account_id
        where history.scoring_date = date '{day.isoformat()}'
        order by history.entity_type, history.entity_id
    """


def read_date(project: Project, day: date, warehouse: Path | None = None) -> DateFrame:
    import duckdb

    with duckdb.connect(str(warehouse or project.warehouse), read_only=True) as con:
        entities = con.execute(_entities_sql(day)).df()
        long = con.execute(
            """
            select entity_type, entity_id, feature, value_text, value_number
            from intermediate.int_features__long
            """
        ).df()
    entities = entities.set_index(["entity_type", "entity_id"])
    long = long[~long["feature"].isin(NOT_LEARNED)]
    numeric = long.groupby("feature")["value_number"].count() > 0
    number_features = set(numeric[numeric].index)
    long["value"] = long["value_number"].where(
        long["feature"].isin(number_features), long["value_text"]
    )
    wide = long.pivot_table(
        index=["entity_type", "entity_id"], columns="feature", values="value", aggfunc="first"
    )
    wide = wide.reindex(entities.index)
    for column in wide.columns:
        if column in number_features:
            wide[column] = pd.to_numeric(wide[column], errors="coerce").astype(float)
        else:
            wide[column] = wide[column].astype(object).where(wide[column].notna(), None)
    wide.columns.name = None
    return DateFrame(day, entities, wide, number_features)


def combine(frames: list[DateFrame]) -> DateFrame:
    """Several training dates as one frame (index: scoring_date, entity_type, entity_id); a feature
    numeric on any date is numeric on all."""
    if len(frames) == 1:
        return frames[0]
    keys = [f.scoring_date for f in frames]
    entities = pd.concat([f.entities for f in frames], keys=keys, names=["scoring_date"])
    features = pd.concat([f.features for f in frames], keys=keys, names=["scoring_date"])
    numeric = set().union(*(f.numeric for f in frames))
    for column in features.columns:
        if column in numeric:
            features[column] = pd.to_numeric(features[column], errors="coerce").astype(float)
    return DateFrame(frames[-1].scoring_date, entities, features, numeric)


def feature_kinds(frame: DateFrame) -> dict[str, str]:
    """numeric or categorical per feature; constant or empty columns are left out."""
    kinds = {}
    for column in frame.features.columns:
        if frame.features[column].dropna().nunique() < 2:
            continue
        kinds[column] = "numeric" if column in frame.numeric else "categorical"
    return kinds


def read_catalog(project: Project, warehouse: Path | None = None) -> dict[str, str]:
    """Custom feature -> its prospect dimension, from int_features__custom_catalog (empty when the
    model does not exist yet)."""
    import duckdb

    with duckdb.connect(str(warehouse or project.warehouse), read_only=True) as con:
        try:
            rows = con.execute(
                "select feature, dimension from intermediate.int_features__custom_catalog "
                "where kind in ('numeric', 'categorical')"
            ).fetchall()
        except duckdb.CatalogException:
            return {}
    return {feature: dimension or "fit" for feature, dimension in rows}
