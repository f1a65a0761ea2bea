with

source as (
    select * from {{ source('support', 'support_tickets') }}
)

select
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
