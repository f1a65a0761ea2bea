{#- Time decay: the dimensions in var('decay_dimensions') (intent and engagement) lose var('decay_rate')
    (25%) per full var('decay_period_days') (30) without new activity, never below var('decay_floor')
    times their undecayed value. No activity in the whole 365-day signal window counts as 365 days.
    A lead inactive var('stale_lead_days') (90) days or more is stale: it can never be Hot.
    Exempt from decay and never stale (is_decay_exempt): an entity whose activity is undated
    (int_entities__activity.is_activity_undated: its dates are made up), and every entity when the
    data has no dated activity at all (no row in int_entities__activity, or only undated ones: a
    lead table without dates, whose lead with no activity count has no date to be inactive since).
    One row per rubric version and entity, as in the dimension scores. -#}
{% macro decay_dimensions(dimensions_relation) %}
{%- set dimensions = ['fit', 'intent', 'engagement', 'success', 'growth', 'risk'] -%}
{%- set decayed = var('decay_dimensions', ['intent', 'engagement']) -%}
with

dimensions as (
    select * from {{ dimensions_relation }}
),

activity as (
    select
        entity_type,
        entity_id,
        days_since_last_activity,
        is_activity_undated
    from {{ ref('int_entities__activity') }}
),

dated_activity as (
    select count(*) as entities_with_dated_activity
    from activity
    where not coalesce(is_activity_undated, false)
),

inactivity as (
    select
        dimensions.rubric_version,
        dimensions.entity_type,
        dimensions.entity_id,
        coalesce(activity.days_since_last_activity, 365) as days_inactive,
        (
            coalesce(activity.is_activity_undated, false)
            or dated_activity.entities_with_dated_activity = 0
        ) as is_decay_exempt
    from dimensions
    cross join dated_activity
    left join activity
        on
            dimensions.entity_type = activity.entity_type
            and dimensions.entity_id = activity.entity_id
),

factors as (
    select
        rubric_version,
        entity_type,
        entity_id,
        days_inactive,
        is_decay_exempt,
        case
            when not is_decay_exempt then floor(days_inactive / {{ var('decay_period_days', 30) }})
            else 0
        end as decay_periods,
        case
            when is_decay_exempt then cast(1 as {{ type_double() }})
            else greatest(
                cast({{ var('decay_floor', 0.0) }} as {{ type_double() }}),
                power(
                    1 - cast({{ var('decay_rate', 0.25) }} as {{ type_double() }}),
                    floor(days_inactive / {{ var('decay_period_days', 30) }})
                )
            )
        end as decay_factor
    from inactivity
)

select
    dimensions.rubric_version,
    dimensions.entity_type,
    dimensions.entity_id,
    {%- for dimension in dimensions %}
        {%- if dimension in decayed %}
            {{ round_score('dimensions.' ~ dimension ~ '_score * factors.decay_factor') }} as {{ dimension }}_score,
        {%- else %}
            dimensions.{{ dimension }}_score,
        {%- endif %}
        dimensions.{{ dimension }}_score as {{ dimension }}_score_undecayed,
        dimensions.{{ dimension }}_coverage,
    {%- endfor %}
    dimensions.is_disqualified,
    dimensions.disqualification_reason,
    factors.days_inactive,
    cast(factors.decay_periods as {{ dbt.type_int() }}) as decay_periods,
    {{ round_score('factors.decay_factor', 4) }} as decay_factor,
    not factors.is_decay_exempt and factors.days_inactive >= {{ var('stale_lead_days', 90) }} as is_stale,
    factors.is_decay_exempt
from dimensions
inner join factors
    on
        dimensions.rubric_version = factors.rubric_version
        and dimensions.entity_type = factors.entity_type
        and dimensions.entity_id = factors.entity_id
{% endmacro %}
