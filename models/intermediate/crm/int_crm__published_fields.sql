{#- What the CRM receives for every contact and account: the six scores, composite and bands,
    lifecycle status, MQL date, top reasons, score date and model version, keyed on the CRM id, with a
    hash of the fields that matter. The score date is left out of the hash: a new scoring date alone is
    not a change worth a sync. Ids and scores only: no personal data. -#}
{%- set hashed = [
    'fit_score', 'intent_score', 'engagement_score', 'success_score', 'growth_score', 'risk_score',
    'composite_score', 'composite_band', 'total_score', 'total_band', 'lifecycle_status', 'mql_date',
    'top_reason_1', 'top_reason_2', 'top_reason_3', 'model_version',
] -%}
with

contacts as (
    select
        'contact' as entity_type,
        scores.contact_id as crm_id,
        scores.fit_score,
        scores.intent_score,
        scores.engagement_score,
        scores.success_score,
        scores.growth_score,
        scores.risk_score,
        scores.composite_score,
        scores.composite_band,
        scores.total_score,
        scores.total_band,
        lifecycle.lifecycle_status,
        lifecycle.first_mql_date as mql_date,
        scores.top_reason_1,
        scores.top_reason_2,
        scores.top_reason_3,
        scores.as_of_date as score_date
    from {{ ref('contact_scores') }} as scores
    left join {{ ref('lead_lifecycle') }} as lifecycle
        on scores.contact_id = lifecycle.contact_id
),

accounts as (
    select
        'account' as entity_type,
        account_id as crm_id,
        fit_score,
        intent_score,
        engagement_score,
        success_score,
        growth_score,
        risk_score,
        composite_score,
        composite_band,
        total_score,
        total_band,
        cast(null as {{ dbt.type_string() }}) as lifecycle_status,
        cast(null as date) as mql_date,
        top_reason_1,
        top_reason_2,
        top_reason_3,
        as_of_date as score_date
    from {{ ref('account_scores') }}
),

published as (
    select * from contacts
    union all
    select * from accounts
)

select
    published.*,
    cast('{{ active_rubric_version() }}' as {{ dbt.type_string() }}) as model_version,
    {{ dbt.hash(dbt.concat(hashed_fields(hashed, 'published'))) }} as row_hash
from published
