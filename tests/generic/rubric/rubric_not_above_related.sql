{#- Fails once per row (optionally filtered) whose `column` is above `field` of the row of `to` it
    joins to on `join_columns` (same names on both sides), e.g. a tier's points above its factor's
    max_points. Rows without a match in `to` are left to a rubric_has_related test. -#}
{% test rubric_not_above_related(
    model, column, to, field, join_columns, key_columns, row_filter=none,
    rule='not_above_related'
) %}
{{ config(store_failures=true) }}
{%- set text_type = dbt.type_string() -%}
{%- set number_text -%}
    case
        when {x} is null then 'null'
        when
            cast({x} as {t}) like '%.%'
            and translate(cast({x} as {t}), '0123456789.-', '') = ''
            then regexp_replace(regexp_replace(cast({x} as {t}), '0+$', ''), '[.]$', '')
        else cast({x} as {t})
    end
{%- endset -%}
{%- set number_text = number_text | replace('{t}', text_type) -%}
{%- set key_parts = [] -%}
{%- for key in key_columns -%}
    {%- do key_parts.append("'" ~ (", " if not loop.first else "") ~ key ~ "='") -%}
    {%- do key_parts.append(
        "case when " ~ key ~ " is null then 'null' else "
        ~ dbt.concat(["chr(39)", number_text | replace('{x}', key), "chr(39)"]) ~ " end"
    ) -%}
{%- endfor %}

with checked_rows as (
    select
        {%- for join_column in join_columns %}
        {{ join_column }} as join_key_{{ loop.index }},
        {%- endfor %}
        {{ column }} as checked_value,
        {{ dbt.concat(key_parts) }} as row_key
    from {{ model }}
    {%- if row_filter %}
    where {{ row_filter }}
    {%- endif %}
),

limits as (
    select
        {%- for join_column in join_columns %}
        {{ join_column }} as join_key_{{ loop.index }},
        {%- endfor %}
        {{ field }} as limit_value
    from {{ to }}
)

select
    {{ dbt.concat([
        "'" ~ model.identifier ~ " row '",
        "checked_rows.row_key",
        "': " ~ column ~ " '",
        number_text | replace('{x}', 'checked_rows.checked_value'),
        "' is above " ~ to.identifier ~ "." ~ field ~ " '",
        number_text | replace('{x}', 'limits.limit_value'),
        "' (rule: " ~ rule ~ ")'",
    ]) }} as failure
from checked_rows
inner join limits
    on
    {%- for join_column in join_columns %}
        {{ 'and ' if not loop.first }}checked_rows.join_key_{{ loop.index }}
        = limits.join_key_{{ loop.index }}
    {%- endfor %}
where checked_rows.checked_value > limits.limit_value
{% endtest %}
