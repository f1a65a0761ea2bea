with

source as (
    select * from {{ source('crm', 'contacts') }}
),

renamed as (
    select
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        lower(trim(cast(email as {{ dbt.type_string() }}))) as email,
        trim(cast(title as {{ dbt.type_string() }})) as title,
        {{ normalize_category('cast(seniority as ' ~ dbt.type_string() ~ ')') }} as seniority_label,
        {{ normalize_category('cast(department as ' ~ dbt.type_string() ~ ')') }} as department_label,
        {{ normalize_category('cast(lead_source as ' ~ dbt.type_string() ~ ')') }} as lead_source_label,
        {{ try_cast('created_at', dbt.type_timestamp()) }} as created_at,
        {{ try_cast('unsubscribed_at', dbt.type_timestamp()) }} as unsubscribed_at
    from source
),

aliases as (
    select
        domain as alias_domain,
        alias,
        canonical
    from {{ ref('category_aliases') }}
),

canonical as (
    select
        renamed.contact_id,
        renamed.account_id,
        renamed.email,
        nullif(lower(trim({{ dbt.split_part('renamed.email', "'@'", 2) }})), '') as email_domain,
        renamed.title,
        coalesce(seniority_alias.canonical, renamed.seniority_label) as seniority,
        coalesce(department_alias.canonical, renamed.department_label) as department,
        coalesce(lead_source_alias.canonical, renamed.lead_source_label) as lead_source,
        renamed.created_at,
        renamed.unsubscribed_at
    from renamed
    left join aliases as seniority_alias
        on seniority_alias.alias_domain = 'seniority'
            and renamed.seniority_label = seniority_alias.alias
    left join aliases as department_alias
        on department_alias.alias_domain = 'department'
            and renamed.department_label = department_alias.alias
    left join aliases as lead_source_alias
        on lead_source_alias.alias_domain = 'lead_source'
            and renamed.lead_source_label = lead_source_alias.alias
)

select * from canonical
