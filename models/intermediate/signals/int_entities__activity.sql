{#- Activity summary per contact and per account, derived from the long signal table: volume and trend,
    channels and content variety, recency, and high-intent actions. Undated activity (issue 12 item 6):
    a lead table with activity counts but no dates is imported with the contacts column
    activity_undated = true (its events spread evenly over 30 days). Such a contact, and an account all
    of whose contacts are undated, has is_activity_undated true and no trend (activity_trend_ratio,
    email_response_trend) nor recency (days_since_last_activity): the dates are made up; time decay
    (macro decay_dimensions) leaves it undecayed. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

-- one row per base signal; rollup signals are left out so nothing counts twice
signal_attributes as (
    select distinct
        signal,
        channel,
        intent_level,
        counts_as_activity
    from {{ ref('event_signals') }}
),

attributed as (
    select
        signals.entity_type,
        signals.entity_id,
        signals.signal,
        signals.n_365d,
        signal_attributes.channel,
        signal_attributes.intent_level,
        case when signal_attributes.counts_as_activity then signals.n_30d else 0 end as activity_30d,
        case when signal_attributes.counts_as_activity then signals.n_prior_30d else 0 end as activity_prior_30d,
        case when signal_attributes.counts_as_activity then signals.n_90d else 0 end as activity_90d,
        case when signal_attributes.counts_as_activity then signals.active_days_90d else 0 end as active_days_90d,
        case when signal_attributes.counts_as_activity then signals.last_event_date end as last_activity_date,
        case
            when signal_attributes.counts_as_activity and signal_attributes.intent_level in ('medium', 'high')
                then signals.n_30d
            else 0
        end as engaged_actions_30d,
        case
            when signal_attributes.counts_as_activity and signal_attributes.intent_level in ('medium', 'high')
                then signals.n_90d
            else 0
        end as engaged_actions_90d,
        case when signal_attributes.intent_level = 'high' then signals.n_14d else 0 end as high_intent_14d,
        case when signal_attributes.intent_level = 'high' then signals.n_30d else 0 end as high_intent_30d
    from {{ ref('int_signals__long') }} as signals
    inner join signal_attributes
        on signals.signal = signal_attributes.signal
),

-- contacts whose activity counts had no dates (the lead importer's custom column activity_undated)
undated_contacts as (
    select distinct entity_id as contact_id
    from {{ ref('stg_custom__attribute_values') }}
    where
        source_table = 'contacts'
        and column_name = 'activity_undated'
        and lower(raw_value) in ('true', 't', '1', 'yes', 'y')
),

contacts as (
    select
        contact_id,
        account_id
    from {{ ref('stg_crm__contacts') }}
),

-- accounts all of whose contacts are undated
undated_accounts as (
    select contacts.account_id
    from contacts
    left join undated_contacts
        on contacts.contact_id = undated_contacts.contact_id
    where contacts.account_id is not null
    group by contacts.account_id
    having min(case when undated_contacts.contact_id is null then 0 else 1 end) = 1
),

undated as (
    select
        'contact' as entity_type,
        contact_id as entity_id
    from undated_contacts
    union all
    select
        'account' as entity_type,
        account_id as entity_id
    from undated_accounts
),

summed as (
    select
        entity_type,
        entity_id,
        cast(sum(n_365d) as {{ dbt.type_bigint() }}) as events_365d,
        cast(sum(activity_30d) as {{ dbt.type_bigint() }}) as activity_30d,
        cast(sum(activity_prior_30d) as {{ dbt.type_bigint() }}) as activity_prior_30d,
        cast(sum(activity_90d) as {{ dbt.type_bigint() }}) as activity_90d,
        -- clicks and replies (sends and opens do not count as activity)
        cast(sum(case when channel = 'email' then activity_30d else 0 end) as {{ dbt.type_bigint() }}) as email_responses_30d,
        cast(sum(case when channel = 'email' then activity_prior_30d else 0 end) as {{ dbt.type_bigint() }}) as email_responses_prior_30d,
        count(distinct case when activity_90d > 0 then channel end) as touchpoint_channels_90d,
        count(distinct case when activity_90d > 0 and channel in ('web', 'content') then signal end)
            as content_types_90d,
        cast(sum(case when channel = 'web' then active_days_90d else 0 end) as {{ dbt.type_bigint() }}) as web_active_days_90d,
        cast(sum(engaged_actions_30d) as {{ dbt.type_bigint() }}) as engaged_actions_30d,
        cast(sum(engaged_actions_90d) as {{ dbt.type_bigint() }}) as engaged_actions_90d,
        cast(sum(high_intent_14d) as {{ dbt.type_bigint() }}) as high_intent_actions_14d,
        cast(sum(high_intent_30d) as {{ dbt.type_bigint() }}) as high_intent_actions_30d,
        max(last_activity_date) as last_activity_date
    from attributed
    group by entity_type, entity_id
)

select
    summed.entity_type,
    summed.entity_id,
    summed.events_365d,
    summed.activity_30d,
    summed.activity_prior_30d,
    summed.activity_90d,
    case
        when undated.entity_id is null
            then {{ trend_ratio('summed.activity_30d', 'summed.activity_prior_30d') }}
    end as activity_trend_ratio,
    case
        when undated.entity_id is null
            then {{ trend_ratio('summed.email_responses_30d', 'summed.email_responses_prior_30d') }}
    end as email_response_trend,
    summed.touchpoint_channels_90d,
    summed.content_types_90d,
    summed.web_active_days_90d,
    summed.engaged_actions_30d,
    summed.engaged_actions_90d,
    summed.high_intent_actions_14d,
    summed.high_intent_actions_30d,
    summed.last_activity_date,
    case
        when undated.entity_id is null then {{ days_between('summed.last_activity_date', 'as_of.as_of_date') }}
    end as days_since_last_activity,
    undated.entity_id is not null as is_activity_undated
from summed
cross join as_of
left join undated
    on
        summed.entity_type = undated.entity_type
        and summed.entity_id = undated.entity_id
