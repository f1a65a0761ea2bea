{#- The CRM sync's watermark: the hash of the published fields last exported per CRM id (table
    crm_sync_state, written by `scoring export`). A view, so crm_score_sync reads the watermark as it
    is when the export reads it. -#}
select
    entity_type,
    crm_id,
    row_hash,
    run_id,
    synced_at
from {{ source('crm_sync', 'crm_sync_state') }}
