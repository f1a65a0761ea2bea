{#- Fails on every row where a boolean SQL expression is not true (false or null). Used at model level
    (`expression: "points <= budget"`) or on a column, where the expression continues the column
    (`expression: "<= budget"` on column points). -#}
{% test expression_is_true(model, expression, column_name=none) %}

select *
from {{ model }}
where not coalesce(({{ column_name ~ ' ' if column_name is not none else '' }}{{ expression }}), false)

{% endtest %}
