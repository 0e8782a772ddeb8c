select
    report_id,
    extractor_version,
    mention_seq,
    metric,
    domain,
    cast(value as {{ type_value() }}) as value,
    unit,
    approx,
    period,
    cast(yoy_pct as {{ type_double() }}) as yoy_pct,
    evidence,
    start_offset,
    end_offset,
    rule_id,
    cast(confidence as {{ type_double() }}) as confidence
from {{ source('raw', 'metric_mentions') }}
