{#- A boolean as the text 'true' / 'false' (null stays null), the same on every engine, so flags can be
    matched by rubric rows. -#}
{% macro bool_to_text(expression) -%}
    case when {{ expression }} then 'true' when not ({{ expression }}) then 'false' end
{%- endmacro %}
