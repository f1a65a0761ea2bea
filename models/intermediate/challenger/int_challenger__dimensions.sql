{#- The challenger rubric's six dimension scores per entity, clamped to 0-100, with coverage. -#}
{{ dimension_scores(ref('int_challenger__components'), ref('int_challenger__adjustments')) }}
