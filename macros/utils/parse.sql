{#- Reading typed values (numbers, dates, timestamps, booleans) from raw columns that may hold text, as
    a CSV export does. The options are dbt vars (dbt_project.yml, docs/byo_data.md):
    - raw_null_tokens: text that means "no value" in a typed column (compared trimmed, ignoring case;
      a blank value always does). A null token is a null, never a data-quality issue;
    - raw_date_formats: strptime-style formats ('%d/%m/%Y') tried in order after ISO 8601 for dates
      and timestamps. Default none: '4/10/2020' is April or October, so it is not guessed;
    - raw_decimal_separator: '.' (default) or ','. With ',' a number written '12,5' reads 12.5 (numbers
      in the standard form, '12.5', still read);
    - raw_thousands_separator: null (default: '1,234' is not a number), or one of ',', '.', ' ', "'":
      digits grouped by it in threes ('1,234,567.5') read without it. Only exact groups of three
      digits are read, so with ',' '12,5' or '1,23' stay unparseable instead of being misread.
    A value that is present, not a null token, and does not parse gives null and an issue
    (value_issue). Typed input (Parquet numbers and dates) is read by a plain try_cast first, so the
    options only cost anything on text that does not parse as is. -#}

{#- The parse options, from the vars above with their defaults, checked. -#}
{% macro raw_parse_options() -%}
    {%- set tokens = var('raw_null_tokens', ['', 'null', 'n/a', '#n/a', 'na', 'none', '-']) -%}
    {%- set formats = var('raw_date_formats', []) -%}
    {%- set decimal = var('raw_decimal_separator', '.') -%}
    {%- set thousands = var('raw_thousands_separator', none) -%}
    {%- if tokens is string %}{% set tokens = [tokens] %}{% endif -%}
    {%- if formats is string %}{% set formats = [formats] %}{% endif -%}
    {%- if formats is none %}{% set formats = [] %}{% endif -%}
    {%- if decimal not in ['.', ','] -%}
        {{ exceptions.raise_compiler_error("var raw_decimal_separator must be '.' or ',', not '" ~ decimal ~ "'") }}
    {%- endif -%}
    {%- if thousands is not none and (thousands not in [',', '.', ' ', "'"] or thousands == decimal) -%}
        {{ exceptions.raise_compiler_error(
            "var raw_thousands_separator must be null or one of ',', '.', ' ', \"'\" other than the decimal separator, not '"
            ~ thousands ~ "'"
        ) }}
    {%- endif -%}
    {%- set lowered = [''] -%}
    {%- for token in tokens if token is not none and (token | trim | lower) not in lowered -%}
        {%- do lowered.append(token | trim | lower) -%}
    {%- endfor -%}
    {{ return({
        'null_tokens': lowered,
        'date_formats': formats,
        'decimal_separator': decimal,
        'thousands_separator': thousands,
    }) }}
{%- endmacro %}

{#- A SQL string literal of a Jinja string (single quotes doubled). -#}
{% macro sql_literal(value) -%}
    '{{ value | replace("'", "''") }}'
{%- endmacro %}

{#- What a type reads: 'timestamp', 'date', 'boolean' or 'number' (the unparseable_<kind> rules). -#}
{% macro value_kind(type) -%}
    {%- set type_name = type | lower -%}
    {%- if 'timestamp' in type_name -%}{{ return('timestamp') }}
    {%- elif type_name == 'date' -%}{{ return('date') }}
    {%- elif 'bool' in type_name -%}{{ return('boolean') }}
    {%- else -%}{{ return('number') }}
    {%- endif -%}
{%- endmacro %}

{#- True when a raw value means "no value": null, blank or a null token. Given the parsed value too,
    the text test only runs where it is null (a big numeric column is not cast to text). -#}
{% macro is_null_value(raw, parsed=none) -%}
    {%- set tokens = [] -%}
    {%- for token in raw_parse_options().null_tokens %}{% do tokens.append(sql_literal(token)) %}{% endfor -%}
    {%- set text_test = 'lower(trim(cast(' ~ raw ~ ' as ' ~ dbt.type_string() ~ '))) in (' ~ tokens | join(', ') ~ ')' -%}
    {%- if parsed is none -%}
        ({{ raw }} is null or {{ text_test }})
    {%- else -%}
        ({{ raw }} is null or ({{ parsed }} is null and {{ text_test }}))
    {%- endif -%}
{%- endmacro %}

{#- The typed value of a raw column (a column or expression, text or already typed): null when
    missing, a null token, or when it does not parse under the parse options. An integer column takes
    whole numbers only ('12.5' is no employee count, nor is '1,234' read with a decimal comma). -#}
{% macro parse_value(raw, type) -%}
    {%- set kind = value_kind(type) -%}
    {%- set options = raw_parse_options() -%}
    {%- set text = 'trim(cast(' ~ raw ~ ' as ' ~ dbt.type_string() ~ '))' -%}
    {%- if kind == 'number' and (type | lower) in ['bigint', 'int', 'integer', 'smallint', 'int8', 'int4'] -%}
        {%- set number = parse_number(raw, type_double(), options) -%}
        case when {{ number }} = floor({{ number }}) then {{ try_cast(number, type) }} end
    {%- elif kind == 'number' -%}
        {{ parse_number(raw, type, options) }}
    {%- elif kind in ['date', 'timestamp'] and options.date_formats -%}
        case
            when {{ try_cast(raw, type) }} is not null then {{ try_cast(raw, type) }}
            {%- for format in options.date_formats %}
            when {{ try_parse_timestamp(text, format) }} is not null
                then cast({{ try_parse_timestamp(text, format) }} as {{ type }})
            {%- endfor %}
        end
    {%- else -%}
        {{ try_cast(raw, type) }}
    {%- endif -%}
{%- endmacro %}

{#- A number of a raw column as `type`, under the decimal and thousands separators of the parse
    options (raw_parse_options()); null when it does not parse. -#}
{% macro parse_number(raw, type, options) -%}
    {%- set decimal, thousands = options.decimal_separator, options.thousands_separator -%}
    {%- if decimal == '.' and thousands is none -%}
        {{ try_cast(raw, type) }}
    {%- else -%}
        {%- set text = 'trim(cast(' ~ raw ~ ' as ' ~ dbt.type_string() ~ '))' -%}
        {%- if thousands is not none -%}
            {%- set grouped = '^[+-]?[0-9]{1,3}([' ~ thousands ~ '][0-9]{3})+([' ~ decimal ~ '][0-9]+)?$' -%}
            {%- set ungrouped = "replace(" ~ text ~ ", " ~ sql_literal(thousands) ~ ", '')" -%}
            {%- if decimal == ',' %}{% set ungrouped = "replace(" ~ ungrouped ~ ", ',', '.')" %}{% endif -%}
        {%- endif -%}
        case
            {#- '1.234' reads as 1.234 by a plain cast: the digit groups of a '.' separator go first -#}
            {%- if thousands == '.' %}
            when {{ text_matches(text, grouped) }} then {{ try_cast(ungrouped, type) }}
            {%- endif %}
            when {{ try_cast(raw, type) }} is not null then {{ try_cast(raw, type) }}
            {%- if thousands is not none and thousands != '.' %}
            when {{ text_matches(text, grouped) }} then {{ try_cast(ungrouped, type) }}
            {%- endif %}
            {%- if decimal == ',' %}
            when {{ text_matches(text, '^[+-]?[0-9]+([,][0-9]+)?$') }}
                then {{ try_cast("replace(" ~ text ~ ", ',', '.')", type) }}
            {%- endif %}
        end
    {%- endif -%}
{%- endmacro %}

{#- The issue of a raw value of a typed column (a dict of macro raw_typed_columns): 'missing_value'
    when null, blank or a null token in a column that must have a value (nullable false),
    'unparseable_<kind>' when present but not parsed, 'negative_count' below zero for a column that
    cannot be negative, 'out_of_range' outside a column's [min, max]; else null. `raw` is the raw
    value, `parsed` its parse_value (a column holding it, or the expression). -#}
{% macro value_issue(column, raw, parsed) -%}
    case
        {%- if column.nullable is false %}
        when {{ parsed }} is null and {{ is_null_value(raw) }} then 'missing_value'
        {%- endif %}
        when {{ parsed }} is null and not {{ is_null_value(raw) }} then 'unparseable_{{ value_kind(column.type) }}'
        {%- if column.non_negative %}
        when {{ parsed }} < 0 then 'negative_count'
        {%- endif %}
        {%- if column.between %}
        when {{ parsed }} not between {{ column.between[0] }} and {{ column.between[1] }} then 'out_of_range'
        {%- endif %}
    end
{%- endmacro %}

{#- Text naming the issue of a value for quarantine_detail: '<name> is null or blank' (missing),
    'not a <kind>: <name>=<raw>', '<name>=<value>' (negative), 'not in <min>-<max>: <name>=<value>';
    null without an issue. -#}
{% macro value_issue_detail(column, raw, parsed) -%}
    {%- set name = column.column -%}
    {%- set raw_text = 'cast(' ~ raw ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    case
        {%- if column.nullable is false %}
        when {{ parsed }} is null and {{ is_null_value(raw) }} then '{{ name }} is null or blank'
        {%- endif %}
        when {{ parsed }} is null and not {{ is_null_value(raw) }}
            then {{ dbt.concat(["'not a " ~ value_kind(column.type) ~ ": " ~ name ~ "='", raw_text]) }}
        {%- if column.non_negative %}
        when {{ parsed }} < 0 then {{ dbt.concat(["'" ~ name ~ "='", raw_text]) }}
        {%- endif %}
        {%- if column.between %}
        when {{ parsed }} not between {{ column.between[0] }} and {{ column.between[1] }}
            then {{ dbt.concat(["'not in " ~ column.between[0] ~ "-" ~ column.between[1] ~ ": " ~ name ~ "='", raw_text]) }}
        {%- endif %}
    end
{%- endmacro %}

{#- True when a text expression matches a regular expression (POSIX classes only, no backslashes:
    the same pattern on every engine). -#}
{% macro text_matches(expression, pattern) -%}
    {{ return(adapter.dispatch('text_matches', 'customer_scoring')(expression, pattern)) }}
{%- endmacro %}

{% macro default__text_matches(expression, pattern) -%}
    regexp_like({{ expression }}, {{ sql_literal(pattern) }})
{%- endmacro %}

{% macro duckdb__text_matches(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ sql_literal(pattern) }})
{%- endmacro %}

{% macro postgres__text_matches(expression, pattern) -%}
    ({{ expression }} ~ {{ sql_literal(pattern) }})
{%- endmacro %}

{% macro spark__text_matches(expression, pattern) -%}
    ({{ expression }} rlike {{ sql_literal(pattern) }})
{%- endmacro %}

{#- A timestamp parsed from text with a strptime-style format ('%d/%m/%Y %H:%M'), null when it does
    not fit. Directives: %Y %y %m %d %H %M %S and %%; other letters are literal text. -#}
{% macro try_parse_timestamp(expression, format) -%}
    {{ return(adapter.dispatch('try_parse_timestamp', 'customer_scoring')(expression, format)) }}
{%- endmacro %}

{% macro default__try_parse_timestamp(expression, format) -%}
    {{ exceptions.raise_compiler_error("var raw_date_formats is not supported on target type " ~ target.type) }}
{%- endmacro %}

{% macro duckdb__try_parse_timestamp(expression, format) -%}
    try_strptime({{ expression }}, {{ sql_literal(datetime_format(format, 'duckdb')) }})
{%- endmacro %}

{#- plpgsql function made by the on-run-start hook create_try_cast_functions (to_timestamp fails on
    a value that does not fit its format instead of returning null) -#}
{% macro postgres__try_parse_timestamp(expression, format) -%}
    {{ target.schema }}.scoring_try_parse_timestamp({{ expression }}, {{ sql_literal(datetime_format(format, 'postgres')) }})
{%- endmacro %}

{% macro spark__try_parse_timestamp(expression, format) -%}
    try_to_timestamp({{ expression }}, {{ sql_literal(datetime_format(format, 'spark')) }})
{%- endmacro %}

{#- A strptime-style format in the syntax of an engine: 'duckdb' (strptime itself, checked),
    'postgres' (to_timestamp: DD/MM/YYYY HH24:MI:SS) or 'spark' (Java patterns, d/M/yyyy H:m:s, one
    letter so that 4/10/2020 reads as well as 04/10/2020). -#}
{% macro datetime_format(format, engine) -%}
    {%- set directives = {
        'postgres': {'Y': 'YYYY', 'y': 'YY', 'm': 'MM', 'd': 'DD', 'H': 'HH24', 'M': 'MI', 'S': 'SS', '%': '%'},
        'spark': {'Y': 'yyyy', 'y': 'yy', 'm': 'M', 'd': 'd', 'H': 'H', 'M': 'm', 'S': 's', '%': '%'},
        'duckdb': {'Y': '%Y', 'y': '%y', 'm': '%m', 'd': '%d', 'H': '%H', 'M': '%M', 'S': '%S', '%': '%%'},
    }[engine] -%}
    {%- set state = namespace(out='', directive=false) -%}
    {%- for character in format -%}
        {%- if state.directive -%}
            {%- if character not in directives -%}
                {{ exceptions.raise_compiler_error(
                    "var raw_date_formats: %" ~ character ~ " in '" ~ format ~ "' is not supported (use %Y %y %m %d %H %M %S)"
                ) }}
            {%- endif -%}
            {%- set state.out = state.out ~ directives[character] -%}
            {%- set state.directive = false -%}
        {%- elif character == '%' -%}
            {%- set state.directive = true -%}
        {%- elif character.isalpha() and engine == 'postgres' -%}
            {%- set state.out = state.out ~ '"' ~ character ~ '"' -%}
        {%- elif character.isalpha() and engine == 'spark' -%}
            {%- set state.out = state.out ~ "'" ~ character ~ "'" -%}
        {%- else -%}
            {%- set state.out = state.out ~ character -%}
        {%- endif -%}
    {%- endfor -%}
    {%- if state.directive -%}
        {{ exceptions.raise_compiler_error("var raw_date_formats: '" ~ format ~ "' ends with a lone %") }}
    {%- endif -%}
    {{ return(state.out) }}
{%- endmacro %}
