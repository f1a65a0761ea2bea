{#- The seed of a rubric table for one of the two rubrics scored side by side.
    rubric='active': the rubric the marts use (var('active_rubric'): champion by default);
    rubric='alternate': the other one, scored beside it for comparison.
    The champion's seeds are seeds/rubric/<name>, the challenger's seeds/challenger/challenger_<name>;
    promoting the challenger is setting var active_rubric to 'challenger'. At parse time both seeds
    are refs (parents) of the caller whichever rubric is active, so the build order does not depend on
    the var (a unit test pinning the champion while the command line promotes the challenger still
    runs after the champion's seeds); compiled, only the chosen one is read. -#}
{% macro rubric_seed(name, rubric='active') %}
    {%- if not execute -%}
        {%- do ref(name) -%}
        {%- do ref('challenger_' ~ name) -%}
    {%- endif -%}
    {%- set active = var('active_rubric', 'champion') -%}
    {%- if active not in ['champion', 'challenger'] -%}
        {{ exceptions.raise_compiler_error("var active_rubric must be 'champion' or 'challenger', not " ~ active) }}
    {%- endif -%}
    {%- if rubric == 'active' -%}
        {%- set chosen = active -%}
    {%- else -%}
        {%- set chosen = 'challenger' if active == 'champion' else 'champion' -%}
    {%- endif -%}
    {{ return(ref(name) if chosen == 'champion' else ref('challenger_' ~ name)) }}
{% endmacro %}
