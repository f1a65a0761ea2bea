{#- Who works each lead. Existing customers go to their account owner (to the territory rep when the
    account has no owner); disqualified leads to nobody;
    everyone else to the queue of seed territory_routing for their region and segment (an exact row,
    else the region's '*' row, else the '*','*' row), and inside the queue to one rep of seed
    queue_members chosen by a stable hash of the contact id (the same lead always lands with the same
    rep while the queue's membership is unchanged). -#}
with

leads as (
    select
        contact_id,
        region,
        segment,
        owner_id,
        is_existing_customer,
        is_disqualified
    from {{ ref('int_lifecycle__qualification') }}
),

routes as (
    select * from {{ ref('territory_routing') }}
),

members as (
    select
        queue,
        rep_id,
        row_number() over (partition by queue order by rep_id) - 1 as member_index,
        count(*) over (partition by queue) as queue_size
    from {{ ref('queue_members') }}
),

queued as (
    select
        leads.*,
        coalesce(exact_route.queue, region_route.queue, default_route.queue) as territory_queue
    from leads
    left join routes as exact_route
        on
            leads.region = exact_route.region
            and leads.segment = exact_route.segment
    left join routes as region_route
        on
            leads.region = region_route.region
            and region_route.segment = '*'
    left join routes as default_route
        on
            default_route.region = '*'
            and default_route.segment = '*'
),

queue_sizes as (
    select distinct
        queue,
        queue_size
    from members
),

bucketed as (
    select
        queued.*,
        {{ hash_bucket('queued.contact_id', 'queue_sizes.queue_size') }} as member_index
    from queued
    left join queue_sizes
        on queued.territory_queue = queue_sizes.queue
)

select
    bucketed.contact_id,
    case
        when bucketed.is_disqualified then null
        when bucketed.is_existing_customer and bucketed.owner_id is not null then 'account_owner'
        else bucketed.territory_queue
    end as routing_queue,
    case
        when bucketed.is_disqualified then null
        when bucketed.is_existing_customer and bucketed.owner_id is not null then bucketed.owner_id
        else members.rep_id
    end as assigned_to,
    case
        when bucketed.is_disqualified then 'disqualified'
        when bucketed.is_existing_customer and bucketed.owner_id is not null then 'existing_customer'
        when members.rep_id is null then 'no_queue_member'
        -- a customer's contact whose account has no owner still needs someone: the territory rep
        when bucketed.is_existing_customer then 'existing_customer_without_owner'
        else 'territory'
    end as routing_reason
from bucketed
left join members
    on
        bucketed.territory_queue = members.queue
        and bucketed.member_index = members.member_index
