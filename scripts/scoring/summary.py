"""Read the marts of the last published build and print what a reader wants first: how much was
scored, how much input was quarantined, how the bands are filled, whether conversion rises with the
band, and who to call first."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table

from scoring.report import Marts


@dataclass(frozen=True)
class InputTable:
    """One raw table's reconciliation (mart input_reconciliation) and data-quality issue count."""

    source_table: str
    raw_rows: int
    staged_rows: int
    quarantined_rows: int
    # None: the published copy has no mart data_quality_issues (published before it existed)
    issues: int | None

    @property
    def quarantined_share(self) -> float | None:
        return self.quarantined_rows / self.raw_rows if self.raw_rows else None


def has_table(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from duckdb_tables() "
            "where database_name = current_database() and schema_name = ? and table_name = ?",
            [schema, table],
        ).fetchone()[0]
    )


def input_quality(con: duckdb.DuckDBPyConnection, schema: str = "marts") -> list[InputTable] | None:
    """Per raw table: rows read, staged, quarantined, and data-quality issues (a bad optional
    value nulled and recorded). None when the database has no mart input_reconciliation."""
    if not has_table(con, schema, "input_reconciliation"):
        return None
    issues: dict[str, int] | None = None
    if has_table(con, schema, "data_quality_issues"):
        issues = dict(
            con.execute(
                f'select source_table, count(*) from "{schema}".data_quality_issues group by 1'
            ).fetchall()
        )
    rows = con.execute(
        f"""
        select source_table, raw_rows, staged_rows, quarantined_rows
        from "{schema}".input_reconciliation
        order by source_table
        """
    ).fetchall()
    return [
        InputTable(table, raw, staged, quarantined, _issues(issues, table))
        for table, raw, staged, quarantined in rows
    ]


def _issues(issues: dict[str, int] | None, table: str) -> int | None:
    return None if issues is None else issues.get(table, 0)


@dataclass
class Summary:
    as_of_date: str
    contacts: int
    accounts: int
    components: int
    composite_bands: list[tuple[str, int]]
    total_bands: list[tuple[str, int]]
    conversion: list[tuple[str, str, int, int, float | None]]
    dimension_stats: list[tuple[str, float | None, float | None, float | None, float | None]]
    top_contacts: list[tuple]
    lifecycle: list[tuple[str, int]]
    mql: int
    sql: int
    alerts: list[tuple[str, int]]
    history_dates: int
    decay: tuple[int, int, int] | None
    performance: list[tuple] = field(default_factory=list)
    health: list[tuple[str, str, float | None, str]] = field(default_factory=list)
    inputs: list[InputTable] | None = None


DIMENSIONS = ("fit", "intent", "engagement", "success", "growth", "risk", "composite", "total")


def collect(database: Path) -> Summary:
    """The summary of the marts in ``database`` (the published copy: scoring.publish)."""
    with duckdb.connect(str(database), read_only=True) as con:

        def one(sql: str, params: list | None = None):
            return con.execute(sql, params or []).fetchone()

        def rows(sql: str, params: list | None = None) -> list[tuple]:
            return con.execute(sql, params or []).fetchall()

        contacts = one("select count(*) from marts.contact_scores")[0]
        accounts = one("select count(*) from marts.account_scores")[0]
        # the scoring date of the contacts, else of the accounts (an account-only data set)
        as_of = one(
            "select coalesce((select max(as_of_date) from marts.contact_scores), "
            "(select max(as_of_date) from marts.account_scores))"
        )[0]
        components = one("select count(*) from marts.score_components")[0]
        marts = Marts(con)
        if marts.has("score_bands", "band_set", "band", "band_rank", schema="rubric"):
            # the seed holds the bands of every rubric version: the active one's
            version = marts.rubric_version()
            band_counts = """
                select bands.band, count(scores.{key}_band)
                from rubric.score_bands as bands
                left join marts.contact_scores as scores on scores.{key}_band = bands.band
                where bands.band_set = '{key}'
            """
            band_params = []
            if version is not None:
                band_counts += " and bands.rubric_version = ?"
                band_params = [version]
            band_counts += """
                group by bands.band, bands.band_rank
                order by bands.band_rank desc
            """
        else:  # published before the rubric was published with the marts: the bands in use
            band_counts = """
                select {key}_band, count(*) from marts.contact_scores
                group by {key}_band, {key}_band_rank
                order by {key}_band_rank desc
            """
            band_params = []
        composite_bands = rows(band_counts.format(key="composite"), band_params)
        total_bands = rows(band_counts.format(key="total"), band_params)
        conversion = rows(
            """
            select band_set, band, entities, conversions, conversion_rate, is_large_enough
            from marts.conversion_by_band
            where entity_type = 'contact' and segment = 'all'
            order by band_set, band_rank
            """
        )
        stats_sql = " union all ".join(
            f"select '{d}', avg({d}_score), stddev_pop({d}_score), min({d}_score), "
            f"max({d}_score) from marts.contact_scores"
            for d in DIMENSIONS
        )
        dimension_stats = rows(stats_sql)
        top_contacts = rows(
            """
            select contact_id, composite_score, composite_band, total_score, total_band,
                triage_score, top_reason_1, top_reason_2, top_reason_3
            from marts.contact_scores
            where lifecycle_stage = 'prospect'
            order by composite_score desc, total_score desc, contact_id
            limit 10
            """
        )
        lifecycle = rows(
            "select lifecycle_status, count(*) from marts.lead_lifecycle group by 1 order by 2 desc"
        )
        mql, sql = one(
            "select count(case when is_mql then 1 end), count(case when is_sql then 1 end) "
            "from marts.lead_lifecycle"
        )
        alerts = rows(
            """
            select alert_type, count(*) from marts.score_alerts
            where scoring_date = ?
            group by 1 order by 2 desc
            """,
            [as_of],
        )
        history_dates = one("select count(distinct scoring_date) from marts.score_history")[0]
        # leads that sit in a lower band than their undecayed scores would put them in
        decay = None
        if has_table(con, "intermediate", "int_scores__composite"):
            decay = one(
                """
                select
                    count(case when decay_factor < 1 then 1 end),
                    count(case when total_band_rank < total_band_rank_undecayed then 1 end),
                    count(case when composite_band_rank < composite_band_rank_undecayed then 1 end)
                from intermediate.int_scores__composite
                where entity_type = 'contact' and lifecycle_stage = 'prospect'
                """
            )
        # out-of-time performance on the as-of date: champion and challenger side by side
        performance = rows(
            """
            select score_name, rubric, rubric_version, auc, top_decile_lift, top_quartile_share
            from marts.model_performance
            where entity_type = 'contact' and outcome = 'converted'
                and score_name in ('composite', 'total', 'fit', 'intent', 'engagement')
                and scoring_date = ?
            order by case score_name when 'composite' then 1 when 'total' then 2
                when 'intent' then 3 when 'engagement' then 4 else 5 end, rubric
            """,
            [as_of],
        )
        health = rows(
            "select check_name, status, figure, detail from marts.scoring_health "
            "order by check_name"
        )
        inputs = input_quality(con)
    return Summary(
        performance=performance,
        health=health,
        as_of_date="-" if as_of is None else str(as_of),
        contacts=contacts,
        accounts=accounts,
        components=components,
        composite_bands=composite_bands,
        total_bands=total_bands,
        conversion=conversion,
        dimension_stats=dimension_stats,
        top_contacts=top_contacts,
        lifecycle=lifecycle,
        mql=mql,
        sql=sql,
        alerts=alerts,
        history_dates=history_dates,
        decay=decay,
        inputs=inputs,
    )


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _one_decimal(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def render_inputs(inputs: list[InputTable] | None, console: Console) -> None:
    """The share of each raw table quarantined, and its data-quality issues."""
    if inputs is None:
        console.print("Input quality: not in this published copy (no mart input_reconciliation).")
        return
    with_issues = all(row.issues is not None for row in inputs)
    table = Table(
        title="Input quality (raw rows per table: staged or quarantined with a reason)",
        title_justify="left",
    )
    columns = ["raw table", "raw rows", "staged", "quarantined", "share quarantined"]
    for column in columns + (["data-quality issues"] if with_issues else []):
        table.add_column(column, justify="left" if column == "raw table" else "right")
    for row in inputs:
        share = _pct(row.quarantined_share)
        if row.quarantined_rows:
            share = f"[yellow]{share}[/]"
        cells = [
            row.source_table,
            f"{row.raw_rows:,}",
            f"{row.staged_rows:,}",
            f"{row.quarantined_rows:,}",
            share,
        ]
        table.add_row(*cells, *([f"{row.issues:,}"] if with_issues else []))
    console.print(table)
    console.print(
        "Quarantined rows and their reasons: marts.quarantined_records"
        + (
            "; issues (a bad optional value, nulled): marts.data_quality_issues."
            if with_issues
            else " (data-quality issues are not in this published copy)."
        ),
        highlight=False,
    )


def render(summary: Summary, console: Console) -> None:
    console.rule(f"[bold]Scores as of {summary.as_of_date}")
    console.print(
        f"Scored [bold]{summary.contacts:,}[/] contacts and [bold]{summary.accounts:,}[/] accounts "
        f"({summary.components:,} component rows in score_components)."
    )
    render_inputs(summary.inputs, console)
    if not summary.contacts:
        console.print(
            "No contact was scored (an account-only data set, or every contact quarantined): the "
            "contact tables are left out."
        )
        _render_health(summary, console)
        return

    dims = Table(title="Dimension scores (contacts)", title_justify="left")
    for column in ("score", "mean", "std dev", "min", "max"):
        dims.add_column(column, justify="right" if column != "score" else "left")
    for name, *figures in summary.dimension_stats:
        dims.add_row(name, *(_one_decimal(figure) for figure in figures))
    console.print(dims)

    bands = Table(title="Band distribution (contacts)", title_justify="left")
    bands.add_column("composite band")
    bands.add_column("contacts", justify="right")
    bands.add_column("total band")
    bands.add_column("contacts", justify="right")
    for i in range(max(len(summary.composite_bands), len(summary.total_bands))):
        left = summary.composite_bands[i] if i < len(summary.composite_bands) else ("", "")
        right = summary.total_bands[i] if i < len(summary.total_bands) else ("", "")
        bands.add_row(
            str(left[0]),
            f"{left[1]:,}" if left[1] != "" else "",
            str(right[0]),
            f"{right[1]:,}" if right[1] != "" else "",
        )
    console.print(bands)

    conversion = Table(
        title="Conversion by band (prospect contacts; won new business within the horizon)",
        title_justify="left",
    )
    for column in ("band set", "band", "contacts", "won", "rate"):
        conversion.add_column(column, justify="left" if column.startswith("band") else "right")
    for band_set, band, entities, conversions, rate, large_enough in summary.conversion:
        shown = _pct(rate) if large_enough or rate is None else f"({_pct(rate)}, too few)"
        conversion.add_row(band_set, band, f"{entities:,}", f"{conversions:,}", shown)
    console.print(conversion)

    leads = Table(title="Leads (contacts) by lifecycle status", title_justify="left")
    leads.add_column("status")
    leads.add_column("contacts", justify="right")
    for status, count in summary.lifecycle:
        leads.add_row(status, f"{count:,}")
    console.print(leads)
    console.print(f"MQL now: [bold]{summary.mql:,}[/]   SQL now: [bold]{summary.sql:,}[/]")
    if summary.decay is not None:
        falling, total_drop, composite_drop = summary.decay
        console.print(
            f"Time decay: {falling:,} prospect contacts decayed; {total_drop:,} fell a Total band "
            f"and {composite_drop:,} a composite band through decay."
        )
    if summary.history_dates > 1:
        listed = ", ".join(f"{kind} {count:,}" for kind, count in summary.alerts) or "none"
        console.print(
            f"Alerts on the scoring date ({summary.history_dates} dates in score_history): {listed}"
        )
    else:
        console.print(
            "Alerts: score_history has one date (the baseline); run `scoring backfill` to see "
            "crossings."
        )

    if summary.performance:
        performance = Table(
            title="Does it predict? Prospect contacts' conversion after the scoring date",
            title_justify="left",
        )
        for column in ("score", "rubric", "version", "AUC", "top-decile lift", "won in top 25%"):
            performance.add_column(
                column,
                justify="right"
                if column[0].isupper() or column.startswith(("top", "won"))
                else "left",
            )
        for score, rubric, version, auc, lift, share in summary.performance:
            performance.add_row(
                score,
                rubric,
                version,
                "-" if auc is None else f"{auc:.3f}",
                "-" if lift is None else f"{lift:.2f}x",
                _pct(share),
            )
        console.print(performance)
    _render_health(summary, console)

    top = Table(title="Top 10 leads (prospect contacts)", title_justify="left")
    for column in ("contact", "composite", "band", "total", "total band", "triage", "top reasons"):
        top.add_column(
            column, justify="right" if column in ("composite", "total", "triage") else "left"
        )
    for row in summary.top_contacts:
        contact, composite, band, total, total_band, triage, *reasons = row
        top.add_row(
            contact,
            f"{composite:.1f}",
            band,
            f"{total:.1f}",
            total_band,
            str(triage),
            "\n".join(r for r in reasons if r),
        )
    console.print(top)


def _render_health(summary: Summary, console: Console) -> None:
    if summary.health:
        warned = [row for row in summary.health if row[1] != "ok"]
        console.print(
            f"Health checks: {len(summary.health) - len(warned)} ok, {len(warned)} warn"
            + "".join(f"\n  [yellow]warn[/] {name}: {detail}" for name, _, _, detail in warned)
        )
