{#- The six dimension scores per entity: component points plus negative adjustments, clamped to 0-100
    (so a re-engaged lead can always climb back), each with its coverage (share of the budget backed by
    data), and whether a disqualifying rule hit. -#}
{{ dimension_scores(ref('int_scores__components'), ref('int_scores__adjustments')) }}
