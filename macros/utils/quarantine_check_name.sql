{#- The scoring_health check (and seed health_thresholds row) of a raw table's quarantined share:
    'quarantine_share_<table>' from a source_table expression such as 'crm.accounts'. -#}
{% macro quarantine_check_name(source_table) -%}
    {{ dbt.concat(["'quarantine_share_'", dbt.split_part(source_table, "'.'", 2)]) }}
{%- endmacro %}
