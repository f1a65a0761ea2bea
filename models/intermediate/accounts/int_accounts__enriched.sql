{#- Accounts with their market context (region, market maturity and competition by country and
    industry), integrable tools found in the tech stack, months until the next budget-planning window,
    and whether the domain belongs to a competitor. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

accounts as (
    select * from {{ ref('stg_crm__accounts') }}
),

countries as (
    select
        country_code,
        region
    from {{ ref('countries') }}
),

market_context as (
    select
        country_code,
        industry,
        market_maturity,
        competition_level
    from {{ ref('market_context') }}
),

budget_cycles as (
    select
        industry,
        fiscal_year_start_month,
        planning_lead_months
    from {{ ref('budget_cycles') }}
),

integrable_tools as (
    select
        accounts.account_id,
        count(technology_catalog.technology) as integrable_tool_count
    from accounts
    inner join {{ ref('technology_catalog') }} as technology_catalog
        on {{ dbt.concat(["';'", "accounts.tech_stack", "';'"]) }}
            like {{ dbt.concat(["'%;'", "technology_catalog.technology", "';%'"]) }}
    where
        accounts.tech_stack is not null
        and technology_catalog.is_integrable
    group by accounts.account_id
),

competitor_domains as (
    select email_domain from {{ ref('competitor_domains') }}
),

joined as (
    select
        accounts.*,
        coalesce(countries.region, 'unknown') as region,
        coalesce(industry_market.market_maturity, country_market.market_maturity) as market_maturity,
        coalesce(industry_market.competition_level, country_market.competition_level) as competition_level,
        case
            when accounts.tech_stack is null then null
            else coalesce(integrable_tools.integrable_tool_count, 0)
        end as integrable_tool_count,
        coalesce(
            accounts.fiscal_year_start_month,
            industry_budget.fiscal_year_start_month,
            default_budget.fiscal_year_start_month
        ) as fiscal_year_start_month_resolved,
        coalesce(industry_budget.planning_lead_months, default_budget.planning_lead_months)
            as planning_lead_months,
        competitor_domains.email_domain is not null as is_competitor
    from accounts
    left join countries
        on accounts.country_code = countries.country_code
    left join market_context as industry_market
        on accounts.country_code = industry_market.country_code
            and accounts.industry = industry_market.industry
    left join market_context as country_market
        on accounts.country_code = country_market.country_code
            and country_market.industry = '*'
    left join integrable_tools
        on accounts.account_id = integrable_tools.account_id
    left join budget_cycles as industry_budget
        on accounts.industry = industry_budget.industry
    left join budget_cycles as default_budget
        on default_budget.industry = '*'
    left join competitor_domains
        on accounts.domain = competitor_domains.email_domain
)

select
    joined.account_id,
    joined.account_name,
    joined.domain,
    joined.industry,
    joined.employee_count,
    joined.annual_revenue,
    joined.revenue_growth_pct,
    joined.employee_growth_pct,
    joined.country_code,
    joined.region,
    joined.market_maturity,
    joined.competition_level,
    joined.growth_stage,
    joined.cloud_adoption,
    joined.digital_maturity,
    joined.tech_stack,
    joined.integrable_tool_count,
    joined.locations_count,
    joined.fiscal_year_start_month_resolved as fiscal_year_start_month,
    -- months from the as-of month to the month budget planning starts (0 = planning now)
    (
        (
            (
                joined.fiscal_year_start_month_resolved
                - joined.planning_lead_months
                - extract(month from as_of.as_of_date)
            ) % 12
        ) + 12
    ) % 12 as months_to_budget_cycle,
    joined.owner_id,
    joined.created_date,
    joined.is_competitor
from joined
cross join as_of
-- point in time: an account created after the scoring date did not exist yet
where
    joined.account_id is not null
    and (joined.created_date is null or joined.created_date <= as_of.as_of_date)
