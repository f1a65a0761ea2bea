{#- What an account's contacts add up to: how many are engaged (took var('engaged_contact_min_actions')
    or more medium- or high-intent actions in the window: clicks, replies, downloads, webinars, product or
    pricing pages, demos...; opens and blog visits do not count),
    how many executives, how many departments, and the key contact whose role stands for the account (highest seniority, then most
    active, then lowest id, so the choice is deterministic). -#}
{%- set min_actions = var('engaged_contact_min_actions', 3) %}

with

contacts as (
    select * from {{ ref('int_contacts__enriched') }}
),

activity as (
    select * from {{ ref('int_entities__activity') }}
    where entity_type = 'contact'
),

contact_activity as (
    select
        contacts.contact_id,
        contacts.account_id,
        contacts.seniority,
        contacts.seniority_rank,
        contacts.department,
        contacts.lead_source,
        coalesce(activity.engaged_actions_30d, 0) as engaged_actions_30d,
        coalesce(activity.engaged_actions_90d, 0) as engaged_actions_90d
    from contacts
    left join activity
        on contacts.contact_id = activity.entity_id
    where contacts.account_id is not null
),

ranked as (
    select
        contact_activity.*,
        row_number() over (
            partition by contact_activity.account_id
            order by
                coalesce(contact_activity.seniority_rank, 0) desc,
                contact_activity.engaged_actions_90d desc,
                contact_activity.contact_id asc
        ) as key_contact_rank
    from contact_activity
),

summed as (
    select
        account_id,
        count(*) as contacts_total,
        count(case when engaged_actions_30d >= {{ min_actions }} then 1 end) as engaged_contacts_30d,
        count(case when engaged_actions_90d >= {{ min_actions }} then 1 end) as engaged_contacts_90d,
        count(
            case
                when
                    engaged_actions_90d >= {{ min_actions }}
                    and seniority_rank >= {{ var('executive_min_seniority_rank', 5) }}
                    then 1
            end
        ) as exec_contacts_engaged_90d,
        count(distinct case when engaged_actions_90d >= {{ min_actions }} then department end)
            as departments_engaged_90d
    from contact_activity
    group by account_id
)

select
    summed.account_id,
    summed.contacts_total,
    summed.engaged_contacts_30d,
    summed.engaged_contacts_90d,
    summed.exec_contacts_engaged_90d,
    summed.departments_engaged_90d,
    ranked.contact_id as key_contact_id,
    ranked.seniority as key_contact_seniority,
    ranked.department as key_contact_department,
    ranked.lead_source as key_contact_lead_source
from summed
left join ranked
    on
        summed.account_id = ranked.account_id
        and ranked.key_contact_rank = 1
