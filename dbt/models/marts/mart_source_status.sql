{{ config(materialized="view") }}
-- A view: the crawl status changes every night while the reports mostly do not, so this needs no
-- dbt build to show the latest runs.
-- The latest crawl status of every source, for operators and monitors.
with ranked as (
    select
        *,
        row_number() over (partition by source_id order by finished_at desc nulls last, run_id desc) as rn
    from {{ ref('stg_source_runs') }}
)
select
    s.source_id,
    s.agency,
    r.run_id as last_run_id,
    r.status as last_status,
    r.reason as last_reason,
    r.reports_new,
    r.reports_known,
    r.items_skipped,
    r.errors,
    r.finished_at as last_finished_at
from {{ ref('stg_sources') }} as s
left join ranked as r on r.source_id = s.source_id and r.rn = 1
