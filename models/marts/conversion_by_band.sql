{#- Does the score predict? For prospects scored on the as-of date, per band of the composite and of the
    Total score (every band listed, empty ones with 0): how many there were, how many converted (their
    account won a new-business deal within the outcome horizon), the rate, and the lift over the
    overall rate of the same entity type. Bands with fewer than var('min_band_size') (30) entities are
    flagged: their rate is noise. -#}
with

scores as (
    select
        entity_type,
        entity_id,
        composite_band,
        total_band
    from {{ ref('int_scores__composite') }}
    where lifecycle_stage = 'prospect'
),

conversions as (
    select * from {{ ref('int_outcomes__conversions') }}
),

labelled as (
    select
        scores.entity_type,
        scores.composite_band,
        scores.total_band,
        conversions.converted
    from scores
    inner join conversions
        on
            scores.entity_type = conversions.entity_type
            and scores.entity_id = conversions.entity_id
),

counted as (
    select
        entity_type,
        'composite' as band_set,
        composite_band as band,
        count(*) as entities,
        cast(sum(converted) as {{ dbt.type_bigint() }}) as conversions
    from labelled
    group by entity_type, composite_band
    union all
    select
        entity_type,
        'total' as band_set,
        total_band as band,
        count(*) as entities,
        cast(sum(converted) as {{ dbt.type_bigint() }}) as conversions
    from labelled
    group by entity_type, total_band
),

overall as (
    select
        entity_type,
        {{ safe_divide('sum(converted)', 'count(*)') }} as overall_rate
    from labelled
    group by entity_type
),

bands as (
    select
        band_set,
        band,
        band_rank
    from {{ ref('score_bands') }}
    where band_set in ('composite', 'total')
),

banded as (
    select
        overall.entity_type,
        overall.overall_rate,
        bands.band_set,
        bands.band,
        bands.band_rank,
        coalesce(counted.entities, 0) as entities,
        coalesce(counted.conversions, 0) as conversions
    from overall
    cross join bands
    left join counted
        on
            overall.entity_type = counted.entity_type
            and bands.band_set = counted.band_set
            and bands.band = counted.band
)

select
    entity_type,
    band_set,
    band,
    band_rank,
    entities,
    conversions,
    {{ safe_divide('conversions', 'entities') }} as conversion_rate,
    {{ safe_divide(safe_divide('conversions', 'entities'), 'overall_rate') }} as lift,
    -- a rate over a handful of entities says little: flag the bands too small to judge
    entities >= {{ var('min_band_size', 30) }} as is_large_enough
from banded
