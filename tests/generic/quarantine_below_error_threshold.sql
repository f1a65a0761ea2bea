{#- Fails (severity error, the default) on every raw table of mart input_reconciliation whose share of
    quarantined rows reached its error_threshold in seed health_thresholds (check
    quarantine_share_<table>; by default 1 for accounts and contacts: every row of a non-empty file
    quarantined, e.g. contacts exported with another system's account ids). Attached to
    input_reconciliation, so it fails right after staging, before anything is published; the stored
    failure names the table and the counts (shown by `scoring build`). -#}
{% test quarantine_below_error_threshold(model) %}
{{ config(store_failures=true) }}
select
    reconciliation.source_table,
    reconciliation.raw_rows,
    reconciliation.quarantined_rows,
    thresholds.error_threshold,
    {{ dbt.concat([
        'reconciliation.source_table', "': '",
        dbt.safe_cast('reconciliation.quarantined_rows', dbt.type_string()), "' of '",
        dbt.safe_cast('reconciliation.raw_rows', dbt.type_string()),
        "' raw rows quarantined, at or above error_threshold '",
        dbt.safe_cast('thresholds.error_threshold', dbt.type_string()),
        "' of seed health_thresholds (rules and rows: marts.quarantined_records)'",
    ]) }} as failure
from {{ model }} as reconciliation
inner join {{ ref('health_thresholds') }} as thresholds
    on thresholds.check_name = {{ quarantine_check_name('reconciliation.source_table') }}
where
    reconciliation.raw_rows > 0
    and {{ safe_divide('reconciliation.quarantined_rows', 'reconciliation.raw_rows') }}
    >= cast(thresholds.error_threshold as {{ type_double() }})
{% endtest %}
