"""Shared helpers of the runner tests."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def copy_project(target: Path) -> Path:
    """A private copy of the dbt project, so a test can edit seeds or build without touching the
    repository's warehouse."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "dbt_project.yml", target / "dbt_project.yml")
    for folder in ("models", "macros", "seeds", "tests", "profiles", "analyses"):
        if (REPO / folder).exists():
            shutil.copytree(
                REPO / folder,
                target / folder,
                ignore=shutil.ignore_patterns("python", "fixtures", "__pycache__"),
            )
    return target
