{#- The component points of all six dimensions of the active rubric, scored in one pass (macro
    score_components). -#}
{{ score_components() }}
