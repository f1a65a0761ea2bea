{#- An 8-byte floating-point type on every engine (type_double() is a 4-byte FLOAT on DuckDB and
    Spark, which loses precision on revenue and scores). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'customer_scoring')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}
