{#- All features of all scored entities in long form (entity, feature, value), the table the rubric's
    feature tiers join to. A view: the union of one select per feature over the two wide feature tables
    costs less to recompute for each of its few readers than to write millions of rows (a table on
    Spark, whose metastore caps a view's text at 32,700 characters). -#}
{{ config(materialized='table' if target.type == 'spark' else 'view') }}
{{ unpivot_features(ref('int_contacts__features'), 'contact', 'contact_id') }}
union all
{{ unpivot_features(ref('int_accounts__features'), 'account', 'account_id') }}
