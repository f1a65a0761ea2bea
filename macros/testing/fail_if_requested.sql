{#- Fault injection for the runner's fault tests: with var('fail_model') set to a model's name, that
    model fails when it runs, so a test can break a build midway and check that the published marts and
    the CRM sync watermark are left untouched. Renders nothing otherwise. -#}
{% macro fail_if_requested() %}
    {%- if execute and var('fail_model', none) == model.name -%}
        {{ exceptions.raise_compiler_error("injected failure in model " ~ model.name ~ " (var fail_model)") }}
    {%- endif -%}
{% endmacro %}
