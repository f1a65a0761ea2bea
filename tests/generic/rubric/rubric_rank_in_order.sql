{#- Fails once per row whose `rank_column` is not its position (1, 2, ... n) within its partition when
    the rows are ordered by `order_by` (a SQL expression list, e.g. "range_min"). -#}
{% test rubric_rank_in_order(
    model, rank_column, order_by, key_columns, partition_by=[], rule='rank_in_order'
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
{%- set order_parts = [] -%}
{%- for piece in order_by.split("'") -%}
    {%- if not loop.first %}{% do order_parts.append("chr(39)") %}{% endif -%}
    {%- do order_parts.append("'" ~ piece ~ "'") -%}
{%- endfor %}

with ranked as (
    select
        {{ rank_column }} as given_rank,
        row_number() over (
            {%- if partition_by %}
            partition by {{ partition_by | join(', ') }}
            {%- endif %}
            order by {{ order_by }}
        ) as expected_rank,
        {{ dbt.concat(key_parts) }} as row_key
    from {{ model }}
)

select
    {{ dbt.concat(
        [
            "'" ~ model.identifier ~ " row '", "row_key",
            "': " ~ rank_column ~ " '",
            "case when given_rank is null then 'null' else cast(given_rank as " ~ text_type ~ ") end",
            "', expected '", "cast(expected_rank as " ~ text_type ~ ")",
            "' (" ~ rank_column ~ " must run 1, 2, ... in order of '",
        ]
        + order_parts
        + ["'" ~ (" per " ~ partition_by | join(', ') if partition_by else "") ~ ") (rule: " ~ rule ~ ")'"]
    ) }} as failure
from ranked
where given_rank is null or given_rank <> expected_rank
{% endtest %}
