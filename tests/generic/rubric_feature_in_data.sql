{#- On int_features__long: fails (a warning, by its config where attached) once per feature factor
    of the rubric seeds `factors` (source_type 'feature') whose feature has no row in the model, e.g. a
    rubric naming a custom column the raw data lacks (or one the custom feature catalog excludes):
    such a factor always scores its unknown tier. -#}
{% test rubric_feature_in_data(model, factors) %}
with

factors as (
    {%- for relation in factors %}
    select
        '{{ relation.identifier }}' as rubric_seed,
        factor_id,
        source as feature
    from {{ relation }}
    where source_type = 'feature'
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

present as (
    select distinct feature
    from {{ model }}
)

select
    {{ dbt.concat([
        'factors.rubric_seed', "' factor '", 'factors.factor_id', "': feature '", 'factors.feature',
        "' has no value in the data (int_features__long)'"
    ]) }} as failure
from factors
left join present
    on factors.feature = present.feature
where present.feature is null
{% endtest %}
