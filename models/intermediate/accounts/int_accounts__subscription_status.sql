{#- Each account's contract position on the scoring date: the current term (if any), lifecycle stage,
    days to renewal, tenure, the current term's length and the renewal posture risk reads:
    cancelling (a cancellation recorded on or before the scoring date), rolling_monthly (a current term
    of at most var('rolling_term_max_days') days: month to month, it can end at any month's end),
    manual_renewal_due / manual_renewal (no auto-renew; renewal within var('renewal_window_days') or
    later), auto_renew; null without a current term or when auto_renew is unknown (the rubric's
    unknown tier). -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

terms as (
    select * from {{ ref('stg_billing__subscriptions') }}
),

started_terms as (
    select
        terms.*,
        as_of.as_of_date
    from terms
    cross join as_of
    where
        terms.account_id is not null
        and terms.start_date <= as_of.as_of_date
),

current_terms as (
    select
        account_id,
        subscription_id,
        plan,
        seats,
        arr,
        start_date,
        end_date,
        auto_renew,
        cancelled_date,
        as_of_date,
        row_number() over (
            partition by account_id
            order by start_date desc, end_date desc, subscription_id desc
        ) as term_rank
    from started_terms
    where end_date >= as_of_date
),

history as (
    select
        account_id,
        min(start_date) as first_term_start_date,
        count(*) as terms_started,
        max(as_of_date) as as_of_date
    from started_terms
    group by account_id
)

select
    history.account_id,
    history.first_term_start_date,
    history.terms_started,
    current_terms.subscription_id as current_subscription_id,
    current_terms.plan as current_plan,
    current_terms.seats as current_seats,
    current_terms.arr as current_arr,
    current_terms.end_date as renewal_date,
    case when current_terms.subscription_id is not null then 'customer' else 'prospect' end as lifecycle_stage,
    {{ days_between('current_terms.as_of_date', 'current_terms.end_date') }} as days_to_renewal,
    {{ days_between('history.first_term_start_date', 'history.as_of_date') }} as tenure_days,
    {{ days_between('current_terms.start_date', 'current_terms.end_date') }} as current_term_days,
    case
        when current_terms.subscription_id is null then null
        when current_terms.cancelled_date <= current_terms.as_of_date then 'cancelling'
        when
            {{ days_between('current_terms.start_date', 'current_terms.end_date') }}
            <= {{ var('rolling_term_max_days', 31) }}
            then 'rolling_monthly'
        when current_terms.auto_renew is null then null
        when
            not current_terms.auto_renew
            and {{ days_between('current_terms.as_of_date', 'current_terms.end_date') }}
            <= {{ var('renewal_window_days', 90) }}
            then 'manual_renewal_due'
        when not current_terms.auto_renew then 'manual_renewal'
        else 'auto_renew'
    end as renewal_posture
from history
left join current_terms
    on
        history.account_id = current_terms.account_id
        and current_terms.term_rank = 1
