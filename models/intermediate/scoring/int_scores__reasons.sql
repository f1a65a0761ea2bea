{#- Why an entity scores what it does: its three components that add most to the composite (lifecycle
    weight x points), each named with the factor that earned the most points, and its largest risk
    component. -#}
with

entities as (
    select
        entity_type,
        entity_id,
        lifecycle_stage
    from {{ ref('int_scoring__entities') }}
),

components as (
    select * from {{ ref('int_scores__components') }}
    where points > 0
),

weights as (
    select * from {{ ref('composite_weights') }}
),

component_labels as (
    select
        dimension,
        component,
        label
    from {{ ref('rubric_components') }}
),

factor_labels as (
    select
        factor_id,
        label
    from {{ ref('rubric_factors') }}
),

described as (
    select
        components.entity_type,
        components.entity_id,
        components.dimension,
        components.component,
        components.points,
        coalesce(weights.weight, 0) * components.points as contribution,
        {{ dbt.concat([
            "component_labels.label",
            "coalesce(" ~ dbt.concat(["': '", "factor_labels.label"]) ~ ", '')",
            "' (+'",
            "cast(cast(round(components.points) as " ~ dbt.type_int() ~ ") as " ~ dbt.type_string() ~ ")",
            "' '",
            "components.dimension",
            "')'",
        ]) }} as reason
    from components
    inner join entities
        on
            components.entity_type = entities.entity_type
            and components.entity_id = entities.entity_id
    left join weights
        on
            entities.lifecycle_stage = weights.lifecycle_stage
            and components.dimension = weights.dimension
    inner join component_labels
        on
            components.dimension = component_labels.dimension
            and components.component = component_labels.component
    left join factor_labels
        on components.top_factor_id = factor_labels.factor_id
),

ranked as (
    select
        described.*,
        row_number() over (
            partition by
                described.entity_type,
                described.entity_id,
                case when described.dimension = 'risk' then 1 else 0 end
            order by
                described.contribution desc,
                described.points desc,
                described.dimension asc,
                described.component asc
        ) as reason_rank
    from described
)

select
    entities.entity_type,
    entities.entity_id,
    max(case when ranked.dimension != 'risk' and ranked.reason_rank = 1 then ranked.reason end) as top_reason_1,
    max(case when ranked.dimension != 'risk' and ranked.reason_rank = 2 then ranked.reason end) as top_reason_2,
    max(case when ranked.dimension != 'risk' and ranked.reason_rank = 3 then ranked.reason end) as top_reason_3,
    max(case when ranked.dimension = 'risk' and ranked.reason_rank = 1 then ranked.reason end) as top_risk_reason
from entities
left join ranked
    on
        entities.entity_type = ranked.entity_type
        and entities.entity_id = ranked.entity_id
group by entities.entity_type, entities.entity_id
