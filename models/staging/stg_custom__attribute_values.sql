{#- The raw values of every custom column, in long form: one row per kept entity and extra column of
    the raw accounts, contacts, opportunities and subscriptions tables (columns not in the contract of
    models/staging/_sources.yml, found when dbt executes: macro custom_columns). A value is the raw cell
    as trimmed text, null when blank or a null token (var raw_null_tokens). Only rows staging keeps (not
    quarantined): the raw row is matched to its kept base row by key and file row number (by key alone
    when raw tables carry no file_row_number; the greatest value then wins among rows of one key).
    Opportunities and subscriptions count only when created (started) on or before the as-of date.
    Without any extra column it returns no rows. -#}
{{ config(materialized='table') }}
{%- set tables = custom_feature_tables() -%}
{%- set by_row_number = target.type == 'duckdb' or var('raw_file_row_number', true) -%}
{%- set present = [] -%}
{%- for table in tables -%}
    {%- set columns = custom_columns(table.source[0], table.source[1]) -%}
    {%- if columns -%}
        {%- do present.append({'table': table, 'columns': columns}) -%}
    {%- endif -%}
{%- endfor -%}
-- the parents whatever the data holds: the build order does not depend on the raw files
-- depends_on: {{ ref('int_scoring__as_of') }}
{%- for table in tables %}
-- depends_on: {{ ref(table.base) }}
{%- endfor %}

with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

{%- for item in present %}
{%- set table = item.table %}

{{ table.name }}_raw as (
    select
        {{ source_row_number() }} as source_row_number,
        {%- for column in item.columns %}
        {{ adapter.quote(column.raw) }} as custom_{{ loop.index }},
        {%- endfor %}
        cast({{ table.key }} as {{ dbt.type_string() }}) as entity_id
    from {{ source(table.source[0], table.source[1]) }}
),

{{ table.name }}_kept as (
    select
        base.source_row_number,
        base.{{ table.key }} as entity_id,
        base.{{ table.account }} as account_id
    from {{ ref(table.base) }} as base
    cross join as_of
    where
        base.quarantine_rule is null
        {%- if table.date_column %}
        and base.{{ table.date_column }} <= as_of.as_of_date
        {%- endif %}
),

{{ table.name }}_rows as (
    select
        {{ table.name }}_kept.entity_id,
        {{ table.name }}_kept.account_id,
        {%- for column in item.columns %}
        case
            when {{ is_null_value(table.name ~ '_raw.custom_' ~ loop.index) }} then null
            else trim(cast({{ table.name }}_raw.custom_{{ loop.index }} as {{ dbt.type_string() }}))
        end as custom_{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ table.name }}_raw
    inner join {{ table.name }}_kept
        on
            {{ table.name }}_raw.entity_id = {{ table.name }}_kept.entity_id
            {%- if by_row_number %}
            and {{ table.name }}_raw.source_row_number = {{ table.name }}_kept.source_row_number
            {%- endif %}
),
{%- endfor %}

attribute_values as (
    {%- for item in present %}
    {%- set table = item.table %}
    {%- for column in item.columns %}
    select
        '{{ table.name }}' as source_table,
        entity_id,
        account_id,
        '{{ column.column }}' as column_name,
        custom_{{ loop.index }} as raw_value
    from {{ table.name }}_rows
    union all
    {%- endfor %}
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as source_table,
        cast(null as {{ dbt.type_string() }}) as entity_id,
        cast(null as {{ dbt.type_string() }}) as account_id,
        cast(null as {{ dbt.type_string() }}) as column_name,
        cast(null as {{ dbt.type_string() }}) as raw_value
    from as_of
    where 1 = 0
)

select
    source_table,
    entity_id,
    account_id,
    column_name,
    max(raw_value) as raw_value
from attribute_values
group by source_table, entity_id, account_id, column_name
