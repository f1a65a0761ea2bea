"""Value parsing: web domains, company-name keys, epoch microseconds, numbers."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from scoring.import_leads.defaults import DAY_US
from scoring.importing import (
    EPOCH,
    parse_number,
)


def domain_of(text: str) -> str | None:
    """www.Acme.com/about, https://acme.com -> acme.com; None if it is not a domain."""
    value = text.strip().lower()
    value = re.sub(r"^[a-z][a-z0-9+.-]*://", "", value)
    value = value.split("/")[0].split("?")[0].split(":")[0].removeprefix("www.").strip(".")
    if "@" in value:
        value = value.rsplit("@", 1)[1]
    return value if re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", value) else None


def _company_key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", name.lower()).strip()


def _us(value: datetime) -> int:
    return (value - EPOCH) // timedelta(microseconds=1)


def _day_us(day: date) -> int:
    return (day - EPOCH.date()).days * DAY_US


def _number(text: str | None) -> float | None:
    return None if text is None else parse_number(text)
