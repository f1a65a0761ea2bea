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
    select * from {{ rubric_seed('composite_weights') }}
),

component_labels as (
    select
        dimension,
        component,
        label
    from {{ rubric_seed('rubric_components') }}
),

factor_labels as (
    select
        factor_id,
        label
    from {{ rubric_seed('rubric_factors') }}
),

weighted as (
    select
        components.entity_type,
        components.entity_id,
        components.dimension,
        components.component,
        components.points,
        components.top_factor_id,
        coalesce(weights.weight, 0) * components.points as contribution
    from components
    inner join entities
        on
            components.entity_type = entities.entity_type
            and components.entity_id = entities.entity_id
    left join weights
        on
            entities.lifecycle_stage = weights.lifecycle_stage
            and components.dimension = weights.dimension
),

ranked as (
    select
        weighted.*,
        row_number() over (
            partition by
                weighted.entity_type,
                weighted.entity_id,
                case when weighted.dimension = 'risk' then 1 else 0 end
            order by
                weighted.contribution desc,
                weighted.points desc,
                weighted.dimension asc,
                weighted.component asc
        ) as reason_rank
    from weighted
),

-- the reason text only for the components shown (most have a rank past 3)
described as (
    select
        ranked.entity_type,
        ranked.entity_id,
        ranked.dimension,
        ranked.reason_rank,
        {{ dbt.concat([
            "component_labels.label",
            "coalesce(" ~ dbt.concat(["': '", "factor_labels.label"]) ~ ", '')",
            "' (+'",
            "cast(cast(round(ranked.points) as " ~ dbt.type_int() ~ ") as " ~ dbt.type_string() ~ ")",
            "' '",
            "ranked.dimension",
            "')'",
        ]) }} as reason
    from ranked
    inner join component_labels
        on
            ranked.dimension = component_labels.dimension
            and ranked.component = component_labels.component
    left join factor_labels
        on ranked.top_factor_id = factor_labels.factor_id
    where ranked.reason_rank <= 3
)

select
    entities.entity_type,
    entities.entity_id,
    max(case when described.dimension != 'risk' and described.reason_rank = 1 then described.reason end) as top_reason_1,
    max(case when described.dimension != 'risk' and described.reason_rank = 2 then described.reason end) as top_reason_2,
    max(case when described.dimension != 'risk' and described.reason_rank = 3 then described.reason end) as top_reason_3,
    max(case when described.dimension = 'risk' and described.reason_rank = 1 then described.reason end) as top_risk_reason
from entities
left join described
    on
        entities.entity_type = described.entity_type
        and entities.entity_id = described.entity_id
group by entities.entity_type, entities.entity_id
