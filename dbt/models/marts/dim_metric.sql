select
    m.metric,
    m.name_zh,
    m.name_en,
    m.unit,
    u.unit_name_zh,
    u.unit_name_en,
    m.definition
from {{ ref('stg_catalog_metrics') }} as m
left join {{ ref('metric_units') }} as u on u.unit = m.unit
