{#- Success dimension: points per component for every contact and account, from the rubric seeds. -#}
{{ score_dimension('success') }}
