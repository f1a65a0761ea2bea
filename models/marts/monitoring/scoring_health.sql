{#- Monitoring: one row per check on the as-of date, with its figure, the threshold from seed
    health_thresholds and ok / warn. Each check is also a dbt test at warn severity.
    - score_distribution_peak: the largest share of prospect contacts in one 10-point composite bin
      (detail: the histogram);
    - score_inflation: share of prospect contacts above the MQL thresholds;
    - mql_volume_change: new MQLs (first MQL date) in the last 30 days against the 30 before, as a
      relative change (needs score_history reaching back 30 days);
    - top_band_conversion: rate of the highest Total band large enough to judge (needs observed outcomes);
    - conversion_monotonic: adjacent pairs of large-enough bands where the higher band converts less;
    - stale_high_scores: leads inactive for var('stale_lead_days') still in one of the top two bands
      of the composite or the Total;
    - unmapped_categories: category values in the data that no tier of the rubric matches (they score
      the unknown tier);
    - quarantine_share_<table>: one per raw table, the share of its raw rows quarantined in staging
      (input_reconciliation; null for an empty table). Its status is 'error' at or above the seed's
      error_threshold (accounts and contacts: 1, every row); test quarantine_below_error_threshold on
      input_reconciliation then fails the build, right after staging. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

thresholds as (
    select
        check_name,
        check_group,
        cast(threshold as {{ type_double() }}) as threshold,
        cast(error_threshold as {{ type_double() }}) as error_threshold
    from {{ ref('health_thresholds') }}
),

prospects as (
    select
        scores.entity_id,
        scores.composite_score,
        scores.composite_band,
        scores.total_band,
        scores.is_stale
    from {{ ref('int_scores__composite') }} as scores
    where
        scores.rubric_version = '{{ active_rubric_version() }}'
        and scores.entity_type = 'contact'
        and scores.lifecycle_stage = 'prospect'
),

binned as (
    select least(cast(floor(composite_score / 10) as {{ dbt.type_int() }}), 9) as bin
    from prospects
),

bins as (
    select
        bin,
        count(*) as contacts
    from binned
    group by bin
),

bin_shares as (
    select
        bin,
        {{ safe_divide('contacts', '(select count(*) from prospects)') }} as share
    from bins
),

distribution as (
    select
        'score_distribution_peak' as check_name,
        max(share) as figure,
        {{ dbt.listagg(
            dbt.concat([
                dbt.safe_cast('bin * 10', dbt.type_string()), "'-'",
                dbt.safe_cast('bin * 10 + 10', dbt.type_string()), "': '",
                dbt.safe_cast('round(cast(share * 100 as ' ~ dbt.type_numeric() ~ '), 1)', dbt.type_string()),
                "'%'",
            ]),
            "', '",
            'order by bin',
        ) }} as detail
    from bin_shares
),

qualification as (
    select
        contact_id,
        is_mql
    from {{ ref('int_lifecycle__qualification') }}
),

inflation as (
    select
        'score_inflation' as check_name,
        {{ safe_divide('sum(case when qualification.is_mql then 1 else 0 end)', 'count(*)') }} as figure,
        {{ dbt.concat([
            dbt.safe_cast('sum(case when qualification.is_mql then 1 else 0 end)', dbt.type_string()),
            "' of '",
            dbt.safe_cast('count(*)', dbt.type_string()),
            "' prospect contacts are MQL'",
        ]) }} as detail
    from prospects
    left join qualification
        on prospects.entity_id = qualification.contact_id
),

mql_windows as (
    select
        sum(case
            when lifecycle.first_mql_date > {{ dbt.dateadd('day', -30, 'as_of.as_of_date') }} then 1 else 0
        end) as recent,
        sum(case
            when
                lifecycle.first_mql_date > {{ dbt.dateadd('day', -60, 'as_of.as_of_date') }}
                and lifecycle.first_mql_date <= {{ dbt.dateadd('day', -30, 'as_of.as_of_date') }}
                then 1
            else 0
        end) as prior
    from {{ ref('lead_lifecycle') }} as lifecycle
    cross join as_of
),

history_reach as (
    select min(history.scoring_date) as first_scoring_date
    from {{ ref('score_history') }} as history
),

mql_volume as (
    select
        'mql_volume_change' as check_name,
        case
            when history_reach.first_scoring_date <= {{ dbt.dateadd('day', -30, 'as_of.as_of_date') }}
                then abs(mql_windows.recent - mql_windows.prior)
                    / nullif(cast(mql_windows.prior as {{ type_double() }}), 0)
        end as figure,
        case
            when history_reach.first_scoring_date > {{ dbt.dateadd('day', -30, 'as_of.as_of_date') }}
                then 'score_history does not reach 30 days back yet: run scoring backfill'
            else {{ dbt.concat([
                dbt.safe_cast('mql_windows.recent', dbt.type_string()),
                "' new MQLs in the last 30 days, '",
                dbt.safe_cast('mql_windows.prior', dbt.type_string()),
                "' in the 30 days before'",
            ]) }}
        end as detail,
        -- a first month with MQLs after one without is a change too
        history_reach.first_scoring_date <= {{ dbt.dateadd('day', -30, 'as_of.as_of_date') }}
        and mql_windows.prior = 0
        and mql_windows.recent > 0 as is_new_volume
    from mql_windows
    cross join history_reach
    cross join as_of
),

observed as (
    select coalesce(max(case when outcomes.is_outcome_observed then 1 else 0 end), 0) = 1 as is_observed
    from {{ ref('int_outcomes__by_date') }} as outcomes
    cross join as_of
    where outcomes.scoring_date = as_of.as_of_date
),

judged_bands as (
    select
        band_set,
        band,
        band_rank,
        conversion_rate
    from {{ ref('conversion_by_band') }}
    where
        entity_type = 'contact'
        and segment = 'all'
        and is_large_enough
),

top_total_band as (
    select
        judged_bands.band,
        judged_bands.conversion_rate
    from judged_bands
    where
        judged_bands.band_set = 'total'
        and judged_bands.band_rank = (
            select max(ranks.band_rank) from judged_bands as ranks
            where ranks.band_set = 'total'
        )
),

top_band as (
    select
        'top_band_conversion' as check_name,
        case when observed.is_observed then judged.conversion_rate end as figure,
        case
            when not observed.is_observed then 'outcomes of the as-of date are not observed yet'
            when judged.band is null then 'no Total band is large enough to judge'
            else {{ dbt.concat(["'Total band '", 'judged.band', "' converts'"]) }}
        end as detail
    from observed
    left join top_total_band as judged
        on 1 = 1
),

-- each large-enough band beside the next lower large-enough band of its set
judged_in_order as (
    select
        band_set,
        band,
        band_rank,
        conversion_rate,
        lag(conversion_rate) over (partition by band_set order by band_rank) as lower_rate
    from judged_bands
),

band_drops_found as (
    select
        band_set,
        band,
        band_rank
    from judged_in_order
    where conversion_rate < lower_rate
),

band_drops as (
    select
        'conversion_monotonic' as check_name,
        case when max(observed.is_observed_flag) = 1 then count(found.band) end as figure,
        {{ dbt.concat([
            "'bands converting less than the band below: '",
            "coalesce(" ~ dbt.listagg(
                dbt.concat(['found.band_set', "' '", 'found.band']), "', '", 'order by found.band_set, found.band_rank'
            ) ~ ", 'none')",
        ]) }} as detail
    from (select case when is_observed then 1 else 0 end as is_observed_flag from observed) as observed
    left join band_drops_found as found
        on 1 = 1
),

top_ranks as (
    select
        bands.band_set,
        bands.band
    from {{ rubric_rows('score_bands') }} as bands
    where bands.band_rank >= (
            select max(ranks.band_rank) - 1 from {{ rubric_rows('score_bands') }} as ranks
            where ranks.band_set = bands.band_set
        )
),

stale as (
    select
        'stale_high_scores' as check_name,
        cast(count(*) as {{ type_double() }}) as figure,
        {{ dbt.concat([
            dbt.safe_cast('count(*)', dbt.type_string()),
            "' leads inactive " ~ var('stale_lead_days', 90) ~ "+ days are in a top-two composite or Total band'",
        ]) }} as detail
    from prospects
    left join top_ranks as top_composite
        on
            top_composite.band_set = 'composite'
            and prospects.composite_band = top_composite.band
    left join top_ranks as top_total
        on
            top_total.band_set = 'total'
            and prospects.total_band = top_total.band
    where
        prospects.is_stale
        and (top_composite.band is not null or top_total.band is not null)
),

categorical_tiers as (
    select
        factors.source as feature,
        tiers.match_value
    from {{ rubric_rows('rubric_factors') }} as factors
    inner join {{ rubric_rows('rubric_tiers') }} as tiers
        on factors.factor_id = tiers.factor_id
    where
        factors.source_type = 'feature'
        and tiers.match_value is not null
),

categorical_values as (
    select distinct
        features.feature,
        features.value_text
    from {{ ref('int_features__long') }} as features
    where
        features.value_text is not null
        and features.feature in (select categorical_tiers.feature from categorical_tiers)
),

unmapped as (
    select
        categorical_values.feature,
        categorical_values.value_text
    from categorical_values
    left join categorical_tiers
        on
            categorical_values.feature = categorical_tiers.feature
            and categorical_values.value_text = categorical_tiers.match_value
    where categorical_tiers.feature is null
),

unmapped_categories as (
    select
        'unmapped_categories' as check_name,
        cast(count(*) as {{ type_double() }}) as figure,
        coalesce(
            {{ dbt.listagg(dbt.concat(['feature', "'='", 'value_text']), "', '", 'order by feature, value_text') }},
            'none'
        ) as detail
    from unmapped
),

quarantine as (
    select
        {{ quarantine_check_name('source_table') }} as check_name,
        {{ safe_divide('quarantined_rows', 'raw_rows') }} as figure,
        {{ dbt.concat([
            dbt.safe_cast('quarantined_rows', dbt.type_string()), "' of '",
            dbt.safe_cast('raw_rows', dbt.type_string()),
            "' raw rows of '", 'source_table', "' quarantined (marts.quarantined_records)'",
        ]) }} as detail
    from {{ ref('input_reconciliation') }}
),

checks as (
    select
        check_name,
        figure,
        detail,
        false as forces_warning
    from distribution
    union all
    select
        check_name,
        figure,
        detail,
        false as forces_warning
    from inflation
    union all
    select
        check_name,
        figure,
        detail,
        is_new_volume as forces_warning
    from mql_volume
    union all
    select
        check_name,
        figure,
        detail,
        false as forces_warning
    from top_band
    union all
    select
        check_name,
        figure,
        detail,
        false as forces_warning
    from band_drops
    union all
    select
        check_name,
        figure,
        detail,
        false as forces_warning
    from stale
    union all
    select
        check_name,
        figure,
        detail,
        false as forces_warning
    from unmapped_categories
    union all
    select
        check_name,
        figure,
        detail,
        false as forces_warning
    from quarantine
)

select
    as_of.as_of_date,
    checks.check_name,
    thresholds.check_group,
    case
        when checks.figure >= thresholds.error_threshold then 'error'
        when checks.forces_warning then 'warn'
        -- the top band warns when it converts too little; every other check when its figure is too high
        when checks.check_name = 'top_band_conversion' and checks.figure < thresholds.threshold then 'warn'
        when checks.check_name != 'top_band_conversion' and checks.figure > thresholds.threshold then 'warn'
        else 'ok'
    end as status,
    cast(checks.figure as {{ type_double() }}) as figure,
    thresholds.threshold,
    checks.detail
from checks
cross join as_of
left join thresholds
    on checks.check_name = thresholds.check_name
