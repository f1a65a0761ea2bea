{#- Fails once per row (optionally filtered) whose `column` does not name a feature the rubric can
    score: a feature of the macro scoring_features() (its 'text' and 'number' lists), or a name with
    '__' in it, a custom feature (<source_table>__<column_name>, int_features__custom) or a signal
    count (signal__<signal>__<window_days>d, int_features__signal_counts), which depend on the data
    (test rubric_feature_in_data warns when the data lacks one). -#}
{% test rubric_known_feature(model, column, key_columns, row_filter=none, rule='known_feature') %}
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
{%- set features = scoring_features() -%}
{%- set known = features['text'] + features['number'] -%}
{%- set key_parts = [] -%}
{%- for key in key_columns -%}
    {%- do key_parts.append("'" ~ (", " if not loop.first else "") ~ key ~ "='") -%}
    {%- do key_parts.append(
        "case when " ~ key ~ " is null then 'null' else "
        ~ dbt.concat(["chr(39)", number_text | replace('{x}', key), "chr(39)"]) ~ " end"
    ) -%}
{%- endfor %}

select
    {{ dbt.concat(
        ["'" ~ model.identifier ~ " row '"]
        + key_parts
        + [
            "': " ~ column ~ " '",
            "case when " ~ column ~ " is null then 'null' else "
                ~ dbt.concat(["chr(39)", number_text | replace('{x}', column), "chr(39)"])
                ~ " end",
            "' is not a feature of macro scoring_features() nor a custom or signal feature named with __ (rule: "
                ~ rule ~ ")'",
        ]
    ) }} as failure
from {{ model }}
where
    {%- if row_filter %}
    ({{ row_filter }})
    and
    {%- endif %}
    (
        {{ column }} is null
        or (
            {{ dbt.position("'__'", column) }} = 0
            and {{ column }} not in (
                {%- for feature in known %}
                '{{ feature }}'{{ ',' if not loop.last }}
                {%- endfor %}
            )
        )
    )
{% endtest %}
