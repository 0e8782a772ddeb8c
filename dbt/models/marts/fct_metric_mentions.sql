-- One row per extracted mention (current extractor version) with its provenance: the clause it
-- came from, its offsets in dim_report.body_text, the rule that fired and the report's URL.
-- Metric, domain and unit names are joined in so a BI table needs no joins to be readable.
select
    m.mention_id,
    m.report_id,
    m.source_id as agency_id,
    m.agency,
    m.report_year,
    {{ year_start('m.report_year') }} as report_year_date,
    m.metric,
    dm.name_zh as metric_name_zh,
    dm.name_en as metric_name_en,
    m.domain,
    dd.name_zh as domain_name_zh,
    dd.name_en as domain_name_en,
    m.value,
    case when m.unit = 'count' and m.value = floor(m.value) then cast(m.value as bigint) end as value_count,
    case when m.unit = 'yuan' then cast(m.value as {{ type_yuan() }}) end as value_yuan,
    case when m.unit = 'percent' then cast(m.value as {{ type_double() }}) end as value_pct,
    m.unit,
    dm.unit_name_zh,
    dm.unit_name_en,
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
left join {{ ref('dim_metric') }} as dm on dm.metric = m.metric
left join {{ ref('dim_domain') }} as dd on dd.domain = m.domain
