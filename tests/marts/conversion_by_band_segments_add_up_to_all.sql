{#- Every prospect counts once in segment 'all' and once in its own segment: per entity type, band set
    and band, the segments' entities and conversions add up to the 'all' row. -#}
with

rows_by_segment as (
    select
        entity_type,
        band_set,
        band,
        sum(case when segment = 'all' then entities else 0 end) as all_entities,
        sum(case when segment != 'all' then entities else 0 end) as segment_entities,
        sum(case when segment = 'all' then conversions else 0 end) as all_conversions,
        sum(case when segment != 'all' then conversions else 0 end) as segment_conversions
    from {{ ref('conversion_by_band') }}
    group by entity_type, band_set, band
)

select *
from rows_by_segment
where
    all_entities != segment_entities
    or all_conversions != segment_conversions
