{#- Every raw row that staging did not pass on, with the rule that caught it: one row per quarantined
    raw row of the seven source tables, from the base_<source>__<entity> models. A row is reported once,
    with the first rule it fails in its table's precedence. -#}
{%- set tables = [
    ('crm.accounts', 'base_crm__accounts'),
    ('crm.contacts', 'base_crm__contacts'),
    ('crm.opportunities', 'base_crm__opportunities'),
    ('marketing.events', 'base_marketing__events'),
    ('product.product_usage', 'base_product__usage'),
    ('support.support_tickets', 'base_support__tickets'),
    ('billing.subscriptions', 'base_billing__subscriptions'),
] -%}

{% for source_table, base_model in tables %}
    select
        '{{ source_table }}' as source_table,
        source_row_number,
        record_key,
        quarantine_rule,
        quarantine_detail,
        raw_record
    from {{ ref(base_model) }}
    where quarantine_rule is not null
    {% if not loop.last %}union all{% endif %}
{% endfor %}
