"""``scoring check``: validate a folder of raw files against the raw data contract, before a build.

The contract is ``models/staging/_sources.yml``: its source tables that are raw files (those with an
``external_location``), their columns and descriptions, and the key of each (the column with a
``not_null`` test). A column's type is its ``data_type`` in that YAML when it has one, else the type
staging casts it to (``try_cast('<column>', <type>)`` in the model reading the source), so the check
reads values exactly as the build will (DuckDB ``try_cast``).

Severities (``scoring build`` runs this check first and stops on any error):

* **error**: the build would fail with an engine error, or would score nothing or lose a whole
  column: a table file missing or unreadable, ``events*`` files whose columns differ, a contract
  column missing (or renamed, with the closest contract name), a column of a type no value can be
  read from (e.g. a date stored as a number), ``accounts`` or ``contacts`` empty, every key blank,
  every value of a typed column unreadable, no scoring date (no event on or before today and no
  ``--as-of``), an as-of date before any account or contact exists, an as-of that is not a date.
* **warning**: the build runs, but rows are quarantined or scores degrade: some values unreadable
  (with the formats seen, e.g. ``12% look like DD/MM/YYYY``), blank or duplicate keys, implausible
  values (employees above 5 million, a creation date in the future), an as-of date far from the
  events, no events at all.
* **info**: extra columns (custom features, docs/custom_features.md), a column name differing
  only in case (DuckDB matches it), empty optional tables (opportunities, product_usage,
  support_tickets, subscriptions may be empty), files that are not part of the contract, the
  as-of date the build will use.

Rows are numbered as the build numbers them (``quarantined_records.source_row_number``): in a
Parquet file the row's position from 1; in a CSV file the line, the header being row 1 as in a
spreadsheet.
"""

from __future__ import annotations

import difflib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from scoring.project import raw_files, raw_format, raw_relation, sql_string

CONTRACT = Path("models") / "staging" / "_sources.yml"
SEVERITIES = ("error", "warning", "info")
# tables that must have rows: nothing is scored without them; every other table may be empty
REQUIRED_ROWS = ("accounts",)
# an empty events table leaves every behaviour score at zero, an empty contacts table scores
# accounts only (a customer snapshot): worth a warning, not an error
EMPTY_WARNS = ("events", "contacts")
# tables whose extra columns become custom features (models/staging/stg_custom__attribute_values)
CUSTOM_FEATURE_TABLES = ("accounts", "contacts", "opportunities", "subscriptions")
EMPTY_WARNING = {
    "events": "no rows: every behaviour score (intent, engagement) will be zero",
    "contacts": "no rows: only accounts are scored (account-only data, e.g. a customer snapshot)",
}
# values outside these bounds are implausible (a warning naming the rows): (low, high); "today"
# marks a recorded moment (a creation, an event), which cannot lie more than FUTURE_GRACE_DAYS
# after today (a little ahead is a clock or a time zone; created in 2099 is not)
TODAY = "today"
FUTURE_GRACE_DAYS = 365
PLAUSIBLE: dict[str, dict[str, tuple[Any, Any]]] = {
    "accounts": {
        "employee_count": (0, 5_000_000),  # the largest employers have about 2 million
        "annual_revenue": (0, 1e12),  # the largest companies have about 0.7e12 USD
        "revenue_growth_pct": (-100, 10_000),
        "employee_growth_pct": (-100, 10_000),
        "locations_count": (0, 100_000),
        "fiscal_year_start_month": (1, 12),
        "created_at": (date(1900, 1, 1), TODAY),
    },
    "contacts": {
        "created_at": (date(1900, 1, 1), TODAY),
        "unsubscribed_at": (date(1900, 1, 1), TODAY),
    },
    "opportunities": {
        "amount": (0, 1e10),
        "created_at": (date(1900, 1, 1), TODAY),
    },
    "events": {"occurred_at": (date(1900, 1, 1), TODAY)},
    "product_usage": {
        "usage_date": (date(1900, 1, 1), TODAY),
        "active_users": (0, 5_000_000),
        "licensed_seats": (0, 5_000_000),
        "features_adopted": (0, 100_000),
        "features_available": (0, 100_000),
    },
    "support_tickets": {
        "created_at": (date(1900, 1, 1), TODAY),
        "satisfaction_score": (1, 5),
    },
    "subscriptions": {
        "seats": (0, 5_000_000),
        "arr": (0, 1e10),
        "start_date": (date(1900, 1, 1), date(2100, 1, 1)),
        "end_date": (date(1900, 1, 1), date(2100, 1, 1)),
    },
}
# any other date column: outside these years is implausible
DATE_BOUNDS = (date(1900, 1, 1), date(2100, 1, 1))
# the as-of date this many days after the latest event: behaviour has decayed (a warning)
STALE_AS_OF_DAYS = 30
EXAMPLES = 3

# kinds of contract columns and the DuckDB type staging reads them as
KIND_TYPES = {
    "date": "date",
    "timestamp": "timestamp",
    "integer": "bigint",
    "double": "double",
    "boolean": "boolean",
}
_NUMERIC = re.compile(
    r"^(u?(tiny|small|big|hug)?int(eger)?|float|double|real|decimal.*|numeric.*)$"
)
_TEMPORAL = re.compile(r"^(date|timestamp.*|datetime)$")
# physical types (DuckDB names) a value of each kind can be read from
_READABLE: dict[str, Callable[[str], bool]] = {
    "date": lambda t: t == "varchar" or bool(_TEMPORAL.match(t)),
    "timestamp": lambda t: t == "varchar" or bool(_TEMPORAL.match(t)),
    "integer": lambda t: t in ("varchar", "boolean") or bool(_NUMERIC.match(t)),
    "double": lambda t: t in ("varchar", "boolean") or bool(_NUMERIC.match(t)),
    "boolean": lambda t: t in ("varchar", "boolean") or bool(_NUMERIC.match(t)),
}
_NULL_WORDS = r"^(n/?a|null|none|nil|nan|-+|\?|unknown|tbd|#n/a)$"
# how a value that does not parse looks: (label, SQL condition on the trimmed text ``v``), first
# match wins; the slash format is told DD/MM from MM/DD by its parts
_DATE_SHAPES = (
    ("a null word (N/A, NULL, -)", f"regexp_matches(lower(v), '{_NULL_WORDS}')"),
    ("DD/MM/YYYY", r"regexp_matches(v, '^\d{1,2}/\d{1,2}/\d{2,4}') "
     "and try_cast(split_part(v, '/', 1) as int) > 12"),
    ("MM/DD/YYYY", r"regexp_matches(v, '^\d{1,2}/\d{1,2}/\d{2,4}') "
     "and try_cast(split_part(v, '/', 2) as int) > 12"),
    ("DD/MM/YYYY or MM/DD/YYYY", r"regexp_matches(v, '^\d{1,2}/\d{1,2}/\d{2,4}')"),
    ("DD.MM.YYYY", r"regexp_matches(v, '^\d{1,2}\.\d{1,2}\.\d{2,4}')"),
    ("DD-MM-YYYY", r"regexp_matches(v, '^\d{1,2}-\d{1,2}-\d{4}')"),
    ("YYYY.MM.DD", r"regexp_matches(v, '^\d{4}\.\d{1,2}\.\d{1,2}')"),
    ("YYYYMMDD", r"regexp_matches(v, '^\d{8}$')"),
    ("a Unix epoch number", r"regexp_matches(v, '^\d{9,13}(\.\d+)?$')"),
    ("YYYY-MM-DD but not a real date", r"regexp_matches(v, '^\d{4}-\d{1,2}-\d{1,2}')"),
    ("a date with a month name",
     r"regexp_matches(lower(v), '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s')"),
)  # fmt: skip
_NUMBER_SHAPES = (
    ("a null word (N/A, NULL, -)", f"regexp_matches(lower(v), '{_NULL_WORDS}')"),
    ("1,234 (comma as thousands separator)",
     r"regexp_matches(v, '^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$')"),
    ("12,5 (comma as decimal separator)", r"regexp_matches(v, '^[-+]?\d+,\d+$')"),
    ("1.234,5 (dot as thousands separator)",
     r"regexp_matches(v, '^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$')"),
    ("a range (51-200) or 10,001+",
     r"regexp_matches(v, '^\d[\d,.]*\s*(-|\x{2013}|to)\s*\d[\d,.]*$|\+$')"),
    ("with a currency, unit or percent sign",
     r"regexp_matches(lower(v), '[$%\x{20ac}\x{a3}]|usd|eur|gbp|[0-9]\s*[km]$')"),
)  # fmt: skip
_BOOLEAN_SHAPES = (("a null word (N/A, NULL, -)", f"regexp_matches(lower(v), '{_NULL_WORDS}')"),)
SHAPES = {
    "date": _DATE_SHAPES,
    "timestamp": _DATE_SHAPES,
    "integer": _NUMBER_SHAPES,
    "double": _NUMBER_SHAPES,
    "boolean": _BOOLEAN_SHAPES,
}


# --------------------------------------------------------------------------------------------
# The contract
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ContractColumn:
    name: str
    kind: str  # text, date, timestamp, integer, double or boolean
    description: str = ""


@dataclass(frozen=True)
class ContractTable:
    name: str
    source: str
    columns: tuple[ContractColumn, ...]
    key: str | None  # the column with a not_null test: a row without it is quarantined
    unique_key: bool  # the key also has a unique test: duplicates are quarantined

    def column(self, name: str) -> ContractColumn:
        return next(column for column in self.columns if column.name == name)


def _kind_of_type(type_text: str) -> str:
    text = type_text.lower()
    if "timestamp" in text or "datetime" in text:
        return "timestamp"
    if "date" in text:
        return "date"
    if "bool" in text:
        return "boolean"
    if any(word in text for word in ("double", "float", "real", "numeric", "decimal")):
        return "double"
    if "int" in text:
        return "integer"
    return "text"


_SOURCE_REF = re.compile(r"source\(\s*['\"](\w+)['\"]\s*,\s*['\"](\w+)['\"]\s*\)")
_TRY_CAST = re.compile(r"try_cast\(\s*['\"](\w+)['\"]\s*,\s*([^()]*(?:\(\))?)\s*\)")


def staged_kinds(staging_dir: Path) -> dict[tuple[str, str, str], str]:
    """(source, table, column) -> the kind staging casts the raw column to, read from the
    ``try_cast('<column>', <type>)`` calls of the models that select from each source."""
    kinds: dict[tuple[str, str, str], str] = {}
    for model in sorted(staging_dir.rglob("*.sql")):
        text = model.read_text()
        sources = set(_SOURCE_REF.findall(text))
        if len(sources) != 1:
            continue
        source, table = sources.pop()
        for column, type_text in _TRY_CAST.findall(text):
            kinds.setdefault((source, table, column), _kind_of_type(type_text))
    return kinds


def load_contract(project_dir: Path) -> dict[str, ContractTable]:
    """The raw tables of the contract, in the order the YAML lists them."""
    import yaml

    path = project_dir / CONTRACT
    spec = yaml.safe_load(path.read_text()) or {}
    kinds = staged_kinds(project_dir / "models" / "staging")
    tables: dict[str, ContractTable] = {}
    for source in spec.get("sources") or []:
        source_meta = (source.get("config") or {}).get("meta") or {}
        for table in source.get("tables") or []:
            meta = {**source_meta, **((table.get("config") or {}).get("meta") or {})}
            if "external_location" not in meta:  # not a raw file (e.g. the CRM sync state)
                continue
            columns = []
            key, unique_key = None, False
            for column in table.get("columns") or []:
                name = column["name"]
                data_type = column.get("data_type")
                kind = (
                    _kind_of_type(str(data_type))
                    if data_type
                    else kinds.get((source["name"], table["name"], name), "text")
                )
                columns.append(ContractColumn(name, kind, str(column.get("description") or "")))
                tests = [
                    next(iter(test)) if isinstance(test, dict) else str(test)
                    for test in column.get("data_tests") or column.get("tests") or []
                ]
                if key is None and "not_null" in tests:
                    key, unique_key = name, "unique" in tests
            tables[table["name"]] = ContractTable(
                table["name"], source["name"], tuple(columns), key, unique_key
            )
    return tables


# --------------------------------------------------------------------------------------------
# Findings
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    severity: str  # error, warning or info
    rule: str
    file: str  # the file (or, when it is missing, the table) the finding is about
    message: str
    column: str | None = None
    row: int | None = None  # the first row it applies to

    def text(self) -> str:
        where = self.file
        if self.column:
            where += f", column {self.column}"
        if self.row is not None:
            where += f", row {self.row}"
        return f"{self.severity.upper():<7} {where}: {self.message} (rule: {self.rule})"


@dataclass
class CheckResult:
    data_dir: Path
    fmt: str
    rows: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    as_of: date | None = None  # the scoring date the build will use, when known
    seconds: float = 0.0

    def of(self, severity: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.severity == severity]

    @property
    def errors(self) -> list[Finding]:
        return self.of("error")

    @property
    def warnings(self) -> list[Finding]:
        return self.of("warning")

    @property
    def ok(self) -> bool:
        return not self.errors

    def rules(self, severity: str | None = None) -> set[str]:
        return {f.rule for f in self.findings if severity is None or f.severity == severity}


def _share(part: int, whole: int) -> str:
    if not whole:
        return "0%"
    percent = 100 * part / whole
    return f"{percent:.0f}%" if percent >= 1 or part == 0 else "<1%"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def _a(word: str) -> str:
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _normal_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.strip().lower()).strip("_")


def match_columns(
    expected: list[str], found: list[str]
) -> tuple[dict[str, str], dict[str, str], list[str], list[str]]:
    """Pair the contract's columns with a file's: ``(exact, renamed, missing, extra)``.

    ``exact`` maps contract name -> file column that DuckDB binds to it (same name ignoring case);
    ``renamed`` maps contract name -> the file column that is most likely it under another name
    (the same after trimming and lower_snake_case, else the closest by difflib); ``missing`` are
    contract columns with neither; ``extra`` are file columns that are none of these.
    """
    by_lower = {}
    for column in found:
        by_lower.setdefault(column.lower(), column)
    exact = {name: by_lower[name.lower()] for name in expected if name.lower() in by_lower}
    unmatched = [c for c in found if c not in exact.values()]
    missing = [name for name in expected if name not in exact]
    renamed: dict[str, str] = {}
    # same name once trimmed and normalised ('Industry ' -> industry, 'Employee Count')
    for name in list(missing):
        for column in unmatched:
            if _normal_name(column) == name:
                renamed[name] = column
                unmatched.remove(column)
                missing.remove(name)
                break
    # else the closest pairs first ('employees' -> employee_count)
    pairs = sorted(
        (
            (difflib.SequenceMatcher(None, name, _normal_name(column)).ratio(), name, column)
            for name in missing
            for column in unmatched
        ),
        reverse=True,
    )
    for ratio, name, column in pairs:
        if ratio < 0.6:
            break
        if name in renamed or column in renamed.values():
            continue
        renamed[name] = column
    missing = [name for name in missing if name not in renamed]
    extra = [column for column in unmatched if column not in renamed.values()]
    return exact, renamed, missing, extra


# --------------------------------------------------------------------------------------------
# The check
# --------------------------------------------------------------------------------------------


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class _Read:
    """One raw table as found: its files, the name findings use, and for each contract column
    the file's column read as it (same name, or the renamed one) with its physical type."""

    files: list[Path]
    name: str
    columns: dict[str, tuple[str, str]]
    complete: bool  # every contract column is there under its own name: the build can read it


class _Checker:
    def __init__(
        self, data_dir: Path, fmt: str, contract: dict[str, ContractTable], today: date
    ) -> None:
        import duckdb

        self.data_dir = data_dir
        self.fmt = fmt
        self.contract = contract
        self.today = today
        self.con = duckdb.connect()
        self.result = CheckResult(data_dir=data_dir, fmt=fmt)
        self.read: dict[str, _Read] = {}
        # (table, column) -> (earliest, latest, values) of the parsed dates
        self.ranges: dict[tuple[str, str], tuple[Any, Any, int]] = {}

    def add(self, severity: str, rule: str, file: str, message: str, **where: Any) -> None:
        self.result.findings.append(Finding(severity, rule, file, message, **where))

    def _relation(self, files: list[Path], numbered: bool = False) -> str:
        """The files as one relation; ``numbered`` adds ``__file`` and ``__row`` (the row number
        the build reports: Parquet position from 1, CSV line with the header as row 1)."""
        if not numbered:
            return raw_relation(files, self.fmt)
        if self.fmt == "parquet":
            base = raw_relation(files, self.fmt, file_row_number="true", filename="true")
            return f"(select *, filename as __file, file_row_number + 1 as __row from {base})"
        base = raw_relation(files, self.fmt, filename="true")
        return (
            "(select *, filename as __file, "
            f"row_number() over (partition by filename) + 1 as __row from {base})"
        )

    def _col(self, table: str, column: str) -> str:
        """The quoted file column read as contract column ``column`` of ``table``."""
        return _ident(self.read[table].columns[column][0])

    def _cast(self, table: str, column: str) -> str:
        kind = self.contract[table].column(column).kind
        return f"try_cast({self._col(table, column)} as {KIND_TYPES[kind]})"

    # ---- files and columns ----

    def files_and_columns(self, table: ContractTable) -> None:
        files = raw_files(self.data_dir, table.name, self.fmt)
        pattern = f"{table.name}{'*' if table.name == 'events' else ''}.{self.fmt}"
        if not files:
            other = "csv" if self.fmt == "parquet" else "parquet"
            hint = ""
            if raw_files(self.data_dir, table.name, other):
                hint = (
                    f"; there is a {other} file, but the build reads {self.fmt} unless told "
                    f'--vars \'{{"raw_format": "{other}"}}\''
                )
            optional = "" if table.name in REQUIRED_ROWS else " (it may be empty, but must exist)"
            self.add(
                "error",
                "missing_table",
                table.name,
                f"no {pattern} in {self.data_dir}{optional}{hint}",
            )
            return
        schemas: list[tuple[Path, dict[str, str]]] = []
        for path in files:
            try:
                described = self.con.execute(
                    f"describe select * from {raw_relation([path], self.fmt)}"
                ).fetchall()
            except Exception as error:  # any reader error is the finding
                lines = str(error).strip().splitlines() or [type(error).__name__]
                self.add("error", "unreadable_file", path.name, f"cannot read it: {lines[0]}")
                return
            schemas.append((path, {row[0]: str(row[1]).lower() for row in described}))
        first_path, columns = schemas[0]
        for path, other in schemas[1:]:
            if list(other) != list(columns):
                missing = [c for c in columns if c not in other] or "none"
                extra = [c for c in other if c not in columns] or "none"
                self.add(
                    "error",
                    "files_differ",
                    path.name,
                    f"its columns differ from {first_path.name}'s, and the build reads them "
                    f"together as {pattern}: missing {missing}, extra {extra}",
                )
                return
        name = first_path.name if len(files) == 1 else pattern
        expected = [column.name for column in table.columns]
        exact, renamed, missing, extra = match_columns(expected, list(columns))
        for contract_name, column in exact.items():
            if column != contract_name:
                self.add(
                    "info",
                    "column_case",
                    name,
                    f"read as contract column {contract_name} (only the case differs; DuckDB "
                    "matches it, other engines may not)",
                    column=column,
                )
        for contract_name, column in renamed.items():
            self.add(
                "error",
                "renamed_column",
                name,
                f"not a contract column, and contract column {contract_name} is missing: "
                f"rename {column!r} to {contract_name}",
                column=column,
            )
        for contract_name in missing:
            description = table.column(contract_name).description
            self.add(
                "error",
                "missing_column",
                name,
                "missing: the contract requires it" + (f" ({description})" if description else ""),
                column=contract_name,
            )
        for column in extra:
            self.add(
                "info",
                "extra_column",
                name,
                "not in the contract: a custom feature (int_features__custom_catalog says how it "
                "is read, docs/custom_features.md)"
                if table.name in CUSTOM_FEATURE_TABLES
                else "not in the contract: not read",
                column=column,
            )
        found = {**exact, **renamed}
        self.read[table.name] = _Read(
            files=files,
            name=name,
            columns={c: (found[c], columns[found[c]]) for c in expected if c in found},
            complete=not (renamed or missing),
        )

    # ---- values ----

    def values(self, table: ContractTable) -> None:
        """One pass over the table: rows, values that do not parse, implausible values, blank
        and duplicate keys, date ranges; then a look at the rows of each finding."""
        read = self.read[table.name]
        selects = ["count(*)"]
        plans: list[tuple[str, str, Any]] = []  # (what, contract column, detail) in select order
        for column in table.columns:
            if column.kind == "text" or column.name not in read.columns:
                continue
            ident, physical = self._col(table.name, column.name), read.columns[column.name][1]
            if not _READABLE[column.kind](physical):
                selects.append(f"count({ident})")
                plans.append(("wrong_type", column.name, physical))
                continue
            cast = self._cast(table.name, column.name)
            if physical == "varchar":
                present = f"nullif(trim({ident}), '') is not null"
                selects += [
                    f"count(*) filter (where {present})",
                    f"count(*) filter (where {present} and {cast} is null)",
                ]
                plans.append(("parse", column.name, None))
            low, high = self._bounds(table.name, column)
            if low is not None:
                outside = self._outside(cast, column.kind, low, high)
                selects.append(f"count(*) filter (where {outside})")
                plans.append(("plausible", column.name, (low, high)))
            if column.kind in ("date", "timestamp"):
                selects += [f"min({cast})", f"max({cast})", f"count({cast})"]
                plans.append(("range", column.name, None))
        if table.key and table.key in read.columns:
            key = f"nullif(trim(cast({self._col(table.name, table.key)} as varchar)), '')"
            selects.append(f"count(*) filter (where {key} is null)")
            plans.append(("blank_key", table.key, key))
            if table.unique_key:
                selects.append(f"count({key}) - count(distinct {key})")
                plans.append(("duplicate_key", table.key, None))
        query = f"select {', '.join(selects)} from {self._relation(read.files)}"
        stats = list(self.con.execute(query).fetchone())
        rows = stats.pop(0)
        self.result.rows[table.name] = rows
        self._empty(table, read.name, rows)
        for what, column_name, detail in plans:
            column = table.column(column_name)
            if what == "wrong_type":
                values = stats.pop(0)
                if values:
                    self.add(
                        "error",
                        "wrong_type",
                        read.name,
                        f"stored as {detail.upper()}, which cannot be read as "
                        f"{_a(column.kind)}: {_plural(values, 'value')} would be lost; write "
                        f"{_a(column.kind)} or text",
                        column=read.columns[column_name][0],
                    )
            elif what == "parse":
                present, bad = stats.pop(0), stats.pop(0)
                if bad:
                    self._unparseable(table.name, column, present, bad)
            elif what == "plausible":
                outside = stats.pop(0)
                if outside:
                    self._implausible(table.name, column, detail, outside)
            elif what == "range":
                self.ranges[(table.name, column_name)] = (stats.pop(0), stats.pop(0), stats.pop(0))
            elif what == "blank_key":
                self._blank_keys(table.name, column_name, detail, stats.pop(0), rows)
            elif what == "duplicate_key":
                duplicates = stats.pop(0)
                if duplicates:
                    self.add(
                        "warning",
                        "duplicate_key",
                        read.name,
                        f"{_plural(duplicates, 'row')} repeat the key of another row: staging "
                        "keeps one row per key and quarantines the others",
                        column=read.columns[column_name][0],
                    )

    def _empty(self, table: ContractTable, name: str, rows: int) -> None:
        if rows:
            return
        if table.name in REQUIRED_ROWS:
            self.add("error", "empty_table", name, "no rows: nothing can be scored without them")
        elif table.name in EMPTY_WARNS:
            self.add("warning", "empty_table", name, EMPTY_WARNING[table.name])
        else:
            self.add("info", "empty_table", name, "no rows (allowed: its factors score unknown)")

    def _blank_keys(self, table: str, column: str, key: str, blank: int, rows: int) -> None:
        read = self.read[table]
        file_column = read.columns[column][0]
        if blank and blank == rows:
            self.add(
                "error",
                "missing_key",
                read.name,
                f"blank in every row ({rows:,}): every row would be quarantined",
                column=file_column,
            )
        elif blank:
            first = self._examples(read.files, f"{key} is null", "null", 1)
            self.add(
                "warning",
                "missing_key",
                read.name,
                f"blank in {_plural(blank, 'row')} ({_share(blank, rows)}): those rows are "
                "quarantined (missing_key)",
                column=file_column,
                row=first[0][0] if first and len(read.files) == 1 else None,
            )

    def _bounds(self, table: str, column: ContractColumn) -> tuple[Any, Any]:
        low, high = PLAUSIBLE.get(table, {}).get(column.name, (None, None))
        if low is None and column.kind in ("date", "timestamp"):
            low, high = DATE_BOUNDS
        if high == TODAY:
            high = self.today + timedelta(days=FUTURE_GRACE_DAYS)
        return low, high

    @staticmethod
    def _outside(cast: str, kind: str, low: Any, high: Any) -> str:
        def literal(value: Any, after: bool) -> str:
            if isinstance(value, date):
                if kind == "timestamp" and after:
                    # the bound day itself is allowed: up to the end of that day
                    end = sql_string(value + timedelta(days=1))
                    return f"(timestamp {end} - interval 1 microsecond)"
                return f"{'timestamp' if kind == 'timestamp' else 'date'} {sql_string(value)}"
            return repr(float(value))

        return f"({cast} < {literal(low, False)} or {cast} > {literal(high, True)})"

    def _examples(
        self, files: list[Path], condition: str, value: str, limit: int = EXAMPLES, column: str = ""
    ) -> list[tuple[int, Any, str]]:
        """The first rows meeting ``condition``: (row, ``value``, file name). With ``column`` (a
        quoted column), condition and value may use ``r``, its raw value, and ``v``, trimmed."""
        relation = self._relation(files, numbered=True)
        if column:
            relation = f"(select __row, __file, {column} as r, trim({column}) as v from {relation})"
        query = (
            f"select __row, {value}, __file from {relation} where {condition} "
            f"order by __file, __row limit {int(limit)}"
        )
        found = self.con.execute(query).fetchall()
        return [(row, raw, Path(file).name) for row, raw, file in found]

    def _unparseable(self, table: str, column: ContractColumn, present: int, bad: int) -> None:
        """What the values that do not parse look like (DD/MM/YYYY, 1,234 ...), a row of each."""
        read = self.read[table]
        ident = self._col(table, column.name)
        # on r (the raw value, cast as staging casts it) and v (trimmed)
        bad_condition = (
            f"nullif(v, '') is not null and try_cast(r as {KIND_TYPES[column.kind]}) is null"
        )
        shapes = SHAPES[column.kind]
        label = (
            "case "
            + " ".join(f"when {condition} then {sql_string(text)}" for text, condition in shapes)
            + " else 'other text' end"
        )
        query = (
            f"select {label} as shape, count(*) as n from (select {ident} as r, trim({ident}) as v "
            f"from {self._relation(read.files)}) where {bad_condition} group by shape "
            "order by n desc, shape"
        )
        parts = []
        first_row = None
        for shape, n in self.con.execute(query).fetchall():
            # this shape and none before it (the first shape a value matches is its shape)
            labels = [text for text, _ in shapes]
            before = shapes[: labels.index(shape)] if shape in labels else shapes
            condition = " and ".join(
                [f"not ({c})" for _, c in before] + [c for text, c in shapes if text == shape]
            )
            examples = self._examples(
                read.files, f"({bad_condition}) and ({condition})", "v", 1, column=ident
            )
            example = ""
            if examples:
                row, raw, file = examples[0]
                first_row = row if first_row is None else first_row
                where = f"row {row}" if len(read.files) == 1 else f"{file} row {row}"
                example = f" (e.g. {where}: {raw!r})"
            parts.append(
                f"{_share(n, present)} of values ({n:,} of {present:,}) look like {shape}{example}"
            )
        all_bad = bad == present
        self.add(
            "error" if all_bad else "warning",
            "unparseable_values",
            read.name,
            "; ".join(parts)
            + (
                f": no value can be read as {_a(column.kind)}"
                if all_bad
                else f": staging cannot read them as {_a(column.kind)}"
            ),
            column=read.columns[column.name][0],
            row=first_row if len(read.files) == 1 else None,
        )

    def _implausible(
        self, table: str, column: ContractColumn, bounds: tuple[Any, Any], outside: int
    ) -> None:
        read = self.read[table]
        low, high = bounds
        cast = self._cast(table, column.name)
        examples = self._examples(
            read.files, self._outside(cast, column.kind, low, high), f"cast({cast} as varchar)"
        )
        shown = ", ".join(
            f"{raw} ({'' if len(read.files) == 1 else file + ' '}row {row})"
            for row, raw, file in examples
        )
        if isinstance(high, date) and high == self.today + timedelta(days=FUTURE_GRACE_DAYS):
            rule_text = f"before {low} or more than a year after today ({self.today})"
        else:
            rule_text = f"outside {_shown(low)} to {_shown(high)}"
        self.add(
            "warning",
            "implausible_value",
            read.name,
            f"{_plural(outside, 'value')} {rule_text}, e.g. {shown}",
            column=read.columns[column.name][0],
            row=examples[0][0] if examples and len(read.files) == 1 else None,
        )

    # ---- the scoring date ----

    def scoring_date(self, as_of: str | date | None) -> None:
        """The as-of date against the data: one the build can pick, entities that exist by then,
        events before it."""
        events = self.read.get("events")
        usable = events is not None and "occurred_at" in events.columns
        if as_of is None:
            if not usable:
                return
            latest = self._latest_event(self.today)
            if latest is None:
                self.add(
                    "error",
                    "no_scoring_date",
                    events.name,
                    f"no event is dated on or before today ({self.today}), so the build cannot "
                    "choose a scoring date: pass --as-of YYYY-MM-DD",
                    column="occurred_at",
                )
                return
            scoring = latest
            self.add(
                "info",
                "as_of_date",
                events.name,
                f"the build scores as of {latest}, the latest event date not in the future "
                "(--as-of to choose another)",
                column="occurred_at",
            )
        else:
            try:
                scoring = as_of if isinstance(as_of, date) else date.fromisoformat(str(as_of))
            except ValueError:
                self.add("error", "as_of_date", "--as-of", f"{as_of!r} is not a YYYY-MM-DD date")
                return
            if scoring > self.today:
                self.add(
                    "warning",
                    "as_of_date",
                    "--as-of",
                    f"{scoring} is after today ({self.today}): nothing has happened yet",
                )
        self.result.as_of = scoring
        # the scored tables: accounts, and contacts unless the data is account-only (no contacts)
        for table in ("accounts", "contacts"):
            self._exists_by(table, scoring)
        first, _last, dated = self.ranges.get(("events", "occurred_at"), (None, None, 0))
        if not usable or not dated:
            return
        if scoring < _as_date(first):
            self.add(
                "warning",
                "as_of_date",
                events.name,
                f"the as-of date {scoring} is before the first event ({_as_date(first)}): no "
                "behaviour to score",
                column="occurred_at",
            )
            return
        latest = self._latest_event(scoring)
        if latest is not None and (scoring - latest).days > STALE_AS_OF_DAYS:
            self.add(
                "warning",
                "as_of_date",
                events.name,
                f"the as-of date {scoring} is {(scoring - latest).days} days after the latest "
                f"event before it ({latest}): behaviour scores have decayed",
                column="occurred_at",
            )
        cast = self._cast("events", "occurred_at")
        later = self.con.execute(
            f"select count(*) from {self._relation(events.files)} where cast({cast} as date) > ?",
            [scoring],
        ).fetchone()[0]
        if later:
            self.add(
                "info",
                "as_of_date",
                events.name,
                f"{_plural(later, 'event')} after the as-of date {scoring}: not features (point "
                "in time)",
                column="occurred_at",
            )

    def _latest_event(self, day: date) -> date | None:
        cast = self._cast("events", "occurred_at")
        query = (
            f"select max(cast({cast} as date)) from {self._relation(self.read['events'].files)} "
            f"where cast({cast} as date) <= ?"
        )
        return self.con.execute(query, [day]).fetchone()[0]

    def _exists_by(self, table: str, day: date) -> None:
        """An account or contact exists on the scoring date unless it was created after it."""
        read = self.read.get(table)
        if read is None or "created_at" not in read.columns or not self.result.rows.get(table):
            return
        cast = self._cast(table, "created_at")
        existing = self.con.execute(
            f"select count(*) from {self._relation(read.files)} "
            f"where {cast} is null or cast({cast} as date) <= ?",
            [day],
        ).fetchone()[0]
        if not existing:
            first = self.ranges.get((table, "created_at"), (None,))[0]
            self.add(
                "error",
                "as_of_date",
                read.name,
                f"every row was created after the as-of date {day} (the first on "
                f"{_as_date(first) if first is not None else 'an unreadable date'}): nothing "
                "to score",
                column=read.columns["created_at"][0],
            )

    # ---- files that are not the contract's ----

    def other_files(self) -> None:
        known = {path.name for read in self.read.values() for path in read.files}
        for table in self.contract:
            known.update(path.name for path in raw_files(self.data_dir, table, self.fmt))
        for path in sorted(self.data_dir.iterdir()):
            if path.name in known or path.name.startswith((".", "_")):
                continue
            table = path.name.split(".")[0]
            if table in self.contract and path.suffix.lstrip(".") in ("parquet", "csv"):
                message = f"not read: the build reads {self.fmt} files"
            else:
                message = "not part of the contract: not read"
            self.add("info", "other_file", path.name, message)


def _shown(value: Any) -> str:
    if isinstance(value, float | int) and not isinstance(value, bool):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"
    return str(value)


def _as_date(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def check(
    data_dir: Path,
    project_dir: Path,
    fmt: str | None = None,
    as_of: str | date | None = None,
    today: date | None = None,
) -> CheckResult:
    """Check the raw files of ``data_dir`` against the contract of the project in
    ``project_dir``; ``fmt`` None detects it, ``as_of`` None is the date the build would pick."""
    started = time.perf_counter()
    data_dir = Path(data_dir)
    fmt = fmt or raw_format(data_dir)
    if fmt not in ("parquet", "csv"):
        raise ValueError(f"format {fmt!r}: use parquet or csv")
    contract = load_contract(project_dir)
    checker = _Checker(data_dir, fmt, contract, today or date.today())
    if not data_dir.is_dir():
        checker.add("error", "missing_folder", str(data_dir), "no such folder")
    else:
        for table in contract.values():
            checker.files_and_columns(table)
        for table in contract.values():
            if table.name in checker.read:
                checker.values(table)
        checker.scoring_date(as_of)
        checker.other_files()
    checker.con.close()
    result = checker.result
    order = {severity: n for n, severity in enumerate(SEVERITIES)}
    result.findings.sort(key=lambda f: order[f.severity])
    result.seconds = time.perf_counter() - started
    return result


def render(result: CheckResult, console: Any, show_info: bool = True) -> None:
    """The findings as a readable list, one line each, errors first, then a one-line verdict."""
    tables = ", ".join(f"{table} {rows:,}" for table, rows in result.rows.items())
    console.print(
        f"Checked {result.data_dir} ({result.fmt}) in {result.seconds:.1f}s"
        + (f": {tables} rows" if tables else ""),
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    styles = {"error": "bold red", "warning": "yellow", "info": "dim"}
    for finding in result.findings:
        if finding.severity == "info" and not show_info:
            continue
        console.print(finding.text(), style=styles[finding.severity], markup=False, soft_wrap=True)
    counts = [
        _plural(len(result.errors), "error"),
        _plural(len(result.warnings), "warning"),
        _plural(len(result.of("info")), "note"),
    ]
    verdict = (
        "errors stop `scoring build`: fix them first."
        if result.errors
        else "the files can be built."
    )
    hidden = "" if show_info else " (notes not shown)"
    console.print(f"{', '.join(counts)}{hidden}: {verdict}", markup=False, highlight=False)
