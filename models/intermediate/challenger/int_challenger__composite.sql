{#- The challenger rubric's composite, Total, triage and bands, with its own composite weights. It runs
    after the champion's scoring (the depends_on below): each rubric's scoring aggregate needs most of
    DuckDB's memory limit at a million contacts, and the two side by side ran out of it. -#}
-- depends_on: {{ ref('int_scores__components') }}
{{ composite_scores(ref('int_challenger__decayed'), 'alternate') }}
