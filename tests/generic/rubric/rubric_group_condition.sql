{#- Fails once per group (rows sharing `group_by`) for which the aggregate SQL boolean `condition`
    (e.g. "count(distinct channel) = 1") is not true. `describe` says what is wrong with the group. -#}
{% test rubric_group_condition(
    model, group_by, condition, describe, row_filter=none, rule='group_condition'
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
{%- for column in group_by -%}
    {%- do group_parts.append("'" ~ (", " if not loop.first else "") ~ column ~ " '") -%}
    {%- do group_parts.append(
        "case when " ~ column ~ " is null then 'null' else "
        ~ dbt.concat(["chr(39)", number_text | replace('{x}', column), "chr(39)"]) ~ " end"
    ) -%}
{%- endfor -%}
{%- set description_parts = [] -%}
{%- for piece in describe.split("'") -%}
    {%- if not loop.first %}{% do description_parts.append("chr(39)") %}{% endif -%}
    {%- do description_parts.append("'" ~ piece ~ "'") -%}
{%- endfor %}

with grouped as (
    select
        {{ group_by | join(', ') }},
        case when ({{ condition }}) then 1 else 0 end as is_valid
    from {{ model }}
    {%- if row_filter %}
    where {{ row_filter }}
    {%- endif %}
    group by {{ group_by | join(', ') }}
)

select
    {{ dbt.concat(
        ["'" ~ model.identifier ~ ": '"]
        + group_parts
        + ["' '"]
        + description_parts
        + ["' (rule: " ~ rule ~ ")'"]
    ) }} as failure
from grouped
where is_valid = 0
{% endtest %}
