{#- Every raw helpdesk ticket, typed and normalised, with the first quarantine rule it fails (null when
    valid). Rules in precedence order: missing_key (ticket_id or account_id), missing_value /
    unparseable_timestamp (created_at: required, support windows count tickets by it), unknown_account,
    duplicate_id, duplicate_row. resolved_at and satisfaction_score are optional (macro
    raw_typed_columns): a value that does not parse, or a CSAT rating outside 1-5 (out_of_range),
    becomes null and is reported in data_quality_issues. Of the rows sharing a ticket_id, the first by
    its cleaned columns (in the order of content_columns below) is kept. -#}
{%- set columns = raw_typed_columns('support.support_tickets') -%}
{%- set content_columns = [
    'account_id', 'contact_id', 'created_at', 'resolved_at', 'severity', 'status', 'satisfaction_score',
] -%}

with

source as (
    select * from {{ source('support', 'support_tickets') }}
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
        cast(ticket_id as {{ dbt.type_string() }}) as record_key,
        {{ raw_record([
            'ticket_id', 'account_id', 'contact_id', 'created_at', 'resolved_at', 'severity', 'status',
            'satisfaction_score',
        ]) }} as raw_record,
        case
            when {{ is_blank('ticket_id') }} then 'ticket_id is null or blank'
            when {{ is_blank('account_id') }} then 'account_id is null or blank'
        end as missing_key_detail,
        {{ required_issue(columns, 'rule') }} as value_rule,
        {{ required_issue(columns, 'detail') }} as value_detail,
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        {{ typed_value(columns, 'created_at') }} as created_at,
        cast({{ typed_value(columns, 'created_at') }} as date) as created_date,
        {{ typed_value(columns, 'resolved_at') }} as resolved_at,
        {{ normalize_category('cast(severity as ' ~ dbt.type_string() ~ ')') }} as severity,
        {{ normalize_category('cast(status as ' ~ dbt.type_string() ~ ')') }} as status,
        {{ rejected_columns(columns) }}
        {{ typed_value(columns, 'satisfaction_score') }} as satisfaction_score
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
            when coalesce(accounts.is_valid, 0) = 0 then 'unknown_account'
        end as row_rule,
        case
            when renamed.missing_key_detail is not null then renamed.missing_key_detail
            when renamed.value_rule is not null then renamed.value_detail
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
        {{ duplicate_ranks(['ticket_id'], content_columns) }}
    from checked
)

select
    ticket_id,
    account_id,
    contact_id,
    created_at,
    created_date,
    resolved_at,
    severity,
    status,
    satisfaction_score,
    {{ quarantine_columns('ticket_id') }},
    record_key,
    raw_record,
    rejected_resolved_at,
    rejected_satisfaction_score,
    source_row_number
from ranked
