select run_id, source_id, url, kind, title, reason
from {{ source('raw', 'crawl_events') }}
