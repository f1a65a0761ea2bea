{#- The outcome of every entity on every scoring date of score_history, out of time: what happened in
    (scoring date, scoring date + var('outcome_horizon_days')], never on or before the scoring date.
    - converted: the account won a new-business deal (prospects; a contact converts with its account);
    - expanded: the account won an expansion deal (customers: growth);
    - churned: a subscription of the account was cancelled or its renewal lost (customers: risk);
    - retained: the account renewed or expanded and did not churn (customers: success, the adoption and
      health outcome); null when no renewal, expansion or churn fell in the window (no decision yet).
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

scoring_dates as (
    select distinct scoring_date from scored
),

opportunities as (
    select
        account_id,
        opportunity_type,
        is_won,
        closed_date
    from {{ ref('stg_crm__opportunities') }}
    where
        is_closed
        and closed_date is not null
),

cancellations as (
    select
        account_id,
        cancelled_date
    from {{ ref('stg_billing__subscriptions') }}
    where cancelled_date is not null
),

observed_until as (
    select observed_until from {{ ref('int_outcomes__observed_until') }}
),

-- one row per account and scoring date with a counted event in the date's horizon
account_events as (
    select
        scoring_dates.scoring_date,
        opportunities.account_id,
        max(case
            when opportunities.is_won and opportunities.opportunity_type = 'new_business' then 1 else 0
        end) as won_new_business,
        max(case
            when opportunities.is_won and opportunities.opportunity_type = 'expansion' then 1 else 0
        end) as won_expansion,
        max(case
            when opportunities.is_won and opportunities.opportunity_type = 'renewal' then 1 else 0
        end) as won_renewal,
        max(case
            when not opportunities.is_won and opportunities.opportunity_type = 'renewal' then 1 else 0
        end) as lost_renewal
    from scoring_dates
    inner join opportunities
        on
            scoring_dates.scoring_date < opportunities.closed_date
            and opportunities.closed_date
            <= {{ dbt.dateadd('day', var('outcome_horizon_days', 90), 'scoring_dates.scoring_date') }}
    group by scoring_dates.scoring_date, opportunities.account_id
),

account_churn as (
    select distinct
        scoring_dates.scoring_date,
        cancellations.account_id
    from scoring_dates
    inner join cancellations
        on
            scoring_dates.scoring_date < cancellations.cancelled_date
            and cancellations.cancelled_date
            <= {{ dbt.dateadd('day', var('outcome_horizon_days', 90), 'scoring_dates.scoring_date') }}
),

labelled as (
    select
        scored.scoring_date,
        scored.entity_type,
        scored.entity_id,
        scored.lifecycle_stage,
        coalesce(account_events.won_new_business, 0) as converted,
        coalesce(account_events.won_expansion, 0) as expanded,
        case
            when account_churn.account_id is not null or account_events.lost_renewal = 1 then 1 else 0
        end as churned,
        coalesce(account_events.won_renewal, 0) as renewed
    from scored
    left join account_events
        on
            scored.scoring_date = account_events.scoring_date
            and scored.account_id = account_events.account_id
    left join account_churn
        on
            scored.scoring_date = account_churn.scoring_date
            and scored.account_id = account_churn.account_id
)

select
    labelled.scoring_date,
    labelled.entity_type,
    labelled.entity_id,
    labelled.lifecycle_stage,
    labelled.converted,
    labelled.expanded,
    labelled.churned,
    case
        when labelled.churned = 1 then 0
        when labelled.renewed = 1 or labelled.expanded = 1 then 1
    end as retained,
    coalesce(
        {{ dbt.dateadd('day', var('outcome_horizon_days', 90), 'labelled.scoring_date') }}
        <= observed_until.observed_until,
        false
    ) as is_outcome_observed
from labelled
cross join observed_until
