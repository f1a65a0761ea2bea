"""One self-contained HTML report of a finished build: score distribution, bands, conversion by band
against the playbook's expected ranges, calibration, MQL trend, champion vs challenger and health.

The file opens offline: no scripts, no external CSS, fonts or images; every chart is an inline SVG
drawn by matplotlib. The report reads the marts of a DuckDB file: the published read-only copy of
the last successful build (``scoring report``), never the live warehouse. A mart or column that is
missing shows "not available: <reason>" in its section instead of failing the whole report. Same
marts and same ``generated_at``, same bytes.
"""

from __future__ import annotations

import html
import io
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb

from scoring.project import Project

MARTS_SCHEMA = "marts"
SCORE_NAMES = ("fit", "intent", "engagement", "success", "growth", "risk", "composite", "total")
OUTCOMES = ("converted", "expanded", "churned", "retained")
RUBRICS = ("champion", "challenger")
DEFAULT_RUBRIC_VERSION = "champion-v1"  # the dbt var rubric_version's default

COLOURS = {
    "champion": "#1f5f99",
    "challenger": "#e08a1e",
    "composite": "#1f5f99",
    "total": "#6a3d9a",
    "pass": "#2e8b57",
    "fail": "#c0392b",
    "none": "#5b7db1",
    "too_small": "#b8b8b8",
    "expected": "#2e8b57",
    "mql": "#1f5f99",
    "sql": "#c0392b",
    "ok": "#2e8b57",
    "warn": "#d68910",
}


class Unavailable(Exception):
    """A section cannot be drawn: the reason is shown in its place."""


# --------------------------------------------------------------------------------------------------
# Reading the marts


class Marts:
    """Read-only access to the marts schema of one DuckDB file, with checks that say what is
    missing instead of raising a catalog error."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.schema = self._find_schema()
        self._columns: dict[str, set[str]] = {}

    def _find_schema(self) -> str:
        found = [
            row[0]
            for row in self.con.execute(
                """
                select schema_name from duckdb_tables()
                where database_name = current_database() and table_name = 'contact_scores'
                order by schema_name
                """
            ).fetchall()
        ]
        if MARTS_SCHEMA in found or not found:
            return MARTS_SCHEMA
        marts_like = [name for name in found if name.endswith("marts")]
        return (marts_like or found)[0]

    def columns(self, table: str, schema: str | None = None) -> set[str]:
        schema = schema or self.schema
        key = f"{schema}.{table}"
        if key not in self._columns:
            self._columns[key] = {
                row[0]
                for row in self.con.execute(
                    """
                    select column_name from duckdb_columns()
                    where database_name = current_database() and schema_name = ? and table_name = ?
                    """,
                    [schema, table],
                ).fetchall()
            }
        return self._columns[key]

    def has(self, table: str, *columns: str, schema: str | None = None) -> bool:
        present = self.columns(table, schema)
        return bool(present) and set(columns) <= present

    def rubric_version(self) -> str | None:
        """The rubric version the marts were scored with, for reading the rubric seeds published
        beside them (schema rubric holds the rows of every version): the model_version of the
        latest scoring date in score_history, else the dbt var's default. None when score_bands
        has no rubric_version column (published before the rubric was versioned: its rows are the
        one rubric in use)."""
        if not self.has("score_bands", "rubric_version", schema="rubric"):
            return None
        found = None
        if self.has("score_history", "scoring_date", "model_version"):
            history = f"{self.schema}.score_history"
            found = self.con.execute(
                f"select max(model_version) from {history} "
                f"where scoring_date = (select max(scoring_date) from {history})"
            ).fetchone()[0]
        return found or DEFAULT_RUBRIC_VERSION

    def require(self, table: str, columns: Iterable[str]) -> str:
        """The qualified table name, or Unavailable naming what is missing."""
        present = self.columns(table)
        if not present:
            raise Unavailable(f"mart {self.schema}.{table} does not exist (build it first)")
        missing = [column for column in columns if column not in present]
        if missing:
            raise Unavailable(f"mart {self.schema}.{table} has no column {', '.join(missing)}")
        return f"{self.schema}.{table}"

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, list(params))
        names = [column[0] for column in cursor.description]
        # decimals (seeded rates) plot and compute as floats
        return [
            {
                name: float(v) if isinstance(v, Decimal) else v
                for name, v in zip(names, row, strict=True)
            }
            for row in cursor.fetchall()
        ]


# --------------------------------------------------------------------------------------------------
# Formatting


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def pct(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{100 * value:.{digits}f}%"


def num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def count(value: int | None) -> str:
    return "-" if value is None else f"{value:,}"


def badge(status: str | None) -> str:
    status = status or "none"
    css = re.sub(r"[^a-z_]", "", status.lower()) or "none"
    return f'<span class="badge badge-{css}">{esc(status)}</span>'


@dataclass
class Cell:
    """A table cell: escaped text, or trusted markup (badges)."""

    text: str
    markup: bool = False


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], numeric: Sequence[bool]) -> str:
    head = "".join(
        f"<th{' class=num' if is_num else ''}>{esc(h)}</th>"
        for h, is_num in zip(headers, numeric, strict=True)
    )
    body = []
    for row in rows:
        cells = []
        for value, is_num in zip(row, numeric, strict=True):
            content = (
                value.text
                if isinstance(value, Cell) and value.markup
                else esc(value.text if isinstance(value, Cell) else value)
            )
            cells.append(f"<td{' class=num' if is_num else ''}>{content}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


# --------------------------------------------------------------------------------------------------
# Charts: matplotlib figures saved as SVG, made safe to inline several times in one document


_SVG_DROP = (
    re.compile(r"<\?xml[^>]*\?>\s*"),
    re.compile(r"<!DOCTYPE[^>]*>\s*", re.IGNORECASE),
    re.compile(r"<metadata>.*?</metadata>\s*", re.DOTALL),
)


def _figure(
    width: float,
    height: float,
    ncols: int = 1,
    left: float = 0.75,
    bottom: float = 0.8,
    top: float = 0.35,
):
    """A figure of ``ncols`` axes side by side, margins in inches (fixed margins: laying out by
    measuring every label costs more than the rest of the chart)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=(width, height))
    figure.subplots_adjust(
        left=left / width,
        right=1 - 0.2 / width,
        bottom=bottom / height,
        top=1 - top / height,
        wspace=0.35,
    )
    axes = figure.subplots(1, ncols, squeeze=False)[0]
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.8)
        ax.set_axisbelow(True)
    return figure, list(axes)


class ChartSet:
    """Numbers the charts of one report so each inline SVG gets its own ids."""

    def __init__(self) -> None:
        self.number = 0

    def svg(self, figure, label: str) -> str:
        import matplotlib

        self.number += 1
        prefix = f"c{self.number}-"
        buffer = io.StringIO()
        with matplotlib.rc_context(
            {"svg.hashsalt": f"scoring-report-{self.number}", "svg.fonttype": "none"}
        ):
            figure.savefig(buffer, format="svg", metadata={"Date": None})
        text = buffer.getvalue()
        for pattern in _SVG_DROP:
            text = pattern.sub("", text)
        # ids are per document in HTML: prefix every id and every reference to one
        text = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', text)
        text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", text)
        text = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', text)
        # scale with the page instead of fixed points
        text = re.sub(
            r"<svg\b([^>]*?)\swidth=\"[^\"]*\"\s+height=\"[^\"]*\"",
            lambda m: f'<svg{m.group(1)} class="chart" role="img" aria-label="{esc(label)}"',
            text,
            count=1,
        )
        return text.strip()


def _rate_axis(ax) -> None:
    from matplotlib.ticker import PercentFormatter

    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))


# --------------------------------------------------------------------------------------------------
# Sections


@dataclass
class Section:
    anchor: str
    title: str
    explanation: str
    charts: list[str] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unavailable: str | None = None


def _bands(marts: Marts, band_set: str) -> list[tuple[str, int]]:
    """(band, band_rank) ascending: from the rubric seed, else from conversion_by_band, else from
    the ranks on contact_scores."""
    sources = []  # (table, filter, params)
    if marts.has("score_bands", "band_set", "band", "band_rank", schema="rubric"):
        version = marts.rubric_version()  # the seed holds every version: the active one's rows
        if version is None:
            sources.append(("rubric.score_bands", "", []))
        else:
            sources.append(("rubric.score_bands", " and rubric_version = ?", [version]))
    if marts.has("conversion_by_band", "band_set", "band", "band_rank"):
        sources.append((f"{marts.schema}.conversion_by_band", "", []))
    for source, where, params in sources:
        found = marts.con.execute(
            f"select distinct band, band_rank from {source} where band_set = ?{where} "
            "order by band_rank",
            [band_set, *params],
        ).fetchall()
        if found:
            return [(band, int(rank)) for band, rank in found]
    if marts.has("contact_scores", f"{band_set}_band", f"{band_set}_band_rank"):
        found = marts.con.execute(
            f"""
            select distinct {band_set}_band, {band_set}_band_rank
            from {marts.schema}.contact_scores
            where {band_set}_band is not null
            order by 2
            """
        ).fetchall()
        return [(band, int(rank)) for band, rank in found]
    return []


def section_distribution(marts: Marts, charts: ChartSet, section: Section) -> Section:
    name = marts.require("contact_scores", ["composite_score", "total_score"])
    rows = marts.rows(
        f"""
        with bins as (select range as bin from range(10)),
        scored as (
            select
                least(cast(floor(composite_score / 10) as integer), 9) as composite_bin,
                least(cast(floor(total_score / 10) as integer), 9) as total_bin
            from {name}
        )
        select
            bins.bin,
            (select count(*) from scored where composite_bin = bins.bin) as composite,
            (select count(*) from scored where total_bin = bins.bin) as total
        from bins
        order by bins.bin
        """
    )
    if not sum(row["composite"] + row["total"] for row in rows):
        raise Unavailable(f"{name} has no scored rows")
    labels = [f"{10 * r['bin']}-{10 * r['bin'] + 9 if r['bin'] < 9 else 100}" for r in rows]
    figure, axes = _figure(9, 3.2, 2)
    for ax, key, title in zip(
        axes, ("composite", "total"), ("Composite score", "Total score"), strict=True
    ):
        ax.bar(range(10), [r[key] for r in rows], width=0.9, color=COLOURS[key])
        ax.set_xticks(range(10), labels, rotation=45, fontsize=8)
        ax.set_title(title, fontsize=10)
        ax.set_ylabel("contacts")
    section.charts.append(charts.svg(figure, "Histograms of composite and Total scores"))
    section.tables.append(
        table(
            ["score bin", "contacts (composite)", "contacts (Total)"],
            [
                (label, count(r["composite"]), count(r["total"]))
                for label, r in zip(labels, rows, strict=True)
            ],
            [False, True, True],
        )
    )
    return section


def section_bands(marts: Marts, charts: ChartSet, section: Section) -> Section:
    name = marts.require(
        "contact_scores", ["composite_band", "composite_band_rank", "total_band", "total_band_rank"]
    )
    figure, axes = _figure(9, 3.2, 2)
    table_rows = []
    for ax, band_set in zip(axes, ("composite", "total"), strict=True):
        order = _bands(marts, band_set)
        counted = dict(
            marts.con.execute(f"select {band_set}_band, count(*) from {name} group by 1").fetchall()
        )
        known = {band for band, _ in order}
        order += [
            (band, 0) for band in sorted(b for b in counted if b is not None and b not in known)
        ]
        total = sum(counted.values()) or 1
        values = [counted.get(band, 0) for band, _ in order]
        ax.bar(range(len(order)), values, width=0.8, color=COLOURS[band_set])
        ax.set_xticks(range(len(order)), [band for band, _ in order], rotation=30, fontsize=8)
        ax.set_title(f"{band_set.capitalize()} bands", fontsize=10)
        ax.set_ylabel("contacts")
        for x, value in enumerate(values):
            ax.annotate(f"{value:,}", (x, value), ha="center", va="bottom", fontsize=7)
        for band, rank in reversed(order):
            table_rows.append(
                (
                    band_set,
                    band,
                    rank or "",
                    count(counted.get(band, 0)),
                    pct(counted.get(band, 0) / total),
                )
            )
    section.charts.append(charts.svg(figure, "Contacts per composite band and per Total band"))
    section.tables.append(
        table(
            ["band set", "band", "rank", "contacts", "share"],
            table_rows,
            [False, False, True, True, True],
        )
    )
    return section


CONVERSION_COLUMNS = (
    "entity_type",
    "segment",
    "band_set",
    "band",
    "band_rank",
    "entities",
    "conversions",
    "conversion_rate",
    "lift",
    "is_large_enough",
    "expected_min_rate",
    "expected_max_rate",
    "expectation_status",
)


def section_conversion(marts: Marts, charts: ChartSet, section: Section) -> Section:
    name = marts.require("conversion_by_band", CONVERSION_COLUMNS)
    rows = marts.rows(
        f"""
        select {", ".join(CONVERSION_COLUMNS)} from {name}
        where entity_type = 'contact' and segment = 'all'
        order by band_set, band_rank
        """
    )
    if not rows:
        raise Unavailable(f"{name} has no rows for entity_type 'contact', segment 'all'")
    band_sets = [s for s in ("composite", "total") if any(r["band_set"] == s for r in rows)]
    figure, axes = _figure(4.6 * len(band_sets), 3.4, len(band_sets))
    for ax, band_set in zip(axes, band_sets, strict=True):
        subset = [r for r in rows if r["band_set"] == band_set]
        rates = [r["conversion_rate"] or 0.0 for r in subset]
        bounds = [r["expected_min_rate"] for r in subset] + [r["expected_max_rate"] for r in subset]
        top = max([*rates, *(b for b in bounds if b is not None), 0.05]) * 1.2
        for x, row in enumerate(subset):
            low, high = row["expected_min_rate"], row["expected_max_rate"]
            if low is not None or high is not None:
                low = low or 0.0
                high = top if high is None else high
                ax.fill_between(
                    [x - 0.45, x + 0.45],
                    low,
                    high,
                    color=COLOURS["expected"],
                    alpha=0.15,
                    linewidth=0,
                )
                ax.hlines(
                    [low, high],
                    x - 0.45,
                    x + 0.45,
                    color=COLOURS["expected"],
                    linewidth=1,
                    linestyles=["-", "--" if row["expected_max_rate"] is None else "-"],
                )
            status = row["expectation_status"] or "none"
            small = not row["is_large_enough"]
            ax.bar(
                x,
                rates[x],
                width=0.6,
                color=COLOURS["too_small"] if small else COLOURS.get(status, COLOURS["none"]),
                hatch="//" if small else None,
                edgecolor="#777777" if small else "none",
                linewidth=0.5,
            )
            ax.annotate(
                pct(row["conversion_rate"], 0), (x, rates[x]), ha="center", va="bottom", fontsize=7
            )
        ax.set_ylim(0, top)
        _rate_axis(ax)
        ax.set_xticks(range(len(subset)), [r["band"] for r in subset], rotation=30, fontsize=8)
        ax.set_title(f"{band_set.capitalize()} bands (contacts)", fontsize=10)
        ax.set_ylabel("conversion rate")
    section.charts.append(charts.svg(figure, "Conversion rate per band against expected ranges"))

    def expected(row: dict) -> str:
        low, high = row["expected_min_rate"], row["expected_max_rate"]
        if low is None and high is None:
            return ""
        if high is None:
            return f"{pct(low, 0)}+"
        return f"{pct(low, 0)}-{pct(high, 0)}"

    section.tables.append(
        table(
            ["band set", "band", "contacts", "converted", "rate", "lift", "expected", "status"],
            [
                (
                    r["band_set"],
                    r["band"],
                    count(r["entities"]),
                    count(r["conversions"]),
                    pct(r["conversion_rate"]),
                    num(r["lift"]),
                    expected(r),
                    Cell(badge(r["expectation_status"]), markup=True),
                )
                for r in sorted(rows, key=lambda r: (r["band_set"], -r["band_rank"]))
            ],
            [False, False, True, True, True, True, True, False],
        )
    )
    return section


def _latest_observed(marts: Marts, name: str, where: str, observed: str) -> Any:
    """The latest scoring_date, preferring one whose outcomes are observed."""
    for condition in (f"{where} and {observed}", where):
        found = marts.con.execute(
            f"select max(scoring_date) from {name} where {condition}"
        ).fetchone()[0]
        if found is not None:
            return found
    raise Unavailable(f"{name} has no rows for {where}")


def section_calibration(marts: Marts, charts: ChartSet, section: Section) -> Section:
    columns = [
        "scoring_date",
        "rubric",
        "entity_type",
        "score_name",
        "decile",
        "entities",
        "mean_score",
        "min_score",
        "max_score",
        "conversion_rate",
    ]
    name = marts.require("score_calibration", columns)
    # the latest date whose outcomes are complete (model_performance knows), else the latest
    observed = "conversion_rate is not null"
    if marts.has("model_performance", "scoring_date", "outcome", "is_outcome_observed"):
        observed += (
            f" and scoring_date in (select scoring_date from {marts.schema}.model_performance "
            "where outcome = 'converted' and is_outcome_observed)"
        )
    scoring_date = _latest_observed(marts, name, "entity_type = 'contact'", observed)
    rows = marts.rows(
        f"""
        select {", ".join(columns)} from {name}
        where entity_type = 'contact' and scoring_date = ?
        order by score_name, rubric, decile
        """,
        [scoring_date],
    )
    section.notes.append(f"Scoring date {scoring_date}, prospect contacts.")
    score_names = [s for s in ("composite", "total") if any(r["score_name"] == s for r in rows)]
    score_names += sorted({r["score_name"] for r in rows} - set(score_names))
    figure, axes = _figure(4.6 * len(score_names), 3.4, len(score_names))
    for ax, score_name in zip(axes, score_names, strict=True):
        for rubric in RUBRICS:
            points = [
                r
                for r in rows
                if r["score_name"] == score_name
                and r["rubric"] == rubric
                and r["mean_score"] is not None
                and r["conversion_rate"] is not None
            ]
            points.sort(key=lambda r: r["mean_score"])
            if points:
                ax.plot(
                    [p["mean_score"] for p in points],
                    [p["conversion_rate"] for p in points],
                    # the challenger thin and dashed on top: both stay visible when they agree
                    marker="o" if rubric == "champion" else "s",
                    markersize=5 if rubric == "champion" else 3,
                    linewidth=2.5 if rubric == "champion" else 1.2,
                    linestyle="-" if rubric == "champion" else "--",
                    color=COLOURS[rubric],
                    label=rubric,
                )
        _rate_axis(ax)
        ax.set_ylim(bottom=0)
        ax.set_xlabel(f"mean {score_name} score of the decile")
        ax.set_ylabel("conversion rate")
        ax.set_title(f"{score_name.capitalize()} score", fontsize=10)
        ax.legend(fontsize=8, frameon=False)
    section.charts.append(charts.svg(figure, "Calibration curves, champion and challenger"))
    by_key = {(r["score_name"], r["decile"], r["rubric"]): r for r in rows}
    deciles = sorted(
        {(r["score_name"], r["decile"]) for r in rows},
        key=lambda k: (score_names.index(k[0]), k[1]),
    )
    table_rows = []
    for score_name, decile in deciles:
        cells: list[Any] = [score_name, decile]
        for rubric in RUBRICS:
            r = by_key.get((score_name, decile, rubric))
            cells += [
                count(r["entities"]) if r else "-",
                num(r["mean_score"], 1) if r else "-",
                pct(r["conversion_rate"]) if r else "-",
            ]
        table_rows.append(cells)
    section.tables.append(
        table(
            [
                "score",
                "decile",
                "champion n",
                "champion mean",
                "champion rate",
                "challenger n",
                "challenger mean",
                "challenger rate",
            ],
            table_rows,
            [False, True, True, True, True, True, True, True],
        )
    )
    return section


def section_mql_trend(marts: Marts, charts: ChartSet, section: Section) -> Section:
    name = marts.require("score_history", ["scoring_date", "entity_type", "is_mql", "is_sql"])
    rows = marts.rows(
        f"""
        select
            scoring_date,
            count(*) as scored,
            count(case when is_mql then 1 end) as mqls,
            count(case when is_sql then 1 end) as sqls
        from {name}
        where entity_type = 'contact'
        group by scoring_date
        order by scoring_date
        """
    )
    if not rows:
        raise Unavailable(f"{name} has no contact rows")
    figure, axes = _figure(9, 3.2)
    ax = axes[0]
    dates = [str(r["scoring_date"]) for r in rows]
    for key, label in (("mqls", "MQL"), ("sqls", "SQL")):
        ax.plot(
            range(len(rows)),
            [r[key] for r in rows],
            marker="o",
            markersize=4,
            linewidth=1.5,
            color=COLOURS[key[:-1]],
            label=label,
        )
    ax.set_xticks(range(len(rows)), dates, rotation=30 if len(rows) > 1 else 0, fontsize=8)
    if len(rows) == 1:
        ax.set_xlim(-1, 1)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("contacts")
    ax.legend(fontsize=8, frameon=False)
    section.charts.append(charts.svg(figure, "MQLs and SQLs per scoring date"))
    if len(rows) == 1:
        section.notes.append(
            "Only one scoring date in the history: run `scoring backfill` for a trend."
        )
    table_rows = []
    for i, r in enumerate(rows):
        before = rows[i - 1]["mqls"] if i else None
        change = (r["mqls"] - before) / before if before else None
        table_rows.append(
            (
                str(r["scoring_date"]),
                count(r["scored"]),
                count(r["mqls"]),
                pct(change),
                count(r["sqls"]),
            )
        )
    section.tables.append(
        table(
            ["scoring date", "contacts", "MQL", "MQL change", "SQL"],
            table_rows,
            [False, True, True, True, True],
        )
    )
    return section


PERFORMANCE_COLUMNS = (
    "scoring_date",
    "rubric",
    "rubric_version",
    "entity_type",
    "score_name",
    "outcome",
    "entities",
    "positives",
    "base_rate",
    "auc",
    "top_decile_rate",
    "top_decile_lift",
    "is_outcome_observed",
)


def section_champion_challenger(marts: Marts, charts: ChartSet, section: Section) -> Section:
    name = marts.require("model_performance", PERFORMANCE_COLUMNS)
    scoring_date = _latest_observed(
        marts, name, "entity_type = 'contact' and outcome = 'converted'", "is_outcome_observed"
    )
    rows = marts.rows(
        f"""
        select {", ".join(PERFORMANCE_COLUMNS)} from {name}
        where entity_type = 'contact' and scoring_date = ?
        """,
        [scoring_date],
    )
    versions = {
        rubric: sorted(
            {
                r["rubric_version"]
                for r in rows
                if r["rubric"] == rubric and r["rubric_version"] is not None
            }
        )
        for rubric in RUBRICS
    }
    observed = all(r["is_outcome_observed"] for r in rows if r["outcome"] == "converted")
    section.notes.append(
        f"Scoring date {scoring_date}; champion {', '.join(versions['champion']) or '-'}, "
        f"challenger {', '.join(versions['challenger']) or '-'}."
        + ("" if observed else " Outcomes of this date are not fully observed yet.")
    )
    converted = {(r["score_name"], r["rubric"]): r for r in rows if r["outcome"] == "converted"}
    score_names = [s for s in SCORE_NAMES if any(k[0] == s for k in converted)]
    score_names += sorted({k[0] for k in converted} - set(score_names))
    figure, axes = _figure(10, 3.6, 2, top=0.6)
    width = 0.38
    for ax, metric, label in zip(
        axes, ("auc", "top_decile_lift"), ("AUC", "top-decile lift"), strict=True
    ):
        for offset, rubric in ((-width / 2, "champion"), (width / 2, "challenger")):
            values = [(converted.get((s, rubric)) or {}).get(metric) for s in score_names]
            ax.bar(
                [x + offset for x in range(len(score_names))],
                [v or 0.0 for v in values],
                width=width,
                color=COLOURS[rubric],
                label=rubric,
            )
        ax.axhline(0.5 if metric == "auc" else 1.0, color="#555555", linewidth=0.8, linestyle="--")
        ax.set_xticks(range(len(score_names)), score_names, rotation=30, fontsize=8)
        ax.set_title(f"{label}, outcome converted", fontsize=10)
        ax.set_ylabel(label)
    if score_names:
        axes[0].set_ylim(0, 1)
    handles, labels = axes[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="upper center", ncol=2, fontsize=8, frameon=False)
    section.charts.append(charts.svg(figure, "AUC and top-decile lift, champion vs challenger"))
    auc = {(r["score_name"], r["outcome"], r["rubric"]): r for r in rows}
    pairs = sorted(
        {(r["score_name"], r["outcome"]) for r in rows},
        key=lambda k: (
            SCORE_NAMES.index(k[0]) if k[0] in SCORE_NAMES else len(SCORE_NAMES),
            k[0],
            OUTCOMES.index(k[1]) if k[1] in OUTCOMES else len(OUTCOMES),
            k[1],
        ),
    )
    table_rows = []
    for score_name, outcome in pairs:
        champion = auc.get((score_name, outcome, "champion")) or {}
        challenger = auc.get((score_name, outcome, "challenger")) or {}
        a, b = champion.get("auc"), challenger.get("auc")
        table_rows.append(
            (
                score_name,
                outcome,
                count(champion.get("positives")),
                num(a, 3),
                num(b, 3),
                num(b - a, 3) if a is not None and b is not None else "-",
            )
        )
    section.tables.append(
        table(
            ["score", "outcome", "positives", "champion AUC", "challenger AUC", "difference"],
            table_rows,
            [False, False, True, True, True, True],
        )
    )
    return section


def section_health(marts: Marts, charts: ChartSet, section: Section) -> Section:
    columns = ["as_of_date", "check_name", "check_group", "status", "figure", "threshold", "detail"]
    name = marts.require("scoring_health", columns)
    rows = marts.rows(
        f"""
        select {", ".join(columns)} from {name}
        where as_of_date = (select max(as_of_date) from {name})
        order by check_group, check_name
        """
    )
    if not rows:
        raise Unavailable(f"{name} has no rows")
    section.notes.append(f"As of {rows[0]['as_of_date']}.")
    groups = sorted({r["check_group"] or "" for r in rows})
    figure, axes = _figure(9, 0.9 + 0.35 * len(groups), left=1.2, bottom=0.5, top=0.15)
    ax = axes[0]
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    left = [0] * len(groups)
    for status in ("ok", "warn"):
        values = [
            sum(1 for r in rows if (r["check_group"] or "") == g and r["status"] == status)
            for g in groups
        ]
        ax.barh(
            range(len(groups)), values, left=left, color=COLOURS[status], label=status, height=0.6
        )
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(range(len(groups)), groups, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("checks")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    section.charts.append(charts.svg(figure, "Health checks per group, ok and warn"))
    section.tables.append(
        table(
            ["group", "check", "status", "figure", "threshold", "detail"],
            [
                (
                    r["check_group"],
                    r["check_name"],
                    Cell(badge(r["status"]), markup=True),
                    num(r["figure"], 3),
                    num(r["threshold"], 3),
                    r["detail"],
                )
                for r in rows
            ],
            [False, False, False, True, True, False],
        )
    )
    return section


def section_inputs(marts: Marts, charts: ChartSet, section: Section) -> Section:
    from matplotlib.ticker import PercentFormatter

    from scoring.summary import input_quality

    marts.require(
        "input_reconciliation", ["source_table", "raw_rows", "staged_rows", "quarantined_rows"]
    )
    rows = input_quality(marts.con, marts.schema) or []
    if not rows:
        raise Unavailable(f"mart {marts.schema}.input_reconciliation has no rows")
    with_issues = all(row.issues is not None for row in rows)
    if not with_issues:
        section.notes.append(
            f"Data-quality issues not available: mart {marts.schema}.data_quality_issues does not "
            "exist in this published copy (published before it was added)."
        )
    figure, axes = _figure(9, 0.9 + 0.35 * len(rows), left=2.0, bottom=0.5, top=0.15)
    ax = axes[0]
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#e5e5e5", linewidth=0.8)
    shares = [row.quarantined_share or 0.0 for row in rows]
    ax.barh(range(len(rows)), shares, color=COLOURS["warn"], height=0.6)
    for y, row in enumerate(rows):
        ax.annotate(
            pct(row.quarantined_share), (shares[y], y), xytext=(3, 0),
            textcoords="offset points", va="center", fontsize=7,
        )  # fmt: skip
    ax.set_yticks(range(len(rows)), [row.source_table for row in rows], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, max([*shares, 0.05]) * 1.15)
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("share of raw rows quarantined")
    section.charts.append(charts.svg(figure, "Share of raw rows quarantined per table"))
    headers = ["raw table", "raw rows", "staged", "quarantined", "share quarantined"]
    section.tables.append(
        table(
            headers + (["data-quality issues"] if with_issues else []),
            [
                (
                    row.source_table,
                    count(row.raw_rows),
                    count(row.staged_rows),
                    count(row.quarantined_rows),
                    pct(row.quarantined_share),
                    *([count(row.issues)] if with_issues else []),
                )
                for row in rows
            ],
            [False, True, True, True, True] + ([True] if with_issues else []),
        )
    )
    return section


SectionMaker = Callable[[Marts, "ChartSet", Section], Section]

# anchor, heading, one-line explanation, what fills it
SECTIONS: tuple[tuple[str, str, str, SectionMaker], ...] = (
    (
        "score-distribution",
        "1. Score distribution",
        "How the composite and the sales-led Total score of every scored contact spread over "
        "10-point bins (90-100 is the last bin).",
        section_distribution,
    ),
    (
        "band-counts",
        "2. Band counts",
        "Contacts per composite band (treatment) and per Total band (sales response), lowest band "
        "left in the chart, highest first in the table.",
        section_bands,
    ),
    (
        "conversion-by-band",
        "3. Conversion by band vs expected ranges",
        "Share of prospect contacts whose account won new business within the outcome horizon, per "
        "band; the green area is the playbook's expected range, grey hatched bars are too small to "
        "judge.",
        section_conversion,
    ),
    (
        "calibration",
        "4. Calibration by decile",
        "Observed conversion rate against the mean score of each decile (1 = highest scores), "
        "champion and challenger: a well-calibrated score rises from left to right.",
        section_calibration,
    ),
    (
        "mql-trend",
        "5. MQL and SQL trend",
        "Contacts that were MQL and SQL on each scoring date of the score history.",
        section_mql_trend,
    ),
    (
        "champion-challenger",
        "6. Champion vs challenger",
        "Out-of-time AUC and top-decile lift of every score for new business won (contacts), the "
        "champion rubric beside the challenger; 0.5 AUC and lift 1 are no better than chance.",
        section_champion_challenger,
    ),
    (
        "health",
        "7. Health checks",
        "Monitoring checks of the latest build: score distribution, inflation, MQL volume, top "
        "band conversion, stale leads; warn means look before you trust the scores.",
        section_health,
    ),
    (
        "input-quality",
        "8. Input quality",
        "Per raw table, the rows read, staged and quarantined (a bad key or required field; the "
        "reasons are in marts.quarantined_records), and the data-quality issues: a bad optional "
        "value that was nulled and recorded in marts.data_quality_issues.",
        section_inputs,
    ),
)


# --------------------------------------------------------------------------------------------------
# The page


@dataclass
class Header:
    as_of_date: str
    model_version: str
    contacts: int | None
    accounts: int | None
    published_at: str | None


def _header(marts: Marts) -> Header:
    as_of, contacts, accounts, version, published_at = "-", None, None, "unknown", None
    if marts.has("contact_scores", "as_of_date"):
        found = marts.con.execute(
            f"select max(as_of_date), count(*) from {marts.schema}.contact_scores"
        ).fetchone()
        as_of, contacts = str(found[0]), found[1]
    if marts.has("account_scores"):
        accounts = marts.con.execute(
            f"select count(*) from {marts.schema}.account_scores"
        ).fetchone()[0]
    for table_name, date_column in (("contact_scores", None), ("score_history", "scoring_date")):
        if not marts.has(table_name, "model_version"):
            continue
        latest = (
            f" where {date_column} = (select max({date_column}) from {marts.schema}.{table_name})"
            if date_column
            else ""
        )
        found = marts.con.execute(
            f"select string_agg(distinct model_version, ', ' order by model_version) "
            f"from {marts.schema}.{table_name}{latest}"
        ).fetchone()[0]
        if found:
            version = found
            break
    if marts.has("publication", "published_at"):
        published_at = str(
            marts.con.execute(
                f"select max(published_at) from {marts.schema}.publication"
            ).fetchone()[0]
        )
    return Header(as_of, version, contacts, accounts, published_at)


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:0;
color:#222;background:#fafafa;line-height:1.4}
header{background:#1f3b57;color:#fff;padding:1.2rem 2rem}
header h1{margin:0 0 .4rem;font-size:1.5rem}
header dl{display:flex;flex-wrap:wrap;gap:.3rem 2rem;margin:0}
header dt{font-size:.75rem;opacity:.75;text-transform:uppercase}
header dd{margin:0;font-weight:600}
main{max-width:1100px;margin:0 auto;padding:1rem 2rem 3rem}
nav ol{display:flex;flex-wrap:wrap;gap:.2rem 1.4rem;padding-left:1.2rem}
section{background:#fff;border:1px solid #e3e3e3;border-radius:6px;padding:1rem 1.4rem;
margin:1.2rem 0}
section h2{margin:.2rem 0 .3rem;font-size:1.2rem}
.explain{margin:0 0 .6rem;color:#555}
.note{color:#555;font-style:italic}
.unavailable{color:#8a6d3b;background:#fcf8e3;border:1px solid #faebcc;padding:.5rem .8rem;
border-radius:4px}
svg.chart{display:block;max-width:100%;height:auto;margin:.4rem 0}
table{border-collapse:collapse;font-size:.85rem;margin:.6rem 0}
th,td{border-bottom:1px solid #e6e6e6;padding:.25rem .7rem;text-align:left;vertical-align:top}
th{background:#f3f5f7}
.num{text-align:right;font-variant-numeric:tabular-nums}
.badge{display:inline-block;border-radius:3px;padding:0 .45rem;font-size:.75rem;font-weight:600;
color:#fff;background:#5b7db1}
.badge-ok,.badge-pass{background:#2e8b57}.badge-warn{background:#d68910}
.badge-fail{background:#c0392b}.badge-too_small{background:#8c8c8c}
footer{color:#777;font-size:.8rem;margin-top:2rem}
"""


def _render_section(section: Section) -> str:
    parts = [
        f'<section id="{esc(section.anchor)}">',
        f"<h2>{esc(section.title)}</h2>",
        f'<p class="explain">{esc(section.explanation)}</p>',
    ]
    if section.unavailable is not None:
        parts.append(f'<p class="unavailable">not available: {esc(section.unavailable)}</p>')
    else:
        parts += [f'<p class="note">{esc(note)}</p>' for note in section.notes]
        parts += [f"<figure>{chart}</figure>" for chart in section.charts]
        parts += section.tables
    parts.append("</section>")
    return "\n".join(parts)


def build_report(database: Path, generated_at: datetime | None = None) -> str:
    """The report of the marts in ``database`` as one HTML document."""
    generated_at = generated_at or datetime.now(UTC).replace(microsecond=0)
    charts = ChartSet()
    sections = []
    import matplotlib

    matplotlib.use("Agg")
    # labels come from the data: a "$" is a dollar, not the start of a formula
    with (
        matplotlib.rc_context({"text.parse_math": False}),
        duckdb.connect(str(database), read_only=True) as con,
    ):
        marts = Marts(con)
        header = _header(marts)
        for anchor, title, explanation, make in SECTIONS:
            section = Section(anchor, title, explanation)
            try:
                sections.append(make(marts, charts, section))
            except (Unavailable, duckdb.Error) as error:
                lines = str(error).strip().splitlines()
                section.unavailable = lines[0] if lines else type(error).__name__
                sections.append(section)
    nav = "".join(
        f'<li><a href="#{esc(s.anchor)}">{esc(s.title.split(". ", 1)[-1])}</a></li>'
        for s in sections
    )
    facts = [
        ("as of", header.as_of_date),
        ("model version", header.model_version),
        ("contacts scored", count(header.contacts)),
        ("accounts scored", count(header.accounts)),
        ("generated at", generated_at.strftime("%Y-%m-%d %H:%M:%S UTC")),
    ]
    if header.published_at:
        facts.append(("published at", header.published_at))
    header_html = "".join(f"<div><dt>{esc(k)}</dt><dd>{esc(v)}</dd></div>" for k, v in facts)
    body = "\n".join(_render_section(s) for s in sections)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Customer scoring report, as of {esc(header.as_of_date)}</title>
<style>{STYLE}</style>
</head>
<body>
<header>
<h1>Customer scoring report</h1>
<dl>{header_html}</dl>
</header>
<main>
<nav><ol>{nav}</ol></nav>
{body}
<footer>Source: {esc(database.name)}. Generated by <code>scoring report</code>; self-contained,
opens offline.</footer>
</main>
</body>
</html>
"""


def source_database(project: Project) -> Path:
    """The published read-only copy (never the live warehouse, which may hold an unfinished or
    untested build); :class:`~scoring.publish.NothingPublished` when nothing is published yet."""
    from scoring.publish import published_database

    return published_database(project)


def write_report(database: Path, target: Path, generated_at: datetime | None = None) -> Path:
    """Write the report atomically (temporary file, then rename)."""
    document = build_report(database, generated_at)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(target.name + ".tmp")
    staging.write_text(document, encoding="utf-8")
    os.replace(staging, target)
    return target
