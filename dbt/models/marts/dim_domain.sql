select domain, name_zh, name_en, includes
from {{ ref('stg_catalog_domains') }}
