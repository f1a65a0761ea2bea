{#- Aggregate: the value of the row with the highest rank_desc in the group, ties going to the lowest
    tie_asc; rows with a null rank_desc are left out (null when all are). rank_desc is numeric;
    tie_asc a small non-negative integer key (below 1,000). Deterministic, and one pass with the
    group's other aggregates instead of a window over every row. -#}
{% macro top_by(value, rank_desc, tie_asc) -%}
    {{ return(adapter.dispatch('top_by', 'customer_scoring')(value, rank_desc, tie_asc)) }}
{%- endmacro %}

{#- Postgres and others: the first element of an ordered array_agg. -#}
{% macro default__top_by(value, rank_desc, tie_asc) -%}
    (array_agg({{ value }} order by {{ rank_desc }} desc, {{ tie_asc }}) filter (where {{ rank_desc }} is not null))[1]
{%- endmacro %}

{#- DuckDB: arg_max over one double (the rank, less the tie key in units of 1e-12), whose state has a
    fixed size, so the aggregate can spill to disk (a struct ordering key cannot, and ran out of memory
    at a million contacts). Exact while distinct ranks differ by more than 1e-9. -#}
{% macro duckdb__top_by(value, rank_desc, tie_asc) -%}
    arg_max({{ value }}, cast({{ rank_desc }} as double) - cast({{ tie_asc }} as double) * 1e-12)
{%- endmacro %}

{% macro spark__top_by(value, rank_desc, tie_asc) -%}
    min_by(
        {{ value }},
        case when {{ rank_desc }} is not null then named_struct('rank', -({{ rank_desc }}), 'tie', {{ tie_asc }}) end
    )
{%- endmacro %}

{#- A number beyond any bound of a rubric range, for an open end ('-' or '+'): comparisons with it
    stay plain, so engines plan a range join. -#}
{% macro open_bound(sign) -%}
    {{ sign }}1e300
{%- endmacro %}
