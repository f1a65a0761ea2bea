{#- Each account's contract position on the scoring date: the current term (if any), lifecycle stage,
    days to renewal and the renewal posture risk reads. -#}
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
        count(*) as terms_started
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
    case
        when current_terms.subscription_id is null then null
        when current_terms.cancelled_date <= current_terms.as_of_date then 'cancelling'
        when
            not coalesce(current_terms.auto_renew, false)
            and {{ days_between('current_terms.as_of_date', 'current_terms.end_date') }}
            <= {{ var('renewal_window_days', 90) }}
            then 'manual_renewal_due'
        when not coalesce(current_terms.auto_renew, false) then 'manual_renewal'
        else 'auto_renew'
    end as renewal_posture
from history
left join current_terms
    on
        history.account_id = current_terms.account_id
        and current_terms.term_rank = 1
