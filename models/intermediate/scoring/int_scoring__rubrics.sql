{#- The rubric versions scored in this build, one row each: the one the marts use (var rubric_version,
    rubric 'champion') and the challenger scored beside it (rubric 'challenger'): var
    challenger_rubric_version when set to a version, none when set to 'none', else the newest other
    version of seed rubric_versions (latest created_at, then the larger id). is_known: the version is
    a row of seed rubric_versions (a test fails the build before anything scores with an unknown one). -#}
{%- set active = active_rubric_version() %}
{%- set challenger = var('challenger_rubric_version', none) %}
with

versions as (
    select
        rubric_version,
        created_at
    from {{ ref('rubric_versions') }}
),

active_version as (
    select
        cast('{{ active }}' as {{ dbt.type_string() }}) as rubric_version,
        cast('champion' as {{ dbt.type_string() }}) as rubric
),

-- the newest version other than the one in use: the default challenger
newest_other as (
    select ranked.rubric_version
    from (
        select
            versions.rubric_version,
            row_number() over (
                order by versions.created_at desc, versions.rubric_version desc
            ) as newness
        from versions
        where versions.rubric_version != '{{ active }}'
    ) as ranked
    where ranked.newness = 1
),

-- the named one, the newest other (var unset), or no row (var 'none')
challenger_version as (
    select
        {{ "cast('" ~ challenger ~ "' as " ~ dbt.type_string() ~ ")" if challenger else 'newest_other.rubric_version' }}
            as rubric_version,
        cast('challenger' as {{ dbt.type_string() }}) as rubric
    from active_version
    left join newest_other on 1 = 1
    where
        active_version.rubric_version is not null
        and {{ '1 = 0' if challenger == 'none' else ('1 = 1' if challenger else 'newest_other.rubric_version is not null') }}
),

chosen as (
    select
        rubric_version,
        rubric
    from active_version
    union all
    select
        rubric_version,
        rubric
    from challenger_version
)

select
    chosen.rubric_version,
    chosen.rubric,
    versions.rubric_version is not null as is_known
from chosen
left join versions
    on chosen.rubric_version = versions.rubric_version
