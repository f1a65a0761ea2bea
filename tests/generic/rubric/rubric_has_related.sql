{#- Fails once per row (optionally filtered) whose `columns` match fewer than `min_count` or more than
    `max_count` rows of `to` (on `fields`, default the same names, optionally filtered by `to_filter`).
    `union_with` adds further targets, each a dict {to, fields, filter}, whose rows count as well
    (e.g. a signal is found in event_signals.signal or in signal_rollups.rollup_signal). -#}
{% test rubric_has_related(
    model, columns, to, fields=none, to_filter=none, union_with=none, row_filter=none,
    min_count=1, max_count=none, key_columns=none, rule='has_related'
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
{%- set key_columns = key_columns or columns -%}
{%- set targets = [{'to': to, 'fields': fields or columns, 'filter': to_filter}] -%}
{%- for extra in union_with or [] -%}
    {%- do targets.append({
        'to': extra['to'], 'fields': extra.get('fields') or columns, 'filter': extra.get('filter')
    }) -%}
{%- endfor -%}
{%- set key_parts = [] -%}
{%- for key in key_columns -%}
    {%- do key_parts.append("'" ~ (", " if not loop.first else "") ~ key ~ "='") -%}
    {%- do key_parts.append(
        "case when " ~ key ~ " is null then 'null' else "
        ~ dbt.concat(["chr(39)", number_text | replace('{x}', key), "chr(39)"]) ~ " end"
    ) -%}
{%- endfor -%}
{#- "source 'x'" or "(dimension, component) ('fit', 'x')" -#}
{%- set several = columns | length > 1 -%}
{%- set value_parts = [
    "'" ~ ('(' ~ columns | join(', ') ~ ') (' if several else columns[0] ~ ' ') ~ "'"
] -%}
{%- for column in columns -%}
    {%- if not loop.first %}{% do value_parts.append("', '") %}{% endif -%}
    {%- do value_parts.append(
        "case when " ~ column ~ " is null then 'null' else "
        ~ dbt.concat(["chr(39)", number_text | replace('{x}', column), "chr(39)"]) ~ " end"
    ) -%}
{%- endfor -%}
{%- if several %}{% do value_parts.append("')'") %}{% endif -%}
{#- "event_signals.signal where ... or signal_rollups.rollup_signal": quotes become chr(39) -#}
{%- set target_descriptions = [] -%}
{%- for target in targets -%}
    {%- set fields_text = ('.' ~ target['fields'][0]) if target['fields'] | length == 1
        else (' (' ~ target['fields'] | join(', ') ~ ')') -%}
    {%- do target_descriptions.append(
        target['to'].identifier ~ fields_text
        ~ (' where ' ~ target['filter'] if target['filter'] else '')
    ) -%}
{%- endfor -%}
{%- set target_parts = [] -%}
{%- for piece in (target_descriptions | join(' or ')).split("'") -%}
    {%- if not loop.first %}{% do target_parts.append("chr(39)") %}{% endif -%}
    {%- do target_parts.append("'" ~ piece ~ "'") -%}
{%- endfor -%}
{%- if max_count is none -%}
    {%- set expectation = 'at least ' ~ min_count -%}
{%- elif min_count == max_count -%}
    {%- set expectation = 'exactly ' ~ min_count -%}
{%- else -%}
    {%- set expectation = 'between ' ~ min_count ~ ' and ' ~ max_count -%}
{%- endif %}

with related as (
    {%- for target in targets %}
    select
        {%- for field in target['fields'] %}
        {{ field }} as related_key_{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ target['to'] }}
    {%- if target['filter'] %}
    where {{ target['filter'] }}
    {%- endif %}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

related_counts as (
    select
        {%- for column in columns %}
        related_key_{{ loop.index }},
        {%- endfor %}
        count(*) as related_count
    from related
    group by
        {%- for column in columns %}
        related_key_{{ loop.index }}{{ ',' if not loop.last }}
        {%- endfor %}
),

checked_rows as (
    select
        {%- for column in columns %}
        {{ column }} as checked_key_{{ loop.index }},
        {%- endfor %}
        {{ dbt.concat(key_parts) }} as row_key,
        {{ dbt.concat(value_parts) }} as checked_values
    from {{ model }}
    {%- if row_filter %}
    where {{ row_filter }}
    {%- endif %}
),

counted as (
    select
        checked_rows.row_key,
        checked_rows.checked_values,
        coalesce(related_counts.related_count, 0) as related_count
    from checked_rows
    left join related_counts
        on
        {%- for column in columns %}
            {{ 'and ' if not loop.first }}checked_rows.checked_key_{{ loop.index }}
            = related_counts.related_key_{{ loop.index }}
        {%- endfor %}
)

select
    {{ dbt.concat(
        ["'" ~ model.identifier ~ " row '", "row_key", "': '", "checked_values"]
        + [
            "case when related_count = 0 then ' has no match in ' else "
                ~ dbt.concat(["' has '", "cast(related_count as " ~ text_type ~ ")", "' matches in '"])
                ~ " end"
        ]
        + target_parts
        + ["', expected " ~ expectation ~ " (rule: " ~ rule ~ ")'"]
    ) }} as failure
from counted
where
    related_count < {{ min_count }}
    {%- if max_count is not none %}
    or related_count > {{ max_count }}
    {%- endif %}
{% endtest %}
