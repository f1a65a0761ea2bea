{#- One row per crossing on the scoring date: an entity whose condition holds now and did not hold on
    the previous scoring date in score_history (an entity new to the history counts as not holding it).
    The very first scoring date is the baseline and raises nothing. Conditions, with their numbers from
    seed alert_rules (a rule with is_enabled = false raises nothing):
    - entered_hot / entered_premium: in the top Total / composite band;
    - became_mql / became_sql: the lead flags of int_lifecycle__qualification;
    - composite_jump: composite moved min_change or more since the latest date lookback_days before;
    - risk_high: risk >= min_value;  risk_rising: risk rose min_change or more within lookback_days;
    - growth_opportunity: growth >= min_value and risk < max_value.
    Incremental: re-running a date replaces that date's alerts, so nothing is raised twice. -#}
{#- Replacing the rows of one scoring date: delete+insert on DuckDB and Postgres; on Spark (Parquet
    tables, no delete) the date is a partition and insert_overwrite replaces just that partition. -#}
{{ config(
    materialized='incremental',
    unique_key='scoring_date',
    incremental_strategy='insert_overwrite' if target.type == 'spark' else 'delete+insert',
    partition_by=['scoring_date'] if target.type == 'spark' else none,
    on_schema_change='append_new_columns',
) }}

{%- set change_rules = ['composite_jump', 'risk_rising'] -%}

with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

rules as (
    select * from {{ ref('alert_rules') }}
    where is_enabled
),

history as (
    select history.*
    from {{ ref('score_history') }} as history
    cross join as_of
    where history.scoring_date <= as_of.as_of_date
),

scoring_dates as (
    select distinct scoring_date from history
),

-- the dates compared: the scoring date and the one before it
anchors as (
    select
        'current' as anchor,
        as_of_date as anchor_date
    from as_of
    union all
    select
        'previous' as anchor,
        max(scoring_dates.scoring_date) as anchor_date
    from scoring_dates
    cross join as_of
    where scoring_dates.scoring_date < as_of.as_of_date
),

top_band_ranks as (
    select
        band_set,
        max(band_rank) as band_rank
    from {{ rubric_rows('score_bands') }} as score_bands
    group by band_set
),

top_bands as (
    select
        bands.band_set,
        bands.band
    from {{ rubric_rows('score_bands') }} as bands
    inner join top_band_ranks
        on
            bands.band_set = top_band_ranks.band_set
            and bands.band_rank = top_band_ranks.band_rank
),

-- the first scoring date is the baseline: nothing before it to cross from
previous_date as (
    select anchor_date from anchors
    where
        anchor = 'previous'
        and anchor_date is not null
),

{% for rule in change_rules %}
-- for each anchor, the latest scoring date at least lookback_days before it
    {{ rule }}_reference as (
        select
            anchors.anchor,
            max(scoring_dates.scoring_date) as reference_date
        from anchors
        inner join rules
            on rules.alert_type = '{{ rule }}'
        inner join scoring_dates
            on scoring_dates.scoring_date <= {{ dbt.dateadd('day', '-1 * rules.lookback_days', 'anchors.anchor_date') }}
        group by anchors.anchor
    ),
{% endfor %}

states as (
    select
        anchors.anchor,
        history.entity_type,
        history.entity_id,
        history.account_id,
        history.total_score,
        history.composite_score,
        history.risk_score,
        history.growth_score,
        coalesce(history.total_band = top_total.band, false) as is_hot,
        coalesce(history.composite_band = top_composite.band, false) as is_premium,
        coalesce(history.is_mql, false) as is_mql,
        coalesce(history.is_sql, false) as is_sql,
        composite_jump_base.composite_score as composite_reference,
        risk_rising_base.risk_score as risk_reference
    from anchors
    inner join history
        on anchors.anchor_date = history.scoring_date
    left join top_bands as top_total
        on top_total.band_set = 'total'
    left join top_bands as top_composite
        on top_composite.band_set = 'composite'
    left join composite_jump_reference
        on anchors.anchor = composite_jump_reference.anchor
    left join history as composite_jump_base
        on
            composite_jump_reference.reference_date = composite_jump_base.scoring_date
            and history.entity_type = composite_jump_base.entity_type
            and history.entity_id = composite_jump_base.entity_id
    left join risk_rising_reference
        on anchors.anchor = risk_rising_reference.anchor
    left join history as risk_rising_base
        on
            risk_rising_reference.reference_date = risk_rising_base.scoring_date
            and history.entity_type = risk_rising_base.entity_type
            and history.entity_id = risk_rising_base.entity_id
),

settings as (
    select
        {%- for setting in ['min_value', 'max_value', 'min_change'] %}
            {%- for rule in ['composite_jump', 'risk_high', 'risk_rising', 'growth_opportunity'] %}
                max(case when alert_type = '{{ rule }}' then {{ setting }} end) as {{ rule }}_{{ setting }},
            {%- endfor %}
        {%- endfor %}
        count(*) as enabled_rules
    from rules
),

conditions as (
    select
        states.*,
        states.is_hot as holds_entered_hot,
        states.is_premium as holds_entered_premium,
        states.is_mql as holds_became_mql,
        states.is_sql as holds_became_sql,
        coalesce(
            abs(states.composite_score - states.composite_reference) >= settings.composite_jump_min_change,
            false
        ) as holds_composite_jump,
        coalesce(states.risk_score >= settings.risk_high_min_value, false) as holds_risk_high,
        coalesce(
            states.risk_score - states.risk_reference >= settings.risk_rising_min_change, false
        ) as holds_risk_rising,
        coalesce(
            states.growth_score >= settings.growth_opportunity_min_value
            and states.risk_score < settings.growth_opportunity_max_value,
            false
        ) as holds_growth_opportunity
    from states
    cross join settings
),

current_conditions as (
    select * from conditions
    where anchor = 'current'
),

previous_conditions as (
    select * from conditions
    where anchor = 'previous'
),

{%- set alert_values = {
    'entered_hot': ('total_score', 'total_score'),
    'entered_premium': ('composite_score', 'composite_score'),
    'became_mql': ('total_score', 'total_score'),
    'became_sql': ('total_score', 'total_score'),
    'composite_jump': ('composite_reference', 'composite_score'),
    'risk_high': ('risk_score', 'risk_score'),
    'risk_rising': ('risk_reference', 'risk_score'),
    'growth_opportunity': ('growth_score', 'growth_score'),
} %}

crossings as (
    {%- for alert_type, values in alert_values.items() %}
        select
            '{{ alert_type }}' as alert_type,
            current_conditions.entity_type,
            current_conditions.entity_id,
            current_conditions.account_id,
            {%- if values[0] == values[1] %}
                previous_conditions.{{ values[0] }} as old_value,
            {%- else %}
                current_conditions.{{ values[0] }} as old_value,
            {%- endif %}
            current_conditions.{{ values[1] }} as new_value
        from current_conditions
        left join previous_conditions
            on
                current_conditions.entity_type = previous_conditions.entity_type
                and current_conditions.entity_id = previous_conditions.entity_id
        where
            current_conditions.holds_{{ alert_type }}
            and not coalesce(previous_conditions.holds_{{ alert_type }}, false)
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
)

select
    {{ dbt.hash(dbt.concat([
        "crossings.alert_type", "'|'", "crossings.entity_type", "'|'", "crossings.entity_id", "'|'",
        "cast(as_of.as_of_date as " ~ dbt.type_string() ~ ")",
    ])) }} as alert_id,
    as_of.as_of_date as scoring_date,
    crossings.alert_type,
    crossings.entity_type,
    crossings.entity_id,
    crossings.account_id,
    crossings.old_value,
    crossings.new_value,
    rules.description as reason
from crossings
cross join as_of
cross join previous_date
inner join rules
    on crossings.alert_type = rules.alert_type
