{#- The challenger rubric's dimension scores after time decay (same decay settings as the champion). -#}
{{ decay_dimensions(ref('int_challenger__dimensions')) }}
