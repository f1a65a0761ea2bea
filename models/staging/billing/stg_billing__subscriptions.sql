{#- The valid subscription contract terms: the rows of base_billing__subscriptions that pass every
    quarantine rule. -#}
select
    subscription_id,
    account_id,
    plan,
    seats,
    arr,
    start_date,
    end_date,
    auto_renew,
    cancelled_date
from {{ ref('base_billing__subscriptions') }}
where quarantine_rule is null
