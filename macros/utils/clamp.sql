{#- Bound an expression to [lower, upper]; a null expression counts as the lower bound. -#}
{% macro clamp(expression, lower, upper) -%}
    least(greatest(coalesce({{ expression }}, {{ lower }}), {{ lower }}), {{ upper }})
{%- endmacro %}
