{#- Every raw subscription contract term, typed and normalised, with the first quarantine rule it fails
    (null when valid). Rules in precedence order: missing_key (subscription_id or account_id),
    unparseable_<kind>, negative_count (seats, arr), end_before_start, unknown_account, duplicate_id,
    duplicate_row. Of the rows sharing a subscription_id, the first by its cleaned columns (in the
    order of content_columns below) is kept. -#}
{%- set parsed = [
    ('seats', dbt.type_bigint()),
    ('arr', type_double()),
    ('start_date', 'date'),
    ('end_date', 'date'),
    ('auto_renew', dbt.type_boolean()),
    ('cancelled_at', 'date'),
] -%}
{%- set content_columns = [
    'account_id', 'plan', 'seats', 'arr', 'start_date', 'end_date', 'auto_renew', 'cancelled_date',
] -%}

with

source as (
    select * from {{ source('billing', 'subscriptions') }}
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
        {{ unparseable(parsed, 'rule') }} as unparseable_rule,
        {{ unparseable(parsed, 'detail') }} as unparseable_detail,
        cast(subscription_id as {{ dbt.type_string() }}) as subscription_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ normalize_category('cast(plan as ' ~ dbt.type_string() ~ ')') }} as plan,
        {{ try_cast('seats', dbt.type_bigint()) }} as seats,
        {{ try_cast('arr', type_double()) }} as arr,
        {{ try_cast('start_date', 'date') }} as start_date,
        {{ try_cast('end_date', 'date') }} as end_date,
        {{ try_cast('auto_renew', dbt.type_boolean()) }} as auto_renew,
        {{ try_cast('cancelled_at', 'date') }} as cancelled_date
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
            when {{ first_negative(['renamed.seats', 'renamed.arr']) }} is not null then 'negative_count'
            when renamed.end_date < renamed.start_date then 'end_before_start'
            when coalesce(accounts.is_valid, 0) = 0 then 'unknown_account'
        end as row_rule,
        case
            when renamed.missing_key_detail is not null then renamed.missing_key_detail
            when renamed.unparseable_rule is not null then renamed.unparseable_detail
            when {{ first_negative(['renamed.seats', 'renamed.arr']) }} is not null
                then {{ first_negative(['renamed.seats', 'renamed.arr']) }}
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
        row_number() over (
            partition by subscription_id, row_rule order by {{ content_columns | join(', ') }}
        ) as copy_number,
        rank() over (
            partition by subscription_id, row_rule order by {{ content_columns | join(', ') }}
        ) as content_rank
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
    coalesce(row_rule, {{ duplicate_rule('copy_number', 'content_rank') }}) as quarantine_rule,
    case
        when row_rule is not null then row_detail
        when copy_number > content_rank then 'same content as another row with this subscription_id'
        when copy_number > 1 then 'subscription_id also on the kept row, with other content'
    end as quarantine_detail,
    record_key,
    raw_record,
    source_row_number
from ranked
