{#- Signal counts as numeric features, so a learned rubric can bin them as ranges: for every signal
    factor of any rubric version (seed rubric_factors, source_type 'signal'),
    feature signal__<source>__<window_days>d = the entity's count of that signal in that window
    (int_signals__long, macro signal_window_count), 0 for a scored entity without such events. One row
    per scored entity (int_scoring__entities) and signal feature, in the long form of int_features__long. -#}
with

signal_factors as (
    select
        source,
        window_days
    from {{ ref('rubric_factors') }}
    where source_type = 'signal'
    group by source, window_days
),

signal_features as (
    select
        {{ dbt.concat([
            "'signal__'", 'source', "'__'", 'cast(window_days as ' ~ dbt.type_string() ~ ')', "'d'"
        ]) }} as feature,
        source,
        window_days
    from signal_factors
    where source is not null and window_days is not null
),

entities as (
    select
        entity_type,
        entity_id
    from {{ ref('int_scoring__entities') }}
),

signals as (
    select
        entity_type,
        entity_id,
        signal,
        n_14d,
        n_30d,
        n_90d,
        n_365d
    from {{ ref('int_signals__long') }}
)

select
    entities.entity_type,
    entities.entity_id,
    signal_features.feature,
    cast(null as {{ dbt.type_string() }}) as value_text,
    cast(coalesce({{ signal_window_count('signals', 'signal_features.window_days') }}, 0) as {{ type_double() }})
        as value_number
from entities
cross join signal_features
left join signals
    on
        entities.entity_type = signals.entity_type
        and entities.entity_id = signals.entity_id
        and signal_features.source = signals.signal
