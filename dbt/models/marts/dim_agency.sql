select
    s.source_id as agency_id,
    s.agency,
    s.province,
    s.city,
    s.county,
    s.admin_level,
    count(r.report_id) as n_reports,
    min(r.report_year) as first_report_year,
    max(r.report_year) as last_report_year
from {{ ref('stg_sources') }} as s
left join {{ ref('int_reports_current') }} as r on r.source_id = s.source_id
group by s.source_id, s.agency, s.province, s.city, s.county, s.admin_level
