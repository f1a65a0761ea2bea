{#- The valid CRM contacts and leads: the rows of base_crm__contacts that pass every quarantine rule. -#}
select
    contact_id,
    account_id,
    email,
    email_domain,
    title,
    seniority,
    department,
    lead_source,
    created_at,
    unsubscribed_at
from {{ ref('base_crm__contacts') }}
where quarantine_rule is null
