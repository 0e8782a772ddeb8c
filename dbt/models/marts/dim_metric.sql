select metric, name_zh, name_en, unit, definition
from {{ ref('stg_catalog_metrics') }}
