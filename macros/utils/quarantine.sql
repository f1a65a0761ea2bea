{#- Helpers of the staging quarantine (models/staging/base): every raw row is kept, typed, and tagged
    with the first rule it fails. All of them render on DuckDB, Spark and Postgres. -#}

{#- 1-based position of the row in its raw file (its data rows: the header of a CSV is not counted,
    so the row's line in the CSV is source_row_number + 1), for the quarantine report. DuckDB reads
    Parquet with file_row_number = true and numbers CSV rows in file order (the sources'
    external_location); on other engines `scoring load` stores the same 0-based file_row_number column
    in every raw table (raw tables loaded some other way without it: set var raw_file_row_number to
    false). -#}
{% macro source_row_number() -%}
    {{ return(adapter.dispatch('source_row_number', 'customer_scoring')()) }}
{%- endmacro %}

{% macro default__source_row_number() -%}
    {%- if var('raw_file_row_number', true) -%}
        cast(file_row_number as {{ dbt.type_bigint() }}) + 1
    {%- else -%}
        cast(null as {{ dbt.type_bigint() }})
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__source_row_number() -%}
    cast(file_row_number as {{ dbt.type_bigint() }}) + 1
{%- endmacro %}

{#- Compact text of a raw row: 'col1=value|col2=value|...', a null value written as null. A column is
    a name, or a (name, expression) pair when the raw value was renamed (e.g. ('event_id', 'raw_event_id')). -#}
{% macro raw_record(columns) -%}
    {%- set parts = [] -%}
    {%- for item in columns -%}
        {%- if item is string %}{% set name, expression = item, item %}{% else %}{% set name, expression = item %}{% endif -%}
        {%- do parts.append("'" ~ ('' if loop.first else '|') ~ name ~ "='") -%}
        {%- do parts.append("coalesce(cast(" ~ expression ~ " as " ~ dbt.type_string() ~ "), 'null')") -%}
    {%- endfor -%}
    {{ dbt.concat(parts) }}
{%- endmacro %}

{#- True when a raw value is null or blank. With the typed (cast) value, the text test only runs on
    rows whose cast is null, which saves casting every value of a big numeric column to text. -#}
{% macro is_blank(raw, typed=none) -%}
    {%- set blank = "trim(cast(" ~ raw ~ " as " ~ dbt.type_string() ~ ")) = ''" -%}
    {%- if typed is none -%}
        ({{ raw }} is null or {{ blank }})
    {%- else -%}
        ({{ raw }} is null or ({{ typed }} is null and {{ blank }}))
    {%- endif -%}
{%- endmacro %}

{#- The duplicate rules, from two window functions over rows sharing a key and passing every other
    rule, ordered by all their cleaned columns: row_number (copy_number) and rank (content_rank).
    Rank is shared by rows of identical content, so a row ranked below its number is an exact copy of
    an earlier one; any other row after the first has the same key with different content. The
    first row (copy_number 1) is the one kept. -#}
{% macro duplicate_rule(copy_number, content_rank) -%}
    case
        when {{ copy_number }} > {{ content_rank }} then 'duplicate_row'
        when {{ copy_number }} > 1 then 'duplicate_id'
    end
{%- endmacro %}

{#- The duplicate ranks of a base model's checked rows: within the rows sharing key_columns and row
    rule, ordered by content_columns, row_number (copy_number) and rank (content_rank); see
    duplicate_rule. Two columns of a select list. -#}
{% macro duplicate_ranks(key_columns, content_columns) -%}
        row_number() over (
            partition by {{ key_columns | join(', ') }}, row_rule order by {{ content_columns | join(', ') }}
        ) as copy_number,
        rank() over (
            partition by {{ key_columns | join(', ') }}, row_rule order by {{ content_columns | join(', ') }}
        ) as content_rank
{%- endmacro %}

{#- The two quarantine columns every base model ends with: quarantine_rule (the row rule, else the
    duplicate rule) and quarantine_detail (detail_cases, SQL `when ... then ...` lines naming the row
    rule's cause, then the duplicate wording for key_label). -#}
{% macro quarantine_columns(
    key_label, detail_cases='when row_rule is not null then row_detail', other_content='with other content'
) -%}
    coalesce(row_rule, {{ duplicate_rule('copy_number', 'content_rank') }}) as quarantine_rule,
    case
        {{ detail_cases }}
        when copy_number > content_rank then 'same content as another row with this {{ key_label }}'
        when copy_number > 1 then '{{ key_label }} also on the kept row, {{ other_content }}'
    end as quarantine_detail
{%- endmacro %}

{#- A query: each key of a parent base model (e.g. account_id of base_crm__accounts) and whether one of
    its rows is valid (is_valid 1/0), plus extra_columns (SQL select items) over the group. -#}
{% macro parent_keys(base_model, key, extra_columns=[]) -%}
    select
        {{ key }},
        {%- for column in extra_columns %}
        {{ column }},
        {%- endfor %}
        max(case when quarantine_rule is null then 1 else 0 end) as is_valid
    from {{ ref(base_model) }}
    group by {{ key }}
{%- endmacro %}
