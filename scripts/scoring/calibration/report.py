"""The calibration report (Markdown) and the promote hint."""

from __future__ import annotations

import json
import shlex


def promote_vars(version_id: str) -> str:
    """The dbt vars (JSON, as `--vars` takes them) that make a rubric version the one the marts
    use (dbt var rubric_version)."""
    return json.dumps({"rubric_version": version_id})


def promote_hint(version_id: str) -> str:
    """The option to add to `scoring build` (and backfill) to promote a version, quoted for the
    shell: ``--vars '{"rubric_version": "..."}'``."""
    return f"--vars {shlex.quote(promote_vars(version_id))}"


def _fmt(value, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def render(result) -> str:
    split, learned = result.split, result.learned
    lines = [
        f"# Calibration {result.version_id}",
        "",
        f"- Split: {result.split_note}; training dates {split.train_dates[0]} to "
        f"{split.train_dates[-1]} ({len(split.train_dates)}), evaluation dates "
        f"{split.eval_dates[0]} to {split.eval_dates[-1]} ({len(split.eval_dates)}).",
    ]
    for (population, dimension), (rows, positives) in sorted(learned.support.items()):
        lines.append(
            f"- {dimension}: learned from {rows:,} {population} ({positives:,.0f} positive)."
        )
    lines += [
        "",
        "## Out-of-sample performance (the same evaluation rows for all three)",
        "",
        "The reference is a gradient-boosting model (scikit-learn HistGradientBoosting) fitted on "
        "the challenger's training rows and features: the best a black box does on this data.",
        "",
        "| population | score | outcome | rows | positives | champion AUC | challenger AUC "
        "| reference AUC | challenger / reference |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for j in result.judgements:
        lines.append(
            f"| {j.population} | {j.score} | {j.outcome} | {j.rows:,} | {j.positives:,.0f} "
            f"| {_fmt(j.champion_auc)} | {_fmt(j.challenger_auc)} | {_fmt(j.reference_auc)} "
            f"| {_fmt(j.ratio)} |"
        )
    if result.bands is not None:
        lines += [
            "",
            "## Challenger composite bands on the evaluation prospects",
            "",
            f"Populated: {'yes' if result.bands.populated else 'no'}; conversion rising band "
            f"over band: {'yes' if result.bands.monotonic else 'no'}.",
            "",
            "| band | from | to | prospects | converted |",
            "|---|---|---|---|---|",
        ]
        for (name, count, rate), (_, low, high) in zip(
            result.bands.rows, learned.bands or [], strict=False
        ):
            lines.append(f"| {name} | {low:g} | {high:g} | {count:,} | {rate:.1%} |")
    lines += ["", "## Composite weights", "", "| stage | dimension | challenger |", "|---|---|---|"]
    for stage, weights in learned.weights.items():
        for dimension, weight in weights.items():
            lines.append(f"| {stage} | {dimension} | {weight:.3f} |")
    lines += ["", "## Learned factors", ""]
    for dimension, card in learned.cards.items():
        lines += [
            f"### {dimension} ({len(card.factors)} factors)",
            "",
            "| feature | IV | tier | points |",
            "|---|---|---|---|",
        ]
        for factor in card.factors:
            for tier in factor.tiers:
                lines.append(
                    f"| {factor.feature} | {factor.iv:.3f} | {tier.label} | {tier.points:g} |"
                )
        lines.append("")
    if learned.notes:
        lines += ["## Notes", ""] + [f"- {note}" for note in learned.notes] + [""]
    headline = next((j for j in result.judgements if j.score == "composite"), None)
    better = (
        headline is not None
        and headline.challenger_auc is not None
        and headline.champion_auc is not None
        and headline.challenger_auc >= headline.champion_auc
    )
    lines += [
        "## Verdict",
        "",
        (
            "The challenger ranks the evaluation rows at least as well as the champion. Build to "
            "test and publish both side by side, and promote it with "
            f"`scoring build {promote_hint(result.version_id)}` (the same --vars on backfill)."
            if better
            else "The challenger does not beat the champion on the evaluation rows: keep the "
            "champion."
        ),
        "",
    ]
    return "\n".join(lines)
