select metric, name_zh, name_en, unit, definition
from {{ source('raw', 'catalog_metrics') }}
