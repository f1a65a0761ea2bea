{#- Every component's points for every contact and account, in long form: the full explanation of a
    score (entity, dimension, component, points out of budget, coverage, top factor), in the rubric version
    the marts use (var rubric_version). -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
)

select
    components.entity_type,
    components.entity_id,
    as_of.as_of_date,
    components.dimension,
    components.component_group,
    components.component,
    {{ round_score('components.points', 2) }} as points,
    components.budget,
    {{ round_score('components.coverage', 3) }} as coverage,
    components.top_factor_id,
    components.top_factor_tier
from {{ ref('int_scores__components') }} as components
cross join as_of
where components.rubric_version = '{{ active_rubric_version() }}'
