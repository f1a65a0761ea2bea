{#- Who converts when an account wins a new-business deal, var('contact_conversion'): 'account' (the
    default: every contact of the account, the buying group converts together) or 'primary_contact'
    (only the deal's primary contact: a lead table, where each row carries its own outcome and several
    leads share a company account). Returns the checked value. -#}
{% macro contact_conversion() %}
    {%- set credit = var('contact_conversion', 'account') -%}
    {%- if credit not in ['account', 'primary_contact'] -%}
        {{ exceptions.raise_compiler_error("var contact_conversion must be 'account' or 'primary_contact', not " ~ credit) }}
    {%- endif -%}
    {{ return(credit) }}
{% endmacro %}
