{#- The CRM sync feed: one row per CRM id whose published fields changed since the last successful
    export (or that was never exported), with its row hash, score date and model version. A view over
    the sync watermark, so it is current at the moment `scoring export` reads it: an export right
    after another, with no new build in between, finds nothing. -#}
{{ config(materialized='view') }}

with

published as (
    select * from {{ ref('int_crm__published_fields') }}
),

watermark as (
    select
        entity_type,
        crm_id,
        row_hash
    from {{ ref('stg_crm_sync__state') }}
)

select
    published.entity_type,
    published.crm_id,
    published.fit_score,
    published.intent_score,
    published.engagement_score,
    published.success_score,
    published.growth_score,
    published.risk_score,
    published.composite_score,
    published.composite_band,
    published.total_score,
    published.total_band,
    published.lifecycle_status,
    published.mql_date,
    published.top_reason_1,
    published.top_reason_2,
    published.top_reason_3,
    published.score_date,
    published.model_version,
    published.row_hash,
    case when watermark.crm_id is null then 'insert' else 'update' end as change_type
from published
left join watermark
    on
        published.entity_type = watermark.entity_type
        and published.crm_id = watermark.crm_id
where
    watermark.crm_id is null
    or published.row_hash != watermark.row_hash
