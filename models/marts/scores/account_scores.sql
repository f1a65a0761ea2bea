{#- One row per account: the account-level scores (computed from the account's own firmographics and
    health and the activity of all its contacts), beside the roll-up of its contacts' scores.
    Roll-up rule: top3_contact_composite is the mean composite of the account's three best-scoring
    contacts (fewer if it has fewer); priority_score is the higher of the account composite and that
    mean, so one buying group or one strong account profile is enough to surface the account. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

scores as (
    select * from {{ ref('int_scores__composite') }}
    where entity_type = 'account' and rubric_version = '{{ active_rubric_version() }}'
),

reasons as (
    select * from {{ ref('int_scores__reasons') }}
    where entity_type = 'account'
),

treatments as (
    select * from {{ ref('band_treatments') }}
),

contact_rollup_inputs as (
    select * from {{ ref('int_accounts__contact_rollup') }}
),

ranked_contacts as (
    select
        account_id,
        entity_id as contact_id,
        composite_score,
        total_score,
        row_number() over (
            partition by account_id
            order by composite_score desc, entity_id asc
        ) as contact_rank
    from {{ ref('int_scores__composite') }}
    where
        rubric_version = '{{ active_rubric_version() }}'
        and entity_type = 'contact'
        and account_id is not null
),

contact_rollup as (
    select
        account_id,
        count(*) as contacts_scored,
        max(case when contact_rank = 1 then contact_id end) as best_contact_id,
        max(composite_score) as best_contact_composite,
        avg(case when contact_rank <= 3 then composite_score end) as top3_contact_composite,
        max(total_score) as best_contact_total
    from ranked_contacts
    group by account_id
)

select
    scores.entity_id as account_id,
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
    coalesce(contact_rollup.contacts_scored, 0) as contacts_scored,
    coalesce(contact_rollup_inputs.engaged_contacts_30d, 0) as engaged_contacts_30d,
    contact_rollup.best_contact_id,
    contact_rollup.best_contact_composite,
    {{ round_score('contact_rollup.top3_contact_composite') }} as top3_contact_composite,
    greatest(scores.composite_score, coalesce({{ round_score('contact_rollup.top3_contact_composite') }}, 0))
        as priority_score,
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
left join contact_rollup
    on scores.entity_id = contact_rollup.account_id
left join contact_rollup_inputs
    on scores.entity_id = contact_rollup_inputs.account_id
