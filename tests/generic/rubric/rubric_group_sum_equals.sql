{#- Fails once per group (rows sharing `group_by`; the whole seed when group_by is empty) whose sum
    of `column` differs from `expected` by more than `tolerance`. With `inner_group_by`, `column` is
    first aggregated with `inner_aggregate` per (group_by + inner_group_by), then summed. -#}
{% test rubric_group_sum_equals(
    model, column, expected, group_by=[], tolerance=0, row_filter=none, inner_group_by=none,
    inner_aggregate='max', label=none, rule='group_sum_equals'
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
{%- set group_parts = [] -%}
{%- for group_column in group_by -%}
    {%- do group_parts.append("'" ~ (", " if not loop.first else "") ~ group_column ~ " '") -%}
    {%- do group_parts.append(
        "case when " ~ group_column ~ " is null then 'null' else "
        ~ dbt.concat(["chr(39)", number_text | replace('{x}', group_column), "chr(39)"])
        ~ " end"
    ) -%}
    {%- if loop.last %}{% do group_parts.append("' '") %}{% endif -%}
{%- endfor -%}
{%- set label = label or (column ~ ' values') -%}
{%- set select_groups = (group_by | join(', ') ~ ',') if group_by else '' %}

with
{%- if inner_group_by %}

inner_values as (
    select
        {{ (group_by + inner_group_by) | join(', ') }},
        {{ inner_aggregate }}({{ column }}) as summed_value
    from {{ model }}
    {%- if row_filter %}
    where {{ row_filter }}
    {%- endif %}
    group by {{ (group_by + inner_group_by) | join(', ') }}
),
{%- else %}

inner_values as (
    select
        {{ select_groups }}
        {{ column }} as summed_value
    from {{ model }}
    {%- if row_filter %}
    where {{ row_filter }}
    {%- endif %}
),
{%- endif %}

sums as (
    select
        {{ select_groups }}
        coalesce(sum(summed_value), 0) as total_value
    from inner_values
    {%- if group_by %}
    group by {{ group_by | join(', ') }}
    {%- endif %}
)

select
    {{ dbt.concat(
        ["'" ~ model.identifier ~ ": '"]
        + group_parts
        + [
            "'" ~ label ~ " sum to '",
            number_text | replace('{x}', 'total_value'),
            "', not " ~ expected ~ (" (tolerance " ~ tolerance ~ ")" if tolerance else "")
                ~ " (rule: " ~ rule ~ ")'",
        ]
    ) }} as failure
from sums
where
    total_value - {{ expected }} > {{ tolerance }}
    or {{ expected }} - total_value > {{ tolerance }}
{% endtest %}
