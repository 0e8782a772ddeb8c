select
    report_id,
    source_id,
    url,
    agency,
    title,
    report_year,
    published_date,
    published_source,
    body_text,
    source_file,
    raw_sha256,
    extractor_version,
    loaded_at
from {{ source('raw', 'reports') }}
