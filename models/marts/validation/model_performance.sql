{#- How well each score of each rubric predicts its outcome, out of time: one row per scoring date,
    rubric (champion / challenger), entity type, score and outcome. Every score is ranked against what
    happened after its scoring date (int_outcomes__scored_labels):
    - auc: the probability that a random positive scores above a random negative (Mann-Whitney rank
      statistic, ties counted half), 0.5 = no better than chance;
    - top decile: the conversion rate of the best-scored 10 % and its lift over the base rate;
    - precision and recall at the MQL threshold (the rubric's own fit and engagement);
    - top_quartile_share: the share of all positives found in the best-scored 25 %.
    The top 10 % and 25 % are the ceil(n/10) and ceil(n/4) best-scored entities; entities tied on the
    score that straddles the boundary count by the share of the tie inside it. Everything is computed
    from counts per distinct score, not from a sort of every entity.
    reference_auc: for the rows of a learned version, the out-of-sample AUC of the gradient-boosting
    reference `scoring calibrate` fitted for the same score and outcome (seed rubric_references), on
    scoring dates inside the reference's evaluation period; null elsewhere. -#}
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
    where {{ validation_dates_filter() }}
),

-- one row per group and distinct score: scores are rounded, so a group of a million entities has some
-- hundreds of them, and every rank below comes from these counts instead of a sort of every entity
score_counts as (
    select
        scoring_date,
        rubric,
        entity_type,
        score_name,
        outcome,
        score,
        max(rubric_version) as rubric_version,
        count(*) as entities,
        sum(label) as positives,
        sum(case when is_above_mql then 1 else 0 end) as above_mql,
        sum(case when is_above_mql then label else 0 end) as above_mql_positives,
        min(case when is_outcome_observed then 1 else 0 end) as is_outcome_observed
    from labels
    group by scoring_date, rubric, entity_type, score_name, outcome, score
),

positioned as (
    select
        *,
        coalesce(sum(entities) over (
            partition by scoring_date, rubric, entity_type, score_name, outcome
            order by score asc
            rows between unbounded preceding and 1 preceding
        ), 0) as entities_below,
        coalesce(sum(entities) over (
            partition by scoring_date, rubric, entity_type, score_name, outcome
            order by score desc
            rows between unbounded preceding and 1 preceding
        ), 0) as entities_above,
        sum(entities) over (
            partition by scoring_date, rubric, entity_type, score_name, outcome
        ) as group_size
    from score_counts
),

-- how many of a score's entities are among the ceil(n/10) and ceil(n/4) best-scored: all, none, or,
-- for the score tied across the boundary, the part of the tie inside it
top_shares as (
    select
        *,
        {{ clamp('floor(cast(group_size + 9 as ' ~ type_double() ~ ') / 10) - entities_above', 0, 'entities') }}
            as top_decile_entities,
        {{ clamp('floor(cast(group_size + 3 as ' ~ type_double() ~ ') / 4) - entities_above', 0, 'entities') }}
            as top_quartile_entities
    from positioned
),

aggregated as (
    select
        scoring_date,
        rubric,
        max(rubric_version) as rubric_version,
        entity_type,
        score_name,
        outcome,
        sum(entities) as entities,
        sum(positives) as positives,
        -- the positives' ranks in ascending score order, ties sharing the mean of their ranks
        sum(positives * (entities_below + (entities + 1) / 2.0)) as positive_rank_sum,
        sum(top_decile_entities) as top_decile_entities,
        -- a tie across the boundary counts its positives by the share of it inside (their expected
        -- number in a random order of the tie)
        sum(positives * top_decile_entities / cast(entities as {{ type_double() }})) as top_decile_positives,
        sum(positives * top_quartile_entities / cast(entities as {{ type_double() }}))
            as top_quartile_positives,
        sum(above_mql) as above_mql,
        sum(above_mql_positives) as above_mql_positives,
        min(is_outcome_observed) = 1 as is_outcome_observed
    from top_shares
    group by scoring_date, rubric, entity_type, score_name, outcome
),

measured as (
    select
        *,
        entities - positives as negatives,
        {{ safe_divide('positives', 'entities') }} as base_rate,
        {{ safe_divide('top_decile_positives', 'top_decile_entities') }} as top_decile_rate
    from aggregated
),

-- the reference AUCs `scoring calibrate` measured for a learned version, on its evaluation dates
reference_aucs as (
    select
        rubric_version,
        score,
        outcome,
        evaluated_from,
        evaluated_to,
        reference_auc
    from {{ ref('rubric_references') }}
)

select
    measured.scoring_date,
    measured.rubric,
    measured.rubric_version,
    measured.entity_type,
    measured.score_name,
    measured.outcome,
    cast(measured.entities as {{ dbt.type_bigint() }}) as entities,
    cast(measured.positives as {{ dbt.type_bigint() }}) as positives,
    measured.base_rate,
    -- undefined (null) when the group has no positive or no negative
    case
        when measured.positives > 0 and measured.negatives > 0
            then (measured.positive_rank_sum - measured.positives * (measured.positives + 1) / 2.0)
                / (cast(measured.positives as {{ type_double() }}) * measured.negatives)
    end as auc,
    measured.top_decile_rate,
    {{ safe_divide('measured.top_decile_rate', 'measured.base_rate') }} as top_decile_lift,
    -- the MQL threshold only means something for leads: prospects judged on conversion
    case
        when measured.outcome = 'converted'
            then {{ safe_divide('measured.above_mql_positives', 'measured.above_mql') }}
    end as precision_at_mql,
    case
        when measured.outcome = 'converted'
            then {{ safe_divide('measured.above_mql_positives', 'measured.positives') }}
    end as recall_at_mql,
    {{ safe_divide('measured.top_quartile_positives', 'measured.positives') }} as top_quartile_share,
    measured.is_outcome_observed,
    cast(reference_aucs.reference_auc as {{ type_double() }}) as reference_auc
from measured
left join reference_aucs
    on
        measured.rubric_version = reference_aucs.rubric_version
        and measured.score_name = reference_aucs.score
        and measured.outcome = reference_aucs.outcome
        and measured.scoring_date >= reference_aucs.evaluated_from
        and measured.scoring_date <= reference_aucs.evaluated_to
