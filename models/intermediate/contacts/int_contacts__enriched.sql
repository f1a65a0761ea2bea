{#- Contacts with the role attributes scoring needs: seniority (from the CRM, else inferred from the
    title by seed title_seniority_rules), email type (business, personal, competitor) and the
    unsubscribe flag as of the scoring date. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

contacts as (
    select * from {{ ref('stg_crm__contacts') }}
),

title_rules as (
    select
        title_pattern,
        seniority,
        priority
    from {{ ref('title_seniority_rules') }}
),

-- pad the title with spaces and turn punctuation into spaces so patterns match whole words
padded_titles as (
    select
        contact_id,
        {{ dbt.concat([
            "' '",
            "replace(replace(replace(replace(replace(lower(title), ',', ' '), '&', ' '), '-', ' '), '/', ' '), '.', ' ')",
            "' '",
        ]) }} as padded_title
    from contacts
    where title is not null
),

best_title_rule as (
    select
        padded_titles.contact_id,
        min(title_rules.priority) as priority
    from padded_titles
    inner join title_rules
        on padded_titles.padded_title like title_rules.title_pattern
    group by padded_titles.contact_id
),

inferred_seniority as (
    select
        best_title_rule.contact_id,
        title_rules.seniority
    from best_title_rule
    inner join title_rules
        on best_title_rule.priority = title_rules.priority
),

personal_domains as (
    select email_domain from {{ ref('personal_email_domains') }}
),

competitor_domains as (
    select email_domain from {{ ref('competitor_domains') }}
),

seniority_levels as (
    select
        seniority,
        seniority_rank
    from {{ ref('seniority_levels') }}
),

resolved as (
    select
        contacts.contact_id,
        contacts.account_id,
        contacts.email_domain,
        contacts.title,
        -- a student title overrides whatever seniority the CRM holds
        case
            when inferred_seniority.seniority = 'student' then 'student'
            else coalesce(contacts.seniority, inferred_seniority.seniority)
        end as seniority,
        contacts.department,
        contacts.lead_source,
        case
            when contacts.email_domain is null then null
            when competitor_domains.email_domain is not null then 'competitor'
            when personal_domains.email_domain is not null then 'personal'
            else 'business'
        end as email_type,
        {{ bool_to_text(
            'contacts.unsubscribed_at is not null and cast(contacts.unsubscribed_at as date) <= as_of.as_of_date'
        ) }} as is_unsubscribed,
        contacts.created_at
    from contacts
    cross join as_of
    left join inferred_seniority
        on contacts.contact_id = inferred_seniority.contact_id
    left join personal_domains
        on contacts.email_domain = personal_domains.email_domain
    left join competitor_domains
        on contacts.email_domain = competitor_domains.email_domain
    -- point in time: a contact created after the scoring date did not exist yet
    where
        contacts.contact_id is not null
        and (contacts.created_at is null or cast(contacts.created_at as date) <= as_of.as_of_date)
)

select
    resolved.contact_id,
    resolved.account_id,
    resolved.email_domain,
    resolved.title,
    resolved.seniority,
    seniority_levels.seniority_rank,
    resolved.department,
    resolved.lead_source,
    resolved.email_type,
    resolved.is_unsubscribed,
    resolved.created_at
from resolved
left join seniority_levels
    on resolved.seniority = seniority_levels.seniority
