"""Multi-dimensional predictive customer scoring: the thin Python runner around the dbt project."""

__version__ = "0.1.0"
