{#- One row: which rubric the marts use (var active_rubric) and which is scored beside it, with their
    versions: the champion's is var('model_version'), the challenger's the version_id of seed
    challenger_rubric_version (written by `scoring calibrate`). -#}
{%- set active = var('active_rubric', 'champion') %}
with

challenger as (
    select max(version_id) as version_id from {{ ref('challenger_rubric_version') }}
),

versions as (
    select
        cast('{{ var("model_version", "champion-v1") }}' as {{ dbt.type_string() }}) as champion_version,
        cast(challenger.version_id as {{ dbt.type_string() }}) as challenger_version
    from challenger
)

select
    '{{ active }}' as active_rubric,
    {{ 'champion_version' if active == 'champion' else 'challenger_version' }} as active_version,
    '{{ "challenger" if active == "champion" else "champion" }}' as alternate_rubric,
    {{ 'challenger_version' if active == 'champion' else 'champion_version' }} as alternate_version
from versions
