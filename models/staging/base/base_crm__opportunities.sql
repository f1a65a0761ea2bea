{#- Every raw CRM opportunity, typed and normalised, with the first quarantine rule it fails (null when
    valid). Rules in precedence order: missing_key (opportunity_id or account_id), unparseable_date
    (created_at, closed_at: required, they date the deal and its outcome), closed_before_created,
    unknown_account, duplicate_id, duplicate_row. The amount is optional (macro raw_typed_columns): a
    value that does not parse or is negative becomes null and is reported in data_quality_issues. Of the
    rows sharing an opportunity_id, the first by its cleaned columns (in the order of content_columns
    below) is kept. -#}
{%- set columns = raw_typed_columns('crm.opportunities') -%}
{%- set content_columns = [
    'account_id', 'primary_contact_id', 'opportunity_type', 'stage', 'amount', 'created_date',
    'closed_date',
] -%}

with

source as (
    select * from {{ source('crm', 'opportunities') }}
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
        cast(opportunity_id as {{ dbt.type_string() }}) as record_key,
        {{ raw_record([
            'opportunity_id', 'account_id', 'primary_contact_id', 'opportunity_type', 'stage', 'amount',
            'created_at', 'closed_at',
        ]) }} as raw_record,
        case
            when {{ is_blank('opportunity_id') }} then 'opportunity_id is null or blank'
            when {{ is_blank('account_id') }} then 'account_id is null or blank'
        end as missing_key_detail,
        {{ required_issue(columns, 'rule') }} as value_rule,
        {{ required_issue(columns, 'detail') }} as value_detail,
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(primary_contact_id as {{ dbt.type_string() }}) as primary_contact_id,
        {{ normalize_category('cast(opportunity_type as ' ~ dbt.type_string() ~ ')') }} as opportunity_type,
        {{ normalize_category('cast(stage as ' ~ dbt.type_string() ~ ')') }} as stage,
        {{ rejected_columns(columns) }}
        {{ typed_value(columns, 'amount') }} as amount,
        {{ typed_value(columns, 'created_at') }} as created_date,
        {{ typed_value(columns, 'closed_at') }} as closed_date
    from parsed
),

-- each account_id of the accounts export, and whether one of its rows is valid
accounts as (
    {{ parent_keys('base_crm__accounts', 'account_id') }}
),

-- the row rules, in precedence order; the duplicate rules come last, among the rows passing these
checked as (
    select
        renamed.*,
        case
            when renamed.missing_key_detail is not null then 'missing_key'
            when renamed.value_rule is not null then renamed.value_rule
            when renamed.closed_date < renamed.created_date then 'closed_before_created'
            when coalesce(accounts.is_valid, 0) = 0 then 'unknown_account'
        end as row_rule,
        case
            when renamed.missing_key_detail is not null then renamed.missing_key_detail
            when renamed.value_rule is not null then renamed.value_detail
            when renamed.closed_date < renamed.created_date
                then {{ dbt.concat([
                    "'closed_at='", 'cast(renamed.closed_date as ' ~ dbt.type_string() ~ ')',
                    "' is before created_at='", 'cast(renamed.created_date as ' ~ dbt.type_string() ~ ')',
                ]) }}
            when accounts.account_id is null
                then {{ dbt.concat(["'not in accounts: account_id='", 'renamed.account_id']) }}
            when accounts.is_valid = 0
                then {{ dbt.concat(["'quarantined in accounts: account_id='", 'renamed.account_id']) }}
        end as row_detail
    from renamed
    left join accounts
        on renamed.account_id = accounts.account_id
),

ranked as (
    select
        *,
        {{ duplicate_ranks(['opportunity_id'], content_columns) }}
    from checked
)

select
    opportunity_id,
    account_id,
    primary_contact_id,
    opportunity_type,
    stage,
    amount,
    created_date,
    closed_date,
    coalesce(stage = 'closed_won', false) as is_won,
    coalesce(stage in ('closed_won', 'closed_lost'), false) as is_closed,
    {{ quarantine_columns('opportunity_id') }},
    record_key,
    raw_record,
    rejected_amount,
    source_row_number
from ranked
