{#- The valid helpdesk tickets: the rows of base_support__tickets that pass every quarantine rule. -#}
select
    ticket_id,
    account_id,
    contact_id,
    created_at,
    created_date,
    resolved_at,
    severity,
    status,
    satisfaction_score
from {{ ref('base_support__tickets') }}
where quarantine_rule is null
