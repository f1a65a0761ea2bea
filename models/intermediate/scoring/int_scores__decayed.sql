{#- Time decay: the dimensions in var('decay_dimensions') (intent and engagement) lose var('decay_rate')
    (25%) per full var('decay_period_days') (30) without new activity, never below var('decay_floor')
    times their undecayed value. No activity in the whole 365-day signal window counts as 365 days.
    A lead inactive var('stale_lead_days') (90) days or more is stale: it can never be Hot. -#}
{{ decay_dimensions(ref('int_scores__dimensions')) }}
