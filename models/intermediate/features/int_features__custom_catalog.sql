{#- One row per custom feature (an extra column of a raw table, stg_custom__attribute_values): how it is
    read and why. The kind rule, in order:
    1. declared in seed custom_features: its kind (and dimension) win;
    2. activity_undated (the lead importer's flag of undated activity), a column named id or ending in
       _id: exclude;
    3. no value at all: exclude;
    4. numeric when at least 95% of the non-null values parse as numbers under the CSV parse options
       (vars raw_decimal_separator, raw_thousands_separator: macro parse_value); else numeric when at
       least 95% parse as dates (value_type date: the feature is the days from the date to the as-of
       date);
    5. text: exclude when every value is distinct (id-like, such as an email or a name) or there are
       more than var('custom_feature_max_categories') (50) distinct values; else categorical.
    Dimension: declared, else engagement when the name looks like activity (visit, view, click, open,
    page, session, time_spent, time_on, activity, email, call, meeting), else fit. -#}
{%- set max_categories = var('custom_feature_max_categories', 50) -%}
{%- set min_share = 0.95 -%}
{%- set activity_patterns = [
    'visit', 'view', 'click', 'open', 'page', 'session', 'time_spent', 'time_on', 'activity', 'email',
    'call', 'meeting',
] -%}
{%- set matches = [] -%}
{%- for pattern in activity_patterns -%}
    {%- do matches.append(dbt.position("'" ~ pattern ~ "'", 'column_name') ~ ' > 0') -%}
{%- endfor -%}
{%- set activity_like = '(' ~ matches | join(' or ') ~ ')' -%}
with

attribute_values as (
    select
        source_table,
        column_name,
        raw_value
    from {{ ref('stg_custom__attribute_values') }}
),

declared as (
    select
        lower(trim(source_table)) as source_table,
        lower(trim(column_name)) as column_name,
        lower(trim(kind)) as kind,
        nullif(lower(trim(dimension)), '') as dimension
    from {{ ref('custom_features') }}
),

parsed as (
    select
        source_table,
        column_name,
        raw_value,
        {{ parse_value('raw_value', type_double()) }} as number_value,
        cast({{ parse_value('raw_value', dbt.type_timestamp()) }} as date) as date_value
    from attribute_values
),

profiled as (
    select
        source_table,
        column_name,
        count(raw_value) as values_count,
        count(distinct raw_value) as distinct_values,
        count(number_value) as number_count,
        count(date_value) as date_count
    from parsed
    group by source_table, column_name
),

shares as (
    select
        source_table,
        column_name,
        values_count,
        distinct_values,
        {{ safe_divide('number_count', 'values_count') }} as number_share,
        {{ safe_divide('date_count', 'values_count') }} as date_share
    from profiled
),

typed as (
    select
        source_table,
        column_name,
        values_count,
        distinct_values,
        number_share,
        date_share,
        case
            when number_share >= {{ min_share }} then 'number'
            when date_share >= {{ min_share }} then 'date'
            else 'text'
        end as value_type
    from shares
),

classified as (
    select
        typed.source_table,
        typed.column_name,
        typed.values_count,
        typed.distinct_values,
        typed.value_type,
        declared.kind as declared_kind,
        declared.dimension as declared_dimension,
        case when typed.value_type = 'date' then typed.date_share else typed.number_share end as parsed_share,
        case
            when declared.kind is not null then 'declared'
            when typed.column_name = 'activity_undated' then 'activity_undated'
            when typed.column_name = 'id' or {{ dbt.right('typed.column_name', 3) }} = '_id' then 'id_name'
            when typed.values_count = 0 then 'no_values'
            when typed.value_type = 'number' then 'numbers'
            when typed.value_type = 'date' then 'dates'
            when typed.distinct_values = typed.values_count and typed.values_count > 1 then 'id_like'
            when typed.distinct_values > {{ max_categories }} then 'too_many_categories'
            else 'categories'
        end as rule
    from typed
    left join declared
        on
            typed.source_table = declared.source_table
            and typed.column_name = declared.column_name
)

select
    {{ dbt.concat(['source_table', "'__'", 'column_name']) }} as feature,
    source_table,
    column_name,
    case
        when rule = 'declared' then declared_kind
        when rule in ('numbers', 'dates') then 'numeric'
        when rule = 'categories' then 'categorical'
        else 'exclude'
    end as kind,
    coalesce(
        declared_dimension,
        case
            when {{ activity_like }} then 'engagement'
            else 'fit'
        end
    ) as dimension,
    case rule
        when 'declared' then 'declared in seed custom_features'
        when 'activity_undated' then 'the lead import flag of undated activity, not a feature'
        when 'id_name' then 'an id column (named id or ending in _id)'
        when 'no_values' then 'no value in the data'
        when 'numbers' then 'at least {{ (min_share * 100) | int }}% of the values are numbers'
        when 'dates' then 'at least {{ (min_share * 100) | int }}% of the values are dates: days from the date to the as-of date'
        when 'id_like' then 'id-like text: every value is distinct'
        when 'too_many_categories' then 'text with more than {{ max_categories }} distinct values'
        else 'text with at most {{ max_categories }} distinct values'
    end as kind_reason,
    value_type,
    cast(values_count as {{ dbt.type_bigint() }}) as values_count,
    cast(distinct_values as {{ dbt.type_bigint() }}) as distinct_values,
    parsed_share
from classified
