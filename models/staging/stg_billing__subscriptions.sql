with

source as (
    select * from {{ source('billing', 'subscriptions') }}
)

select
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
