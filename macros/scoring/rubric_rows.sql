{#- The rows of a versioned rubric seed (first column rubric_version) for the versions asked, as a
    subquery to alias:
    - versions='active': the version the marts use, var('rubric_version') (promotion is setting it);
    - versions='scored': every version scored in this build, the active one and the challenger beside
      it (model int_scoring__rubrics). -#}
{% macro rubric_rows(name, versions='active') %}
    {%- if versions == 'active' -%}
        (select * from {{ ref(name) }} where rubric_version = '{{ active_rubric_version() }}')
    {%- elif versions == 'scored' -%}
        (
            select * from {{ ref(name) }}
            where rubric_version in (select rubric_version from {{ ref('int_scoring__rubrics') }})
        )
    {%- else -%}
        {{ exceptions.raise_compiler_error("rubric_rows: versions must be 'active' or 'scored', not " ~ versions) }}
    {%- endif -%}
{% endmacro %}

{#- The id of the rubric version the marts use: var rubric_version (a row of seed rubric_versions). -#}
{% macro active_rubric_version() %}
    {{- return(var('rubric_version', 'champion-v1')) -}}
{% endmacro %}
