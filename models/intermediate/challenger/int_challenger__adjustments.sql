{#- The challenger rubric's negative rules that hit an entity. -#}
{{ adjustment_hits('alternate') }}
