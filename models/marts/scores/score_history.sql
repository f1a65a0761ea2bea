{#- One row per contact and account per scoring date: the scores, bands and lead flags as they were on
    that date. Built incrementally: each build (or each date of `scoring backfill`) replaces the rows of
    its as-of date and leaves every other date as it was, so re-running a date never duplicates.
    A --full-refresh rebuilds it from the current date only: back it up or re-run the backfill. -#}
{#- Replacing the rows of one scoring date: delete+insert on DuckDB and Postgres; on Spark (Parquet
    tables, no delete) the date is a partition and insert_overwrite replaces just that partition. -#}
{{ config(
    materialized='incremental',
    unique_key='scoring_date',
    incremental_strategy='insert_overwrite' if target.type == 'spark' else 'delete+insert',
    partition_by=['scoring_date'] if target.type == 'spark' else none,
    on_schema_change='append_new_columns',
) }}

with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

scores as (
    select * from {{ ref('int_scores__composite') }}
    where rubric_version = '{{ active_rubric_version() }}'
),

versions as (
    select * from {{ ref('int_scoring__rubric_versions') }}
),

-- the version scored beside it (none when var challenger_rubric_version is 'none')
challenger as (
    select scores.*
    from {{ ref('int_scores__composite') }} as scores
    inner join versions
        on scores.rubric_version = versions.alternate_version
),

-- entity_type makes the join below a plain equi-join (a constant in the join condition gave DuckDB a
-- nested-loop join, quadratic in the number of contacts)
qualification as (
    select
        'contact' as entity_type,
        contact_id,
        is_mql,
        is_sql
    from {{ ref('int_lifecycle__qualification') }}
)

select
    as_of.as_of_date as scoring_date,
    scores.entity_type,
    scores.entity_id,
    scores.account_id,
    scores.lifecycle_stage,
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
    scores.triage_score,
    scores.is_disqualified,
    scores.is_stale,
    qualification.is_mql,
    qualification.is_sql,
    versions.active_version as model_version,
    -- the rubric scored beside it, for champion-challenger comparison over time
    challenger.fit_score as challenger_fit_score,
    challenger.intent_score as challenger_intent_score,
    challenger.engagement_score as challenger_engagement_score,
    challenger.success_score as challenger_success_score,
    challenger.growth_score as challenger_growth_score,
    challenger.risk_score as challenger_risk_score,
    challenger.composite_score as challenger_composite_score,
    challenger.total_score as challenger_total_score,
    versions.alternate_version as challenger_version
from scores
cross join as_of
cross join versions
left join challenger
    on
        scores.entity_type = challenger.entity_type
        and scores.entity_id = challenger.entity_id
left join qualification
    on
        scores.entity_type = qualification.entity_type
        and scores.entity_id = qualification.contact_id
