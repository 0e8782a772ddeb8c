-- One report per agency and year. A site sometimes posts the same report twice (a repost, a
-- corrected version): keep the most recently published, then the longest text.
with ranked as (
    select
        r.*,
        row_number() over (
            partition by r.source_id, r.report_year
            order by r.published_date desc nulls last, length(r.body_text) desc, r.report_id
        ) as rank_in_year
    from {{ ref('stg_reports') }} as r
    where r.report_year is not null
)
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
from ranked
where rank_in_year = 1
