{#- The component points of all six dimensions in one long table. -#}
{%- set dimensions = ['fit', 'intent', 'engagement', 'success', 'growth', 'risk'] %}
{%- for dimension in dimensions %}
    select
        entity_type,
        entity_id,
        dimension,
        component_group,
        component,
        budget,
        points,
        coverage,
        top_factor_id,
        top_factor_points
    from {{ ref('int_scores__' ~ dimension) }}
    {%- if not loop.last %}
        union all
    {%- endif %}
{%- endfor %}
