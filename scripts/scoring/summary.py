"""Read the marts of a finished build and print what a reader wants first: how much was scored,
how the bands are filled, whether conversion rises with the band, and who to call first."""

from __future__ import annotations

from dataclasses import dataclass
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
            select band_set, band, entities, conversions, conversion_rate
            from marts.conversion_by_band
            where entity_type = 'contact'
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
    return Summary(
        as_of_date=str(as_of),
        contacts=contacts,
        accounts=accounts,
        components=components,
        composite_bands=composite_bands,
        total_bands=total_bands,
        conversion=conversion,
        dimension_stats=dimension_stats,
        top_contacts=top_contacts,
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
    for band_set, band, entities, conversions, rate in summary.conversion:
        conversion.add_row(band_set, band, f"{entities:,}", f"{conversions:,}", _pct(rate))
    console.print(conversion)

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
