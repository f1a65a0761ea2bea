{#- Look-alike success: of the accounts in each industry that have ever been customers by the scoring
    date, the share still customers on it. Prospects inherit their industry's rate. -#}
with

accounts as (
    select
        account_id,
        industry
    from {{ ref('int_accounts__enriched') }}
),

subscription_status as (
    select
        account_id,
        lifecycle_stage
    from {{ ref('int_accounts__subscription_status') }}
)

select
    accounts.industry,
    count(*) as customers_ever,
    count(case when subscription_status.lifecycle_stage = 'customer' then 1 end) as customers_now,
    {{ safe_divide("count(case when subscription_status.lifecycle_stage = 'customer' then 1 end)", 'count(*)') }}
        as retention_rate
from subscription_status
inner join accounts
    on subscription_status.account_id = accounts.account_id
where accounts.industry is not null
group by accounts.industry
having count(*) >= {{ var('lookalike_min_customers', 5) }}
