{#- Calibration by decile: for each scoring date, rubric, entity type and score (composite and Total),
    the prospects split into ten equal groups by score (decile 1 = the best-scored tenth), with their
    mean score and observed conversion rate. A well-calibrated, well-ranked score has rates falling from
    decile 1 to 10. -#}
{#- Incremental by scoring date (macro validation_dates_filter): a build recomputes the as-of date, the
    dates not validated yet and the provisional dates whose horizon has since ended, and leaves every
    other date as it was (delete+insert on DuckDB and Postgres, insert_overwrite of the date's partition
    on Spark). -#}
{{ config(
    materialized='incremental',
    unique_key='scoring_date',
    incremental_strategy='insert_overwrite' if target.type == 'spark' else 'delete+insert',
    partition_by=['scoring_date'] if target.type == 'spark' else none,
    on_schema_change='append_new_columns',
) }}
-- depends_on: {{ ref('score_history') }}
-- depends_on: {{ ref('int_scoring__as_of') }}
-- depends_on: {{ ref('int_outcomes__observed_until') }}

with

labels as (
    select * from {{ ref('int_outcomes__scored_labels') }}
    where
        outcome = 'converted'
        and score_name in ('composite', 'total')
        and {{ validation_dates_filter() }}
),

ranked as (
    select
        scoring_date,
        rubric,
        rubric_version,
        entity_type,
        score_name,
        score,
        label,
        is_outcome_observed,
        row_number() over (
            partition by scoring_date, rubric, entity_type, score_name
            order by score desc, entity_id asc
        ) as position_from_top,
        count(*) over (partition by scoring_date, rubric, entity_type, score_name) as group_size
    from labels
),

deciled as (
    select
        *,
        cast(floor((position_from_top - 1) * 10.0 / group_size) as {{ dbt.type_int() }}) + 1 as decile
    from ranked
)

select
    scoring_date,
    rubric,
    max(rubric_version) as rubric_version,
    entity_type,
    score_name,
    decile,
    count(*) as entities,
    avg(score) as mean_score,
    min(score) as min_score,
    max(score) as max_score,
    cast(sum(label) as {{ dbt.type_bigint() }}) as conversions,
    {{ safe_divide('sum(label)', 'count(*)') }} as conversion_rate,
    min(case when is_outcome_observed then 1 else 0 end) = 1 as is_outcome_observed
from deciled
group by scoring_date, rubric, entity_type, score_name, decile
