{#- The seed of a rubric table for one of the two rubrics scored side by side.
    rubric='active': the rubric the marts use (var('active_rubric'): champion by default);
    rubric='alternate': the other one, scored beside it for comparison.
    The champion's seeds are seeds/rubric/<name>, the challenger's seeds/challenger/challenger_<name>;
    promoting the challenger is setting var active_rubric to 'challenger'. -#}
{% macro rubric_seed(name, rubric='active') %}
    {%- set active = var('active_rubric', 'champion') -%}
    {%- if active not in ['champion', 'challenger'] -%}
        {{ exceptions.raise_compiler_error("var active_rubric must be 'champion' or 'challenger', not " ~ active) }}
    {%- endif -%}
    {%- if rubric == 'active' -%}
        {%- set chosen = active -%}
    {%- else -%}
        {%- set chosen = 'challenger' if active == 'champion' else 'champion' -%}
    {%- endif -%}
    {%- if chosen == 'champion' -%}
        {{ return(ref(name)) }}
    {%- else -%}
        {{ return(ref('challenger_' ~ name)) }}
    {%- endif -%}
{% endmacro %}
