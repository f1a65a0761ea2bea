{#- Which scoring dates an incremental validation mart (model_performance, score_calibration) computes
    in this run, as a boolean SQL expression on date_column. A full build: every date of score_history
    (true). An incremental build: the as-of date (its history rows were just replaced), every history
    date the mart does not have yet, and every date the mart holds as provisional (some row with
    is_outcome_observed false) whose horizon has ended by now (int_outcomes__observed_until). So a daily
    run validates two dates (today's, provisionally, and the one whose horizon just closed) instead of
    the whole history, and each date is computed at most twice in its life (every date, when the mart
    has no is_outcome_observed column yet). The dates are looked up
    when the model runs and written as literals, so every engine prunes the history scan with them. -#}
{% macro validation_dates_filter(date_column='scoring_date') -%}
    {%- set existing_columns = adapter.get_columns_in_relation(this) | map(attribute='name') | map('lower') | list
        if is_incremental() else [] -%}
    {#- a table from before is_outcome_observed existed cannot tell final dates: recompute them all -#}
    {%- if not is_incremental() or 'is_outcome_observed' not in existing_columns -%}
        true
    {%- else -%}
        {%- set query -%}
            with

            history_dates as (
                select distinct scoring_date from {{ ref('score_history') }}
            ),

            validated as (
                select
                    scoring_date,
                    min(case when is_outcome_observed then 1 else 0 end) as is_final
                from {{ this }}
                group by scoring_date
            )

            select history_dates.scoring_date
            from history_dates
            cross join {{ ref('int_scoring__as_of') }} as as_of
            cross join {{ ref('int_outcomes__observed_until') }} as observed
            left join validated
                on history_dates.scoring_date = validated.scoring_date
            where
                history_dates.scoring_date = as_of.as_of_date
                or validated.scoring_date is null
                or (
                    validated.is_final = 0
                    and {{ dbt.dateadd('day', var('outcome_horizon_days', 90), 'history_dates.scoring_date') }}
                    <= observed.observed_until
                )
            order by history_dates.scoring_date
        {%- endset -%}
        {%- set dates = run_query(query).columns[0].values() if execute else [] -%}
        {{ date_column }} in (
            {%- for scoring_date in dates -%}
                cast('{{ scoring_date }}' as date){{ ', ' if not loop.last }}
            {%- else -%}
                cast(null as date)
            {%- endfor -%}
        )
    {%- endif -%}
{%- endmacro %}
