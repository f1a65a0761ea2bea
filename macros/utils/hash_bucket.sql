{#- A stable bucket 0..buckets-1 for a text key: the first 32 bits of its md5, modulo the bucket count.
    The same key lands in the same bucket on every run and on every engine. -#}
{% macro hash_bucket(expression, buckets) -%}
    {{ return(adapter.dispatch('hash_bucket', 'customer_scoring')(expression, buckets)) }}
{%- endmacro %}

{% macro default__hash_bucket(expression, buckets) -%}
    (cast(('0x' || substr(md5(cast({{ expression }} as {{ dbt.type_string() }})), 1, 8)) as {{ dbt.type_bigint() }}) % ({{ buckets }}))
{%- endmacro %}

{% macro postgres__hash_bucket(expression, buckets) -%}
    (
        cast(cast(('x' || lpad(substr(md5(cast({{ expression }} as text)), 1, 8), 16, '0')) as bit(64)) as bigint)
        % ({{ buckets }})
    )
{%- endmacro %}

{% macro spark__hash_bucket(expression, buckets) -%}
    pmod(cast(conv(substr(md5(cast({{ expression }} as string)), 1, 8), 16, 10) as bigint), {{ buckets }})
{%- endmacro %}
