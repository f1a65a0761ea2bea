with

source as (
    select * from {{ source('product', 'product_usage') }}
)

select
    cast(account_id as {{ dbt.type_string() }}) as account_id,
    {{ try_cast('usage_date', 'date') }} as usage_date,
    {{ try_cast('active_users', dbt.type_bigint()) }} as active_users,
    {{ try_cast('licensed_seats', dbt.type_bigint()) }} as licensed_seats,
    {{ try_cast('features_adopted', dbt.type_bigint()) }} as features_adopted,
    {{ try_cast('features_available', dbt.type_bigint()) }} as features_available
from source
