{#- Which tier of the rubric version in use (var rubric_version) each feature factor of each entity falls in ('unknown' when its
    value is missing or matches no tier): the matching score_components does, kept with the tier's name.
    `scoring calibrate` learns new tier points from these and the outcomes; nothing scores from here,
    so it is a view: a daily build does not pay for it, calibrate computes it when it reads it. -#}
{{ config(materialized='view') }}
with

factors as (
    select
        factor_id,
        dimension,
        component,
        source
    from {{ rubric_rows('rubric_factors') }} as rubric_factors
    where source_type = 'feature'
),

tiers as (
    select
        factor_id,
        tier,
        match_value,
        range_min,
        range_max
    from {{ rubric_rows('rubric_tiers') }} as rubric_tiers
    where tier != 'unknown'
),

feature_values as (
    select
        feature_values.entity_type,
        feature_values.entity_id,
        factors.factor_id,
        factors.dimension,
        factors.component,
        feature_values.value_text,
        feature_values.value_number
    from {{ ref('int_features__long') }} as feature_values
    inner join factors
        on feature_values.feature = factors.source
),

-- tiers of a factor do not overlap (seed tests), so at most one tier matches a value
matched as (
    select
        feature_values.entity_type,
        feature_values.entity_id,
        feature_values.factor_id,
        max(tiers.tier) as tier
    from feature_values
    inner join tiers
        on
            feature_values.factor_id = tiers.factor_id
            and {{ rubric_value_matches(
                'feature_values.value_text', 'feature_values.value_number',
                'tiers.match_value', 'tiers.range_min', 'tiers.range_max'
            ) }}
    group by feature_values.entity_type, feature_values.entity_id, feature_values.factor_id
)

select
    feature_values.entity_type,
    feature_values.entity_id,
    feature_values.dimension,
    feature_values.component,
    feature_values.factor_id,
    coalesce(matched.tier, 'unknown') as tier
from feature_values
left join matched
    on
        feature_values.entity_type = matched.entity_type
        and feature_values.entity_id = matched.entity_id
        and feature_values.factor_id = matched.factor_id
