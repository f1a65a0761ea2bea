{#- Fails once (one row for the whole seed) when the number of rows satisfying the SQL boolean
    `condition` is below `min_count` or above `max_count`, e.g. a routing seed must hold its ('*', '*')
    fallback row, or ranges must end with one open above. `describe` names the rows in words (default
    the condition). -#}
{% test rubric_rows_exist(
    model, condition, describe=none, min_count=1, max_count=none, rule='rows_exist'
) %}
{{ config(store_failures=true) }}
{%- set text_type = dbt.type_string() -%}
{#- the description may hold quotes: split it into literals joined by chr(39) -#}
{%- set description_parts = [] -%}
{%- for piece in (describe or ('rows where ' ~ condition)).split("'") -%}
    {%- if not loop.first %}{% do description_parts.append("chr(39)") %}{% endif -%}
    {%- do description_parts.append("'" ~ piece ~ "'") -%}
{%- endfor -%}
{%- if max_count is none -%}
    {%- set expectation = 'at least ' ~ min_count -%}
{%- elif min_count == max_count -%}
    {%- set expectation = 'exactly ' ~ min_count -%}
{%- else -%}
    {%- set expectation = 'between ' ~ min_count ~ ' and ' ~ max_count -%}
{%- endif %}

with counted as (
    select
        coalesce(sum(case when ({{ condition }}) then 1 else 0 end), 0) as matching_rows
    from {{ model }}
)

select
    {{ dbt.concat(
        ["'" ~ model.identifier ~ ": found '", "cast(matching_rows as " ~ text_type ~ ")", "' '"]
        + description_parts
        + ["', expected " ~ expectation ~ " (rule: " ~ rule ~ ")'"]
    ) }} as failure
from counted
where
    matching_rows < {{ min_count }}
    {%- if max_count is not none %}
    or matching_rows > {{ max_count }}
    {%- endif %}
{% endtest %}
