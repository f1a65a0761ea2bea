{#- Custom features: the columns of a raw table that are not in its contract (models/staging/_sources.yml)
    become features the rubric can score, without any SQL edit (issue 12, docs/custom_features.md). -#}

{#- The raw tables whose extra columns are custom features, in order: the name (source_table), the
    source, the table's key, the base model whose quarantine decides which rows are kept, and the date
    column of that model placing a row in time (null: the row is always in). -#}
{% macro custom_feature_tables() -%}
    {{ return([
        {'name': 'accounts', 'source': ['crm', 'accounts'], 'key': 'account_id', 'account': 'account_id',
            'base': 'base_crm__accounts', 'date_column': none},
        {'name': 'contacts', 'source': ['crm', 'contacts'], 'key': 'contact_id', 'account': 'account_id',
            'base': 'base_crm__contacts', 'date_column': none},
        {'name': 'opportunities', 'source': ['crm', 'opportunities'], 'key': 'opportunity_id',
            'account': 'account_id', 'base': 'base_crm__opportunities', 'date_column': 'created_date'},
        {'name': 'subscriptions', 'source': ['billing', 'subscriptions'], 'key': 'subscription_id',
            'account': 'account_id', 'base': 'base_billing__subscriptions', 'date_column': 'start_date'},
    ]) }}
{%- endmacro %}

{#- Lower snake_case of a raw column name: 'Lead Origin ' -> 'lead_origin', 'MonthlyCharges' ->
    'monthly_charges'. -#}
{% macro custom_column_name(raw_name) -%}
    {%- set re = modules.re -%}
    {%- set name = re.sub('([a-z0-9])([A-Z])', '\\1_\\2', raw_name | string | trim) -%}
    {%- set name = re.sub('[^a-z0-9]+', '_', name | lower) -%}
    {{ return(name.strip('_')) }}
{%- endmacro %}

{#- The extra columns of raw table `source_name`.`table_name`: its columns, read from the database
    when dbt executes (at parse time, and with var custom_feature_introspection false, none), minus
    the contract's columns (graph.sources, compared in lower snake_case) and file_row_number. A list of
    dicts: raw (the column's name in the table) and column (its lower snake_case name), in table order;
    a column whose snake_case name repeats an earlier one is left out. -#}
{% macro custom_columns(source_name, table_name) -%}
    {%- set introspect = var('custom_feature_introspection', true) -%}
    {%- if introspect is string -%}
        {#- a var from sqlfluff's templater context is text -#}
        {%- set introspect = (introspect | trim | lower) not in ['false', '0', 'no', 'off', ''] -%}
    {%- endif -%}
    {%- if not execute or not introspect -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set contract = ['file_row_number'] -%}
    {%- for node in graph.sources.values()
        if node.source_name == source_name and node.name == table_name -%}
        {%- for column in node.columns.values() -%}
            {%- do contract.append(custom_column_name(column.name)) -%}
        {%- endfor -%}
    {%- endfor -%}
    {%- set found = adapter.dispatch('custom_raw_column_names', 'customer_scoring')(source(source_name, table_name)) -%}
    {%- set extra = [] -%}
    {%- set seen = [] -%}
    {%- for raw_name in found -%}
        {%- set name = custom_column_name(raw_name) -%}
        {%- if name and name not in contract and name not in seen -%}
            {%- do seen.append(name) -%}
            {%- do extra.append({'raw': raw_name, 'column': name}) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(extra) }}
{%- endmacro %}

{#- Column names of a raw source relation, by a query returning no rows: works for tables (Postgres,
    Spark) and for dbt-duckdb's external sources, whose relation is a read_parquet / read_csv expression. -#}
{% macro default__custom_raw_column_names(relation) -%}
    {%- set columns = get_columns_in_query('select * from ' ~ relation) -%}
    {{ return(columns) }}
{%- endmacro %}
