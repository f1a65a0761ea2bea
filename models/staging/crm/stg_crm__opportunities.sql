{#- The valid CRM opportunities: the rows of base_crm__opportunities that pass every quarantine rule. -#}
select
    opportunity_id,
    account_id,
    primary_contact_id,
    opportunity_type,
    stage,
    amount,
    created_date,
    closed_date,
    is_won,
    is_closed
from {{ ref('base_crm__opportunities') }}
where quarantine_rule is null
