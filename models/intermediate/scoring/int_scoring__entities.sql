{#- Every entity that gets scored: each contact and each account, with its lifecycle stage (which picks
    the composite weights) and whether it has any tracked activity (behaviour coverage). -#}
select
    'contact' as entity_type,
    contact_id as entity_id,
    account_id,
    lifecycle_stage,
    is_tracked
from {{ ref('int_contacts__features') }}
union all
select
    'account' as entity_type,
    account_id as entity_id,
    account_id,
    lifecycle_stage,
    is_tracked
from {{ ref('int_accounts__features') }}
