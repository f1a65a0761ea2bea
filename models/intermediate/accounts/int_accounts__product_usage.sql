{#- Product usage of customer accounts over the 30 days up to the scoring date (seat utilisation,
    feature adoption) and its trend against the 30 days before. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

usage_in_window as (
    select
        daily_usage.account_id,
        daily_usage.active_users,
        daily_usage.licensed_seats,
        daily_usage.features_adopted,
        daily_usage.features_available,
        {{ days_between('daily_usage.usage_date', 'as_of.as_of_date') }} as days_ago
    from {{ ref('stg_product__usage') }} as daily_usage
    cross join as_of
    where
        daily_usage.account_id is not null
        and daily_usage.usage_date <= as_of.as_of_date
        and daily_usage.usage_date > {{ dbt.dateadd('day', -60, 'as_of.as_of_date') }}
),

-- averages as doubles on every engine (Postgres' avg of integers is a numeric)
summed as (
    select
        account_id,
        cast(avg(case when days_ago < 30 then active_users end) as {{ type_double() }}) as avg_active_users_30d,
        cast(avg(case when days_ago >= 30 then active_users end) as {{ type_double() }})
            as avg_active_users_prior_30d,
        cast(avg(case when days_ago < 30 then licensed_seats end) as {{ type_double() }}) as avg_licensed_seats_30d,
        avg(case when days_ago < 30 then {{ safe_divide('features_adopted', 'features_available') }} end)
            as feature_adoption_rate
    from usage_in_window
    group by account_id
)

select
    account_id,
    avg_active_users_30d,
    avg_licensed_seats_30d,
    {{ safe_divide('avg_active_users_30d', 'avg_licensed_seats_30d') }} as seat_utilisation,
    feature_adoption_rate,
    {{ safe_divide('avg_active_users_30d', 'avg_active_users_prior_30d') }} as usage_trend_ratio
from summed
