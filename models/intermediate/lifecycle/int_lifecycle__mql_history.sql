{#- Each contact's MQL episodes from score_history up to the scoring date. An episode starts on a date
    the lead is MQL when it never was before, or when it was not MQL on the previous scoring date and
    last qualified more than remql_cooldown_days earlier (a re-MQL). Falling below and qualifying again
    within the cooldown continues the same episode. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

cooldowns as (
    select
        contact_id,
        remql_cooldown_days
    from {{ ref('int_lifecycle__qualification') }}
),

history as (
    select
        history.entity_id as contact_id,
        history.scoring_date,
        coalesce(history.is_mql, false) as is_mql
    from {{ ref('score_history') }} as history
    cross join as_of
    where
        history.entity_type = 'contact'
        and history.scoring_date <= as_of.as_of_date
),

flagged as (
    select
        history.contact_id,
        history.scoring_date,
        history.is_mql,
        lag(history.is_mql) over (
            partition by history.contact_id order by history.scoring_date
        ) as was_mql_before,
        max(case when history.is_mql then history.scoring_date end) over (
            partition by history.contact_id
            order by history.scoring_date
            rows between unbounded preceding and 1 preceding
        ) as last_mql_date_before
    from history
),

episodes as (
    select
        flagged.contact_id,
        flagged.scoring_date as episode_start_date
    from flagged
    left join cooldowns
        on flagged.contact_id = cooldowns.contact_id
    where
        flagged.is_mql
        and (
            flagged.last_mql_date_before is null
            or (
                not coalesce(flagged.was_mql_before, false)
                and {{ days_between('flagged.last_mql_date_before', 'flagged.scoring_date') }}
                > coalesce(cooldowns.remql_cooldown_days, 0)
            )
        )
)

select
    contact_id,
    min(episode_start_date) as first_mql_date,
    max(episode_start_date) as latest_mql_date,
    count(*) as mql_count,
    count(*) - 1 as remql_count
from episodes
group by contact_id
