{#- Every raw behavioural event, typed and normalised, with the first quarantine rule it fails (null
    when valid). Rules in precedence order: missing_key (event_id or contact_id), unparseable_number
    (event_id), missing_value / unparseable_timestamp (occurred_at, required: the event's time, read
    with the parse options), future_event (after the current timestamp of the run), unknown_event_type
    (not in seed event_signals after aliasing), unknown_contact (not a valid contact),
    before_contact_created, duplicate_id, duplicate_row. Of the rows sharing an event_id, the earliest
    is kept (the first by occurred_at, contact_id, event_type, event_detail); which of several identical
    copies is reported as the copy is not specified (sorting on the row number too would cost a second
    sort).
    The big input, so every check happens in one pass: two joins to tiny seeds, one join to the
    contacts. The duplicate rules need a window over the rows sharing an event_id; a window over every
    event holds all of them in memory (50 million events did not fit in 8 GB), so an aggregate over the
    raw ids (which spills to disk when it must) finds the shared ids first, and only their rows, a small
    share, go through the window. The checks are written once and rendered for both parts, each reading
    the source itself: a CTE read twice is materialised by DuckDB, which then keeps every column of
    every event. A table, unlike the other base models: the valid events (signals), the quarantined ones
    (quarantined_records) and the counts (input_reconciliation) are read from it, so the checks and the
    window run once per build. The report columns (record_key, raw_record) are filled on quarantined
    rows only, so the valid rows stay narrow. -#}
{{ config(materialized='table') }}
{%- set occurred_at = typed_column(raw_typed_columns('marketing.events'), 'occurred_at') -%}
{%- set content_columns = ['occurred_at', 'contact_id', 'event_type', 'event_detail'] -%}

{%- set event_detail_cases %}
    when row_rule = 'missing_key' and event_id is null then 'event_id is null or blank'
    when row_rule = 'missing_key' then 'contact_id is null or blank'
    when row_rule = 'unparseable_number'
        then {{ dbt.concat(["'not a number: event_id='", 'cast(raw_event_id as ' ~ dbt.type_string() ~ ')']) }}
    when row_rule in ('missing_value', 'unparseable_timestamp')
        then {{ value_issue_detail(occurred_at, 'raw_occurred_at', 'occurred_at') }}
    when row_rule = 'future_event'
        then {{ dbt.concat([
            "'after the current timestamp of the run: occurred_at='",
            'cast(occurred_at as ' ~ dbt.type_string() ~ ')',
        ]) }}
    when row_rule = 'unknown_event_type'
        then {{ dbt.concat(["'not in seed event_signals: event_type='", "coalesce(event_type, 'null')"]) }}
    when row_rule = 'unknown_contact' and contact_is_valid is null
        then {{ dbt.concat(["'not in contacts: contact_id='", 'contact_id']) }}
    when row_rule = 'unknown_contact'
        then {{ dbt.concat(["'quarantined in contacts: contact_id='", 'contact_id']) }}
    when row_rule = 'before_contact_created'
        then {{ dbt.concat([
            "'before the contact was created at '", 'cast(contact_created_at as ' ~ dbt.type_string() ~ ')',
            "': occurred_at='", 'cast(occurred_at as ' ~ dbt.type_string() ~ ')',
        ]) }}
{%- endset %}

with

-- event ids on more than one raw row: the only rows the duplicate window has to look at
shared_ids as (
    select typed_ids.event_id as shared_event_id
    from (
        select {{ try_cast('event_id', dbt.type_bigint()) }} as event_id
        from {{ source('marketing', 'events') }}
    ) as typed_ids
    where typed_ids.event_id is not null
    group by typed_ids.event_id
    having count(*) > 1
),

event_type_aliases as (
    select
        alias,
        canonical
    from {{ ref('category_aliases') }}
    where domain = 'event_type'
),

known_event_types as (
    select distinct event_type
    from {{ ref('event_signals') }}
),

-- each contact_id of the contacts export: whether one of its rows is valid, and that row's created_at
contacts as (
    {{ parent_keys(
        'base_crm__contacts', 'contact_id',
        ['max(case when quarantine_rule is null then created_at end) as created_at'],
    ) }}
),

run as (
    select cast({{ dbt.current_timestamp() }} as {{ dbt.type_timestamp() }}) as run_started_at
),

{%- for part in ['single', 'shared'] %}

    renamed_{{ part }} as (
        select
            {{ source_row_number() }} as source_row_number,
            event_id as raw_event_id,
            occurred_at as raw_occurred_at,
            event_type as raw_event_type,
            event_detail as raw_event_detail,
            case
                when
                    {{ is_blank('event_id', try_cast('event_id', dbt.type_bigint())) }}
                    or {{ is_blank('contact_id') }}
                    then 'missing_key'
                when {{ try_cast('event_id', dbt.type_bigint()) }} is null then 'unparseable_number'
                else {{ value_issue(occurred_at, 'occurred_at', parse_value('occurred_at', occurred_at.type)) }}
            end as raw_rule,
            {{ try_cast('event_id', dbt.type_bigint()) }} as event_id,
            cast(contact_id as {{ dbt.type_string() }}) as contact_id,
            {{ parse_value('occurred_at', occurred_at.type) }} as occurred_at,
            {{ normalize_category('cast(event_type as ' ~ dbt.type_string() ~ ')') }} as event_type_label,
            {{ normalize_category('cast(event_detail as ' ~ dbt.type_string() ~ ')') }} as event_detail
        from {{ source('marketing', 'events') }}
        where
            {{ 'not ' if part == 'single' }}coalesce(
                {{ try_cast('event_id', dbt.type_bigint()) }} in (select shared_ids.shared_event_id from shared_ids), false
            )
    ),

    joined_{{ part }} as (
        select
            renamed.source_row_number,
            renamed.raw_event_id,
            renamed.raw_occurred_at,
            renamed.raw_event_type,
            renamed.raw_event_detail,
            renamed.raw_rule,
            renamed.event_id,
            renamed.contact_id,
            renamed.occurred_at,
            coalesce(event_type_aliases.canonical, renamed.event_type_label) as event_type,
            renamed.event_detail,
            known_event_types.event_type as known_event_type,
            contacts.is_valid as contact_is_valid,
            contacts.created_at as contact_created_at,
            run.run_started_at
        from renamed_{{ part }} as renamed
        cross join run
        left join event_type_aliases
            on renamed.event_type_label = event_type_aliases.alias
        left join known_event_types
            on coalesce(event_type_aliases.canonical, renamed.event_type_label) = known_event_types.event_type
        left join contacts
            on renamed.contact_id = contacts.contact_id
    ),

    -- the row rules, in precedence order; the duplicate rules come last, among the rows passing these
    checked_{{ part }} as (
        select
            *,
            case
                when raw_rule is not null then raw_rule
                when occurred_at > run_started_at then 'future_event'
                when known_event_type is null then 'unknown_event_type'
                when coalesce(contact_is_valid, 0) = 0 then 'unknown_contact'
                when occurred_at < contact_created_at then 'before_contact_created'
            end as row_rule
        from joined_{{ part }}
    ),
{%- endfor %}

ranked as (
    select
        *,
        1 as copy_number,
        1 as content_rank
    from checked_single
    union all
    select
        *,
        {{ duplicate_ranks(['event_id'], content_columns) }}
    from checked_shared
)

select
    event_id,
    contact_id,
    occurred_at,
    cast(occurred_at as date) as event_date,
    event_type,
    event_detail,
    {{ quarantine_columns('event_id', detail_cases=event_detail_cases) }},
    case
        when row_rule is not null or copy_number > 1 then cast(raw_event_id as {{ dbt.type_string() }})
    end as record_key,
    case when row_rule is not null or copy_number > 1 then {{ raw_record([
        ('event_id', 'raw_event_id'), 'contact_id', ('occurred_at', 'raw_occurred_at'),
        ('event_type', 'raw_event_type'), ('event_detail', 'raw_event_detail'),
    ]) }} end as raw_record,
    source_row_number
from ranked
