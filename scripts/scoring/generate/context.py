"""The run's parameters, its day windows and its seeded random generators."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np

from scoring.generate.settings import DAY_US, EPOCH, EXPORT_DAYS, HISTORY_DAYS


@dataclass
class _Ctx:
    seed: int
    as_of: date
    epc: float
    cpa: float
    dirt: str
    fmt: str
    out_dir: Path

    def __post_init__(self) -> None:
        self.d = (self.as_of - EPOCH).days  # as_of as epoch day
        self.w0 = self.d - HISTORY_DAYS
        self.x = self.d + EXPORT_DAYS  # export date
        self.end_us = (self.d + 1) * DAY_US  # behavioural data runs to the end of the as_of day
        self.w0_us = self.w0 * DAY_US

    def rng(self, name: str) -> np.random.Generator:
        key = zlib.crc32(name.encode())
        return np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(key,)))
