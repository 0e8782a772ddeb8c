select
    run_id,
    source_id,
    status,
    reason,
    cast(list_pages as bigint) as list_pages,
    cast(reports_new as bigint) as reports_new,
    cast(reports_known as bigint) as reports_known,
    cast(items_skipped as bigint) as items_skipped,
    cast(errors as bigint) as errors,
    started_at,
    finished_at,
    loaded_at
from {{ source('raw', 'source_runs') }}
