{#- The scores a team acts on, per entity:
    - composite = (weighted fit, intent, engagement, success, growth) x (1 - risk / 100), with weights
      from seed composite_weights for the entity's lifecycle stage (prospect or customer);
    - total (sales-led lead view) = weighted fit + engagement, weights from var total_score_weights;
      a stale lead (inactive var('stale_lead_days') days) is held just below the top Total band;
    - triage 0-10 = fit 0-3 + engagement 0-5 + readiness 0-2 from seed triage_points;
    each placed in its band from seed score_bands; weights and bands are the entity row's own rubric
    version's (one row per version scored in this build). A disqualified entity scores 0 on all three.
    Composite and total are also computed from the undecayed dimensions, to show what decay changed. -#}
{% macro composite_scores(decayed) %}
with

entities as (
    select * from {{ ref('int_scoring__entities') }}
),

dimensions as (
    select * from {{ decayed }}
),

weights as (
    select
        rubric_version,
        lifecycle_stage,
    {%- for dimension in ['fit', 'intent', 'engagement', 'success', 'growth'] %}
        sum(case when dimension = '{{ dimension }}' then weight else 0 end) as w_{{ dimension }}
        {{- "," if not loop.last }}
    {%- endfor %}
    from {{ rubric_rows('composite_weights', 'scored') }} as composite_weights
    group by rubric_version, lifecycle_stage
),

bands as (
    select * from {{ rubric_rows('score_bands', 'scored') }} as score_bands
),

top_total_band as (
    select
        rubric_version,
        max(range_min) as range_min
    from bands
    where band_set = 'total'
    group by rubric_version
),

triage_points as (
    select * from {{ ref('triage_points') }}
),

scored as (
    select
        dimensions.rubric_version,
        entities.entity_type,
        entities.entity_id,
        entities.account_id,
        entities.lifecycle_stage,
        {%- for dimension in ['fit', 'intent', 'engagement', 'success', 'growth', 'risk'] %}
            dimensions.{{ dimension }}_score,
            dimensions.{{ dimension }}_score_undecayed,
            dimensions.{{ dimension }}_coverage,
        {%- endfor %}
        dimensions.is_disqualified,
        dimensions.disqualification_reason,
        dimensions.days_inactive,
        dimensions.decay_factor,
        dimensions.is_stale,
        case
            when dimensions.is_disqualified then 0
            else {{ composite_formula('dimensions', 'weights') }}
        end as composite_raw,
        case
            when dimensions.is_disqualified then 0
            else {{ composite_formula('dimensions', 'weights', '_undecayed') }}
        end as composite_raw_undecayed,
        case
            when dimensions.is_disqualified then 0
            when dimensions.is_stale
                then least({{ total_formula('dimensions') }}, top_total_band.range_min - 0.1)
            else {{ total_formula('dimensions') }}
        end as total_raw,
        case
            when dimensions.is_disqualified then 0
            when dimensions.is_stale
                then least({{ total_formula('dimensions', '_undecayed') }}, top_total_band.range_min - 0.1)
            else {{ total_formula('dimensions', '_undecayed') }}
        end as total_raw_undecayed
    from entities
    inner join dimensions
        on
            entities.entity_type = dimensions.entity_type
            and entities.entity_id = dimensions.entity_id
    inner join weights
        on
            dimensions.rubric_version = weights.rubric_version
            and entities.lifecycle_stage = weights.lifecycle_stage
    inner join top_total_band
        on dimensions.rubric_version = top_total_band.rubric_version
),

rounded as (
    select
        scored.*,
        {{ round_score(clamp('scored.composite_raw', 0, 100)) }} as composite_score,
        {{ round_score(clamp('scored.total_raw', 0, 100)) }} as total_score,
        {{ round_score(clamp('scored.composite_raw_undecayed', 0, 100)) }} as composite_score_undecayed,
        {{ round_score(clamp('scored.total_raw_undecayed', 0, 100)) }} as total_score_undecayed
    from scored
),

-- the scores a triage rule may read, in long form
triage_inputs as (
    {%- set triage_sources = [
        'fit_score', 'intent_score', 'engagement_score', 'success_score', 'growth_score', 'risk_score',
        'total_score', 'composite_score',
    ] %}
    {%- for score in triage_sources %}
        select
            rubric_version,
            entity_type,
            entity_id,
            '{{ score }}' as source_score,
            {{ score }} as score_value
        from rounded
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

triage as (
    select
        triage_inputs.rubric_version,
        triage_inputs.entity_type,
        triage_inputs.entity_id,
        cast(sum(triage_points.points) as {{ dbt.type_int() }}) as triage_score
    from triage_inputs
    inner join triage_points
        on
            triage_inputs.source_score = triage_points.source_score
            and triage_inputs.score_value >= triage_points.range_min
            and triage_inputs.score_value < triage_points.range_max
    group by triage_inputs.rubric_version, triage_inputs.entity_type, triage_inputs.entity_id
),

with_triage as (
    select
        rounded.*,
        case when rounded.is_disqualified then 0 else coalesce(triage.triage_score, 0) end as triage_score
    from rounded
    left join triage
        on
            rounded.rubric_version = triage.rubric_version
            and rounded.entity_type = triage.entity_type
            and rounded.entity_id = triage.entity_id
)

select
    with_triage.rubric_version,
    with_triage.entity_type,
    with_triage.entity_id,
    with_triage.account_id,
    with_triage.lifecycle_stage,
    with_triage.fit_score,
    with_triage.intent_score,
    with_triage.engagement_score,
    with_triage.success_score,
    with_triage.growth_score,
    with_triage.risk_score,
    with_triage.fit_coverage,
    with_triage.intent_coverage,
    with_triage.engagement_coverage,
    with_triage.success_coverage,
    with_triage.growth_coverage,
    with_triage.risk_coverage,
    with_triage.composite_score,
    composite_band.band as composite_band,
    composite_band.band_rank as composite_band_rank,
    with_triage.total_score,
    total_band.band as total_band,
    total_band.band_rank as total_band_rank,
    total_band.recommended_action as total_recommended_action,
    with_triage.triage_score,
    triage_band.band as triage_tier,
    with_triage.is_disqualified,
    with_triage.disqualification_reason,
    with_triage.days_inactive,
    with_triage.decay_factor,
    with_triage.is_stale,
    with_triage.intent_score_undecayed,
    with_triage.engagement_score_undecayed,
    with_triage.composite_score_undecayed,
    composite_band_undecayed.band_rank as composite_band_rank_undecayed,
    with_triage.total_score_undecayed,
    total_band_undecayed.band_rank as total_band_rank_undecayed
from with_triage
{%- for band_set, score in [
    ('composite', 'composite_score'), ('total', 'total_score'), ('triage', 'triage_score'),
    ('composite', 'composite_score_undecayed'), ('total', 'total_score_undecayed'),
] %}
    {%- set alias = {'composite_score': 'composite_band', 'total_score': 'total_band',
        'triage_score': 'triage_band', 'composite_score_undecayed': 'composite_band_undecayed',
        'total_score_undecayed': 'total_band_undecayed'}[score] %}
left join bands as {{ alias }}
    on
        with_triage.rubric_version = {{ alias }}.rubric_version
        and {{ alias }}.band_set = '{{ band_set }}'
        and with_triage.{{ score }} >= {{ alias }}.range_min
        and with_triage.{{ score }} < {{ alias }}.range_max
{%- endfor %}
{% endmacro %}
