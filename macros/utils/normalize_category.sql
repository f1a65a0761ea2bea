{#- Canonical form of a free-text category: trimmed, lower case, spaces, hyphens and slashes as
    underscores; empty strings become null. 'Financial Services ' -> 'financial_services'. -#}
{% macro normalize_category(expression) -%}
    nullif(
        replace(replace(replace(lower(trim({{ expression }})), ' ', '_'), '-', '_'), '/', '_'),
        ''
    )
{%- endmacro %}
