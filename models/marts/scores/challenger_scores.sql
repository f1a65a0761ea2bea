{#- The rubric not in use, scored beside the one the marts use (by default: the challenger beside the
    champion), one row per contact and account, with the version of the rubric. model_performance
    compares the two; promoting is var active_rubric. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

version as (
    select alternate_version as rubric_version from {{ ref('int_scoring__rubric_versions') }}
),

scores as (
    select * from {{ ref('int_challenger__composite') }}
)

select
    scores.entity_type,
    scores.entity_id,
    as_of.as_of_date,
    version.rubric_version,
    scores.lifecycle_stage,
    scores.fit_score,
    scores.intent_score,
    scores.engagement_score,
    scores.success_score,
    scores.growth_score,
    scores.risk_score,
    scores.composite_score,
    scores.composite_band,
    scores.total_score,
    scores.total_band,
    scores.triage_score,
    scores.is_disqualified
from scores
cross join as_of
cross join version
