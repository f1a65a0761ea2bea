{#- Signal counts for every scored entity in one long table: each contact's own signals, the rollup
    signals of seed signal_rollups (e.g. any content download), and the sum over an account's contacts. -#}
with

contact_signals as (
    select * from {{ ref('int_events__contact_signals') }}
),

rollup_members as (
    select
        rollup_signal,
        member_signal
    from {{ ref('signal_rollups') }}
),

contact_rollups as (
    select
        contact_signals.contact_id,
        rollup_members.rollup_signal as signal,
        cast(sum(contact_signals.n_14d) as {{ dbt.type_bigint() }}) as n_14d,
        cast(sum(contact_signals.n_30d) as {{ dbt.type_bigint() }}) as n_30d,
        cast(sum(contact_signals.n_prior_30d) as {{ dbt.type_bigint() }}) as n_prior_30d,
        cast(sum(contact_signals.n_90d) as {{ dbt.type_bigint() }}) as n_90d,
        cast(sum(contact_signals.n_365d) as {{ dbt.type_bigint() }}) as n_365d,
        cast(sum(contact_signals.active_days_90d) as {{ dbt.type_bigint() }}) as active_days_90d,
        max(contact_signals.last_event_date) as last_event_date
    from contact_signals
    inner join rollup_members
        on contact_signals.signal = rollup_members.member_signal
    group by contact_signals.contact_id, rollup_members.rollup_signal
),

contact_level as (
    select
        contact_id,
        signal,
        n_14d,
        n_30d,
        n_prior_30d,
        n_90d,
        n_365d,
        active_days_90d,
        last_event_date
    from contact_signals
    union all
    select
        contact_id,
        signal,
        n_14d,
        n_30d,
        n_prior_30d,
        n_90d,
        n_365d,
        active_days_90d,
        last_event_date
    from contact_rollups
),

contacts as (
    select
        contact_id,
        account_id
    from {{ ref('stg_crm__contacts') }}
),

account_level as (
    select
        contacts.account_id,
        contact_level.signal,
        cast(sum(contact_level.n_14d) as {{ dbt.type_bigint() }}) as n_14d,
        cast(sum(contact_level.n_30d) as {{ dbt.type_bigint() }}) as n_30d,
        cast(sum(contact_level.n_prior_30d) as {{ dbt.type_bigint() }}) as n_prior_30d,
        cast(sum(contact_level.n_90d) as {{ dbt.type_bigint() }}) as n_90d,
        cast(sum(contact_level.n_365d) as {{ dbt.type_bigint() }}) as n_365d,
        cast(sum(contact_level.active_days_90d) as {{ dbt.type_bigint() }}) as active_days_90d,
        max(contact_level.last_event_date) as last_event_date
    from contact_level
    inner join contacts
        on contact_level.contact_id = contacts.contact_id
    where contacts.account_id is not null
    group by contacts.account_id, contact_level.signal
)

select
    'contact' as entity_type,
    contact_id as entity_id,
    signal,
    n_14d,
    n_30d,
    n_prior_30d,
    n_90d,
    n_365d,
    active_days_90d,
    last_event_date
from contact_level
union all
select
    'account' as entity_type,
    account_id as entity_id,
    signal,
    n_14d,
    n_30d,
    n_prior_30d,
    n_90d,
    n_365d,
    active_days_90d,
    last_event_date
from account_level
