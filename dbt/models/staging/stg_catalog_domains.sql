select domain, name_zh, name_en, includes
from {{ source('raw', 'catalog_domains') }}
