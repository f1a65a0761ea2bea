{#- Half-open numeric ranges [lower, upper) of each partition, ordered by lower (an empty lower =
    open below comes first, an empty upper = open above comes last), must follow each other without
    gaps or overlaps: each lower equals the previous upper. Fails once per offending row, naming the
    rule broken:
    - range_min_below_range_max: a range is empty or inverted;
    - ranges_single_open_low / ranges_single_open_high: only the first range may be open below and
      only the last one open above;
    - ranges_no_overlap / ranges_no_gap: a range starts before / after the previous one ends;
    - ranges_cover_scale (when scale_min / scale_max are given; SQL expressions, so they may depend on
      the partition): the first range starts exactly at scale_min, the last ends above scale_max
      (upper bounds are exclusive) and no range starts above scale_max. -#}
{% test rubric_ranges_contiguous(
    model, lower, upper, key_columns, partition_by=[], row_filter=none, scale_min=none,
    scale_max=none
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
{%- set range_text = dbt.concat([
    "'['",
    "case when " ~ lower ~ " is null then '-inf' else " ~ number_text | replace('{x}', lower) ~ " end",
    "', '",
    "case when " ~ upper ~ " is null then '+inf' else " ~ number_text | replace('{x}', upper) ~ " end",
    "')'",
]) -%}
{%- set partition_clause = ('partition by ' ~ partition_by | join(', ')) if partition_by else '' -%}
{%- set window -%}
    {{ partition_clause }}
    order by
        case when range_lo is null then 0 else 1 end,
        range_lo,
        case when range_hi is null then 1 else 0 end,
        range_hi,
        row_key
{%- endset -%}
{%- set prefix = ["'" ~ model.identifier ~ " row '", "row_key", "' '", "range_text"] %}

with ranged as (
    select
        {%- for column in partition_by %}
        {{ column }},
        {%- endfor %}
        {{ lower }} as range_lo,
        {{ upper }} as range_hi,
        {%- if scale_min is not none %}
        {{ scale_min }} as scale_lo,
        {%- endif %}
        {%- if scale_max is not none %}
        {{ scale_max }} as scale_hi,
        {%- endif %}
        {{ dbt.concat(key_parts) }} as row_key,
        {{ range_text }} as range_text
    from {{ model }}
    {%- if row_filter %}
    where {{ row_filter }}
    {%- endif %}
),

ordered as (
    select
        ranged.*,
        row_number() over ({{ window }}) as range_position,
        count(*) over ({{ partition_clause }}) as range_count,
        lag(range_hi) over ({{ window }}) as previous_hi,
        lag(row_key) over ({{ window }}) as previous_key,
        lag(range_text) over ({{ window }}) as previous_range_text
    from ranged
)

select
    {{ dbt.concat(prefix + [
        "' is empty: range_min must be below range_max (rule: range_min_below_range_max)'"
    ]) }} as failure
from ordered
where range_lo is not null and range_hi is not null and range_lo >= range_hi

union all

select
    {{ dbt.concat(prefix + [
        "' has no lower bound but is not the first range; only one range may be open below'",
        "' (rule: ranges_single_open_low)'",
    ]) }} as failure
from ordered
where range_lo is null and range_position > 1

union all

select
    {{ dbt.concat(prefix + [
        "' has no upper bound but is not the last range; only one range may be open above'",
        "' (rule: ranges_single_open_high)'",
    ]) }} as failure
from ordered
where range_hi is null and range_position < range_count

union all

select
    {{ dbt.concat(prefix + [
        "' overlaps row '", "previous_key", "' '", "previous_range_text",
        "' (rule: ranges_no_overlap)'",
    ]) }} as failure
from ordered
where
    range_position > 1
    and range_lo is not null
    and (previous_hi is null or range_lo < previous_hi)

union all

select
    {{ dbt.concat(prefix + [
        "' leaves a gap ['", number_text | replace('{x}', 'previous_hi'), "', '",
        number_text | replace('{x}', 'range_lo'), "') after row '", "previous_key", "' '",
        "previous_range_text", "' (rule: ranges_no_gap)'",
    ]) }} as failure
from ordered
where
    range_position > 1
    and range_lo is not null
    and previous_hi is not null
    and range_lo > previous_hi
{%- if scale_min is not none %}

union all

select
    {{ dbt.concat(prefix + [
        "' is the lowest range but does not start at '", number_text | replace('{x}', 'scale_lo'),
        "' (rule: ranges_cover_scale)'",
    ]) }} as failure
from ordered
where range_position = 1 and (range_lo is null or range_lo <> scale_lo)
{%- endif %}
{%- if scale_max is not none %}

union all

select
    {{ dbt.concat(prefix + [
        "' is the highest range but does not end above '", number_text | replace('{x}', 'scale_hi'),
        "' (range_max is exclusive) (rule: ranges_cover_scale)'",
    ]) }} as failure
from ordered
where range_position = range_count and (range_hi is null or range_hi <= scale_hi)

union all

select
    {{ dbt.concat(prefix + [
        "' starts above the scale maximum '", number_text | replace('{x}', 'scale_hi'),
        "' (rule: ranges_cover_scale)'",
    ]) }} as failure
from ordered
where range_lo > scale_hi
{%- endif %}
{% endtest %}
