{#- Calibration by decile: for each scoring date, rubric, entity type and score (composite and Total),
    the prospects split into ten equal groups by score (decile 1 = the best-scored tenth), with their
    mean score and observed conversion rate. A well-calibrated, well-ranked score has rates falling from
    decile 1 to 10. -#}
with

labels as (
    select * from {{ ref('int_outcomes__scored_labels') }}
    where
        outcome = 'converted'
        and score_name in ('composite', 'total')
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
    {{ safe_divide('sum(label)', 'count(*)') }} as conversion_rate
from deciled
group by scoring_date, rubric, entity_type, score_name, decile
