{#- Nothing is lost in staging: per source table, the raw rows counted straight from the source equal
    the rows passed on by its staging model plus the rows quarantined (quarantined_records). -#}
{%- set tables = [
    ('crm.accounts', 'crm', 'accounts', 'stg_crm__accounts'),
    ('crm.contacts', 'crm', 'contacts', 'stg_crm__contacts'),
    ('crm.opportunities', 'crm', 'opportunities', 'stg_crm__opportunities'),
    ('marketing.events', 'marketing', 'events', 'stg_marketing__events'),
    ('product.product_usage', 'product', 'product_usage', 'stg_product__usage'),
    ('support.support_tickets', 'support', 'support_tickets', 'stg_support__tickets'),
    ('billing.subscriptions', 'billing', 'subscriptions', 'stg_billing__subscriptions'),
] -%}

with

raw_counts as (
    {% for source_table, source_name, table_name, staging_model in tables %}
        select
            '{{ source_table }}' as source_table,
            '{{ staging_model }}' as staging_model,
            count(*) as raw_rows
        from {{ source(source_name, table_name) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

staged_counts as (
    {% for source_table, source_name, table_name, staging_model in tables %}
        select
            '{{ source_table }}' as source_table,
            count(*) as staged_rows
        from {{ ref(staging_model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

quarantined_counts as (
    select
        source_table,
        count(*) as quarantined_rows
    from {{ ref('quarantined_records') }}
    group by source_table
),

counted as (
    select
        raw_counts.source_table,
        raw_counts.staging_model,
        raw_counts.raw_rows,
        coalesce(staged_counts.staged_rows, 0) as staged_rows,
        coalesce(quarantined_counts.quarantined_rows, 0) as quarantined_rows
    from raw_counts
    left join staged_counts
        on raw_counts.source_table = staged_counts.source_table
    left join quarantined_counts
        on raw_counts.source_table = quarantined_counts.source_table
)

select
    source_table,
    staging_model,
    raw_rows,
    staged_rows,
    quarantined_rows,
    raw_rows = staged_rows + quarantined_rows as is_reconciled
from counted
