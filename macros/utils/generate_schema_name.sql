{#- Use the custom schema name as is (staging, intermediate, marts, rubric) instead of
    prefixing it with the target schema, so BI tools and syncs find stable schema names. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
