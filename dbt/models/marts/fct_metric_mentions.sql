-- One row per extracted mention (current extractor version) with its provenance: the clause it
-- came from, its offsets in dim_report.body_text, the rule that fired and the report's URL.
select
    m.mention_id,
    m.report_id,
    m.source_id as agency_id,
    m.agency,
    m.report_year,
    m.metric,
    m.domain,
    m.value,
    m.unit,
    m.approx,
    m.period,
    m.yoy_pct,
    m.evidence,
    m.start_offset,
    m.end_offset,
    m.rule_id,
    m.confidence,
    m.extractor_version,
    m.url,
    (h.mention_id is not null) as is_headline
from {{ ref('int_mentions_current') }} as m
left join {{ ref('int_metric_headline') }} as h on h.mention_id = m.mention_id
