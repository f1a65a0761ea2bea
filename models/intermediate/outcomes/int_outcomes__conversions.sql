{#- What happened after the scoring date, within var('outcome_horizon_days'): did the account win a
    new-business deal? Outcomes only ever come from (as_of, as_of + horizon]; nothing here feeds a score.
    A contact converts when their account does (the buying group converts together), or with var
    contact_conversion = 'primary_contact' (a lead table: macro contact_conversion) only when it is
    the won deal's primary contact; is_primary_contact says whether the contact was the deal's
    primary contact. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

won_deals as (
    select
        opportunities.opportunity_id,
        opportunities.account_id,
        opportunities.primary_contact_id
    from {{ ref('stg_crm__opportunities') }} as opportunities
    cross join as_of
    where
        opportunities.is_won
        and opportunities.opportunity_type = 'new_business'
        and opportunities.closed_date > as_of.as_of_date
        and opportunities.closed_date <= {{ dbt.dateadd('day', var('outcome_horizon_days', 90), 'as_of.as_of_date') }}
),

won_accounts as (
    select distinct account_id from won_deals
),

-- entity_type makes the join below a plain equi-join (a constant in the join condition gave DuckDB a
-- nested-loop join, quadratic in the number of contacts)
primary_contacts as (
    select distinct
        'contact' as entity_type,
        primary_contact_id as contact_id
    from won_deals
),

entities as (
    select
        entity_type,
        entity_id,
        account_id
    from {{ ref('int_scoring__entities') }}
)

select
    entities.entity_type,
    entities.entity_id,
    {%- if contact_conversion() == 'primary_contact' %}
        case
            when entities.entity_type = 'contact' then
                case when primary_contacts.contact_id is not null then 1 else 0 end
            when won_accounts.account_id is not null then 1
            else 0
        end as converted,
    {%- else %}
        case when won_accounts.account_id is not null then 1 else 0 end as converted,
    {%- endif %}
    case when primary_contacts.contact_id is not null then 1 else 0 end as is_primary_contact
from entities
left join won_accounts
    on entities.account_id = won_accounts.account_id
left join primary_contacts
    on
        entities.entity_type = primary_contacts.entity_type
        and entities.entity_id = primary_contacts.contact_id
