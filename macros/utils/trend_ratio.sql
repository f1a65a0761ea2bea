{#- Smoothed ratio of a recent count to the count of the window before it: (recent + 1) / (prior + 1).
    Null when both are 0, so 'no activity' reads as unknown rather than as a steady trend. -#}
{% macro trend_ratio(recent, prior) -%}
    case
        when coalesce({{ recent }}, 0) + coalesce({{ prior }}, 0) = 0 then null
        else {{ safe_divide('coalesce(' ~ recent ~ ', 0) + 1', 'coalesce(' ~ prior ~ ', 0) + 1') }}
    end
{%- endmacro %}
