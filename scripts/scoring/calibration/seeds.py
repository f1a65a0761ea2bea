"""The challenger's seed CSVs (seeds/challenger/challenger_<name>.csv), in the champion's columns.

Learned dimensions get the learned components, factors and tiers; every other dimension keeps the
champion's rows. Point adjustments of a learned dimension go (the scorecard learned what those
features are worth); disqualifying rules stay. Composite weights and composite bands are replaced
where learned. The version id is a hash of the written rubric, so the same learning gives the same
id.
"""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date
from pathlib import Path

from scoring import learn
from scoring.calibration.fit import Learned, label_for
from scoring.calibration.plan import Split

RUBRIC = ("rubric_components", "rubric_factors", "rubric_tiers")
REFERENCE_COLUMNS = [
    "version_id", "score", "outcome", "evaluated_from", "evaluated_to", "rows", "positives",
    "champion_auc", "challenger_auc", "reference_auc",
]  # fmt: skip


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def csv_text(columns: list[str], rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: _cell(row.get(c)) for c in columns})
    return buffer.getvalue()


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else f"{value:.6g}"
    return str(value)


def champion_rows(seeds_dir: Path, name: str) -> tuple[list[str], list[dict[str, str]]]:
    return read_csv(seeds_dir / "rubric" / f"{name}.csv")


def rubric_texts(seeds_dir: Path, learned: Learned, labels: dict[str, str]) -> dict[str, str]:
    texts: dict[str, str] = {}
    learned_rows: dict[str, list[dict]] = {name: [] for name in RUBRIC}
    for dimension, card in learned.cards.items():
        names = {f.feature: label_for(f.feature, labels) for f in card.factors}
        components, factors, tiers = learn.rubric_rows(
            card, dimension=dimension, factor_prefix=f"{dimension}_learned", labels=names
        )
        learned_rows["rubric_components"] += components
        learned_rows["rubric_factors"] += factors
        learned_rows["rubric_tiers"] += tiers
    _, champion_factors = champion_rows(seeds_dir, "rubric_factors")
    factor_dimension = {r["factor_id"]: r["dimension"] for r in champion_factors}
    for name in RUBRIC:
        columns, rows = champion_rows(seeds_dir, name)
        if name == "rubric_tiers":
            kept = [r for r in rows if factor_dimension.get(r["factor_id"]) not in learned.cards]
        else:
            kept = [r for r in rows if r["dimension"] not in learned.cards]
        texts[name] = csv_text(columns, kept + learned_rows[name])
    columns, rows = champion_rows(seeds_dir, "rubric_adjustments")
    kept = [
        r for r in rows
        if r["dimension"] not in learned.cards or r["disqualifies"].lower() == "true"
    ]  # fmt: skip
    texts["rubric_adjustments"] = csv_text(columns, kept)
    columns, rows = champion_rows(seeds_dir, "composite_weights")
    for row in rows:
        stage = learned.weights.get(row["lifecycle_stage"])
        if stage is not None:
            row["weight"] = f"{stage.get(row['dimension'], 0.0):.3f}"
    texts["composite_weights"] = csv_text(columns, rows)
    texts["score_bands"] = _bands_text(seeds_dir, learned.bands)
    return texts


def _bands_text(seeds_dir: Path, bands: list[tuple[str, float, float]] | None) -> str:
    columns, rows = champion_rows(seeds_dir, "score_bands")
    if not bands:
        return csv_text(columns, rows)
    composite = sorted(
        (r for r in rows if r["band_set"] == "composite"), key=lambda r: int(r["band_rank"])
    )
    by_name = {r["band"]: r for r in composite}
    learned = []
    for rank, (name, low, high) in enumerate(bands, start=1):
        row = dict(by_name[name])
        row.update(band_rank=str(rank), range_min=_cell(float(low)), range_max=_cell(float(high)))
        learned.append(row)
    others = [r for r in rows if r["band_set"] != "composite"]
    return csv_text(columns, learned + others)


def write_bands(seeds_dir: Path, bands: list[tuple[str, float, float]] | None) -> None:
    """The challenger's bands, learned once the challenger's composite can be scored; not part of
    the version id (a hash of the rubric the bands are cut on)."""
    (seeds_dir / "challenger" / "challenger_score_bands.csv").write_text(
        _bands_text(seeds_dir, bands)
    )


def composite_band_names(seeds_dir: Path) -> list[str]:
    _, rows = champion_rows(seeds_dir, "score_bands")
    composite = [r for r in rows if r["band_set"] == "composite"]
    return [r["band"] for r in sorted(composite, key=lambda r: int(r["band_rank"]))]


def write_challenger(
    seeds_dir: Path, learned: Learned, labels: dict[str, str], split: Split, created: date,
    method: str, notes: str,
) -> str:  # fmt: skip
    texts = rubric_texts(seeds_dir, learned, labels)
    hashed = sorted(k for k in texts if k != "score_bands")
    digest = hashlib.sha256("".join(texts[k] for k in hashed).encode()).hexdigest()[:8]
    version_id = f"calibrated-{split.eval_dates[-1]:%Y%m%d}-{digest}"
    challenger = seeds_dir / "challenger"
    for name, text in texts.items():
        (challenger / f"challenger_{name}.csv").write_text(text)
    version_path = challenger / "challenger_rubric_version.csv"
    columns, _ = read_csv(version_path)
    row = {
        "version_id": version_id,
        "created_at": created.isoformat(),
        "method": method,
        "trained_from": split.train_dates[0].isoformat(),
        "trained_to": split.train_dates[-1].isoformat(),
        "evaluated_from": split.eval_dates[0].isoformat(),
        "evaluated_to": split.eval_dates[-1].isoformat(),
        "notes": notes,
    }
    version_path.write_text(csv_text(columns, [row]))
    return version_id


def write_reference(seeds_dir: Path, rows: list[dict]) -> Path:
    path = seeds_dir / "challenger" / "challenger_reference.csv"
    columns = read_csv(path)[0] if path.exists() else REFERENCE_COLUMNS
    path.write_text(csv_text(columns or REFERENCE_COLUMNS, rows))
    return path
