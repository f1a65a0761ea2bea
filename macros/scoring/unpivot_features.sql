{#- Turn a wide feature table (one row per entity) into long form: one row per entity and feature with
    value_text and value_number, nulls kept so a missing value reaches the rubric's unknown tier.
    Portable: a union of one select per feature instead of an engine-specific UNPIVOT. -#}
{% macro unpivot_features(relation, entity_type, id_column) %}
    {%- set features = scoring_features() -%}
    {%- for feature in features['text'] %}
    select
        '{{ entity_type }}' as entity_type,
        {{ id_column }} as entity_id,
        '{{ feature }}' as feature,
        cast({{ feature }} as {{ dbt.type_string() }}) as value_text,
        cast(null as {{ type_double() }}) as value_number
    from {{ relation }}
    union all
    {%- endfor %}
    {%- for feature in features['number'] %}
    select
        '{{ entity_type }}' as entity_type,
        {{ id_column }} as entity_id,
        '{{ feature }}' as feature,
        cast(null as {{ dbt.type_string() }}) as value_text,
        cast({{ feature }} as {{ type_double() }}) as value_number
    from {{ relation }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
{% endmacro %}
