{#- Fails once per expected value that no row of the seed has in `column` (per group of `group_by`,
    e.g. per rubric version, when given). -#}
{% test rubric_values_present(model, column, values, group_by=none, rule='values_present') %}
{{ config(store_failures=true) }}
{%- set text_type = dbt.type_string() %}
{%- set group_by = group_by or [] %}
{%- set group_parts = [] %}
{%- for key in group_by %}
    {%- do group_parts.append("'" ~ key ~ " '") %}
    {%- do group_parts.append("chr(39)") %}
    {%- do group_parts.append("coalesce(cast(groups." ~ key ~ " as " ~ text_type ~ "), 'null')") %}
    {%- do group_parts.append("chr(39)") %}
    {%- do group_parts.append("': '") %}
{%- endfor %}

with expected as (
    {%- for value in values %}
    select '{{ value }}' as expected_value
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

groups as (
    select distinct
        {%- for key in group_by %}
        {{ key }},
        {%- endfor %}
        1 as one_group
    from {{ model }}
),

present as (
    select distinct
        {%- for key in group_by %}
        {{ key }},
        {%- endfor %}
        cast({{ column }} as {{ text_type }}) as present_value
    from {{ model }}
)

select
    {{ dbt.concat(
        ["'" ~ model.identifier ~ ": '"] + group_parts + [
        "'no row has " ~ column ~ " '",
        "chr(39)",
        "expected.expected_value",
        "chr(39)",
        "'; each of " ~ values | join(', ') ~ " must be present (rule: " ~ rule ~ ")'",
    ]) }} as failure
from groups
cross join expected
left join present
    on
        expected.expected_value = present.present_value
        {%- for key in group_by %}
        and groups.{{ key }} = present.{{ key }}
        {%- endfor %}
where present.present_value is null
{% endtest %}
