{#- Cast that yields null instead of failing on a value that does not parse ('n/a' as a number,
    '2026-13-45' as a date), so one bad cell never stops a load. dbt.safe_cast is a plain cast on
    DuckDB, hence this macro. -#}
{% macro try_cast(expression, type) -%}
    {{ return(adapter.dispatch('try_cast', 'customer_scoring')(expression, type)) }}
{%- endmacro %}

{% macro default__try_cast(expression, type) -%}
    {{ dbt.safe_cast(expression, type) }}
{%- endmacro %}

{% macro duckdb__try_cast(expression, type) -%}
    try_cast({{ expression }} as {{ type }})
{%- endmacro %}

{% macro spark__try_cast(expression, type) -%}
    try_cast({{ expression }} as {{ type }})
{%- endmacro %}
