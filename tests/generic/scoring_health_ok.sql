{#- Warns (severity set where it is used) when check `check_name` of mart scoring_health is not ok:
    each monitoring check shows up in `dbt build` output without failing the build. -#}
{% test scoring_health_ok(model, check_name) %}
select
    check_name,
    status,
    figure,
    threshold,
    detail
from {{ model }}
where
    check_name = '{{ check_name }}'
    and status != 'ok'
{% endtest %}
