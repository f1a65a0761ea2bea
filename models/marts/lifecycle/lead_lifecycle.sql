{#- One row per contact: where the lead stands on the scoring date and who works it.
    lifecycle_status: disqualified (a disqualifying negative rule hit), customer (an existing
    customer's contact, routed to the account owner, not a new lead), hot (SQL now), active (MQL now),
    recycled (was MQL before, not now), new (never MQL). MQL dates and counts come from score_history,
    so they reach back as far as the history does. buying_group_escalated marks leads whose account has
    var('buying_group_min_contacts') or more engaged contacts in the last 30 days. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

qualification as (
    select * from {{ ref('int_lifecycle__qualification') }}
),

mql_history as (
    select * from {{ ref('int_lifecycle__mql_history') }}
),

routing as (
    select * from {{ ref('int_lifecycle__routing') }}
),

buying_groups as (
    select
        account_id,
        engaged_contacts_30d
    from {{ ref('int_accounts__contact_rollup') }}
)

select
    qualification.contact_id,
    qualification.account_id,
    as_of.as_of_date,
    qualification.segment,
    qualification.region,
    qualification.fit_score,
    qualification.engagement_score,
    qualification.total_score,
    qualification.total_band,
    qualification.is_mql,
    qualification.is_sql,
    case
        when qualification.is_disqualified then 'disqualified'
        when qualification.is_existing_customer then 'customer'
        when qualification.is_sql then 'hot'
        when qualification.is_mql then 'active'
        when mql_history.mql_count > 0 then 'recycled'
        else 'new'
    end as lifecycle_status,
    mql_history.first_mql_date,
    mql_history.latest_mql_date,
    coalesce(mql_history.mql_count, 0) as mql_count,
    coalesce(mql_history.remql_count, 0) as remql_count,
    qualification.is_existing_customer,
    coalesce(buying_groups.engaged_contacts_30d, 0) as account_engaged_contacts_30d,
    coalesce(buying_groups.engaged_contacts_30d, 0) >= {{ var('buying_group_min_contacts', 3) }}
        as is_buying_group_escalated,
    routing.routing_queue,
    routing.assigned_to,
    routing.routing_reason
from qualification
cross join as_of
left join mql_history
    on qualification.contact_id = mql_history.contact_id
left join routing
    on qualification.contact_id = routing.contact_id
left join buying_groups
    on qualification.account_id = buying_groups.account_id
