{#- All features of all scored entities in long form (entity, feature, value), the table the rubric's
    feature tiers join to: the built-in features (macro scoring_features(), unpivoted from the two wide
    feature tables), the custom features of extra raw columns (int_features__custom:
    <source_table>__<column_name>) and the signal counts (int_features__signal_counts:
    signal__<signal>__<window>d). A view: the union of one select per feature over the two wide feature
    tables costs less to recompute for each of its few readers than to write millions of rows (a table
    on Spark, whose metastore caps a view's text at 32,700 characters). -#}
{{ config(materialized='table' if target.type == 'spark' else 'view') }}
{{ unpivot_features(ref('int_contacts__features'), 'contact', 'contact_id') }}
union all
{{ unpivot_features(ref('int_accounts__features'), 'account', 'account_id') }}
union all
select
    entity_type,
    entity_id,
    feature,
    value_text,
    value_number
from {{ ref('int_features__custom') }}
union all
select
    entity_type,
    entity_id,
    feature,
    value_text,
    value_number
from {{ ref('int_features__signal_counts') }}
