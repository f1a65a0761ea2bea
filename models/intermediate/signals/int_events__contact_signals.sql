{#- The single pass over the behavioural events: counts and recency per contact and signal, in the
    windows every dimension reads (14, 30, prior 30, 90 and 365 days up to the as-of date). -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

signal_map as (
    select
        event_type,
        event_detail,
        signal
    from {{ ref('event_signals') }}
),

events_in_window as (
    select
        events.contact_id,
        events.event_type,
        events.event_detail,
        events.event_date,
        {{ days_between('events.event_date', 'as_of.as_of_date') }} as days_ago
    from {{ ref('stg_marketing__events') }} as events
    cross join as_of
    where
        events.contact_id is not null
        and events.event_date <= as_of.as_of_date
        and events.event_date > {{ dbt.dateadd('day', -365, 'as_of.as_of_date') }}
),

mapped as (
    select
        events_in_window.contact_id,
        coalesce(exact_match.signal, default_match.signal, 'unmapped') as signal,
        events_in_window.event_date,
        events_in_window.days_ago
    from events_in_window
    left join signal_map as exact_match
        on events_in_window.event_type = exact_match.event_type
            and events_in_window.event_detail = exact_match.event_detail
    left join signal_map as default_match
        on events_in_window.event_type = default_match.event_type
            and default_match.event_detail = '*'
)

select
    contact_id,
    signal,
    count(case when days_ago < 14 then 1 end) as n_14d,
    count(case when days_ago < 30 then 1 end) as n_30d,
    count(case when days_ago >= 30 and days_ago < 60 then 1 end) as n_prior_30d,
    count(case when days_ago < 90 then 1 end) as n_90d,
    count(*) as n_365d,
    count(distinct case when days_ago < 90 then event_date end) as active_days_90d,
    max(event_date) as last_event_date
from mapped
group by contact_id, signal
