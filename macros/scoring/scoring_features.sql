{#- The feature vocabulary the rubric can score: every column here exists in both
    int_contacts__features and int_accounts__features and is unpivoted into int_features__long.
    A rubric row in seed rubric_factors names one of these (source_type = 'feature'), a custom feature
    of an extra raw column (<source_table>__<column_name>, int_features__custom) or a signal count
    (signal__<signal>__<window>d, int_features__signal_counts). -#}
{% macro scoring_features() %}
    {{ return({
        'text': [
            'industry', 'market_maturity', 'competition_level', 'cloud_adoption', 'digital_maturity',
            'growth_stage', 'seniority', 'department', 'lead_source', 'email_type', 'is_unsubscribed',
            'open_opportunity_stage', 'renewal_posture', 'lifecycle_stage',
        ],
        'number': [
            'employee_count', 'annual_revenue', 'revenue_growth_pct', 'employee_growth_pct',
            'locations_count', 'integrable_tool_count', 'months_to_budget_cycle',
            'activity_trend_ratio', 'email_response_trend', 'touchpoint_channels_90d',
            'content_types_90d', 'web_active_days_90d', 'days_since_last_activity',
            'engaged_contacts_30d', 'exec_contacts_engaged_90d', 'departments_engaged_90d',
            'tenure_days', 'current_term_days',
            'segment_retention_rate', 'seat_utilisation', 'feature_adoption_rate', 'avg_csat_90d',
            'high_severity_tickets_90d', 'ticket_trend_ratio', 'won_deals_before',
            'open_opportunity_amount', 'open_opportunity_age_days',
        ],
    }) }}
{% endmacro %}
