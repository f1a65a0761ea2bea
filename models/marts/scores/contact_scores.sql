{#- One row per contact: the six dimension scores with coverage, the risk-adjusted composite and its
    band and treatment, the sales-led Total score and band, quick triage, and the top reasons. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

scores as (
    select * from {{ ref('int_scores__composite') }}
    where entity_type = 'contact' and rubric_version = '{{ active_rubric_version() }}'
),

reasons as (
    select * from {{ ref('int_scores__reasons') }}
    where entity_type = 'contact'
),

treatments as (
    select * from {{ ref('band_treatments') }}
)

select
    scores.entity_id as contact_id,
    scores.account_id,
    as_of.as_of_date,
    scores.lifecycle_stage,
    scores.fit_score,
    scores.intent_score,
    scores.engagement_score,
    scores.success_score,
    scores.growth_score,
    scores.risk_score,
    scores.composite_score,
    scores.composite_band,
    scores.composite_band_rank,
    treatments.treatment_approach,
    treatments.response_time,
    scores.total_score,
    scores.total_band,
    scores.total_band_rank,
    scores.total_recommended_action,
    scores.triage_score,
    scores.triage_tier,
    scores.is_disqualified,
    scores.disqualification_reason,
    reasons.top_reason_1,
    reasons.top_reason_2,
    reasons.top_reason_3,
    reasons.top_risk_reason,
    scores.fit_coverage,
    scores.intent_coverage,
    scores.engagement_coverage,
    scores.success_coverage,
    scores.growth_coverage,
    scores.risk_coverage
from scores
cross join as_of
left join reasons
    on scores.entity_id = reasons.entity_id
left join treatments
    on scores.composite_band = treatments.band
