"""The raw data contract's tables, listed once (the dbt sources in models/staging/_sources.yml
declare the same tables; tests/python/test_contract.py checks that they agree)."""

from __future__ import annotations

RAW_TABLES = (
    "accounts",
    "contacts",
    "events",
    "opportunities",
    "product_usage",
    "support_tickets",
    "subscriptions",
)
