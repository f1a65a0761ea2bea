{#- The challenger rubric's component points of all six dimensions (the rubric not in use by the marts,
    see macro rubric_seed), scored on the same features and signals as the champion. -#}
{{ score_components('alternate') }}
