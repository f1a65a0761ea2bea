"""A learned rubric version, written into the versioned rubric seeds (seeds/rubric/<name>.csv, first
column ``rubric_version``), learned from the active version's rows.

Learned dimensions get the learned components, factors and tiers; every other dimension keeps the
active version's rows. Point adjustments of a learned dimension go (the scorecard learned what those
features are worth); disqualifying rules stay. Composite weights and composite bands are replaced
where learned. The version id is a hash of the written rubric (the new version's rows without the
``rubric_version`` column), so the same learning gives the same id. Writing a version replaces its
own rows in every versioned seed and leaves every other version's rows as they were, in order.
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

VERSION = "rubric_version"
DEFAULT_VERSION = "champion-v1"  # the dbt var rubric_version's default
RUBRIC = ("rubric_components", "rubric_factors", "rubric_tiers")
# the seeds that hold the rows of every version (band_treatments and triage_points are shared)
VERSIONED = (*RUBRIC, "rubric_adjustments", "composite_weights", "score_bands")
VERSIONS = "rubric_versions"
REFERENCES = "rubric_references"
REFERENCE_COLUMNS = [
    VERSION, "score", "outcome", "evaluated_from", "evaluated_to", "rows", "positives",
    "champion_auc", "challenger_auc", "reference_auc",
]  # fmt: skip


class VersionError(ValueError):
    """The active rubric version cannot be learned from (unknown), or the learning is it."""


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


def _path(seeds_dir: Path, name: str) -> Path:
    return seeds_dir / "rubric" / f"{name}.csv"


def versions(seeds_dir: Path) -> list[str]:
    """The version ids of seeds/rubric/rubric_versions.csv, in file order."""
    return [row[VERSION] for row in read_csv(_path(seeds_dir, VERSIONS))[1]]


def check_version(seeds_dir: Path, version: str) -> None:
    """A clear error when ``version`` (the rubric_version var) is not a version of the seeds."""
    known = versions(seeds_dir)
    if version not in known:
        raise VersionError(
            f"rubric version {version!r} (var rubric_version) is not in "
            f"seeds/rubric/rubric_versions.csv; its versions: {', '.join(known) or 'none'}"
        )


def version_rows(
    seeds_dir: Path, name: str, version: str
) -> tuple[list[str], list[dict[str, str]]]:
    """One version's rows of a versioned seed, without the rubric_version column."""
    columns, rows = read_csv(_path(seeds_dir, name))
    kept = [{k: v for k, v in r.items() if k != VERSION} for r in rows if r[VERSION] == version]
    return [c for c in columns if c != VERSION], kept


def _replace_version(path: Path, version: str, rows: list[dict], columns: list[str]) -> None:
    """Drop the rows of ``version`` from a seed and append ``rows`` as that version's; every other
    version's rows stay, in their order. ``columns``: the seed's when it does not exist yet."""
    if path.exists():
        columns, existing = read_csv(path)
    else:
        existing = []
    kept = [r for r in existing if r[VERSION] != version]
    path.write_text(csv_text(columns, kept + [{**r, VERSION: version} for r in rows]))


def _rows_of(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def rubric_texts(
    seeds_dir: Path, learned: Learned, labels: dict[str, str], active: str = DEFAULT_VERSION
) -> dict[str, str]:
    """The learned version's rows of every versioned seed, as CSV texts without the rubric_version
    column (what the version id hashes)."""
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
    _, active_factors = version_rows(seeds_dir, "rubric_factors", active)
    factor_dimension = {r["factor_id"]: r["dimension"] for r in active_factors}
    for name in RUBRIC:
        columns, rows = version_rows(seeds_dir, name, active)
        if name == "rubric_tiers":
            kept = [r for r in rows if factor_dimension.get(r["factor_id"]) not in learned.cards]
        else:
            kept = [r for r in rows if r["dimension"] not in learned.cards]
        texts[name] = csv_text(columns, kept + learned_rows[name])
    columns, rows = version_rows(seeds_dir, "rubric_adjustments", active)
    kept = [
        r for r in rows
        if r["dimension"] not in learned.cards or r["disqualifies"].lower() == "true"
    ]  # fmt: skip
    texts["rubric_adjustments"] = csv_text(columns, kept)
    columns, rows = version_rows(seeds_dir, "composite_weights", active)
    for row in rows:
        stage = learned.weights.get(row["lifecycle_stage"])
        if stage is not None:
            row["weight"] = f"{stage.get(row['dimension'], 0.0):.3f}"
    texts["composite_weights"] = csv_text(columns, rows)
    texts["score_bands"] = _bands_text(seeds_dir, learned.bands, active)
    return texts


def _bands_text(seeds_dir: Path, bands: list[tuple[str, float, float]] | None, active: str) -> str:
    columns, rows = version_rows(seeds_dir, "score_bands", active)
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


def write_bands(
    seeds_dir: Path,
    version_id: str,
    bands: list[tuple[str, float, float]] | None,
    active: str = DEFAULT_VERSION,
) -> None:
    """The new version's bands (its score_bands rows, every other version's left as they are),
    learned once its composite can be scored; not part of the version id (a hash of the rubric
    the bands are cut on)."""
    columns = [VERSION, *version_rows(seeds_dir, "score_bands", active)[0]]
    rows = _rows_of(_bands_text(seeds_dir, bands, active))
    _replace_version(_path(seeds_dir, "score_bands"), version_id, rows, columns)


def composite_band_names(seeds_dir: Path, active: str = DEFAULT_VERSION) -> list[str]:
    _, rows = version_rows(seeds_dir, "score_bands", active)
    composite = [r for r in rows if r["band_set"] == "composite"]
    return [r["band"] for r in sorted(composite, key=lambda r: int(r["band_rank"]))]


def write_version(
    seeds_dir: Path, learned: Learned, labels: dict[str, str], split: Split, created: date,
    method: str, notes: str, active: str = DEFAULT_VERSION,
) -> str:  # fmt: skip
    """Write the learned rubric as a new version (learned from ``active``) into every versioned
    seed and rubric_versions.csv; returns its id, calibrated-<last evaluation date>-<hash>."""
    check_version(seeds_dir, active)
    texts = rubric_texts(seeds_dir, learned, labels, active)
    hashed = sorted(k for k in texts if k != "score_bands")
    digest = hashlib.sha256("".join(texts[k] for k in hashed).encode()).hexdigest()[:8]
    version_id = f"calibrated-{split.eval_dates[-1]:%Y%m%d}-{digest}"
    if version_id == active:
        raise VersionError(
            f"the learned rubric is the active version {active} itself: nothing new to write"
        )
    for name, text in texts.items():
        columns = [VERSION, *next(csv.reader(io.StringIO(text)))]
        _replace_version(_path(seeds_dir, name), version_id, _rows_of(text), columns)
    row = {
        "created_at": created.isoformat(),
        "method": method,
        "trained_from": split.train_dates[0].isoformat(),
        "trained_to": split.train_dates[-1].isoformat(),
        "evaluated_from": split.eval_dates[0].isoformat(),
        "evaluated_to": split.eval_dates[-1].isoformat(),
        "notes": notes,
    }
    _replace_version(_path(seeds_dir, VERSIONS), version_id, [row], [VERSION, *row])
    return version_id


def write_reference(seeds_dir: Path, version_id: str, rows: list[dict]) -> Path:
    """The version's rows of rubric_references.csv (AUCs of champion, challenger and reference on
    the evaluation rows), every other version's kept."""
    path = _path(seeds_dir, REFERENCES)
    _replace_version(path, version_id, rows, REFERENCE_COLUMNS)
    return path
