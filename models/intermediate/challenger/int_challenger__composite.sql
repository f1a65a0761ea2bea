{#- The challenger rubric's composite, Total, triage and bands, with its own composite weights. -#}
{{ composite_scores(ref('int_challenger__decayed'), 'alternate') }}
