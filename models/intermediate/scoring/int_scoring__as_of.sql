{#- The one scoring date every model reads. var('as_of_date') when set, otherwise the latest event
    date that is not in the future, so re-running the demo gives the same scores. -#}
{%- set as_of_var = var('as_of_date', none) -%}
-- a parent with or without the var: the build order does not depend on the command line
-- depends_on: {{ ref('stg_marketing__events') }}

{% if as_of_var %}
select cast('{{ as_of_var }}' as date) as as_of_date
{% else %}
    select max(event_date) as as_of_date
    from {{ ref('stg_marketing__events') }}
    where event_date <= {{ dbt.current_timestamp() }}
{% endif %}
