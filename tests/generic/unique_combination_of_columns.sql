{#- Fails on every combination of the given columns that occurs on more than one row: the grain test for
    models keyed on several columns, e.g. (entity_type, entity_id). Null values group together, so pair
    it with not_null on each key column. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{%- set columns_csv = combination_of_columns | join(', ') %}

select
    {{ columns_csv }},
    count(*) as n_rows
from {{ model }}
group by {{ columns_csv }}
having count(*) > 1

{% endtest %}
