{#- Fails once per expected value that no row of the seed has in `column`. -#}
{% test rubric_values_present(model, column, values, rule='values_present') %}
{{ config(store_failures=true) }}
{%- set text_type = dbt.type_string() %}

with expected as (
    {%- for value in values %}
    select '{{ value }}' as expected_value
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

present as (
    select distinct cast({{ column }} as {{ text_type }}) as present_value
    from {{ model }}
)

select
    {{ dbt.concat([
        "'" ~ model.identifier ~ ": no row has " ~ column ~ " '",
        "chr(39)",
        "expected.expected_value",
        "chr(39)",
        "'; each of " ~ values | join(', ') ~ " must be present (rule: " ~ rule ~ ")'",
    ]) }} as failure
from expected
left join present
    on expected.expected_value = present.present_value
where present.present_value is null
{% endtest %}
