with

source as (
    select * from {{ source('crm', 'opportunities') }}
),

renamed as (
    select
        cast(opportunity_id as {{ dbt.type_string() }}) as opportunity_id,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        cast(primary_contact_id as {{ dbt.type_string() }}) as primary_contact_id,
        {{ normalize_category('cast(opportunity_type as ' ~ dbt.type_string() ~ ')') }} as opportunity_type,
        {{ normalize_category('cast(stage as ' ~ dbt.type_string() ~ ')') }} as stage,
        {{ try_cast('amount', type_double()) }} as amount,
        {{ try_cast('created_at', 'date') }} as created_date,
        {{ try_cast('closed_at', 'date') }} as closed_date
    from source
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
    coalesce(stage in ('closed_won', 'closed_lost'), false) as is_closed
from renamed
