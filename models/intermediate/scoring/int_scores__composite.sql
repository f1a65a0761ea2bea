{#- The scores a team acts on, per entity:
    - composite = (weighted fit, intent, engagement, success, growth) x (1 - risk / 100), with weights
      from seed composite_weights for the entity's lifecycle stage (prospect or customer);
    - total (sales-led lead view) = weighted fit + engagement, weights from var total_score_weights;
      a stale lead (inactive var('stale_lead_days') days) is held just below the top Total band;
    - triage 0-10 = fit 0-3 + engagement 0-5 + readiness 0-2 from seed triage_points;
    each placed in its band from seed score_bands; one row per rubric version scored and entity, each
    with its version's weights and bands. A disqualified entity scores 0 on all three.
    Composite and total are also computed from the undecayed dimensions, to show what decay changed. -#}
{{ composite_scores(ref('int_scores__decayed')) }}
