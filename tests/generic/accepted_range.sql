{#- Fails on every row whose column lies outside [min_value, max_value] (or the open interval when
    inclusive is false). Either bound may be omitted. Null values pass: test them with not_null. Restrict
    the rows checked with the standard test config `where`. -#}
{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}

{%- if min_value is none and max_value is none %}
    {{ exceptions.raise_compiler_error(
        "accepted_range on " ~ model ~ "." ~ column_name ~ " needs min_value, max_value or both"
    ) }}
{%- endif %}

select
    {{ column_name }} as out_of_range_value
from {{ model }}
where
    {{ column_name }} is not null
    and not (
        1 = 1
        {%- if min_value is not none %}
        and {{ column_name }} {{ '>=' if inclusive else '>' }} {{ min_value }}
        {%- endif %}
        {%- if max_value is not none %}
        and {{ column_name }} {{ '<=' if inclusive else '<' }} {{ max_value }}
        {%- endif %}
    )

{% endtest %}
