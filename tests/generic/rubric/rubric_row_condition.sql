{#- Fails once per row (optionally filtered) for which the SQL boolean `condition` is not true
    (false or null). The failure shows the row's key and the values of `show_columns`. -#}
{% test rubric_row_condition(
    model, condition, key_columns, show_columns=none, row_filter=none, describe=none,
    rule='row_condition'
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
{%- endfor -%}
{%- set show_parts = [] -%}
{%- for shown in show_columns or [] -%}
    {%- do show_parts.append("'" ~ (" (" if loop.first else ", ") ~ shown ~ "='") -%}
    {%- do show_parts.append(number_text | replace('{x}', shown)) -%}
    {%- if loop.last %}{% do show_parts.append("')'") %}{% endif -%}
{%- endfor -%}
{#- the description may hold quotes: split it into literals joined by chr(39) -#}
{%- set description_parts = [] -%}
{%- for piece in (describe or ('must satisfy: ' ~ condition)).split("'") -%}
    {%- if not loop.first %}{% do description_parts.append("chr(39)") %}{% endif -%}
    {%- do description_parts.append("'" ~ piece ~ "'") -%}
{%- endfor %}

select
    {{ dbt.concat(
        ["'" ~ model.identifier ~ " row '"]
        + key_parts
        + show_parts
        + ["': '"]
        + description_parts
        + ["' (rule: " ~ rule ~ ")'"]
    ) }} as failure
from {{ model }}
where
    {%- if row_filter %}
    ({{ row_filter }})
    and
    {%- endif %}
    case when ({{ condition }}) then 0 else 1 end = 1
{% endtest %}
