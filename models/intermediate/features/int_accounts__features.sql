{#- Every scoring feature of an account, one row per account: firmographics and market context, the
    key contact's role, the activity of all its contacts, and its customer health. -#}
with

accounts as (
    select * from {{ ref('int_accounts__enriched') }}
),

subscription_status as (
    select * from {{ ref('int_accounts__subscription_status') }}
),

product_usage as (
    select * from {{ ref('int_accounts__product_usage') }}
),

support as (
    select * from {{ ref('int_accounts__support') }}
),

opportunity_history as (
    select * from {{ ref('int_accounts__opportunity_history') }}
),

contact_rollup as (
    select * from {{ ref('int_accounts__contact_rollup') }}
),

industry_retention as (
    select * from {{ ref('int_industries__customer_retention') }}
),

activity as (
    select * from {{ ref('int_entities__activity') }}
    where entity_type = 'account'
)

select
    accounts.account_id,
    coalesce(subscription_status.lifecycle_stage, 'prospect') as lifecycle_stage,
    coalesce(activity.events_365d, 0) > 0 as is_tracked,
    -- firmographics and market
    accounts.industry,
    accounts.market_maturity,
    accounts.competition_level,
    accounts.cloud_adoption,
    accounts.digital_maturity,
    accounts.growth_stage,
    accounts.employee_count,
    accounts.annual_revenue,
    accounts.revenue_growth_pct,
    accounts.employee_growth_pct,
    accounts.locations_count,
    accounts.integrable_tool_count,
    accounts.months_to_budget_cycle,
    -- role: the key contact stands for the account
    contact_rollup.key_contact_seniority as seniority,
    contact_rollup.key_contact_department as department,
    contact_rollup.key_contact_lead_source as lead_source,
    case when accounts.is_competitor then 'competitor' else 'business' end as email_type,
    cast(null as {{ dbt.type_string() }}) as is_unsubscribed,
    -- activity of all contacts
    activity.activity_trend_ratio,
    activity.email_response_trend,
    activity.touchpoint_channels_90d,
    activity.content_types_90d,
    activity.web_active_days_90d,
    activity.days_since_last_activity,
    coalesce(contact_rollup.engaged_contacts_30d, 0) as engaged_contacts_30d,
    coalesce(contact_rollup.exec_contacts_engaged_90d, 0) as exec_contacts_engaged_90d,
    coalesce(contact_rollup.departments_engaged_90d, 0) as departments_engaged_90d,
    -- deals and customer health
    case when coalesce(opportunity_history.open_opportunities, 0) > 0 then 'open' else 'none' end
        as open_opportunity_stage,
    coalesce(opportunity_history.won_deals_before, 0) as won_deals_before,
    case
        when coalesce(opportunity_history.open_opportunities, 0) = 0 then 0
        else opportunity_history.open_opportunity_amount
    end as open_opportunity_amount,
    opportunity_history.open_opportunity_age_days,
    subscription_status.renewal_posture,
    subscription_status.tenure_days,
    subscription_status.current_term_days,
    -- look-alike retention of the account's industry, leaving the account itself out
    {{ safe_divide(
        'industry_retention.customers_now'
        ~ " - case when subscription_status.lifecycle_stage = 'customer' then 1 else 0 end",
        'industry_retention.customers_ever'
        ~ ' - case when subscription_status.account_id is not null then 1 else 0 end'
    ) }} as segment_retention_rate,
    product_usage.seat_utilisation,
    product_usage.feature_adoption_rate,
    support.avg_csat_90d,
    case
        when support.account_id is not null then support.high_severity_tickets_90d
        when subscription_status.lifecycle_stage = 'customer' then 0
    end as high_severity_tickets_90d,
    support.ticket_trend_ratio
from accounts
left join subscription_status
    on accounts.account_id = subscription_status.account_id
left join product_usage
    on accounts.account_id = product_usage.account_id
left join support
    on accounts.account_id = support.account_id
left join opportunity_history
    on accounts.account_id = opportunity_history.account_id
left join contact_rollup
    on accounts.account_id = contact_rollup.account_id
left join industry_retention
    on accounts.industry = industry_retention.industry
left join activity
    on accounts.account_id = activity.entity_id
