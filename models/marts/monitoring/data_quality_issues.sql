{#- Every bad value of an optional typed column that staging set to null instead of quarantining its
    row (macro raw_typed_columns): one row per raw row and column, on the rows staging passed on (a
    quarantined row is reported whole in quarantined_records). The issue is the check the raw value
    fails: unparseable_<kind>, negative_count or out_of_range. A null token (var raw_null_tokens) is a
    null, not an issue. -#}
{%- set tables = [
    ('crm.accounts', 'base_crm__accounts'),
    ('crm.contacts', 'base_crm__contacts'),
    ('crm.opportunities', 'base_crm__opportunities'),
    ('product.product_usage', 'base_product__usage'),
    ('support.support_tickets', 'base_support__tickets'),
    ('billing.subscriptions', 'base_billing__subscriptions'),
] -%}

with

{% for source_table, base_model in tables %}
    {%- set rejected = [] %}
    {%- for column in optional_typed_columns(source_table) %}
        {%- do rejected.append('rejected_' ~ column.column) %}
    {%- endfor %}
    -- the staged rows of {{ source_table }} with at least one rejected value
    rejected_{{ loop.index }} as (
        select
            source_row_number,
            record_key,
            {{ rejected | join(', ') }}
        from {{ ref(base_model) }}
        where
            quarantine_rule is null
            and coalesce({{ rejected | join(', ') }}) is not null
    ),
{% endfor %}

issues as (
    {% for source_table, base_model in tables %}
        {%- set table_index = loop.index %}
        {%- for column in optional_typed_columns(source_table) %}
            select
                '{{ source_table }}' as source_table,
                source_row_number,
                record_key,
                '{{ column.column }}' as column_name,
                rejected_{{ column.column }} as raw_value,
                {{ value_issue(
                    column,
                    'rejected_' ~ column.column,
                    parse_value('rejected_' ~ column.column, column.type),
                ) }} as issue
            from rejected_{{ table_index }}
            where rejected_{{ column.column }} is not null
            {% if not loop.last %}union all{% endif %}
        {%- endfor %}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select
    source_table,
    source_row_number,
    record_key,
    column_name,
    raw_value,
    issue
from issues
