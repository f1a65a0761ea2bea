{#- Fails when a column holds fewer than two distinct non-null values over a non-empty model: a score that
    never varies cannot rank anything. An empty model passes (nothing to compare). -#}
{% test not_constant(model, column_name) %}

select
    count(*) as n_rows,
    count(distinct {{ column_name }}) as n_distinct_values
from {{ model }}
having count(*) > 0 and count(distinct {{ column_name }}) < 2

{% endtest %}
