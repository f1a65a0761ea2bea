{#- The values of the custom features (int_features__custom_catalog, kind numeric or categorical) for
    every scored entity (int_scoring__entities), in the long form of int_features__long: one row per
    entity and feature, the value null when the entity has none (the rubric's unknown tier).
    - contacts__<column>: the contact's own value (contacts only);
    - accounts__<column>: the account's value, for the account and each of its contacts;
    - opportunities__<column>: the value of the account's latest opportunity created on or before the
      as-of date (latest created_date, then highest opportunity_id), for the account and its contacts;
    - subscriptions__<column>: the value of the account's current term on the as-of date (started on
      or before it, not ended before it), else its latest started term (latest start_date, end_date,
      then highest subscription_id), for the account and its contacts.
    A categorical value is normalised like every category (macro normalize_category: trimmed, lower
    case, spaces, hyphens and slashes as underscores) into value_text; a numeric one is read as a
    double into value_number (macro parse_value, the CSV parse options), a date column (value_type
    date) as the days from the date to the as-of date, null for a date after it. -#}
with

as_of as (
    select as_of_date from {{ ref('int_scoring__as_of') }}
),

catalog as (
    select
        feature,
        source_table,
        column_name,
        kind,
        value_type
    from {{ ref('int_features__custom_catalog') }}
    where kind in ('numeric', 'categorical')
),

attribute_values as (
    select
        source_table,
        entity_id,
        account_id,
        column_name,
        raw_value
    from {{ ref('stg_custom__attribute_values') }}
),

-- each account's latest opportunity created on or before the as-of date
latest_opportunities as (
    select
        ranked.account_id,
        ranked.opportunity_id
    from (
        select
            opportunities.account_id,
            opportunities.opportunity_id,
            row_number() over (
                partition by opportunities.account_id
                order by opportunities.created_date desc, opportunities.opportunity_id desc
            ) as opportunity_rank
        from {{ ref('stg_crm__opportunities') }} as opportunities
        cross join as_of
        where
            opportunities.account_id is not null
            and opportunities.created_date <= as_of.as_of_date
    ) as ranked
    where ranked.opportunity_rank = 1
),

-- each account's current term on the as-of date, else its latest started term
latest_subscriptions as (
    select
        ranked.account_id,
        ranked.subscription_id
    from (
        select
            subscriptions.account_id,
            subscriptions.subscription_id,
            row_number() over (
                partition by subscriptions.account_id
                order by
                    case when subscriptions.end_date >= as_of.as_of_date then 0 else 1 end,
                    subscriptions.start_date desc,
                    subscriptions.end_date desc,
                    subscriptions.subscription_id desc
            ) as subscription_rank
        from {{ ref('stg_billing__subscriptions') }} as subscriptions
        cross join as_of
        where
            subscriptions.account_id is not null
            and subscriptions.start_date <= as_of.as_of_date
    ) as ranked
    where ranked.subscription_rank = 1
),

-- the one row of each table that stands for an account (contacts stand for themselves)
chosen_values as (
    select
        attribute_values.source_table,
        attribute_values.column_name,
        attribute_values.entity_id,
        attribute_values.account_id,
        attribute_values.raw_value
    from attribute_values
    left join latest_opportunities
        on
            attribute_values.source_table = 'opportunities'
            and attribute_values.entity_id = latest_opportunities.opportunity_id
    left join latest_subscriptions
        on
            attribute_values.source_table = 'subscriptions'
            and attribute_values.entity_id = latest_subscriptions.subscription_id
    where
        attribute_values.source_table in ('contacts', 'accounts')
        or latest_opportunities.opportunity_id is not null
        or latest_subscriptions.subscription_id is not null
),

read_values as (
    select
        catalog.feature,
        catalog.source_table,
        catalog.kind,
        catalog.value_type,
        chosen_values.entity_id,
        chosen_values.account_id,
        chosen_values.raw_value,
        cast({{ parse_value('chosen_values.raw_value', dbt.type_timestamp()) }} as date) as date_value,
        {{ parse_value('chosen_values.raw_value', type_double()) }} as number_value
    from chosen_values
    inner join catalog
        on
            chosen_values.source_table = catalog.source_table
            and chosen_values.column_name = catalog.column_name
),

typed_values as (
    select
        read_values.feature,
        read_values.source_table,
        case when read_values.source_table = 'contacts' then read_values.entity_id end as contact_id,
        read_values.account_id,
        case
            when read_values.kind = 'categorical' then {{ normalize_category('read_values.raw_value') }}
        end as value_text,
        case
            when read_values.kind = 'numeric' and read_values.value_type = 'date' and read_values.date_value <= as_of.as_of_date
                then cast({{ days_between('read_values.date_value', 'as_of.as_of_date') }} as {{ type_double() }})
            when read_values.kind = 'numeric' and read_values.value_type != 'date' then read_values.number_value
        end as value_number
    from read_values
    cross join as_of
),

contact_values as (
    select
        feature,
        contact_id,
        value_text,
        value_number
    from typed_values
    where source_table = 'contacts'
),

account_values as (
    select
        feature,
        account_id,
        value_text,
        value_number
    from typed_values
    where source_table != 'contacts' and account_id is not null
),

entities as (
    select
        entity_type,
        entity_id,
        account_id
    from {{ ref('int_scoring__entities') }}
),

-- every scored entity x every feature that applies to it (contact attributes only to contacts)
entity_features as (
    select
        entities.entity_type,
        entities.entity_id,
        entities.account_id,
        catalog.feature,
        catalog.source_table
    from entities
    cross join catalog
    where catalog.source_table != 'contacts' or entities.entity_type = 'contact'
)

select
    entity_features.entity_type,
    entity_features.entity_id,
    entity_features.feature,
    cast(coalesce(contact_values.value_text, account_values.value_text) as {{ dbt.type_string() }}) as value_text,
    cast(coalesce(contact_values.value_number, account_values.value_number) as {{ type_double() }}) as value_number
from entity_features
left join contact_values
    on
        entity_features.source_table = 'contacts'
        and entity_features.entity_type = 'contact'
        and entity_features.entity_id = contact_values.contact_id
        and entity_features.feature = contact_values.feature
left join account_values
    on
        entity_features.source_table != 'contacts'
        and entity_features.account_id = account_values.account_id
        and entity_features.feature = account_values.feature
