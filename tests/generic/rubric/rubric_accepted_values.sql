{#- Fails once per row whose `column` is missing or not one of `values` (numbers when quote=false). -#}
{% test rubric_accepted_values(
    model, column, values, key_columns=none, row_filter=none, quote=true, rule='accepted_values'
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
{%- set key_columns = key_columns or [column] -%}
{%- set key_parts = [] -%}
{%- for key in key_columns -%}
    {%- do key_parts.append("'" ~ (", " if not loop.first else "") ~ key ~ "='") -%}
    {%- do key_parts.append(
        "case when " ~ key ~ " is null then 'null' else "
        ~ dbt.concat(["chr(39)", number_text | replace('{x}', key), "chr(39)"]) ~ " end"
    ) -%}
{%- endfor -%}
{%- set sql_values = [] -%}
{%- for value in values -%}
    {%- do sql_values.append(("'" ~ value ~ "'") if quote else (value | string)) -%}
{%- endfor %}

with checked as (
    select
        {{ column }} as checked_value,
        {{ dbt.concat(key_parts) }} as row_key
    from {{ model }}
    {%- if row_filter %}
    where {{ row_filter }}
    {%- endif %}
)

select
    {{ dbt.concat([
        "'" ~ model.identifier ~ " row '",
        "row_key",
        "': " ~ column ~ " '",
        "case when checked_value is null then 'null' else "
            ~ dbt.concat(["chr(39)", "cast(checked_value as " ~ text_type ~ ")", "chr(39)"]) ~ " end",
        "' is not one of " ~ values | join(', ') ~ " (rule: " ~ rule ~ ")'",
    ]) }} as failure
from checked
where
    checked_value is null
    or checked_value not in ({{ sql_values | join(', ') }})
{% endtest %}
