{#- The valid product-usage rows: the rows of base_product__usage that pass every quarantine rule. -#}
select
    account_id,
    usage_date,
    active_users,
    licensed_seats,
    features_adopted,
    features_available
from {{ ref('base_product__usage') }}
where quarantine_rule is null
