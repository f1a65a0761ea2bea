{#- Why an entity scores what it does: its three components that add most to the composite (lifecycle
    weight x points), each named with the factor that earned the most points and the tier its value
    fell in, and its largest risk component. -#}
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
    where points > 0 and rubric_version = '{{ active_rubric_version() }}'
),

weights as (
    select * from {{ rubric_rows('composite_weights') }} as composite_weights
),

-- numbered in (dimension, component) order: the ranking's last tie-break
component_labels as (
    select
        dimension,
        component,
        label,
        row_number() over (order by dimension, component) as component_key
    from {{ rubric_rows('rubric_components') }} as rubric_components
),

factor_labels as (
    select
        factor_id,
        label
    from {{ rubric_rows('rubric_factors') }} as rubric_factors
),

weighted as (
    select
        components.entity_type,
        components.entity_id,
        case when components.dimension = 'risk' then 1 else 0 end as is_risk,
        component_labels.component_key,
        components.points,
        components.top_factor_id,
        components.top_factor_tier,
        coalesce(weights.weight, 0) * components.points as contribution
    from components
    inner join entities
        on
            components.entity_type = entities.entity_type
            and components.entity_id = entities.entity_id
    inner join component_labels
        on
            components.dimension = component_labels.dimension
            and components.component = component_labels.component
    left join weights
        on
            entities.lifecycle_stage = weights.lifecycle_stage
            and components.dimension = weights.dimension
),

-- per entity, its three components with the largest contribution (then points, then rubric order),
-- and apart from them its three largest risk components (only the first is shown)
ranked as (
    {{ top_n_per_group(
        'weighted',
        group_by=['entity_type', 'entity_id', 'is_risk'],
        order_desc=['contribution', 'points'],
        tie_asc='component_key',
        columns=['component_key', 'points', 'top_factor_id', 'top_factor_tier'],
        n=3,
    ) | indent(4) }}
),

-- the reason text only for the components shown (most have a rank past 3)
described as (
    select
        ranked.entity_type,
        ranked.entity_id,
        component_labels.dimension,
        ranked.row_rank as reason_rank,
        {#- "Component: Factor = tier (+N dim)"; the factor's label is left out when it is the
            component's (a learned factor is its own component) -#}
        {{ dbt.concat([
            "component_labels.label",
            "case when factor_labels.label is not null and factor_labels.label != component_labels.label"
            ~ " then " ~ dbt.concat(["': '", "factor_labels.label"]) ~ " else '' end",
            "coalesce(" ~ dbt.concat(["' = '", "ranked.top_factor_tier"]) ~ ", '')",
            "' (+'",
            "cast(cast(round(ranked.points) as " ~ dbt.type_int() ~ ") as " ~ dbt.type_string() ~ ")",
            "' '",
            "component_labels.dimension",
            "')'",
        ]) }} as reason
    from ranked
    inner join component_labels
        on ranked.component_key = component_labels.component_key
    left join factor_labels
        on ranked.top_factor_id = factor_labels.factor_id
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
