-- Rubric diff: every tier row (a match value or a range) of one rubric version beside another's
-- (var diff_from, default the version in use, var rubric_version; var diff_to, default the challenger
-- scored beside it), with the points each gives and the change. A tier only one version has shows
-- nulls on the other side, so a learned version's new factors and dropped ones are listed too.
-- dbt compile --select rubric_diff --vars '{"diff_from": "champion-v1", "diff_to": "calibrated-..."}'
{%- set diff_from = var('diff_from', active_rubric_version()) %}
{%- set diff_to = var('diff_to', none) %}
with

scored_challenger as (
    select scored.rubric_version
    from {{ ref('int_scoring__rubrics') }} as scored
    where scored.rubric = 'challenger'
),

champion as (
    select
        rubric_factors.dimension,
        rubric_factors.factor_id,
        rubric_factors.label,
        rubric_factors.source,
        rubric_tiers.tier,
        rubric_tiers.match_value,
        rubric_tiers.range_min,
        rubric_tiers.range_max,
        rubric_tiers.points
    from {{ ref('rubric_tiers') }} as rubric_tiers
    inner join {{ ref('rubric_factors') }} as rubric_factors
        on
            rubric_tiers.rubric_version = rubric_factors.rubric_version
            and rubric_tiers.factor_id = rubric_factors.factor_id
    where rubric_tiers.rubric_version = '{{ diff_from }}'
),

challenger as (
    select
        rubric_factors.dimension,
        rubric_factors.factor_id,
        rubric_factors.label,
        rubric_factors.source,
        rubric_tiers.tier,
        rubric_tiers.match_value,
        rubric_tiers.range_min,
        rubric_tiers.range_max,
        rubric_tiers.points
    from {{ ref('rubric_tiers') }} as rubric_tiers
    inner join {{ ref('rubric_factors') }} as rubric_factors
        on
            rubric_tiers.rubric_version = rubric_factors.rubric_version
            and rubric_tiers.factor_id = rubric_factors.factor_id
    left join scored_challenger
        on 1 = 1
    -- by default the challenger scored beside the version in use
    where rubric_tiers.rubric_version = {{ "'" ~ diff_to ~ "'" if diff_to else 'scored_challenger.rubric_version' }}
)

select
    coalesce(champion.dimension, challenger.dimension) as dimension,
    coalesce(champion.factor_id, challenger.factor_id) as factor_id,
    coalesce(champion.label, challenger.label) as label,
    coalesce(champion.source, challenger.source) as source,
    coalesce(champion.tier, challenger.tier) as tier,
    coalesce(champion.match_value, challenger.match_value) as match_value,
    coalesce(champion.range_min, challenger.range_min) as range_min,
    coalesce(champion.range_max, challenger.range_max) as range_max,
    champion.points as champion_points,
    challenger.points as challenger_points,
    coalesce(challenger.points, 0) - coalesce(champion.points, 0) as points_change,
    case
        when champion.tier is null then 'challenger only'
        when challenger.tier is null then 'champion only'
        when champion.points = challenger.points then 'same'
        else 'changed'
    end as change_kind
from champion
full outer join challenger
    on
        champion.factor_id = challenger.factor_id
        and champion.tier = challenger.tier
        -- a tier row is its match value or its range (null on the other side: null-safe compare)
        and (
            champion.match_value = challenger.match_value
            or (champion.match_value is null and challenger.match_value is null)
        )
        and (
            champion.range_min = challenger.range_min
            or (champion.range_min is null and challenger.range_min is null)
        )
        and (
            champion.range_max = challenger.range_max
            or (champion.range_max is null and challenger.range_max is null)
        )
order by
    dimension,
    factor_id,
    tier,
    match_value,
    range_min
