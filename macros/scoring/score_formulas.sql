{#- The composite of the framework: weighted fit, intent, engagement, success and growth, times
    (1 - risk / 100). `suffix` picks a variant of the dimension columns (e.g. '_undecayed'). -#}
{% macro composite_formula(dimensions, weights, suffix='') -%}
    (
        {{ weights }}.w_fit * {{ dimensions }}.fit_score{{ suffix }}
        + {{ weights }}.w_intent * {{ dimensions }}.intent_score{{ suffix }}
        + {{ weights }}.w_engagement * {{ dimensions }}.engagement_score{{ suffix }}
        + {{ weights }}.w_success * {{ dimensions }}.success_score{{ suffix }}
        + {{ weights }}.w_growth * {{ dimensions }}.growth_score{{ suffix }}
    )
    * (1 - {{ dimensions }}.risk_score{{ suffix }} / 100.0)
{%- endmacro %}

{#- The sales-led Total score: var total_score_weights x fit and engagement, on 0-100. -#}
{% macro total_formula(dimensions, suffix='') -%}
    {%- set weights = var('total_score_weights', {'fit': 0.5, 'engagement': 0.5}) -%}
    (
        {{ weights['fit'] }} * {{ dimensions }}.fit_score{{ suffix }}
        + {{ weights['engagement'] }} * {{ dimensions }}.engagement_score{{ suffix }}
    )
{%- endmacro %}
