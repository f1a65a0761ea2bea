{#- What the CRM knew about each account's deals on the scoring date: deals won before it, whether
    an opportunity was open, the open deals' amount and the age of the oldest open deal. Stages are taken only from rows closed by then, since the export holds
    today's stage, not the stage on a past date. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

opportunities as (
    select
        opportunities.*,
        as_of.as_of_date
    from {{ ref('stg_crm__opportunities') }} as opportunities
    cross join as_of
    where opportunities.created_date <= as_of.as_of_date
)

select
    account_id,
    count(case when is_won and closed_date <= as_of_date then 1 end) as won_deals_before,
    count(case when is_closed and not is_won and closed_date <= as_of_date then 1 end) as lost_deals_before,
    count(case when closed_date is null or closed_date > as_of_date then 1 end) as open_opportunities,
    max(case when is_won and closed_date <= as_of_date then closed_date end) as last_won_date,
    -- the open deals' pipeline: their summed amount (null when none has one) and the oldest one's age
    sum(case when closed_date is null or closed_date > as_of_date then amount end) as open_opportunity_amount,
    max(
        case when closed_date is null or closed_date > as_of_date then {{ days_between('created_date', 'as_of_date') }} end
    ) as open_opportunity_age_days
from opportunities
where account_id is not null
group by account_id
