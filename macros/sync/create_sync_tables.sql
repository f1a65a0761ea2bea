{#- The CRM sync's own state, kept in the warehouse beside the marts (created once, never rebuilt by
    dbt, so a build never loses it): crm_sync_state holds the last exported hash per CRM id (the
    watermark), crm_sync_audit one row per export run. `scoring export` writes both, only after its
    file is complete. Runs as an on-run-start hook. -#}
{% macro create_sync_tables() %}
    {%- set schema = var('sync_schema', 'sync') -%}
    {%- set text = dbt.type_string() -%}
    {%- set stamp = dbt.type_timestamp() -%}
    {%- set count = dbt.type_bigint() -%}
    {% do adapter.create_schema(api.Relation.create(database=target.get('database'), schema=schema)) %}
    {% do run_query(
        'create table if not exists ' ~ schema ~ '.crm_sync_state ('
        ~ 'entity_type ' ~ text ~ ', crm_id ' ~ text ~ ', row_hash ' ~ text ~ ', run_id ' ~ text
        ~ ', synced_at ' ~ stamp ~ ')'
    ) %}
    {% do run_query(
        'create table if not exists ' ~ schema ~ '.crm_sync_audit ('
        ~ 'run_id ' ~ text ~ ', started_at ' ~ stamp ~ ', finished_at ' ~ stamp
        ~ ', inserted ' ~ count ~ ', updated ' ~ count ~ ', unchanged ' ~ count
        ~ ', file_path ' ~ text ~ ', file_format ' ~ text ~ ', crm ' ~ text
        ~ ', status ' ~ text ~ ', message ' ~ text ~ ')'
    ) %}
{% endmacro %}
