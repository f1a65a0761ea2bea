{#- The valid CRM accounts: the rows of base_crm__accounts that pass every quarantine rule. -#}
select
    account_id,
    account_name,
    domain,
    industry,
    employee_count,
    annual_revenue,
    revenue_growth_pct,
    employee_growth_pct,
    country_code,
    growth_stage,
    cloud_adoption,
    digital_maturity,
    tech_stack,
    locations_count,
    fiscal_year_start_month,
    owner_id,
    created_date
from {{ ref('base_crm__accounts') }}
where quarantine_rule is null
