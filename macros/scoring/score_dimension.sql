{#- Score one dimension from its rubric: one row per scored entity and rubric component, with the
    component's points (sum of its factors, capped at the component budget and floored at 0), its
    coverage (share of its factors backed by data) and the factor that contributed most.

    Factors come from seed rubric_factors and are of two kinds:
    - feature factors: the entity's value of a feature falls in one tier of seed rubric_tiers (a category
      or a numeric range); a missing or unrecognised value gets the factor's 'unknown' tier;
    - signal factors: points_each per event of a signal in a window, once the count reaches min_count,
      capped at max_points.
    Every point value comes from the seeds; nothing here is specific to a dimension. rubric picks the
    rubric (see rubric_seed): 'active' for the marts, 'alternate' for the one scored beside it. -#}
{% macro score_dimension(dimension, rubric='active') %}
with

components as (
    select
        dimension,
        component_group,
        component,
        budget
    from {{ rubric_seed('rubric_components', rubric) }}
    where dimension = '{{ dimension }}'
),

factors as (
    select
        factor_id,
        component,
        source_type,
        source,
        window_days,
        min_count,
        points_each,
        max_points
    from {{ rubric_seed('rubric_factors', rubric) }}
    where dimension = '{{ dimension }}'
),

factor_counts as (
    select
        component,
        count(*) as factors_total,
        sum(case when source_type = 'signal' then 1 else 0 end) as signal_factors
    from factors
    group by component
),

tiers as (
    select
        factor_id,
        tier,
        match_value,
        range_min,
        range_max,
        points
    from {{ rubric_seed('rubric_tiers', rubric) }}
),

entities as (
    select
        entity_type,
        entity_id,
        is_tracked
    from {{ ref('int_scoring__entities') }}
),

feature_values as (
    select
        feature_values.entity_type,
        feature_values.entity_id,
        factors.factor_id,
        factors.component,
        factors.max_points,
        feature_values.value_text,
        feature_values.value_number
    from {{ ref('int_features__long') }} as feature_values
    inner join factors
        on
            factors.source_type = 'feature'
            and feature_values.feature = factors.source
),

-- tiers of a factor do not overlap (seed tests), so at most one tier matches a value
matched_tiers as (
    select
        feature_values.entity_type,
        feature_values.entity_id,
        feature_values.factor_id,
        max(tiers.points) as points
    from feature_values
    inner join tiers
        on
            feature_values.factor_id = tiers.factor_id
            and tiers.tier != 'unknown'
            and {{ rubric_value_matches(
                'feature_values.value_text', 'feature_values.value_number',
                'tiers.match_value', 'tiers.range_min', 'tiers.range_max'
            ) }}
    group by feature_values.entity_type, feature_values.entity_id, feature_values.factor_id
),

unknown_tiers as (
    select
        factor_id,
        points
    from tiers
    where tier = 'unknown'
),

feature_points as (
    select
        feature_values.entity_type,
        feature_values.entity_id,
        feature_values.component,
        feature_values.factor_id,
        least(
            feature_values.max_points, coalesce(matched_tiers.points, unknown_tiers.points, 0)
        ) as points,
        case when matched_tiers.points is null then 0 else 1 end as has_data
    from feature_values
    left join matched_tiers
        on
            feature_values.entity_type = matched_tiers.entity_type
            and feature_values.entity_id = matched_tiers.entity_id
            and feature_values.factor_id = matched_tiers.factor_id
    left join unknown_tiers
        on feature_values.factor_id = unknown_tiers.factor_id
),

signal_points as (
    select
        signals.entity_type,
        signals.entity_id,
        factors.component,
        factors.factor_id,
        least(
            factors.max_points,
            {{ signal_window_count('signals', 'factors.window_days') }} * factors.points_each
        ) as points
    from {{ ref('int_signals__long') }} as signals
    inner join factors
        on
            factors.source_type = 'signal'
            and signals.signal = factors.source
    where {{ signal_window_count('signals', 'factors.window_days') }} >= coalesce(factors.min_count, 1)
),

factor_points as (
    select
        entity_type,
        entity_id,
        component,
        factor_id,
        points,
        has_data
    from feature_points
    union all
    select
        entity_type,
        entity_id,
        component,
        factor_id,
        points,
        0 as has_data
    from signal_points
),

ranked_factors as (
    select
        factor_points.*,
        row_number() over (
            partition by entity_type, entity_id, component
            order by points desc, factor_id
        ) as factor_rank
    from factor_points
),

summed as (
    select
        entity_type,
        entity_id,
        component,
        sum(points) as raw_points,
        sum(has_data) as feature_factors_with_data,
        max(case when factor_rank = 1 and points > 0 then factor_id end) as top_factor_id,
        max(case when factor_rank = 1 then points end) as top_factor_points
    from ranked_factors
    group by entity_type, entity_id, component
)

select
    entities.entity_type,
    entities.entity_id,
    components.dimension,
    components.component_group,
    components.component,
    components.budget,
    cast({{ clamp('summed.raw_points', 0, 'components.budget') }} as {{ type_double() }}) as points,
    cast(
        coalesce(summed.feature_factors_with_data, 0)
        + case when entities.is_tracked then factor_counts.signal_factors else 0 end
        as {{ type_double() }}
    ) / factor_counts.factors_total as coverage,
    summed.top_factor_id,
    summed.top_factor_points
from entities
cross join components
inner join factor_counts
    on components.component = factor_counts.component
left join summed
    on
        entities.entity_type = summed.entity_type
        and entities.entity_id = summed.entity_id
        and components.component = summed.component
{% endmacro %}
