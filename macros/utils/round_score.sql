{#- Round to a number of decimal places the same way on every engine (Postgres has no
    round(double precision, n), so go through a decimal). -#}
{% macro round_score(expression, places=1) -%}
    cast(round(cast({{ expression }} as decimal(14, 6)), {{ places }}) as {{ type_double() }})
{%- endmacro %}
