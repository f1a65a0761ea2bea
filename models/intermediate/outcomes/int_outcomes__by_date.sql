{#- The outcome of every entity on every scoring date of score_history, out of time: what happened in
    (scoring date T, T + var('outcome_horizon_days')], never on or before the scoring date.
    - converted: the account won a new-business deal (prospects; a contact converts with its account,
      or with var contact_conversion = 'primary_contact' when it is the won deal's primary contact);
    - expanded: the account won an expansion deal (customers: growth);
    - retained: a customer on T (score_history's lifecycle stage) still has an active subscription on
      T + horizon: a term started on or before that day, ending on or after it (end_date is the term's
      last day) and not cancelled on or before it. Null for a non-customer and while the window is not
      observed (customers: success);
    - churned: a customer on T that has no active subscription on the judged day (a cancellation, a
      lapse: the last term ended without a successor, or all its terms cancelled) or lost a renewal deal
      in (T, judged day] (customers: risk); 0 for a non-customer. The judged day is T + horizon, or,
      while the window is not observed, the date outcomes are known up to (never before T): churn so
      far, where a term's successor may not be known yet. With an observed window churned = 1 -
      retained.
    is_outcome_observed says whether the whole window lies on or before the date outcomes are known up
    to (int_outcomes__observed_until). A view (a table on Spark): its readers take one scoring date
    (scoring_health) or the dates macro validation_dates_filter picks (model_performance,
    score_calibration), so it is never computed for the whole history. -#}
{{ config(materialized='table' if target.type == 'spark' else 'view') }}
with

scored as (
    select
        scoring_date,
        entity_type,
        entity_id,
        account_id,
        lifecycle_stage
    from {{ ref('score_history') }}
),

observed_until as (
    select observed_until from {{ ref('int_outcomes__observed_until') }}
),

-- each scoring date's horizon end, and the day its subscriptions are judged on: the horizon end, or
-- the date outcomes are known up to when that is earlier (never before the scoring date)
scoring_dates as (
    select
        dates.scoring_date,
        dates.horizon_end,
        coalesce(dates.horizon_end <= observed_until.observed_until, false) as is_outcome_observed,
        case
            when dates.horizon_end <= observed_until.observed_until then dates.horizon_end
            when observed_until.observed_until > dates.scoring_date then observed_until.observed_until
            else dates.scoring_date
        end as judged_date
    from (
        select distinct
            scoring_date,
            {{ dbt.dateadd('day', var('outcome_horizon_days', 90), 'scoring_date') }} as horizon_end
        from scored
    ) as dates
    cross join observed_until
),

opportunities as (
    select
        account_id,
        primary_contact_id,
        opportunity_type,
        is_won,
        closed_date
    from {{ ref('stg_crm__opportunities') }}
    where
        is_closed
        and closed_date is not null
),

terms as (
    select
        account_id,
        start_date,
        end_date,
        cancelled_date
    from {{ ref('stg_billing__subscriptions') }}
    where account_id is not null
),

-- every closed deal in each scoring date's horizon (T, T + horizon], read by account and by contact
horizon_deals as (
    select
        scoring_dates.scoring_date,
        scoring_dates.judged_date,
        opportunities.account_id,
        opportunities.primary_contact_id,
        opportunities.opportunity_type,
        opportunities.is_won,
        opportunities.closed_date
    from scoring_dates
    inner join opportunities
        on
            scoring_dates.scoring_date < opportunities.closed_date
            and scoring_dates.horizon_end >= opportunities.closed_date
),

-- one row per account and scoring date with a counted deal in the date's horizon
account_events as (
    select
        scoring_date,
        account_id,
        max(case
            when is_won and opportunity_type = 'new_business' then 1 else 0
        end) as won_new_business,
        max(case
            when is_won and opportunity_type = 'expansion' then 1 else 0
        end) as won_expansion,
        max(case
            when
                not is_won
                and opportunity_type = 'renewal'
                and closed_date <= judged_date
                then 1
            else 0
        end) as lost_renewal
    from horizon_deals
    group by scoring_date, account_id
),

{%- if contact_conversion() == 'primary_contact' %}

-- one row per primary contact and scoring date with a new-business deal won in the date's horizon
contact_wins as (
    select distinct
        scoring_date,
        primary_contact_id as contact_id
    from horizon_deals
    where
        is_won
        and opportunity_type = 'new_business'
        and primary_contact_id is not null
),
{%- endif %}

-- the accounts with a subscription in force on each scoring date's judged day
active_accounts as (
    select distinct
        scoring_dates.scoring_date,
        terms.account_id
    from scoring_dates
    inner join terms
        on
            scoring_dates.judged_date >= terms.start_date
            and scoring_dates.judged_date <= terms.end_date
    where
        terms.cancelled_date is null
        or terms.cancelled_date > scoring_dates.judged_date
),

labelled as (
    select
        scored.scoring_date,
        scored.entity_type,
        scored.entity_id,
        scored.lifecycle_stage,
        scoring_dates.is_outcome_observed,
        {%- if contact_conversion() == 'primary_contact' %}
            case
                when scored.entity_type = 'contact' then
                    case when contact_wins.contact_id is not null then 1 else 0 end
                else coalesce(account_events.won_new_business, 0)
            end as converted,
        {%- else %}
            coalesce(account_events.won_new_business, 0) as converted,
        {%- endif %}
        coalesce(account_events.won_expansion, 0) as expanded,
        case
            when scored.lifecycle_stage <> 'customer' or scored.lifecycle_stage is null then 0
            when active_accounts.account_id is null or account_events.lost_renewal = 1 then 1
            else 0
        end as churned
    from scored
    inner join scoring_dates
        on scored.scoring_date = scoring_dates.scoring_date
    left join account_events
        on
            scored.scoring_date = account_events.scoring_date
            and scored.account_id = account_events.account_id
    left join active_accounts
        on
            scored.scoring_date = active_accounts.scoring_date
            and scored.account_id = active_accounts.account_id
    {%- if contact_conversion() == 'primary_contact' %}
        left join contact_wins
            on
                scored.scoring_date = contact_wins.scoring_date
                and scored.entity_id = contact_wins.contact_id
    {%- endif %}
)

select
    scoring_date,
    entity_type,
    entity_id,
    lifecycle_stage,
    converted,
    expanded,
    churned,
    case
        when lifecycle_stage = 'customer' and is_outcome_observed then 1 - churned
    end as retained,
    is_outcome_observed
from labelled
