select
    report_id,
    extractor_version,
    mention_seq,
    metric,
    domain,
    value,
    unit,
    approx,
    period,
    yoy_pct,
    evidence,
    start_offset,
    end_offset,
    rule_id,
    confidence
from {{ source('raw', 'metric_mentions') }}
