{#- One row: the version the marts use (rubric champion) and the one scored beside it (rubric
    challenger; null when none is), from int_scoring__rubrics. -#}
with

rubrics as (
    select * from {{ ref('int_scoring__rubrics') }}
)

select
    cast('champion' as {{ dbt.type_string() }}) as active_rubric,
    max(case when rubrics.rubric = 'champion' then rubrics.rubric_version end) as active_version,
    cast('challenger' as {{ dbt.type_string() }}) as alternate_rubric,
    max(case when rubrics.rubric = 'challenger' then rubrics.rubric_version end) as alternate_version
from rubrics
