{#- Where each contact stands as a lead on the scoring date: its segment (by employee count, seed
    segments), the thresholds that apply (seed lifecycle_thresholds: the segment's value, else the
    default row), and whether it qualifies:
    - MQL: fit >= mql_min_fit and engagement >= mql_min_engagement;
    - SQL: total >= sql_min_total and a high-intent action (demo, trial, meeting, proposal, pricing)
      within sql_intent_window_days (14 or 30).
    Existing customers (their account is a customer, or their email domain is a customer's domain) and
    disqualified contacts are not leads: they never qualify. -#}
with

scores as (
    select * from {{ ref('int_scores__composite') }}
    where entity_type = 'contact' and rubric_version = '{{ active_rubric_version() }}'
),

activity as (
    select
        entity_id as contact_id,
        high_intent_actions_14d,
        high_intent_actions_30d
    from {{ ref('int_entities__activity') }}
    where entity_type = 'contact'
),

contacts as (
    select
        contact_id,
        email_domain
    from {{ ref('int_contacts__enriched') }}
),

accounts as (
    select
        accounts.account_id,
        accounts.domain,
        accounts.employee_count,
        accounts.region,
        accounts.owner_id,
        coalesce(subscription_status.lifecycle_stage, 'prospect') as lifecycle_stage
    from {{ ref('int_accounts__enriched') }} as accounts
    left join {{ ref('int_accounts__subscription_status') }} as subscription_status
        on accounts.account_id = subscription_status.account_id
),

customer_domains as (
    select distinct domain from accounts
    where
        lifecycle_stage = 'customer'
        and domain is not null
),

segments as (
    select * from {{ ref('segments') }}
),

thresholds as (
    select * from {{ ref('lifecycle_thresholds') }}
),

default_thresholds as (
    select * from thresholds
    where segment = 'default'
),

segmented as (
    select
        scores.entity_id as contact_id,
        scores.account_id,
        accounts.region,
        accounts.owner_id,
        coalesce(segments.segment, 'unknown') as segment,
        scores.fit_score,
        scores.engagement_score,
        scores.total_score,
        scores.total_band,
        scores.is_disqualified,
        coalesce(activity.high_intent_actions_14d, 0) as high_intent_actions_14d,
        coalesce(activity.high_intent_actions_30d, 0) as high_intent_actions_30d,
        (
            coalesce(accounts.lifecycle_stage = 'customer', false)
            or customer_domains.domain is not null
        ) as is_existing_customer
    from scores
    left join activity
        on scores.entity_id = activity.contact_id
    left join contacts
        on scores.entity_id = contacts.contact_id
    left join accounts
        on scores.account_id = accounts.account_id
    left join customer_domains
        on contacts.email_domain = customer_domains.domain
    left join segments
        on
            accounts.employee_count >= coalesce(segments.employee_min, accounts.employee_count)
            and accounts.employee_count < coalesce(segments.employee_max, accounts.employee_count + 1)
),

resolved as (
    select
        segmented.*,
        coalesce(segment_thresholds.mql_min_fit, default_thresholds.mql_min_fit) as mql_min_fit,
        coalesce(segment_thresholds.mql_min_engagement, default_thresholds.mql_min_engagement)
            as mql_min_engagement,
        coalesce(segment_thresholds.sql_min_total, default_thresholds.sql_min_total) as sql_min_total,
        coalesce(segment_thresholds.sql_intent_window_days, default_thresholds.sql_intent_window_days)
            as sql_intent_window_days,
        coalesce(segment_thresholds.remql_cooldown_days, default_thresholds.remql_cooldown_days)
            as remql_cooldown_days
    from segmented
    cross join default_thresholds
    left join thresholds as segment_thresholds
        on segmented.segment = segment_thresholds.segment
)

select
    contact_id,
    account_id,
    region,
    owner_id,
    segment,
    fit_score,
    engagement_score,
    total_score,
    total_band,
    high_intent_actions_14d,
    high_intent_actions_30d,
    is_existing_customer,
    is_disqualified,
    mql_min_fit,
    mql_min_engagement,
    sql_min_total,
    sql_intent_window_days,
    remql_cooldown_days,
    coalesce(
        not is_disqualified
        and not is_existing_customer
        and fit_score >= mql_min_fit
        and engagement_score >= mql_min_engagement,
        false
    ) as is_mql,
    coalesce(
        not is_disqualified
        and not is_existing_customer
        and total_score >= sql_min_total
        and case sql_intent_window_days
            when 14 then high_intent_actions_14d
            when 30 then high_intent_actions_30d
        end > 0,
        false
    ) as is_sql
from resolved
