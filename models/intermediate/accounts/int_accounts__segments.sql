{#- The company-size segment of every account (seed segments: half-open employee-count ranges);
    'unknown' when the employee count is missing. -#}
with

accounts as (
    select
        account_id,
        employee_count
    from {{ ref('int_accounts__enriched') }}
),

segments as (
    select
        segment,
        employee_min,
        employee_max
    from {{ ref('segments') }}
)

select
    accounts.account_id,
    coalesce(segments.segment, 'unknown') as segment
from accounts
left join segments
    on
        accounts.employee_count >= coalesce(segments.employee_min, accounts.employee_count)
        and accounts.employee_count < coalesce(segments.employee_max, accounts.employee_count + 1)
