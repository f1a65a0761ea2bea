{#- The date outcomes are known up to, one row: var('outcomes_observed_until') when set, else the latest
    date in the CRM and billing data. A scoring date's outcome is complete once its horizon ends on or
    before it. A table (the layer's default): one row, read by int_outcomes__by_date, model_performance
    and score_calibration, which would otherwise each recompute it from the deals and subscriptions
    through the staging views. -#}
-- both inputs are parents whatever the var says, so the build order (and a unit test run with the
-- var pinned) does not depend on the command line
-- depends_on: {{ ref('stg_crm__opportunities') }}
-- depends_on: {{ ref('stg_billing__subscriptions') }}
{%- if var('outcomes_observed_until', none) %}
    select cast('{{ var("outcomes_observed_until") }}' as date) as observed_until
{%- else %}
    select max(known_date) as observed_until
    from (
        select max(created_date) as known_date from {{ ref('stg_crm__opportunities') }}
        union all
        select max(closed_date) as known_date from {{ ref('stg_crm__opportunities') }}
        union all
        select max(start_date) as known_date from {{ ref('stg_billing__subscriptions') }}
        union all
        select max(cancelled_date) as known_date from {{ ref('stg_billing__subscriptions') }}
    ) as known_dates
{%- endif %}
