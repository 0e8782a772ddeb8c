-- Year over year, one row per agency, metric, domain and report year (full-year headline values).
-- The prior value is the prior year's headline when that report names the metric; otherwise,
-- where the report states a 同比 change for the figure, the value that change implies.
with headline as (
    select * from {{ ref('int_metric_headline') }}
),
paired as (
    select
        cur.*,
        prev.value as reported_prior_value,
        prev.report_id as prior_report_id,
        case
            when cur.stated_yoy_pct is not null and cur.stated_yoy_pct > -100
                then cur.value / (1 + cur.stated_yoy_pct / 100.0)
        end as implied_prior_value
    from headline as cur
    left join headline as prev
        on prev.source_id = cur.source_id
       and prev.metric = cur.metric
       and prev.domain = cur.domain
       and prev.report_year = cur.report_year - 1
),
chosen as (
    select
        *,
        coalesce(reported_prior_value, implied_prior_value) as prior_value,
        case
            when reported_prior_value is not null then 'report'
            when implied_prior_value is not null then 'implied_from_stated_yoy'
        end as prior_value_source
    from paired
)
select
    source_id as agency_id,
    agency,
    metric,
    domain,
    report_year,
    value,
    approx,
    n_mentions,
    case when prior_value is not null then report_year - 1 end as prior_year,
    prior_value,
    prior_value_source,
    value - prior_value as abs_change,
    case when prior_value <> 0 then round(100.0 * (value - prior_value) / prior_value, 2) end as pct_change,
    stated_yoy_pct,
    round(implied_prior_value, 2) as implied_prior_value,
    -- The report's own 同比 figure and the change computed from last year's report disagree by
    -- more than one percentage point: one of the two reports (or the extraction) is off.
    coalesce(
        reported_prior_value <> 0
        and stated_yoy_pct is not null
        and abs(100.0 * (value - reported_prior_value) / reported_prior_value - stated_yoy_pct) > 1.0,
        false
    ) as yoy_conflict,
    report_id,
    prior_report_id,
    mention_id,
    evidence
from chosen
