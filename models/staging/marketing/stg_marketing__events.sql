{#- The valid behavioural events: the rows of base_marketing__events that pass every quarantine rule
    (one row per event_id; replayed copies and the other rules' rows are quarantined there). -#}
select
    event_id,
    contact_id,
    occurred_at,
    event_date,
    event_type,
    event_detail
from {{ ref('base_marketing__events') }}
where quarantine_rule is null
