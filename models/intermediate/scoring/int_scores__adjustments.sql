{#- Negative rules (seed rubric_adjustments) that hit an entity: competitor domain, student title,
    personal email, unsubscribe... Each names the dimension it deducts from and whether it disqualifies. -#}
{{ adjustment_hits() }}
