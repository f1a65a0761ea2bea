-- Lift by band over time: for each scoring date, each band's conversion rate relative to the
-- population's, from marts.conversion_by_band (validation). A band whose lift drifts towards 1 over
-- the dates is losing its meaning: re-calibrate (`scoring calibrate`). Compile with `dbt compile`,
-- run the rendered SQL from target/compiled against the warehouse.
select
    conversion_by_band.band_set,
    conversion_by_band.entity_type,
    conversion_by_band.band_rank,
    conversion_by_band.band,
    conversion_by_band.as_of_date,
    conversion_by_band.entities,
    conversion_by_band.conversions,
    conversion_by_band.conversion_rate,
    conversion_by_band.lift,
    conversion_by_band.lift - lag(conversion_by_band.lift) over (
        partition by
            conversion_by_band.band_set,
            conversion_by_band.entity_type,
            conversion_by_band.segment,
            conversion_by_band.band
        order by conversion_by_band.as_of_date
    ) as lift_change,
    conversion_by_band.is_large_enough
from {{ ref('conversion_by_band') }} as conversion_by_band
where conversion_by_band.segment = 'all'
order by
    conversion_by_band.band_set,
    conversion_by_band.entity_type,
    conversion_by_band.band_rank,
    conversion_by_band.as_of_date
