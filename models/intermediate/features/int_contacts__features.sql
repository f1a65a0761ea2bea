{#- Every scoring feature of a contact, one row per contact: the person's role and email, their own
    activity, and their account's firmographics, colleagues and customer health. -#}
with

contacts as (
    select * from {{ ref('int_contacts__enriched') }}
),

account_features as (
    select * from {{ ref('int_accounts__features') }}
),

activity as (
    select * from {{ ref('int_entities__activity') }}
    where entity_type = 'contact'
)

select
    contacts.contact_id,
    contacts.account_id,
    coalesce(account_features.lifecycle_stage, 'prospect') as lifecycle_stage,
    coalesce(activity.events_365d, 0) > 0 as is_tracked,
    -- the account's firmographics and market
    account_features.industry,
    account_features.market_maturity,
    account_features.competition_level,
    account_features.cloud_adoption,
    account_features.digital_maturity,
    account_features.growth_stage,
    account_features.employee_count,
    account_features.annual_revenue,
    account_features.revenue_growth_pct,
    account_features.employee_growth_pct,
    account_features.locations_count,
    account_features.integrable_tool_count,
    account_features.months_to_budget_cycle,
    -- the person
    contacts.seniority,
    contacts.department,
    contacts.lead_source,
    contacts.email_type,
    contacts.is_unsubscribed,
    -- their own activity
    activity.activity_trend_ratio,
    activity.email_response_trend,
    activity.touchpoint_channels_90d,
    activity.content_types_90d,
    activity.web_active_days_90d,
    activity.days_since_last_activity,
    -- colleagues at the same account
    account_features.engaged_contacts_30d,
    account_features.exec_contacts_engaged_90d,
    account_features.departments_engaged_90d,
    -- the account's deals and customer health
    account_features.open_opportunity_stage,
    account_features.won_deals_before,
    account_features.open_opportunity_amount,
    account_features.open_opportunity_age_days,
    account_features.renewal_posture,
    account_features.tenure_days,
    account_features.current_term_days,
    account_features.segment_retention_rate,
    account_features.seat_utilisation,
    account_features.feature_adoption_rate,
    account_features.avg_csat_90d,
    account_features.high_severity_tickets_90d,
    account_features.ticket_trend_ratio
from contacts
left join account_features
    on contacts.account_id = account_features.account_id
left join activity
    on contacts.contact_id = activity.entity_id
