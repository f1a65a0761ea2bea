{#- Every raw subscription contract term, typed and normalised, with the first quarantine rule it fails
    (null when valid). Rules in precedence order: missing_key (subscription_id or account_id),
    missing_value (start_date, end_date), unparseable_date (start_date, end_date, cancelled_at:
    required, they place the term and date the churn outcome), end_before_start, unknown_account,
    duplicate_id, duplicate_row. seats, arr and auto_renew are optional (macro raw_typed_columns): a
    value that does not parse, or a negative seat count or arr, becomes null and is reported in
    data_quality_issues. Of the rows sharing a subscription_id, the first by its cleaned columns (in the
    order of content_columns below) is kept. -#}
{%- set columns = raw_typed_columns('billing.subscriptions') -%}
{%- set content_columns = [
    'account_id', 'plan', 'seats', 'arr', 'start_date', 'end_date', 'auto_renew', 'cancelled_date',
] -%}

with

source as (
    select * from {{ source('billing', 'subscriptions') }}
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
        cast(subscription_id as {{ dbt.type_string() }}) as record_key,
        {{ raw_record([
            'subscription_id', 'account_id', 'plan', 'seats', 'arr', 'start_date', 'end_date', 'auto_renew',
            'cancelled_at',
        ]) }} as raw_record,
        case
            when {{ is_blank('subscription_id') }} then 'subscription_id is null or blank'
            when {{ is_blank('account_id') }} then 'account_id is null or blank'
        end as missing_key_detail,
        {{ required_issue(columns, 'rule') }} as value_rule,
        {{ required_issue(columns, 'detail') }} as value_detail,
        cast(subscription_id as {{ dbt.type_string() }}) as subscription_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ normalize_category('cast(plan as ' ~ dbt.type_string() ~ ')') }} as plan,
        {{ rejected_columns(columns) }}
        {{ typed_value(columns, 'seats') }} as seats,
        {{ typed_value(columns, 'arr') }} as arr,
        {{ typed_value(columns, 'start_date') }} as start_date,
        {{ typed_value(columns, 'end_date') }} as end_date,
        {{ typed_value(columns, 'auto_renew') }} as auto_renew,
        {{ typed_value(columns, 'cancelled_at') }} as cancelled_date
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
            when renamed.end_date < renamed.start_date then 'end_before_start'
            when coalesce(accounts.is_valid, 0) = 0 then 'unknown_account'
        end as row_rule,
        case
            when renamed.missing_key_detail is not null then renamed.missing_key_detail
            when renamed.value_rule is not null then renamed.value_detail
            when renamed.end_date < renamed.start_date
                then {{ dbt.concat([
                    "'end_date='", 'cast(renamed.end_date as ' ~ dbt.type_string() ~ ')',
                    "' is before start_date='", 'cast(renamed.start_date as ' ~ dbt.type_string() ~ ')',
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
        {{ duplicate_ranks(['subscription_id'], content_columns) }}
    from checked
)

select
    subscription_id,
    account_id,
    plan,
    seats,
    arr,
    start_date,
    end_date,
    auto_renew,
    cancelled_date,
    {{ quarantine_columns('subscription_id') }},
    record_key,
    raw_record,
    rejected_seats,
    rejected_arr,
    rejected_auto_renew,
    source_row_number
from ranked
