{#- Every raw helpdesk ticket, typed and normalised, with the first quarantine rule it fails (null when
    valid). Rules in precedence order: missing_key (ticket_id or account_id), unparseable_<kind>,
    satisfaction_out_of_range (a CSAT rating outside 1-5), unknown_account, duplicate_id,
    duplicate_row. Of the rows sharing a ticket_id, the first by its cleaned columns (in the order of
    content_columns below) is kept. -#}
{%- set parsed = [
    ('created_at', dbt.type_timestamp()),
    ('resolved_at', dbt.type_timestamp()),
    ('satisfaction_score', dbt.type_int()),
] -%}
{%- set content_columns = [
    'account_id', 'contact_id', 'created_at', 'resolved_at', 'severity', 'status', 'satisfaction_score',
] -%}

with

source as (
    select * from {{ source('support', 'support_tickets') }}
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
        {{ unparseable(parsed, 'rule') }} as unparseable_rule,
        {{ unparseable(parsed, 'detail') }} as unparseable_detail,
        cast(ticket_id as {{ dbt.type_string() }}) as ticket_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        {{ try_cast('created_at', dbt.type_timestamp()) }} as created_at,
        cast({{ try_cast('created_at', dbt.type_timestamp()) }} as date) as created_date,
        {{ try_cast('resolved_at', dbt.type_timestamp()) }} as resolved_at,
        {{ normalize_category('cast(severity as ' ~ dbt.type_string() ~ ')') }} as severity,
        {{ normalize_category('cast(status as ' ~ dbt.type_string() ~ ')') }} as status,
        {{ try_cast('satisfaction_score', dbt.type_int()) }} as satisfaction_score
    from source
),

-- each account_id of the accounts export, and whether one of its rows is valid
accounts as (
    select
        account_id,
        max(case when quarantine_rule is null then 1 else 0 end) as is_valid
    from {{ ref('base_crm__accounts') }}
    group by account_id
),

-- the row rules, in precedence order; the duplicate rules come last, among the rows passing these
checked as (
    select
        renamed.*,
        case
            when renamed.missing_key_detail is not null then 'missing_key'
            when renamed.unparseable_rule is not null then renamed.unparseable_rule
            when renamed.satisfaction_score not between 1 and 5 then 'satisfaction_out_of_range'
            when coalesce(accounts.is_valid, 0) = 0 then 'unknown_account'
        end as row_rule,
        case
            when renamed.missing_key_detail is not null then renamed.missing_key_detail
            when renamed.unparseable_rule is not null then renamed.unparseable_detail
            when renamed.satisfaction_score not between 1 and 5
                then {{ dbt.concat([
                    "'not in 1-5: satisfaction_score='", 'cast(renamed.satisfaction_score as ' ~ dbt.type_string() ~ ')',
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
        row_number() over (
            partition by ticket_id, row_rule order by {{ content_columns | join(', ') }}
        ) as copy_number,
        rank() over (
            partition by ticket_id, row_rule order by {{ content_columns | join(', ') }}
        ) as content_rank
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
    coalesce(row_rule, {{ duplicate_rule('copy_number', 'content_rank') }}) as quarantine_rule,
    case
        when row_rule is not null then row_detail
        when copy_number > content_rank then 'same content as another row with this ticket_id'
        when copy_number > 1 then 'ticket_id also on the kept row, with other content'
    end as quarantine_detail,
    record_key,
    raw_record,
    source_row_number
from ranked
