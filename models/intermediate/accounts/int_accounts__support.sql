{#- Support experience per account over the 90 days up to the scoring date: ticket volume, high-severity
    tickets, satisfaction, and whether tickets are escalating (last 45 days against the 45 before). -#}
{%- set high_severity_list -%}
    '{{ var('high_severity_levels', ['high', 'urgent']) | join("', '") }}'
{%- endset -%}

with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

tickets_in_window as (
    select
        tickets.account_id,
        tickets.severity,
        tickets.satisfaction_score,
        {{ days_between('tickets.created_date', 'as_of.as_of_date') }} as days_ago
    from {{ ref('stg_support__tickets') }} as tickets
    cross join as_of
    where
        tickets.account_id is not null
        and tickets.created_date <= as_of.as_of_date
        and tickets.created_date > {{ dbt.dateadd('day', -90, 'as_of.as_of_date') }}
),

summed as (
    select
        account_id,
        count(*) as tickets_90d,
        count(case when severity in ({{ high_severity_list }}) then 1 end) as high_severity_tickets_90d,
        avg(cast(satisfaction_score as {{ type_double() }})) as avg_csat_90d,
        count(case when days_ago < 45 then 1 end) as tickets_last_45d,
        count(case when days_ago >= 45 then 1 end) as tickets_prior_45d
    from tickets_in_window
    group by account_id
)

select
    account_id,
    tickets_90d,
    high_severity_tickets_90d,
    avg_csat_90d,
    {{ trend_ratio('tickets_last_45d', 'tickets_prior_45d') }} as ticket_trend_ratio
from summed
