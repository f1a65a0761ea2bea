{#- Negative rules (seed rubric_adjustments) that hit an entity: competitor domain, student title,
    personal email, unsubscribe... Each names the dimension it deducts from and whether it disqualifies. -#}
{% macro adjustment_hits(rubric='active') %}
with

rules as (
    select * from {{ rubric_seed('rubric_adjustments', rubric) }}
),

features as (
    select * from {{ ref('int_features__long') }}
)

select
    features.entity_type,
    features.entity_id,
    rules.rule_id,
    rules.dimension,
    rules.points,
    rules.disqualifies,
    rules.label
from features
inner join rules
    on
        features.feature = rules.feature
        and {{ rubric_value_matches(
            'features.value_text', 'features.value_number',
            'rules.match_value', 'rules.range_min', 'rules.range_max'
        ) }}
{% endmacro %}
