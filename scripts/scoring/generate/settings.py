"""Fixed settings of the generator: output formats, dirt levels, time units, windows, sizes."""

from __future__ import annotations

from datetime import date

FORMATS = ("parquet", "csv")
DIRT_LEVELS = ("none", "normal", "high")

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
FUTURE_US = 3650 * DAY_US  # dirt='high' future events lie at least this far after as_of
EPOCH = date(1970, 1, 1)
HISTORY_DAYS = 365  # behavioural window before as_of
OPP_LOOKBACK_DAYS = 540  # first opportunity date in the export, before as_of
# ramp-up events of a new-business journey, per (buying-group size ** 0.7)
RAMP_EVENTS = 24.0
# expected buying journeys of a prospect over the opportunity window, per unit of (0.03 + 1.1 p)
JOURNEY_RATE = 6.0
EXPORT_DAYS = 180  # the CRM/billing export is taken this long after as_of
WEEKLY_USAGE_ABOVE = 20_000  # accounts; above this product_usage is weekly
ROW_GROUP = 1 << 20
EVENT_CHUNK = 1_900_000  # events per batch and Parquet row group
COMPRESSION = "zstd"
LEGACY_SHARE = 0.25  # accounts that were customers before the opportunity export window
