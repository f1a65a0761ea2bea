{#- Every raw CRM contact or lead, typed and normalised, with the first quarantine rule it fails (null
    when valid). Rules in precedence order: missing_key, unknown_account (an account_id that is set but
    not a valid account; a null account_id is a lead without an account and stays valid), duplicate_id,
    duplicate_row. No typed column is required (macro raw_typed_columns): a created_at or
    unsubscribed_at that does not parse becomes null (a contact without a creation date counts as
    existing on every date) and is reported in data_quality_issues. Of the rows sharing a contact_id,
    the first by its cleaned columns (in the order of content_columns below) is kept. First and last
    name are dropped, also from raw_record. -#}
{%- set columns = raw_typed_columns('crm.contacts') -%}
{%- set content_columns = [
    'account_id', 'email', 'title', 'seniority', 'department', 'lead_source', 'created_at',
    'unsubscribed_at',
] -%}

with

source as (
    select * from {{ source('crm', 'contacts') }}
),

parsed as (
    select
        {{ parsed_columns(columns) }}
        source.*
    from source
),

renamed as (
    select
        {{ source_row_number() }} as source_row_number,
        cast(contact_id as {{ dbt.type_string() }}) as record_key,
        {{ raw_record([
            'contact_id', 'account_id', 'email', 'title', 'seniority', 'department', 'lead_source',
            'created_at', 'unsubscribed_at',
        ]) }} as raw_record,
        {{ is_blank('contact_id') }} as is_missing_key,
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        lower(trim(cast(email as {{ dbt.type_string() }}))) as email,
        trim(cast(title as {{ dbt.type_string() }})) as title,
        {{ normalize_category('cast(seniority as ' ~ dbt.type_string() ~ ')') }} as seniority_label,
        {{ normalize_category('cast(department as ' ~ dbt.type_string() ~ ')') }} as department_label,
        {{ normalize_category('cast(lead_source as ' ~ dbt.type_string() ~ ')') }} as lead_source_label,
        {{ rejected_columns(columns) }}
        {{ typed_value(columns, 'created_at') }} as created_at,
        {{ typed_value(columns, 'unsubscribed_at') }} as unsubscribed_at
    from parsed
),

aliases as (
    select
        domain as alias_domain,
        alias,
        canonical
    from {{ ref('category_aliases') }}
),

-- each account_id of the accounts export, and whether one of its rows is valid
accounts as (
    {{ parent_keys('base_crm__accounts', 'account_id') }}
),

canonical as (
    select
        renamed.source_row_number,
        renamed.record_key,
        renamed.raw_record,
        renamed.is_missing_key,
        renamed.rejected_created_at,
        renamed.rejected_unsubscribed_at,
        accounts.is_valid as account_is_valid,
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
    left join accounts
        on renamed.account_id = accounts.account_id
),

-- the row rules, in precedence order; the duplicate rules come last, among the rows passing these
checked as (
    select
        *,
        case
            when is_missing_key then 'missing_key'
            when account_id is not null and coalesce(account_is_valid, 0) = 0 then 'unknown_account'
        end as row_rule,
        case
            when is_missing_key then 'contact_id is null or blank'
            when account_id is not null and account_is_valid is null
                then {{ dbt.concat(["'not in accounts: account_id='", 'account_id']) }}
            when account_id is not null and account_is_valid = 0
                then {{ dbt.concat(["'quarantined in accounts: account_id='", 'account_id']) }}
        end as row_detail
    from canonical
),

ranked as (
    select
        *,
        {{ duplicate_ranks(['contact_id'], content_columns) }}
    from checked
)

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
    unsubscribed_at,
    {{ quarantine_columns('contact_id') }},
    record_key,
    raw_record,
    rejected_created_at,
    rejected_unsubscribed_at,
    source_row_number
from ranked
