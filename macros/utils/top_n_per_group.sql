{#- A query: the n first rows of each group of relation, ordered by the columns of order_desc (highest
    first), ties going to the lowest tie_asc (a numeric column that is unique within a group); returns
    the group_by columns, the columns and row_rank (1 to n). Deterministic. -#}
{% macro top_n_per_group(relation, group_by, order_desc, tie_asc, columns, n) -%}
    {{ return(adapter.dispatch('top_n_per_group', 'customer_scoring')(relation, group_by, order_desc, tie_asc, columns, n)) }}
{%- endmacro %}

{#- Spark, Postgres and others: row_number over the group, the first n kept. -#}
{% macro default__top_n_per_group(relation, group_by, order_desc, tie_asc, columns, n) -%}
select
    {%- for column in group_by + columns %}
    numbered.{{ column }},
    {%- endfor %}
    numbered.row_rank
from (
    select
        {%- for column in group_by + columns %}
        {{ column }},
        {%- endfor %}
        row_number() over (
            partition by {{ group_by | join(', ') }}
            order by {% for column in order_desc %}{{ column }} desc, {% endfor %}{{ tie_asc }} asc
        ) as row_rank
    from {{ relation }}
) as numbered
where numbered.row_rank <= {{ n }}
{%- endmacro %}

{#- DuckDB: one aggregate per group keeping its n first rows (arg_max with a count), unnested. A window
    sorts every row of the relation; at a million contacts x 29 components it did not fit DuckDB's
    memory limit, while this keeps n small rows per group. -#}
{% macro duckdb__top_n_per_group(relation, group_by, order_desc, tie_asc, columns, n) -%}
select
    {%- for column in group_by %}
    unnested.{{ column }},
    {%- endfor %}
    {%- for column in columns %}
    struct_extract(unnested.top_row, '{{ column }}') as {{ column }},
    {%- endfor %}
    unnested.row_rank
from (
    select
        {%- for column in group_by %}
        grouped.{{ column }},
        {%- endfor %}
        unnest(grouped.top_rows) as top_row,
        unnest(range(1, len(grouped.top_rows) + 1)) as row_rank
    from (
        select
            {%- for column in group_by %}
            {{ column }},
            {%- endfor %}
            arg_max(
                struct_pack({% for column in columns %}{{ column }} := {{ column }}{{ ', ' if not loop.last }}{% endfor %}),
                struct_pack({% for column in order_desc %}o{{ loop.index }} := {{ column }}, {% endfor %}tie := -{{ tie_asc }}),
                {{ n }}
            ) as top_rows
        from {{ relation }}
        group by {{ group_by | join(', ') }}
    ) as grouped
) as unnested
{%- endmacro %}
