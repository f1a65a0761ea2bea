{#- Every raw CRM account, typed and normalised, with the first quarantine rule it fails (null when
    valid). Rules in precedence order: missing_key, unparseable_<kind>, negative_count, duplicate_id,
    duplicate_row. Of the rows sharing an account_id, the first by its cleaned columns (in the order of
    content_columns below) is kept. -#}
{%- set parsed = [
    ('employee_count', dbt.type_bigint()),
    ('annual_revenue', type_double()),
    ('revenue_growth_pct', type_double()),
    ('employee_growth_pct', type_double()),
    ('locations_count', dbt.type_bigint()),
    ('fiscal_year_start_month', dbt.type_int()),
    ('created_at', 'date'),
] -%}
{%- set content_columns = [
    'account_name', 'domain', 'industry', 'employee_count', 'annual_revenue', 'revenue_growth_pct',
    'employee_growth_pct', 'country_code', 'growth_stage', 'cloud_adoption', 'digital_maturity',
    'tech_stack', 'locations_count', 'fiscal_year_start_month', 'owner_id', 'created_date',
] -%}

with

source as (
    select * from {{ source('crm', 'accounts') }}
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
        {{ unparseable(parsed, 'rule') }} as unparseable_rule,
        {{ unparseable(parsed, 'detail') }} as unparseable_detail,
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
        renamed.source_row_number,
        renamed.record_key,
        renamed.raw_record,
        renamed.is_missing_key,
        renamed.unparseable_rule,
        renamed.unparseable_detail,
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
        case
            when is_missing_key then 'missing_key'
            when unparseable_rule is not null then unparseable_rule
            when {{ first_negative(['employee_count', 'annual_revenue']) }} is not null then 'negative_count'
        end as row_rule,
        case
            when is_missing_key then 'account_id is null or blank'
            when unparseable_rule is not null then unparseable_detail
            else {{ first_negative(['employee_count', 'annual_revenue']) }}
        end as row_detail
    from canonical
),

ranked as (
    select
        *,
        row_number() over (
            partition by account_id, row_rule order by {{ content_columns | join(', ') }}
        ) as copy_number,
        rank() over (
            partition by account_id, row_rule order by {{ content_columns | join(', ') }}
        ) as content_rank
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
    coalesce(row_rule, {{ duplicate_rule('copy_number', 'content_rank') }}) as quarantine_rule,
    case
        when row_rule is not null then row_detail
        when copy_number > content_rank then 'same content as another row with this account_id'
        when copy_number > 1 then 'account_id also on the kept row, with other content'
    end as quarantine_detail,
    record_key,
    raw_record,
    source_row_number
from ranked
