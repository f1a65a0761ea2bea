"""Quoting for the few SQL texts the runner writes itself. DuckDB takes no parameter for a file
path in ``attach`` or ``copy ... to``, so a path goes into the statement as a quoted literal."""

from __future__ import annotations

from pathlib import Path


def literal(text: str | Path) -> str:
    """A single-quoted SQL string literal: ``o'brien`` -> ``'o''brien'``."""
    return "'" + str(text).replace("'", "''") + "'"


def identifier(name: str) -> str:
    """A double-quoted SQL identifier; a double quote in the name is doubled."""
    return '"' + name.replace('"', '""') + '"'
