{#- Every raw product-usage row, typed, with the first quarantine rule it fails (null when valid). The
    key is (account_id, usage_date). Rules in precedence order: missing_key (account_id, or usage_date
    null, blank or a null token), unparseable_date (usage_date), unknown_account, duplicate_id,
    duplicate_row. The four figures are optional (macro raw_typed_columns): a figure that does not parse
    or is negative becomes null and is reported in data_quality_issues; the row keeps its other figures.
    Of the rows sharing a key, the first by its figures (in the order of content_columns below) is kept. -#}
{%- set columns = raw_typed_columns('product.product_usage') -%}
{%- set content_columns = ['active_users', 'licensed_seats', 'features_adopted', 'features_available'] -%}

with

source as (
    select * from {{ source('product', 'product_usage') }}
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
        {{ dbt.concat([
            "coalesce(cast(account_id as " ~ dbt.type_string() ~ "), 'null')", "'|'",
            "coalesce(cast(usage_date as " ~ dbt.type_string() ~ "), 'null')",
        ]) }} as record_key,
        {{ raw_record([
            'account_id', 'usage_date', 'active_users', 'licensed_seats', 'features_adopted',
            'features_available',
        ]) }} as raw_record,
        case
            when {{ is_blank('account_id') }} then 'account_id is null or blank'
            when {{ is_null_value('usage_date') }} then 'usage_date is null or blank'
        end as missing_key_detail,
        {{ required_issue(columns, 'rule') }} as value_rule,
        {{ required_issue(columns, 'detail') }} as value_detail,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        {{ rejected_columns(columns) }}
        {{ typed_value(columns, 'usage_date') }} as usage_date,
        {{ typed_value(columns, 'active_users') }} as active_users,
        {{ typed_value(columns, 'licensed_seats') }} as licensed_seats,
        {{ typed_value(columns, 'features_adopted') }} as features_adopted,
        {{ typed_value(columns, 'features_available') }} as features_available
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
        {{ duplicate_ranks(['account_id', 'usage_date'], content_columns) }}
    from checked
)

select
    account_id,
    usage_date,
    active_users,
    licensed_seats,
    features_adopted,
    features_available,
    {{ quarantine_columns('account_id and usage_date', other_content='with other figures') }},
    record_key,
    raw_record,
    rejected_active_users,
    rejected_licensed_seats,
    rejected_features_adopted,
    rejected_features_available,
    source_row_number
from ranked
