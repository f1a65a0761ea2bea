{#- Every raw CRM account, typed and normalised, with the first quarantine rule it fails (null when
    valid). Rules in precedence order: missing_key, duplicate_id, duplicate_row. No typed column is
    required (macro raw_typed_columns): a firmographic value that does not parse, or a negative employee
    count or revenue, becomes null and is reported in data_quality_issues (the rejected_<column>
    columns) instead of quarantining the account and, by cascade, its contacts, events, usage and deals.
    Of the rows sharing an account_id, the first by its cleaned columns (in the order of content_columns
    below) is kept. -#}
{%- set columns = raw_typed_columns('crm.accounts') -%}
{%- set content_columns = [
    'account_name', 'domain', 'industry', 'employee_count', 'annual_revenue', 'revenue_growth_pct',
    'employee_growth_pct', 'country_code', 'growth_stage', 'cloud_adoption', 'digital_maturity',
    'tech_stack', 'locations_count', 'fiscal_year_start_month', 'owner_id', 'created_date',
] -%}

with

source as (
    select * from {{ source('crm', 'accounts') }}
),

parsed as (
    select
        {{ parsed_columns(columns) }}
        source.*
    from source
),

renamed as (
    select
        {{ source_row_number() }} as source_row_number,
        cast(account_id as {{ dbt.type_string() }}) as record_key,
        {{ raw_record([
            'account_id', 'account_name', 'domain', 'industry', 'employee_count', 'annual_revenue',
            'revenue_growth_pct', 'employee_growth_pct', 'country', 'growth_stage', 'cloud_adoption',
            'digital_maturity', 'tech_stack', 'locations_count', 'fiscal_year_start_month', 'owner_id',
            'created_at',
        ]) }} as raw_record,
        {{ is_blank('account_id') }} as is_missing_key,
        cast(account_id as {{ dbt.type_string() }}) as account_id,
        trim(cast(account_name as {{ dbt.type_string() }})) as account_name,
        lower(trim(cast(domain as {{ dbt.type_string() }}))) as domain,
        {{ normalize_category('cast(industry as ' ~ dbt.type_string() ~ ')') }} as industry_label,
        {{ typed_value(columns, 'employee_count') }} as employee_count,
        {{ typed_value(columns, 'annual_revenue') }} as annual_revenue,
        {{ typed_value(columns, 'revenue_growth_pct') }} as revenue_growth_pct,
        {{ typed_value(columns, 'employee_growth_pct') }} as employee_growth_pct,
        {{ normalize_category('cast(country as ' ~ dbt.type_string() ~ ')') }} as country_label,
        {{ normalize_category('cast(growth_stage as ' ~ dbt.type_string() ~ ')') }} as growth_stage,
        {{ normalize_category('cast(cloud_adoption as ' ~ dbt.type_string() ~ ')') }} as cloud_adoption,
        {{ normalize_category('cast(digital_maturity as ' ~ dbt.type_string() ~ ')') }} as digital_maturity,
        nullif(replace(lower(trim(cast(tech_stack as {{ dbt.type_string() }}))), ' ', ''), '') as tech_stack,
        {{ typed_value(columns, 'locations_count') }} as locations_count,
        {{ typed_value(columns, 'fiscal_year_start_month') }} as fiscal_year_start_month,
        cast(owner_id as {{ dbt.type_string() }}) as owner_id,
        {{ rejected_columns(columns) }}
        {{ typed_value(columns, 'created_at') }} as created_date
    from parsed
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
        renamed.source_row_number,
        renamed.record_key,
        renamed.raw_record,
        renamed.is_missing_key,
        renamed.rejected_employee_count,
        renamed.rejected_annual_revenue,
        renamed.rejected_revenue_growth_pct,
        renamed.rejected_employee_growth_pct,
        renamed.rejected_locations_count,
        renamed.rejected_fiscal_year_start_month,
        renamed.rejected_created_at,
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
),

-- the row rules, in precedence order; the duplicate rules come last, among the rows passing these
checked as (
    select
        *,
        case when is_missing_key then 'missing_key' end as row_rule,
        case when is_missing_key then 'account_id is null or blank' end as row_detail
    from canonical
),

ranked as (
    select
        *,
        {{ duplicate_ranks(['account_id'], content_columns) }}
    from checked
)

select
    account_id,
    account_name,
    domain,
    industry,
    employee_count,
    annual_revenue,
    revenue_growth_pct,
    employee_growth_pct,
    country_code,
    growth_stage,
    cloud_adoption,
    digital_maturity,
    tech_stack,
    locations_count,
    fiscal_year_start_month,
    owner_id,
    created_date,
    {{ quarantine_columns('account_id') }},
    record_key,
    raw_record,
    rejected_employee_count,
    rejected_annual_revenue,
    rejected_revenue_growth_pct,
    rejected_employee_growth_pct,
    rejected_locations_count,
    rejected_fiscal_year_start_month,
    rejected_created_at,
    source_row_number
from ranked
