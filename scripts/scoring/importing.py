"""What the table importers share (``scoring import-leads``, ``scoring import-customers``).

The raw data contract as Parquet schemas (``SCHEMAS``: the columns and Arrow types
``scoring.generate`` writes), lenient value parsing (``parse_number``, ``parse_timestamp``), column
names matched without case or punctuation (``find_column``), the row issues report, the columns a
table keeps as custom features (``kept_columns``: lower snake_case as the dbt macro
``custom_column_name`` names them, ``_2``, ``_3`` ... on a collision), writing the files, and the
next steps printed after an import.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import shlex
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from scoring.contract import RAW_TABLES

COMPRESSION = "zstd"
EPOCH = datetime(1970, 1, 1)
ISSUE_EXAMPLES = 10  # issues printed per reason
OUTCOME_HORIZON_DAYS = 90  # the project's var outcome_horizon_days (dbt_project.yml)

_STR = pa.string()
_DICT = pa.dictionary(pa.int32(), pa.string())
# the contract's columns and Arrow types as scoring.generate writes them (categories: dictionaries),
# one schema per table of RAW_TABLES, in its order
SCHEMAS: dict[str, pa.Schema] = {
    "accounts": pa.schema(
        [
            ("account_id", _STR), ("account_name", _STR), ("domain", _STR), ("industry", _DICT),
            ("employee_count", pa.int64()), ("annual_revenue", pa.float64()),
            ("revenue_growth_pct", pa.float64()), ("employee_growth_pct", pa.float64()),
            ("country", _DICT), ("growth_stage", _DICT), ("cloud_adoption", _DICT),
            ("digital_maturity", _DICT), ("tech_stack", _STR), ("locations_count", pa.int64()),
            ("fiscal_year_start_month", pa.int64()), ("owner_id", _DICT),
            ("created_at", pa.date32()),
        ]
    ),
    "contacts": pa.schema(
        [
            ("contact_id", _STR), ("account_id", _DICT), ("email", _STR), ("first_name", _DICT),
            ("last_name", _DICT), ("title", _DICT), ("seniority", _DICT), ("department", _DICT),
            ("lead_source", _DICT), ("created_at", pa.timestamp("us")),
            ("unsubscribed_at", pa.timestamp("us")),
        ]
    ),
    "events": pa.schema(
        [
            ("event_id", pa.int64()), ("contact_id", _STR), ("occurred_at", pa.timestamp("us")),
            ("event_type", _DICT), ("event_detail", _DICT),
        ]
    ),
    "opportunities": pa.schema(
        [
            ("opportunity_id", _STR), ("account_id", _DICT), ("primary_contact_id", _DICT),
            ("opportunity_type", _DICT), ("stage", _DICT), ("amount", pa.float64()),
            ("created_at", pa.date32()), ("closed_at", pa.date32()),
        ]
    ),
    "product_usage": pa.schema(
        [
            ("account_id", _DICT), ("usage_date", pa.date32()), ("active_users", pa.int64()),
            ("licensed_seats", pa.int64()), ("features_adopted", pa.int64()),
            ("features_available", pa.int64()),
        ]
    ),
    "support_tickets": pa.schema(
        [
            ("ticket_id", _STR), ("account_id", _DICT), ("contact_id", _DICT),
            ("created_at", pa.timestamp("us")), ("resolved_at", pa.timestamp("us")),
            ("severity", _DICT), ("status", _DICT), ("satisfaction_score", pa.int64()),
        ]
    ),
    "subscriptions": pa.schema(
        [
            ("subscription_id", _STR), ("account_id", _DICT), ("plan", _DICT),
            ("seats", pa.int64()), ("arr", pa.float64()), ("start_date", pa.date32()),
            ("end_date", pa.date32()), ("auto_renew", pa.bool_()), ("cancelled_at", pa.date32()),
        ]
    ),
}  # fmt: skip


class TableImportError(ValueError):
    """The table or the mapping cannot be used at all (a bad row is reported, never this)."""


@dataclass
class Issue:
    """One problem with one row: reported, and the row still written (or skipped if empty)."""

    file: str
    row: int  # spreadsheet row number: the header is row 1
    column: str
    value: str
    reason: str


# --------------------------------------------------------------------------------------------
# Column names
# --------------------------------------------------------------------------------------------


def norm(name: str) -> str:
    """Column names compared without case, punctuation or a Salesforce custom-field suffix."""
    text = str(name).strip().lower().removesuffix("__c")
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def find_column(header: list[str], candidates: Iterable[str]) -> str | None:
    """The first candidate that is a column of ``header``: exactly, else compared by ``norm``."""
    exact = set(header)
    by_norm: dict[str, str] = {}
    for column in header:
        by_norm.setdefault(norm(column), column)
    for candidate in candidates:
        if candidate in exact:
            return candidate
        if norm(candidate) in by_norm:
            return by_norm[norm(candidate)]
    return None


def snake_case(name: str) -> str:
    """Lower snake_case as the dbt macro ``custom_column_name`` makes it: 'Lead Origin' ->
    'lead_origin', 'MonthlyCharges' -> 'monthly_charges' (so a kept column keeps its name)."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", str(name).strip())
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def drop_columns(spec: dict[str, Any], header: list[str], source: str) -> list[str]:
    """The columns of mapping key ``drop_columns``, matched like every other name."""
    wanted = spec.get("drop_columns") or []
    dropped = []
    for name in [wanted] if isinstance(wanted, str) else wanted:
        found = find_column(header, [str(name)])
        if found is None:
            raise TableImportError(
                f"{source}: drop_columns names {name!r}, not a column of the table "
                f"(columns: {', '.join(header)})"
            )
        if found not in dropped:
            dropped.append(found)
    return dropped


def kept_columns(header: list[str], used: Iterable[str], reserved: Iterable[str]) -> dict[str, str]:
    """Every column of ``header`` not in ``used``, in table order -> its raw column name: lower
    snake_case (``column_<n>`` when nothing is left of it), ``_2``, ``_3`` ... when that repeats a
    ``reserved`` name (the contract's columns) or an earlier kept column."""
    used = set(used)
    taken = {snake_case(r) for r in reserved} | {"file_row_number"}
    kept: dict[str, str] = {}
    for position, column in enumerate(header, start=1):
        if column in used:
            continue
        base = snake_case(column) or f"column_{position}"
        name, n = base, 1
        while name in taken:
            n += 1
            name = f"{base}_{n}"
        taken.add(name)
        kept[column] = name
    return kept


def check_mapping_list(spec: dict[str, Any], key: str, path: Path) -> None:
    value = spec.get(key)
    if value is None or isinstance(value, str):
        return
    if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
        raise TableImportError(f"mapping {path}: {key} must be a list of names or values")


def load_yaml(path: Path | None, keys: set[str]) -> dict[str, Any]:
    """A mapping file as a dict (empty without a file), checked for unknown top-level keys."""
    if path is None:
        return {}
    import yaml

    try:
        spec = yaml.safe_load(Path(path).read_text()) or {}
    except (OSError, yaml.YAMLError) as error:
        raise TableImportError(f"cannot read mapping {path}: {error}") from error
    if not isinstance(spec, dict):
        raise TableImportError(f"mapping {path}: expected a YAML mapping at the top level")
    unknown = set(spec) - keys
    if unknown:
        raise TableImportError(
            f"mapping {path}: unknown key(s) {sorted(unknown)}; expected {sorted(keys)}"
        )
    return spec


def check_columns(spec: dict[str, Any], fields: Iterable[str], path: Path) -> None:
    """Mapping key ``columns``: field -> a column name, a list of candidates, or null."""
    fields = tuple(fields)
    columns = spec.get("columns") or {}
    if not isinstance(columns, dict) or set(columns) - set(fields):
        bad = sorted(set(columns) - set(fields)) if isinstance(columns, dict) else columns
        raise TableImportError(
            f"mapping {path}: unknown field(s) {bad} under columns; fields are {', '.join(fields)}"
        )


def resolve_columns(
    spec: dict[str, Any],
    header: list[str],
    defaults: dict[str, tuple[str, ...]],
    dropped: list[str],
    source: str,
) -> dict[str, str | None]:
    """Which column of the table feeds each field: the mapping's ``columns``, else the first
    default candidate present; a dropped column is never used."""
    given = spec.get("columns") or {}
    available = [c for c in header if c not in dropped]
    columns: dict[str, str | None] = {}
    for name in defaults:
        if name not in given:
            columns[name] = find_column(available, defaults[name])
            continue
        wanted = given[name]
        if wanted is None:
            columns[name] = None
            continue
        candidates = [str(c) for c in ([wanted] if isinstance(wanted, str) else list(wanted))]
        found = find_column(available, candidates)
        if found is None:
            if find_column(header, candidates) is not None:
                raise TableImportError(
                    f"{source}: mapping columns.{name} = {wanted!r} is also in drop_columns"
                )
            raise TableImportError(
                f"{source}: mapping columns.{name} = {wanted!r} is not a column of the table "
                f"(columns: {', '.join(header)})"
            )
        columns[name] = found
    return columns


# --------------------------------------------------------------------------------------------
# Values
# --------------------------------------------------------------------------------------------

_US_FORMATS = ("%m/%d/%Y", "%m/%d/%Y %H:%M", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M %p")


def parse_timestamp(text: str, date_format: str | None = None) -> datetime | None:
    """A date or timestamp (ISO 8601 with or without zone, MM/DD/YYYY, epoch milliseconds, or
    ``date_format``) as naive UTC; None if it is none of these."""
    text = text.strip()
    if not text:
        return None
    formats = (date_format,) if date_format else ()
    for fmt in (*formats, *_US_FORMATS):
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    if re.fullmatch(r"\d{12,13}", text):  # HubSpot epoch milliseconds
        return EPOCH + timedelta(milliseconds=int(text))
    iso = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)  # +0000 -> +00:00
    try:
        value = datetime.fromisoformat(iso)
    except ValueError:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value


_SUFFIX = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}


def parse_number(text: str) -> float | None:
    """1,234 / $1.2M / 51-200 (midpoint) / 10,001+ ; None if not a number."""
    text = text.strip().lower().replace(",", "").replace("$", "").replace("€", "").replace("£", "")
    text = text.replace(" ", "").rstrip("+")
    if not text:
        return None
    low, sep, high = text.partition("-")
    if sep and low and high:
        a, b = parse_number(low), parse_number(high)
        return None if a is None or b is None else (a + b) / 2
    match = re.fullmatch(r"(-?\d+(?:\.\d+)?)(k|mm|m|bn|b)?", text)
    if not match:
        return None
    value = float(match.group(1)) * _SUFFIX.get(match.group(2) or "", 1.0)
    return value if math.isfinite(value) else None


TRUE_WORDS = {"true", "t", "yes", "y", "1"}
FALSE_WORDS = {"false", "f", "no", "n", "0", ""}


def sha1_hex(text: str, length: int) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:length]


def account_id_for(key: str) -> str:
    """``ACC-`` + the first 12 hex digits of the key's SHA-1: the same key, the same id."""
    return f"ACC-{sha1_hex(key, 12)}"


def today_utc() -> date:
    return datetime.now(UTC).date()


# --------------------------------------------------------------------------------------------
# Reading and writing
# --------------------------------------------------------------------------------------------


def read_csv(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header (trimmed) and the rows with their spreadsheet row numbers (header = row 1)."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if not header or not any(h.strip() for h in header):
                raise TableImportError(f"{path}: no header row")
            header = [h.strip() for h in header]
            rows = [(number, row) for number, row in enumerate(reader, start=2)]
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise TableImportError(f"cannot read {path}: {error}") from error
    duplicates = [name for name, n in Counter(header).items() if n > 1 and name]
    if duplicates:
        raise TableImportError(f"{path}: duplicate column names {duplicates}")
    return header, rows


def build_table(name: str, rows: dict[str, list]) -> pa.Table:
    """A contract table from its columns' values (lists in the schema's order and types)."""
    schema = SCHEMAS[name]
    arrays = []
    for f in schema:
        typ = f.type.value_type if pa.types.is_dictionary(f.type) else f.type
        arrays.append(pa.array(rows[f.name], typ))
    return pa.table(arrays, names=schema.names).cast(schema)


def with_extra_columns(table: pa.Table, extra: dict[str, pa.Array]) -> pa.Table:
    """The contract table with extra columns (custom features) after the contract's."""
    for name, values in extra.items():
        table = table.append_column(name, values)
    return table


def write_tables(tables: dict[str, pa.Table], out_dir: Path) -> dict[str, str]:
    """Write the seven raw Parquet files (the contract's columns first, cast to its types, then
    any extra column), each atomically; returns table -> path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {}
    for name in RAW_TABLES:
        table = tables.get(name, SCHEMAS[name].empty_table())
        contract = table.select(SCHEMAS[name].names).cast(SCHEMAS[name])
        extra = [c for c in table.column_names if c not in SCHEMAS[name].names]
        table = with_extra_columns(contract, {c: table.column(c) for c in extra})
        path = out_dir / f"{name}.parquet"
        temporary = out_dir / f".{name}.parquet.tmp"
        pq.write_table(table, temporary, compression=COMPRESSION)
        temporary.replace(path)
        files[name] = str(path)
    return files


def write_issues(issues: list[Issue], out_dir: Path) -> None:
    with (out_dir / "_import_issues.csv").open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "row", "column", "value", "reason"])
        for issue in issues:
            writer.writerow([issue.file, issue.row, issue.column, issue.value, issue.reason])


def write_summary(summary: dict[str, Any], out_dir: Path, name: str) -> None:
    (out_dir / name).write_text(json.dumps(summary, indent=2, default=str) + "\n")


def reason_kind(reason: str) -> str:
    return reason.split(":")[0]


def print_issues(console, issues: list[Issue], to: Path) -> None:
    """The issues by reason, with up to ``ISSUE_EXAMPLES`` rows each."""
    if not issues:
        return
    kinds = Counter(reason_kind(issue.reason) for issue in issues)
    console.print(
        f"[yellow]{len(issues):,} row issues[/] (rows still written unless empty; "
        f"all in {Path(to) / '_import_issues.csv'}):"
    )
    for kind, n in kinds.most_common():
        examples = [i for i in issues if reason_kind(i.reason) == kind]
        console.print(f"  {n:,} x {kind}", markup=False)
        for issue in examples[:ISSUE_EXAMPLES]:
            cell = f" {issue.column}={issue.value!r}" if issue.column else ""
            console.print(f"    {issue.file} row {issue.row}{cell}: {issue.reason}", markup=False)


def print_kept(console, kept: dict[str, str], table: str) -> None:
    """One line: the columns kept as custom features of ``table``."""
    if kept:
        names = ", ".join(f"{csv_name} -> {table}__{name}" for csv_name, name in kept.items())
        console.print(f"Kept as custom features: {names}", markup=False, soft_wrap=True)
    else:
        console.print("Kept as custom features: none", markup=False)


def warehouse_for(to: Path) -> Path:
    """The warehouse the next steps build: ``<folder>.duckdb`` beside the imported folder."""
    folder = Path(to)
    if folder.name in ("", ".", ".."):  # the current folder or above: name it after the folder
        return folder / f"{folder.resolve().name or 'leads'}.duckdb"
    return folder.with_name(f"{folder.name}.duckdb")


def next_steps(
    to: Path,
    as_of: date,
    project_dir: Path | None = None,
    observed: bool = True,
    extra_vars: dict[str, str] | None = None,
) -> list[str]:
    """The commands to run after an import, exactly as they work from the current folder: build
    (as of the import's date, its outcomes observed for the 90-day horizon unless ``observed`` is
    false, with ``extra_vars`` the import needs), then the summary."""
    quote = shlex.quote
    project = f" --project-dir {quote(str(project_dir))}" if project_dir else ""
    warehouse = quote(str(warehouse_for(to)))
    horizon = as_of + timedelta(days=OUTCOME_HORIZON_DAYS)
    variables = {"outcomes_observed_until": str(horizon)} if observed else {}
    variables.update(extra_vars or {})
    observed_vars = f" --vars {quote(json.dumps(variables))}" if variables else ""
    return [
        f"Next: scoring build --data-dir {quote(str(to))} --warehouse {warehouse} "
        f"--as-of {as_of}{observed_vars}{project}",
        f"Then: scoring summary --warehouse {warehouse}{project}",
    ]


def print_next_steps(console, lines: list[str]) -> None:
    for line in lines:
        console.print(line, markup=False, highlight=False, soft_wrap=True)


def parse_as_of(as_of: str | date | None) -> date | None:
    if as_of is None or isinstance(as_of, date):
        return as_of
    try:
        return date.fromisoformat(str(as_of))
    except ValueError as error:
        raise TableImportError(f"--as-of {as_of!r} is not a YYYY-MM-DD date") from error
