{#- The parts of a row hash: each field as text ('~' for null) separated by '|', in a fixed order, so
    the same values always give the same hash. model_version is the active rubric version (var rubric_version), not a column. -#}
{% macro hashed_fields(fields, relation) -%}
    {%- set parts = [] -%}
    {%- for field in fields -%}
        {%- if field == 'model_version' -%}
            {%- do parts.append("'" ~ active_rubric_version() ~ "'") -%}
        {%- else -%}
            {%- do parts.append(
                "coalesce(cast(" ~ relation ~ "." ~ field ~ " as " ~ dbt.type_string() ~ "), '~')"
            ) -%}
        {%- endif -%}
        {%- if not loop.last -%}{%- do parts.append("'|'") -%}{%- endif -%}
    {%- endfor -%}
    {{ return(parts) }}
{%- endmacro %}
