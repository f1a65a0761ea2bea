{#- Negative rules (seed rubric_adjustments) that hit an entity: competitor domain, student title,
    personal email, unsubscribe... Each names the dimension it deducts from and whether it disqualifies;
    one row per rubric version scored in this build (model int_scoring__rubrics) whose rule hits. -#}
{% macro adjustment_hits() %}
with

rules as (
    select * from {{ rubric_rows('rubric_adjustments', 'scored') }} as rubric_adjustments
),

features as (
    select * from {{ ref('int_features__long') }}
)

select
    rules.rubric_version,
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
