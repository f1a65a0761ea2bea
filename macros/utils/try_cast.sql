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

{#- Postgres has no try_cast (and pg_input_is_valid only from 16): a plpgsql function per target type,
    created by the on-run-start hook create_try_cast_functions, returns null when the cast fails. -#}
{% macro postgres__try_cast(expression, type) -%}
    {{ try_cast_function_name(type) }}(cast({{ expression }} as text))
{%- endmacro %}

{% macro try_cast_function_name(type) -%}
    {{ target.schema }}.scoring_try_cast_{{ type | lower | replace(' ', '_') | replace('(', '_') | replace(')', '') | replace(',', '_') }}
{%- endmacro %}

{#- The types staging safe-casts to (see the base_* models), one try_cast function each. -#}
{% macro try_cast_types() -%}
    {{ return(['date', dbt.type_timestamp(), dbt.type_bigint(), dbt.type_int(), type_double(), dbt.type_boolean()]) }}
{%- endmacro %}

{#- on-run-start hook: the functions postgres__try_cast and postgres__try_parse_timestamp call.
    Nothing on other engines. -#}
{% macro create_try_cast_functions() -%}
    {{ return(adapter.dispatch('create_try_cast_functions', 'customer_scoring')()) }}
{%- endmacro %}

{% macro default__create_try_cast_functions() -%}
{%- endmacro %}

{% macro postgres__create_try_cast_functions() -%}
    {% do adapter.create_schema(api.Relation.create(database=target.database, schema=target.schema)) %}
    {%- for type in try_cast_types() %}
        {#- Postgres also reads words as dates and times ('today', 'yesterday', 'epoch', 'infinity')
            and, by its DateStyle, 4/10/2020 or 4.10.2020 as April 10: a raw date or timestamp must
            start with an ISO 8601 date (YYYY-MM-DD), as on DuckDB and Spark; other formats are read
            only through var raw_date_formats -#}
        {%- set guard = "if value !~ '^[[:space:]]*[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}' then return null; end if; "
            if type == 'date' or 'timestamp' in type else '' -%}
        {% do run_query(
            'create or replace function ' ~ try_cast_function_name(type) ~ '(value text) returns ' ~ type
            ~ ' language plpgsql immutable as $body$ begin ' ~ guard ~ 'return cast(value as ' ~ type ~ '); '
            ~ 'exception when others then return null; end $body$'
        ) %}
    {%- endfor %}
    {#- postgres__try_parse_timestamp (var raw_date_formats): to_timestamp with a format, null when
        the value does not fit it (to_timestamp fails instead); stable, as it reads the time zone -#}
    {% do run_query(
        'create or replace function ' ~ target.schema ~ '.scoring_try_parse_timestamp(value text, format text)'
        ~ ' returns timestamp language plpgsql stable as $body$ begin '
        ~ "if value !~ '^[[:space:]]*[0-9]' then return null; end if; "
        ~ 'return cast(to_timestamp(value, format) as timestamp); '
        ~ 'exception when others then return null; end $body$'
    ) %}
{%- endmacro %}
