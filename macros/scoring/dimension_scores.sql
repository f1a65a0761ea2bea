{#- The six dimension scores per entity: component points plus negative adjustments, clamped to 0-100
    (so a re-engaged lead can always climb back), each with its coverage (share of the budget backed by
    data), and whether a disqualifying rule hit; per rubric version (each version's components and
    rules apart). -#}
{% macro dimension_scores(components, adjustments) %}
{%- set dimensions = ['fit', 'intent', 'engagement', 'success', 'growth', 'risk'] -%}
with

components as (
    select * from {{ components }}
),

adjustments as (
    select * from {{ adjustments }}
),

component_totals as (
    select
        rubric_version,
        entity_type,
        entity_id,
        dimension,
        sum(points) as component_points,
        sum(budget * coverage) / sum(budget) as coverage
    from components
    group by rubric_version, entity_type, entity_id, dimension
),

adjustment_totals as (
    select
        rubric_version,
        entity_type,
        entity_id,
        dimension,
        sum(points) as adjustment_points
    from adjustments
    group by rubric_version, entity_type, entity_id, dimension
),

disqualifications as (
    select
        rubric_version,
        entity_type,
        entity_id,
        min(label) as disqualification_reason
    from adjustments
    where disqualifies
    group by rubric_version, entity_type, entity_id
),

dimension_scores as (
    select
        component_totals.rubric_version,
        component_totals.entity_type,
        component_totals.entity_id,
        component_totals.dimension,
        {{ clamp('component_totals.component_points + coalesce(adjustment_totals.adjustment_points, 0)', 0, 100) }}
            as score,
        component_totals.coverage
    from component_totals
    left join adjustment_totals
        on
            component_totals.rubric_version = adjustment_totals.rubric_version
            and component_totals.entity_type = adjustment_totals.entity_type
            and component_totals.entity_id = adjustment_totals.entity_id
            and component_totals.dimension = adjustment_totals.dimension
),

pivoted as (
    select
        rubric_version,
        entity_type,
        entity_id,
    {%- for dimension in dimensions %}
        max(case when dimension = '{{ dimension }}' then score end) as {{ dimension }}_score,
        max(case when dimension = '{{ dimension }}' then coverage end) as {{ dimension }}_coverage
        {{- "," if not loop.last }}
    {%- endfor %}
    from dimension_scores
    group by rubric_version, entity_type, entity_id
)

select
    pivoted.rubric_version,
    pivoted.entity_type,
    pivoted.entity_id,
    {%- for dimension in dimensions %}
        {{ round_score('pivoted.' ~ dimension ~ '_score') }} as {{ dimension }}_score,
        {{ round_score('pivoted.' ~ dimension ~ '_coverage', 3) }} as {{ dimension }}_coverage,
    {%- endfor %}
    disqualifications.entity_id is not null as is_disqualified,
    disqualifications.disqualification_reason
from pivoted
left join disqualifications
    on
        pivoted.rubric_version = disqualifications.rubric_version
        and pivoted.entity_type = disqualifications.entity_type
        and pivoted.entity_id = disqualifications.entity_id
{% endmacro %}
