{#- True when a feature value falls in a rubric row: an equal category (match_value), or for numbers a
    half-open range [range_min, range_max) where a null bound is open. -#}
{% macro rubric_value_matches(value_text, value_number, match_value, range_min, range_max) -%}
    (
        ({{ match_value }} is not null and {{ value_text }} = {{ match_value }})
        or (
            {{ match_value }} is null
            and {{ value_number }} is not null
            and ({{ range_min }} is null or {{ value_number }} >= {{ range_min }})
            and ({{ range_max }} is null or {{ value_number }} < {{ range_max }})
        )
    )
{%- endmacro %}
