"""Read the marts of a finished build and print what a reader wants first: how much was scored,
how the bands are filled, whether conversion rises with the band, and who to call first."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from rich.console import Console
from rich.table import Table


@dataclass
class Summary:
    as_of_date: str
    contacts: int
    accounts: int
    components: int
    composite_bands: list[tuple[str, int]]
    total_bands: list[tuple[str, int]]
    conversion: list[tuple[str, str, int, int, float | None]]
    dimension_stats: list[tuple[str, float, float, float, float]]
    top_contacts: list[tuple]
    lifecycle: list[tuple[str, int]]
    mql: int
    sql: int
    alerts: list[tuple[str, int]]
    history_dates: int
    decay: tuple[int, int, int]
    performance: list[tuple] = field(default_factory=list)
    health: list[tuple[str, str, float | None, str]] = field(default_factory=list)


DIMENSIONS = ("fit", "intent", "engagement", "success", "growth", "risk", "composite", "total")


def collect(warehouse: Path) -> Summary:
    with duckdb.connect(str(warehouse), read_only=True) as con:

        def one(sql: str):
            return con.execute(sql).fetchone()

        def rows(sql: str) -> list[tuple]:
            return con.execute(sql).fetchall()

        as_of, contacts = one("select max(as_of_date), count(*) from marts.contact_scores")
        accounts = one("select count(*) from marts.account_scores")[0]
        components = one("select count(*) from marts.score_components")[0]
        band_counts = """
            select bands.band, count(scores.{key}_band)
            from rubric.score_bands as bands
            left join marts.contact_scores as scores on scores.{key}_band = bands.band
            where bands.band_set = '{key}'
            group by bands.band, bands.band_rank
            order by bands.band_rank desc
        """
        composite_bands = rows(band_counts.format(key="composite"))
        total_bands = rows(band_counts.format(key="total"))
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
            where scoring_date = (select max(as_of_date) from marts.contact_scores)
            group by 1 order by 2 desc
            """
        )
        history_dates = one("select count(distinct scoring_date) from marts.score_history")[0]
        # leads that sit in a lower band than their undecayed scores would put them in
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
                and scoring_date = (select max(as_of_date) from marts.contact_scores)
            order by case score_name when 'composite' then 1 when 'total' then 2
                when 'intent' then 3 when 'engagement' then 4 else 5 end, rubric
            """
        )
        health = rows(
            "select check_name, status, figure, detail from marts.scoring_health "
            "order by check_name"
        )
    return Summary(
        performance=performance,
        health=health,
        as_of_date=str(as_of),
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
    )


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def render(summary: Summary, console: Console) -> None:
    console.rule(f"[bold]Scores as of {summary.as_of_date}")
    console.print(
        f"Scored [bold]{summary.contacts:,}[/] contacts and [bold]{summary.accounts:,}[/] accounts "
        f"({summary.components:,} component rows in score_components)."
    )

    dims = Table(title="Dimension scores (contacts)", title_justify="left")
    for column in ("score", "mean", "std dev", "min", "max"):
        dims.add_column(column, justify="right" if column != "score" else "left")
    for name, mean, std, low, high in summary.dimension_stats:
        dims.add_row(name, f"{mean:.1f}", f"{std:.1f}", f"{low:.1f}", f"{high:.1f}")
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
    if summary.health:
        warned = [row for row in summary.health if row[1] != "ok"]
        console.print(
            f"Health checks: {len(summary.health) - len(warned)} ok, {len(warned)} warn"
            + "".join(f"\n  [yellow]warn[/] {name}: {detail}" for name, _, _, detail in warned)
        )

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
