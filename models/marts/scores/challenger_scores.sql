{#- The challenger: the rubric version scored beside the one the marts use (var
    challenger_rubric_version, by default the newest other version of seed rubric_versions), one row
    per contact and account, with its version; empty when var challenger_rubric_version is 'none'.
    model_performance compares the two; promoting is setting var rubric_version to its version. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

version as (
    select alternate_version as rubric_version from {{ ref('int_scoring__rubric_versions') }}
),

scores as (
    select scores.*
    from {{ ref('int_scores__composite') }} as scores
    inner join version
        on scores.rubric_version = version.rubric_version
)

select
    scores.entity_type,
    scores.entity_id,
    as_of.as_of_date,
    scores.rubric_version,
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
