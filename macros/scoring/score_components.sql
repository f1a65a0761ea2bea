{#- Score every dimension of a rubric in one pass: one row per scored entity and rubric component, with
    the component's points (sum of its factors, capped at the component budget and floored at 0), its
    coverage (share of its factors backed by data) and the factor that contributed most.

    Factors come from seed rubric_factors and are of two kinds:
    - feature factors: the entity's value of a feature falls in one tier of seed rubric_tiers (a category
      or a numeric range); a missing or unrecognised value gets the factor's 'unknown' tier;
    - signal factors: points_each per event of a signal in a window, once the count reaches min_count,
      capped at max_points.
    Every point value comes from the seeds; nothing here is specific to a dimension. All six dimensions
    are scored together, so the long feature and signal tables are joined to the rubric once per rubric
    instead of once per dimension. The per-entity rows carry small integer keys for the component and
    the factor (numbered from the seeds), not their names: the aggregate over millions of factor rows
    then holds a fraction of the memory, and the names are joined back on the result.
    The aggregate runs in var('scoring_component_batches') batches of components (by component key
    modulo the count), one after the other, so that fewer entity x component groups are in memory at
    once: DuckDB keeps one aggregate state per input row when its groups outnumber its in-memory table,
    and a million contacts x 29 components in one aggregate did not fit a 4GB memory limit.
    Every rubric version scored in this build (model int_scoring__rubrics: the active one and the
    challenger beside it) is scored in the same pass: components and factors are numbered across the
    versions, and the rows carry rubric_version. -#}
{% macro score_components() %}
{%- set batches = var('scoring_component_batches', 4) | int %}
with

components as (
    select
        rubric_version,
        dimension,
        component_group,
        component,
        budget,
        row_number() over (order by rubric_version, dimension, component) as component_key
    from {{ rubric_rows('rubric_components', 'scored') }} as rubric_components
),

factors as (
    select
        factors.rubric_version,
        factors.factor_id,
        components.component_key,
        factors.source_type,
        factors.source,
        factors.window_days,
        factors.min_count,
        factors.points_each,
        factors.max_points,
        -- numbered in factor_id order, so the lowest key is the lowest id (top factor tie-break)
        row_number() over (order by factors.rubric_version, factors.factor_id) as factor_key
    from {{ rubric_rows('rubric_factors', 'scored') }} as factors
    inner join components
        on
            factors.rubric_version = components.rubric_version
            and factors.dimension = components.dimension
            and factors.component = components.component
),

factor_counts as (
    select
        component_key,
        count(*) as factors_total,
        sum(case when source_type = 'signal' then 1 else 0 end) as signal_factors
    from factors
    group by component_key
),

-- each tier keyed by its factor's key, which is unique across the versions
tiers as (
    select
        factors.factor_key,
        rubric_tiers.tier,
        rubric_tiers.match_value,
        rubric_tiers.range_min,
        rubric_tiers.range_max,
        rubric_tiers.points
    from {{ rubric_rows('rubric_tiers', 'scored') }} as rubric_tiers
    inner join factors
        on
            rubric_tiers.rubric_version = factors.rubric_version
            and rubric_tiers.factor_id = factors.factor_id
),

-- a factor's tiers are all categories or all ranges, without overlaps (seed tests), so a value
-- matches at most one of them: an equi-join for categories, a range join for numbers
category_tiers as (
    select
        factor_key,
        tier,
        match_value,
        points
    from tiers
    where tier != 'unknown' and match_value is not null
),

range_tiers as (
    select
        factor_key,
        tier,
        range_min,
        range_max,
        points
    from tiers
    where tier != 'unknown' and match_value is null
),

unknown_tiers as (
    select
        factor_key,
        tier,
        points
    from tiers
    where tier = 'unknown'
),

entities as (
    select
        entity_type,
        entity_id,
        is_tracked
    from {{ ref('int_scoring__entities') }}
),

{#- the factor rows and their aggregate, once per batch of components (see the macro's notes) #}
{%- for batch in range(batches) %}

feature_values_{{ batch }} as (
    select
        feature_values.entity_type,
        feature_values.entity_id,
        factors.component_key,
        factors.factor_key,
        factors.max_points,
        feature_values.value_text,
        feature_values.value_number
    from {{ ref('int_features__long') }} as feature_values
    inner join factors
        on
            factors.source_type = 'feature'
            and feature_values.feature = factors.source
            {%- if batches > 1 %}
            and {{ component_batch('factors.component_key', batches) }} = {{ batch }}
            {%- endif %}
),

feature_points_{{ batch }} as (
    select
        feature_values.entity_type,
        feature_values.entity_id,
        feature_values.component_key,
        feature_values.factor_key,
        least(
            feature_values.max_points,
            coalesce(category_tiers.points, range_tiers.points, unknown_tiers.points, 0)
        ) as points,
        case
            when category_tiers.factor_key is null and range_tiers.factor_key is null then 0 else 1
        end as has_data,
        coalesce(category_tiers.tier, range_tiers.tier, unknown_tiers.tier) as tier
    from feature_values_{{ batch }} as feature_values
    left join category_tiers
        on
            feature_values.factor_key = category_tiers.factor_key
            and feature_values.value_text = category_tiers.match_value
    left join range_tiers
        on
            feature_values.factor_key = range_tiers.factor_key
            -- an open bound as a huge number: plain comparisons plan as a range join, an `or` does not
            and feature_values.value_number >= coalesce(range_tiers.range_min, {{ open_bound('-') }})
            and feature_values.value_number < coalesce(range_tiers.range_max, {{ open_bound('+') }})
    left join unknown_tiers
        on feature_values.factor_key = unknown_tiers.factor_key
),

signal_points_{{ batch }} as (
    select
        signals.entity_type,
        signals.entity_id,
        factors.component_key,
        factors.factor_key,
        least(
            factors.max_points,
            {{ signal_window_count('signals', 'factors.window_days') }} * factors.points_each
        ) as points
    from {{ ref('int_signals__long') }} as signals
    inner join factors
        on
            factors.source_type = 'signal'
            and signals.signal = factors.source
            {%- if batches > 1 %}
            and {{ component_batch('factors.component_key', batches) }} = {{ batch }}
            {%- endif %}
    where {{ signal_window_count('signals', 'factors.window_days') }} >= coalesce(factors.min_count, 1)
),

factor_points_{{ batch }} as (
    select
        entity_type,
        entity_id,
        component_key,
        factor_key,
        points,
        has_data,
        tier,
        cast(null as {{ dbt.type_int() }}) as is_tracked
    from feature_points_{{ batch }}
    union all
    select
        entity_type,
        entity_id,
        component_key,
        factor_key,
        points,
        0 as has_data,
        cast(null as {{ dbt.type_string() }}) as tier,
        cast(null as {{ dbt.type_int() }}) as is_tracked
    from signal_points_{{ batch }}
    union all
    -- one empty row per entity and component, so that the aggregate below has every pair and no
    -- join of its millions of rows back to the entities is needed (null points count nowhere)
    select
        entities.entity_type,
        entities.entity_id,
        components.component_key,
        null as factor_key,
        null as points,
        0 as has_data,
        cast(null as {{ dbt.type_string() }}) as tier,
        case when entities.is_tracked then 1 else 0 end as is_tracked
    from entities
    cross join components
    {%- if batches > 1 %}
    where {{ component_batch('components.component_key', batches) }} = {{ batch }}
    {%- endif %}
),

-- one aggregate per entity and component, whose states all have a fixed size, so it spills to disk
-- when it outgrows memory; the top factor is an aggregate too (macro top_by), not a window
summed_{{ batch }} as (
    select
        entity_type,
        entity_id,
        component_key,
        sum(points) as raw_points,
        sum(has_data) as feature_factors_with_data,
        max(points) as top_factor_points,
        {{ top_by('factor_key', 'points', 'factor_key') }} as top_factor_key,
        {{ top_by('tier', 'points', 'factor_key') }} as top_factor_tier,
        max(is_tracked) as is_tracked
    from factor_points_{{ batch }}
    group by entity_type, entity_id, component_key
    -- only the scored entities (those with an empty row)
    having max(is_tracked) is not null
),
{%- endfor %}

summed as (
{%- for batch in range(batches) %}
    select * from summed_{{ batch }}
    {%- if not loop.last %}
    union all
    {%- endif %}
{%- endfor %}
)

select
    components.rubric_version,
    summed.entity_type,
    summed.entity_id,
    components.dimension,
    components.component_group,
    components.component,
    components.budget,
    cast({{ clamp('summed.raw_points', 0, 'components.budget') }} as {{ type_double() }}) as points,
    cast(
        summed.feature_factors_with_data + summed.is_tracked * factor_counts.signal_factors
        as {{ type_double() }}
    ) / factor_counts.factors_total as coverage,
    case when summed.top_factor_points > 0 then top_factors.factor_id end as top_factor_id,
    case when summed.top_factor_points > 0 then summed.top_factor_tier end as top_factor_tier,
    summed.top_factor_points
from summed
inner join components
    on summed.component_key = components.component_key
inner join factor_counts
    on summed.component_key = factor_counts.component_key
left join factors as top_factors
    on summed.top_factor_key = top_factors.factor_key
{% endmacro %}

{#- Which of n batches a component is scored in (its integer key modulo n). -#}
{% macro component_batch(component_key, batches) -%}
    mod({{ component_key }}, {{ batches }})
{%- endmacro %}
