{#- The challenger rubric's component points of all six dimensions (the rubric not in use by the marts,
    see macro rubric_seed), scored on the same features and signals as the champion. -#}
{%- set dimensions = ['fit', 'intent', 'engagement', 'success', 'growth', 'risk'] %}
{%- for dimension in dimensions %}
    select *
    from (
        {{ score_dimension(dimension, 'alternate') }}
    ) as {{ dimension }}_components
    {%- if not loop.last %}
        union all
    {%- endif %}
{%- endfor %}
