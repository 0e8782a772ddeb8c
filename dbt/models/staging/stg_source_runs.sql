select
    run_id,
    source_id,
    status,
    reason,
    list_pages,
    reports_new,
    reports_known,
    items_skipped,
    errors,
    started_at,
    finished_at
from {{ source('raw', 'source_runs') }}
