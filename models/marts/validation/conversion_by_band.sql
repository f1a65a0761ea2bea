{#- Does the score predict? For prospects scored on the as-of date, per band of the composite and of the
    Total score (every band listed, empty ones with 0), overall (segment 'all') and per company-size
    segment: how many there were, how many converted (their account won a new-business deal within the
    outcome horizon), the rate, the lift over the overall rate of the same entity type and segment, and
    the playbook's expected range (seed expected_conversion_rates) with pass/fail. Bands with fewer than
    var('min_band_size') (30) entities are flagged and never judged: their rate is noise. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

scores as (
    select
        entity_type,
        entity_id,
        account_id,
        composite_band,
        total_band
    from {{ ref('int_scores__composite') }}
    where lifecycle_stage = 'prospect' and rubric_version = '{{ active_rubric_version() }}'
),

conversions as (
    select * from {{ ref('int_outcomes__conversions') }}
),

account_segments as (
    select * from {{ ref('int_accounts__segments') }}
),

labelled as (
    select
        scores.entity_type,
        coalesce(account_segments.segment, 'unknown') as segment,
        scores.composite_band,
        scores.total_band,
        conversions.converted
    from scores
    inner join conversions
        on
            scores.entity_type = conversions.entity_type
            and scores.entity_id = conversions.entity_id
    left join account_segments
        on scores.account_id = account_segments.account_id
),

-- every entity counts once in segment 'all' and once in its own segment
segmented as (
    select
        entity_type,
        'all' as segment,
        composite_band,
        total_band,
        converted
    from labelled
    union all
    select
        entity_type,
        segment,
        composite_band,
        total_band,
        converted
    from labelled
),

counted as (
    select
        entity_type,
        segment,
        'composite' as band_set,
        composite_band as band,
        count(*) as entities,
        cast(sum(converted) as {{ dbt.type_bigint() }}) as conversions
    from segmented
    group by entity_type, segment, composite_band
    union all
    select
        entity_type,
        segment,
        'total' as band_set,
        total_band as band,
        count(*) as entities,
        cast(sum(converted) as {{ dbt.type_bigint() }}) as conversions
    from segmented
    group by entity_type, segment, total_band
),

overall as (
    select
        entity_type,
        segment,
        {{ safe_divide('sum(converted)', 'count(*)') }} as overall_rate
    from segmented
    group by entity_type, segment
),

bands as (
    select
        band_set,
        band,
        band_rank
    from {{ rubric_rows('score_bands') }} as score_bands
    where band_set in ('composite', 'total')
),

expected as (
    select
        band_set,
        band,
        min_rate,
        max_rate
    from {{ ref('expected_conversion_rates') }}
),

banded as (
    select
        overall.entity_type,
        overall.segment,
        overall.overall_rate,
        bands.band_set,
        bands.band,
        bands.band_rank,
        coalesce(counted.entities, 0) as entities,
        coalesce(counted.conversions, 0) as conversions,
        {{ safe_divide('coalesce(counted.conversions, 0)', 'coalesce(counted.entities, 0)') }} as conversion_rate,
        expected.min_rate as expected_min_rate,
        expected.max_rate as expected_max_rate,
        expected.band is not null as has_expectation
    from overall
    cross join bands
    left join counted
        on
            overall.entity_type = counted.entity_type
            and overall.segment = counted.segment
            and bands.band_set = counted.band_set
            and bands.band = counted.band
    left join expected
        on
            bands.band_set = expected.band_set
            and bands.band = expected.band
)

select
    as_of.as_of_date,
    banded.entity_type,
    banded.segment,
    banded.band_set,
    banded.band,
    banded.band_rank,
    banded.entities,
    banded.conversions,
    banded.conversion_rate,
    {{ safe_divide('banded.conversion_rate', 'banded.overall_rate') }} as lift,
    -- a rate over a handful of entities says little: flag the bands too small to judge
    banded.entities >= {{ var('min_band_size', 30) }} as is_large_enough,
    banded.expected_min_rate,
    banded.expected_max_rate,
    case
        when not banded.has_expectation then 'none'
        when banded.entities < {{ var('min_band_size', 30) }} then 'too_small'
        when
            banded.conversion_rate >= banded.expected_min_rate
            and (banded.expected_max_rate is null or banded.conversion_rate < banded.expected_max_rate)
            then 'pass'
        else 'fail'
    end as expectation_status
from banded
cross join as_of
