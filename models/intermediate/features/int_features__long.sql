{#- All features of all scored entities in long form (entity, feature, value), the table the rubric's
    feature tiers join to. -#}
{{ unpivot_features(ref('int_contacts__features'), 'contact', 'contact_id') }}
union all
{{ unpivot_features(ref('int_accounts__features'), 'account', 'account_id') }}
