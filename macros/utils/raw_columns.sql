{#- The typed (non-text) columns of each raw table and how staging treats a bad value in them. Keys
    are not listed: a missing key quarantines its row (missing_key, in each base model).
    - required: the row cannot be placed or judged without the value, so a value that is present but
      does not parse quarantines the row (unparseable_<kind>). A null (blank, null token) quarantines
      it too (missing_value) where the column is not nullable (an event without a time); a nullable
      one may be null (an open deal has no closed_at);
    - optional (the default): a bad value (unparseable, negative_count, out_of_range) becomes null, the
      row is kept, and the value is reported in marts.data_quality_issues.
    Keys of each dict: column (raw name), type, required, nullable (false: a required value must be
    present), as (the staged name when it differs), non_negative (a value below zero is bad), between
    ([min, max]: a value outside is bad).
    Which columns are required, and why:
    - crm.accounts, crm.contacts: none. Firmographics and contact dates are features; a bad cell must
      not drop the account and, by cascade, its contacts, events, usage and deals.
    - crm.opportunities: created_at and closed_at (both nullable: an open deal has no closed_at) date
      the deal (point in time) and its outcome (a won deal's closed_at is the conversion); amount is
      optional.
    - marketing.events: occurred_at, not nullable: the event's time (every window reads it).
    - product.product_usage: usage_date, part of the key (missing: missing_key); the four figures
      are optional.
    - support.support_tickets: created_at, not nullable (support windows count tickets by it);
      resolved_at and the satisfaction score (1-5) are optional.
    - billing.subscriptions: start_date and end_date, not nullable, place the term; cancelled_at
      (nullable) dates the churn outcome; seats, arr and auto_renew are optional. -#}
{% macro raw_typed_columns(source_table) -%}
    {%- set columns = {
        'crm.accounts': [
            {'column': 'employee_count', 'type': dbt.type_bigint(), 'non_negative': true},
            {'column': 'annual_revenue', 'type': type_double(), 'non_negative': true},
            {'column': 'revenue_growth_pct', 'type': type_double()},
            {'column': 'employee_growth_pct', 'type': type_double()},
            {'column': 'locations_count', 'type': dbt.type_bigint()},
            {'column': 'fiscal_year_start_month', 'type': dbt.type_int()},
            {'column': 'created_at', 'type': 'date', 'as': 'created_date'},
        ],
        'crm.contacts': [
            {'column': 'created_at', 'type': dbt.type_timestamp()},
            {'column': 'unsubscribed_at', 'type': dbt.type_timestamp()},
        ],
        'crm.opportunities': [
            {'column': 'created_at', 'type': 'date', 'required': true, 'as': 'created_date'},
            {'column': 'closed_at', 'type': 'date', 'required': true, 'as': 'closed_date'},
            {'column': 'amount', 'type': type_double(), 'non_negative': true},
        ],
        'marketing.events': [
            {'column': 'occurred_at', 'type': dbt.type_timestamp(), 'required': true, 'nullable': false},
        ],
        'product.product_usage': [
            {'column': 'usage_date', 'type': 'date', 'required': true, 'nullable': false},
            {'column': 'active_users', 'type': dbt.type_bigint(), 'non_negative': true},
            {'column': 'licensed_seats', 'type': dbt.type_bigint(), 'non_negative': true},
            {'column': 'features_adopted', 'type': dbt.type_bigint(), 'non_negative': true},
            {'column': 'features_available', 'type': dbt.type_bigint(), 'non_negative': true},
        ],
        'support.support_tickets': [
            {'column': 'created_at', 'type': dbt.type_timestamp(), 'required': true, 'nullable': false},
            {'column': 'resolved_at', 'type': dbt.type_timestamp()},
            {'column': 'satisfaction_score', 'type': dbt.type_int(), 'between': [1, 5]},
        ],
        'billing.subscriptions': [
            {'column': 'start_date', 'type': 'date', 'required': true, 'nullable': false},
            {'column': 'end_date', 'type': 'date', 'required': true, 'nullable': false},
            {'column': 'cancelled_at', 'type': 'date', 'required': true, 'as': 'cancelled_date'},
            {'column': 'seats', 'type': dbt.type_bigint(), 'non_negative': true},
            {'column': 'arr', 'type': type_double(), 'non_negative': true},
            {'column': 'auto_renew', 'type': dbt.type_boolean()},
        ],
    } -%}
    {{ return(columns[source_table]) }}
{%- endmacro %}

{#- The optional typed columns of a raw table (their bad values are data-quality issues). -#}
{% macro optional_typed_columns(source_table) -%}
    {{ return(raw_typed_columns(source_table) | rejectattr('required') | list) }}
{%- endmacro %}

{#- Select items of the parsed values of a table's typed columns, 'parsed_<column>', one per line,
    each followed by a comma (for a CTE over the source that the base model's checks read). -#}
{% macro parsed_columns(columns) -%}
    {%- for column in columns %}
        {{ parse_value(column.column, column.type) }} as parsed_{{ column.column }},
    {%- endfor %}
{%- endmacro %}

{#- The dict of column `name` in a list of raw_typed_columns. -#}
{% macro typed_column(columns, name) -%}
    {%- for column in columns if column.column == name -%}
        {{ return(column) }}
    {%- endfor -%}
    {{ exceptions.raise_compiler_error("no typed column " ~ name ~ " in " ~ columns | map(attribute='column') | join(', ')) }}
{%- endmacro %}

{#- The staged value of typed column `name`, from parsed_<name>: the parsed value of a required
    column (a bad one quarantines the row); of an optional column, the parsed value when it passes
    the column's checks (a value that did not parse is null already). -#}
{% macro typed_value(columns, name) -%}
    {%- set column = typed_column(columns, name) -%}
    {%- set parsed = 'parsed_' ~ name -%}
    {%- if column.required or not (column.non_negative or column.between) -%}
        {{ parsed }}
    {%- elif column.between -%}
        case when {{ parsed }} between {{ column.between[0] }} and {{ column.between[1] }} then {{ parsed }} end
    {%- else -%}
        case when {{ parsed }} >= 0 then {{ parsed }} end
    {%- endif -%}
{%- endmacro %}

{#- Select items 'rejected_<column>' of the optional typed columns, one per line, each followed by a
    comma: the raw text of a value with an issue (nulled in the staged value), else null. What
    marts.data_quality_issues reports. -#}
{% macro rejected_columns(columns) -%}
    {%- for column in columns if not column.required %}
        case
            when {{ value_issue(column, column.column, 'parsed_' ~ column.column) }} is not null
                then cast({{ column.column }} as {{ dbt.type_string() }})
        end as rejected_{{ column.column }},
    {%- endfor %}
{%- endmacro %}

{#- The first required column (in list order) whose value has an issue: output 'rule' gives the issue
    ('missing_value' or 'unparseable_<kind>'), output 'detail' the text naming column and value;
    null when none has. -#}
{% macro required_issue(columns, output) -%}
    {%- set issues = [] -%}
    {%- for column in columns if column.required -%}
        {%- set parsed = 'parsed_' ~ column.column -%}
        {%- do issues.append(
            value_issue(column, column.column, parsed) if output == 'rule'
            else value_issue_detail(column, column.column, parsed)
        ) -%}
    {%- endfor -%}
    {%- if not issues -%}
        cast(null as {{ dbt.type_string() }})
    {%- elif issues | length == 1 -%}
        {{ issues[0] }}
    {%- else -%}
        coalesce({{ issues | join(', ') }})
    {%- endif -%}
{%- endmacro %}
