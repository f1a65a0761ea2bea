{#- Every score of both rubrics beside every outcome it is validated against, one row per scoring date,
    rubric, entity, score and outcome: the long form model_performance and score_calibration rank.
    Prospects are judged on conversion, customers on expansion, churn and retention (the latter only
    once the window is observed: still a customer at the horizon end). is_above_mql: the rubric's own fit and engagement
    reach the MQL thresholds of the entity's segment (seed lifecycle_thresholds, default row as
    fallback), so both rubrics are judged by one rule. A view (a table on Spark, whose metastore caps a
    view's text): its two readers take different slices, and writing the long form of every score of
    every history date cost more than computing it. -#}
{{ config(materialized='table' if target.type == 'spark' else 'view') }}
{%- set scores = ['fit', 'intent', 'engagement', 'success', 'growth', 'risk', 'composite', 'total'] %}
{%- set outcomes = {'converted': 'prospect', 'expanded': 'customer', 'churned': 'customer', 'retained': 'customer'} %}
with

history as (
    select * from {{ ref('score_history') }}
),

versions as (
    select * from {{ ref('int_scoring__rubric_versions') }}
),

outcomes as (
    select * from {{ ref('int_outcomes__by_date') }}
),

segments as (
    select * from {{ ref('int_accounts__segments') }}
),

thresholds as (
    select
        segment,
        mql_min_fit,
        mql_min_engagement
    from {{ ref('lifecycle_thresholds') }}
),

default_thresholds as (
    select
        mql_min_fit,
        mql_min_engagement
    from thresholds
    where segment = 'default'
),

-- the two rubrics side by side: the active one's columns and the challenger_ columns
rubric_scores as (
    {%- for rubric in ['active', 'alternate'] %}
        {%- set prefix = '' if rubric == 'active' else 'challenger_' %}
        select
            history.scoring_date,
            versions.{{ rubric }}_rubric as rubric,
            {%- if rubric == 'active' %}
                history.model_version as rubric_version,
            {%- else %}
                coalesce(history.challenger_version, 'unknown') as rubric_version,
            {%- endif %}
            history.entity_type,
            history.entity_id,
            {%- for score in scores %}
                {%- if prefix %}
                    history.{{ prefix ~ score }}_score as {{ score }}_score,
                {%- else %}
                    history.{{ score }}_score,
                {%- endif %}
            {%- endfor %}
            history.account_id
        from history
        cross join versions
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
),

labelled as (
    select
        rubric_scores.*,
        outcomes.lifecycle_stage,
        outcomes.is_outcome_observed,
        {%- for outcome in outcomes %}
            outcomes.{{ outcome }},
        {%- endfor %}
        coalesce(
            rubric_scores.fit_score >= coalesce(thresholds.mql_min_fit, default_thresholds.mql_min_fit)
            and rubric_scores.engagement_score
            >= coalesce(thresholds.mql_min_engagement, default_thresholds.mql_min_engagement),
            false
        ) as is_above_mql
    from rubric_scores
    inner join outcomes
        on
            rubric_scores.scoring_date = outcomes.scoring_date
            and rubric_scores.entity_type = outcomes.entity_type
            and rubric_scores.entity_id = outcomes.entity_id
    left join segments
        on rubric_scores.account_id = segments.account_id
    left join thresholds
        on segments.segment = thresholds.segment
    cross join default_thresholds
)

{% for outcome, stage in outcomes.items() %}
    {%- for score in scores %}
        select
            scoring_date,
            rubric,
            rubric_version,
            entity_type,
            entity_id,
            '{{ score }}' as score_name,
            '{{ outcome }}' as outcome,
            {{ score }}_score as score,
            {{ outcome }} as label,
            is_above_mql,
            is_outcome_observed
        from labelled
        where
            lifecycle_stage = '{{ stage }}'
            and {{ outcome }} is not null
            and {{ score }}_score is not null
        {%- if not loop.last %}
            union all
        {%- endif %}
    {%- endfor %}
    {%- if not loop.last %}
        union all
    {%- endif %}
{% endfor %}
