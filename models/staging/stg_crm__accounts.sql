with

source as (
    select * from {{ source('crm', 'accounts') }}
),

renamed as (
    select
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        trim(cast(account_name as {{ dbt.type_string() }})) as account_name,
        lower(trim(cast(domain as {{ dbt.type_string() }}))) as domain,
        {{ normalize_category('cast(industry as ' ~ dbt.type_string() ~ ')') }} as industry_label,
        {{ try_cast('employee_count', dbt.type_bigint()) }} as employee_count,
        {{ try_cast('annual_revenue', type_double()) }} as annual_revenue,
        {{ try_cast('revenue_growth_pct', type_double()) }} as revenue_growth_pct,
        {{ try_cast('employee_growth_pct', type_double()) }} as employee_growth_pct,
        {{ normalize_category('cast(country as ' ~ dbt.type_string() ~ ')') }} as country_label,
        {{ normalize_category('cast(growth_stage as ' ~ dbt.type_string() ~ ')') }} as growth_stage,
        {{ normalize_category('cast(cloud_adoption as ' ~ dbt.type_string() ~ ')') }} as cloud_adoption,
        {{ normalize_category('cast(digital_maturity as ' ~ dbt.type_string() ~ ')') }} as digital_maturity,
        nullif(replace(lower(trim(cast(tech_stack as {{ dbt.type_string() }}))), ' ', ''), '') as tech_stack,
        {{ try_cast('locations_count', dbt.type_bigint()) }} as locations_count,
        {{ try_cast('fiscal_year_start_month', dbt.type_int()) }} as fiscal_year_start_month,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        {{ try_cast('created_at', 'date') }} as created_date
    from source
),

aliases as (
    select
        domain as alias_domain,
        alias,
        canonical
    from {{ ref('category_aliases') }}
),

canonical as (
    select
        renamed.account_id,
        renamed.account_name,
        renamed.domain,
        coalesce(industry_alias.canonical, renamed.industry_label) as industry,
        renamed.employee_count,
        renamed.annual_revenue,
        renamed.revenue_growth_pct,
        renamed.employee_growth_pct,
        upper(coalesce(country_alias.canonical, renamed.country_label)) as country_code,
        renamed.growth_stage,
        renamed.cloud_adoption,
        renamed.digital_maturity,
        renamed.tech_stack,
        renamed.locations_count,
        renamed.fiscal_year_start_month,
        renamed.owner_id,
        renamed.created_date
    from renamed
    left join aliases as industry_alias
        on industry_alias.alias_domain = 'industry'
            and renamed.industry_label = industry_alias.alias
    left join aliases as country_alias
        on country_alias.alias_domain = 'country'
            and renamed.country_label = country_alias.alias
)

select * from canonical
