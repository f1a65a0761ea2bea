{#- The count of a long signal row in the window a rubric row asks for (window_days 14, 30, 90 or 365). -#}
{% macro signal_window_count(signal_row, window_days) -%}
    case {{ window_days }}
        when 14 then {{ signal_row }}.n_14d
        when 30 then {{ signal_row }}.n_30d
        when 90 then {{ signal_row }}.n_90d
        when 365 then {{ signal_row }}.n_365d
    end
{%- endmacro %}
