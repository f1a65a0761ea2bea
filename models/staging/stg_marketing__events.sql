with

source as (
    select * from {{ source('marketing', 'events') }}
),

renamed as (
    select
        {{ try_cast('event_id', dbt.type_bigint()) }} as event_id,
        cast(contact_id as {{ dbt.type_string() }}) as contact_id,
        {{ try_cast('occurred_at', dbt.type_timestamp()) }} as occurred_at,
        {{ normalize_category('cast(event_type as ' ~ dbt.type_string() ~ ')') }} as event_type_label,
        {{ normalize_category('cast(event_detail as ' ~ dbt.type_string() ~ ')') }} as event_detail
    from source
),

-- exports replay events: an exact duplicate row is one event
deduplicated as (
    select distinct
        event_id,
        contact_id,
        occurred_at,
        event_type_label,
        event_detail
    from renamed
),

event_type_aliases as (
    select
        alias,
        canonical
    from {{ ref('category_aliases') }}
    where domain = 'event_type'
)

select
    deduplicated.event_id,
    deduplicated.contact_id,
    deduplicated.occurred_at,
    cast(deduplicated.occurred_at as date) as event_date,
    coalesce(event_type_aliases.canonical, deduplicated.event_type_label) as event_type,
    deduplicated.event_detail
from deduplicated
left join event_type_aliases
    on deduplicated.event_type_label = event_type_aliases.alias
