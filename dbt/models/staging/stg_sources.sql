select
    source_id,
    agency,
    province,
    city,
    county,
    case
        when county is not null then 'county'
        when city is not null and city <> province then 'city'
        else 'province'
    end as admin_level,
    list_urls
from {{ source('raw', 'sources') }}
