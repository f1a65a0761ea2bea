{#- Aggregate: the value of the row with the highest rank_desc in the group, ties going to the lowest
    tie_asc (both expressions of the aggregated rows; rank_desc numeric). Deterministic, and one
    pass with the group's other aggregates instead of a window over every row. -#}
{% macro top_by(value, rank_desc, tie_asc) -%}
    {{ return(adapter.dispatch('top_by', 'customer_scoring')(value, rank_desc, tie_asc)) }}
{%- endmacro %}

{#- Postgres and others: the first element of an ordered array_agg. -#}
{% macro default__top_by(value, rank_desc, tie_asc) -%}
    (array_agg({{ value }} order by {{ rank_desc }} desc, {{ tie_asc }}))[1]
{%- endmacro %}

{% macro duckdb__top_by(value, rank_desc, tie_asc) -%}
    arg_min({{ value }}, row(-({{ rank_desc }}), {{ tie_asc }}))
{%- endmacro %}

{% macro spark__top_by(value, rank_desc, tie_asc) -%}
    min_by({{ value }}, named_struct('rank', -({{ rank_desc }}), 'tie', {{ tie_asc }}))
{%- endmacro %}

{#- A number beyond any bound of a rubric range, for an open end ('-' or '+'): comparisons with it
    stay plain, so engines plan a range join. -#}
{% macro open_bound(sign) -%}
    {{ sign }}1e300
{%- endmacro %}
