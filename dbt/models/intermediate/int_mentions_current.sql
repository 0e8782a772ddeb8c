-- Mentions produced by the extractor version each report was last extracted with; rows of older
-- versions stay in staging for comparison but never reach the marts.
select
    {{ dbt.concat(["m.report_id", "'-'", "m.extractor_version", "'-'", "cast(m.mention_seq as " ~ dbt.type_string() ~ ")"]) }} as mention_id,
    m.*,
    r.source_id,
    r.agency,
    r.report_year,
    r.url
from {{ ref('stg_metric_mentions') }} as m
join {{ ref('stg_reports') }} as r
    on r.report_id = m.report_id
   and r.extractor_version = m.extractor_version
