with mention_counts as (
    select report_id, count(*) as n_mentions
    from {{ ref('int_mentions_current') }}
    group by report_id
)
select
    r.report_id,
    r.source_id as agency_id,
    r.agency,
    r.report_year,
    {{ year_start('r.report_year') }} as report_year_date,
    r.title,
    r.published_date,
    r.published_source,
    r.url,
    r.source_file,
    r.body_text,
    r.extractor_version,
    r.raw_sha256,
    (c.report_id is not null) as is_current_for_year,
    coalesce(m.n_mentions, 0) as n_mentions
from {{ ref('stg_reports') }} as r
left join {{ ref('int_reports_current') }} as c on c.report_id = r.report_id
left join mention_counts as m on m.report_id = r.report_id
