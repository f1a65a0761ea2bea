"""Which rows train and which evaluate.

* **time**: evaluation dates are the last ``eval_dates`` dates every ``every_days`` up to the as-of
  date; training dates end one outcome horizon before the first of them, so no outcome learned from
  falls after an evaluation date begins (history: events and won deals before the training dates).
* **cohort** (one scoring date, e.g. a lead table exported once): prospects created before the 70th
  percentile of creation dates train, newer ones evaluate. Without creation dates it falls back to
  random. Customers of a snapshot are split at random (their creation date is their tenure, a
  feature: a cohort split would evaluate only the newest customers).
* **random** (one scoring date): 30% of the accounts evaluate, picked by a hash of the account id,
  so all contacts of an account sit on the same side and the split is the same on every run.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

EVAL_SHARE = 0.3
KINDS = ("time", "cohort", "random")


@dataclass
class Split:
    kind: str  # time | cohort | random
    train_dates: list[date]
    eval_dates: list[date]

    @property
    def single_date(self) -> bool:
        return self.kind != "time"


def time_split(
    as_of: date, horizon_days: int, train_dates: int = 8, eval_dates: int = 4, every_days: int = 7
) -> Split:
    step = timedelta(days=every_days)
    evaluation = [as_of - step * (eval_dates - 1 - i) for i in range(eval_dates)]
    last_train = evaluation[0] - timedelta(days=horizon_days)
    training = [last_train - step * (train_dates - 1 - i) for i in range(train_dates)]
    return Split("time", training, evaluation)


def single_date_split(kind: str, as_of: date) -> Split:
    return Split(kind, [as_of], [as_of])


def _bucket(key: str) -> float:
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def random_holdout(group_keys: pd.Series, share: float = EVAL_SHARE) -> np.ndarray:
    """True for the rows to evaluate: a stable hash of the group key (account) below ``share``."""
    return np.array([_bucket(str(k)) < share for k in group_keys], dtype=bool)


def cohort_holdout(
    created: pd.Series, group_keys: pd.Series, share: float = EVAL_SHARE
) -> tuple[np.ndarray, str]:
    """True for the rows created on or after the (1 - share) quantile of creation dates. Falls
    back to random when fewer than 90% of the rows have a creation date or the dates do not
    separate (all the same day)."""
    dated = pd.to_datetime(created, errors="coerce")
    if len(dated) == 0 or dated.notna().mean() < 0.9:
        return random_holdout(group_keys, share), "random (too few creation dates)"
    boundary = dated.quantile(1 - share)
    holdout = (dated >= boundary).to_numpy()
    if holdout.all() or not holdout.any():
        return random_holdout(group_keys, share), "random (creation dates do not separate)"
    return holdout, f"cohort (created on or after {boundary.date()})"
