{#- Fails once per duplicated key: no two rows of the seed (optionally filtered) share the same
    values of `columns`. -#}
{% test rubric_unique_key(model, columns, row_filter=none, rule='unique_key') %}
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
{%- for column in columns -%}
    {%- do key_parts.append("'" ~ (", " if not loop.first else "") ~ column ~ "='") -%}
    {%- do key_parts.append(
        "case when " ~ column ~ " is null then 'null' else "
        ~ dbt.concat(["chr(39)", number_text | replace('{x}', column), "chr(39)"]) ~ " end"
    ) -%}
{%- endfor %}

with duplicated as (
    select
        {{ columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    {%- if row_filter %}
    where {{ row_filter }}
    {%- endif %}
    group by {{ columns | join(', ') }}
    having count(*) > 1
)

select
    {{ dbt.concat(
        ["'" ~ model.identifier ~ ": '"]
        + key_parts
        + [
            "' appears on '",
            "cast(row_count as " ~ text_type ~ ")",
            "' rows; (" ~ columns | join(', ') ~ ") must be unique (rule: " ~ rule ~ ")'",
        ]
    ) }} as failure
from duplicated
{% endtest %}
