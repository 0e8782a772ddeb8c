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
                -- rounded to the fen/hundredth here, in exact arithmetic, so both warehouses agree
                -- (PostgreSQL keeps 15 digits of a double, DuckDB 17)
                then round(cast(cur.value as numeric(38, 10)) / (1 + cast(cur.stated_yoy_pct as numeric(38, 10)) / 100), 2)
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
        paired.*,
        coalesce(reported_prior_value, implied_prior_value) as prior_value,
        case
            when reported_prior_value is not null then 'report'
            when implied_prior_value is not null then 'implied_from_stated_yoy'
        end as prior_value_source
    from paired
)
select
    c.source_id as agency_id,
    c.agency,
    c.metric,
    dm.name_zh as metric_name_zh,
    dm.name_en as metric_name_en,
    c.domain,
    dd.name_zh as domain_name_zh,
    dd.name_en as domain_name_en,
    dm.unit,
    dm.unit_name_zh,
    dm.unit_name_en,
    c.report_year,
    {{ year_start('c.report_year') }} as report_year_date,
    c.value,
    c.approx,
    c.n_mentions,
    case when c.prior_value is not null then c.report_year - 1 end as prior_year,
    cast(c.prior_value as {{ type_value() }}) as prior_value,
    c.prior_value_source,
    cast(c.value - c.prior_value as {{ type_value() }}) as abs_change,
    case
        when c.prior_value <> 0
            then cast(round(cast(100.0 * (c.value - c.prior_value) / c.prior_value as numeric(38, 10)), 2) as {{ type_double() }})
    end as pct_change,
    c.stated_yoy_pct,
    cast(c.implied_prior_value as {{ type_value() }}) as implied_prior_value,
    -- The report's own 同比 figure and the change computed from last year's report disagree by
    -- more than one percentage point: one of the two reports (or the extraction) is off.
    coalesce(
        c.reported_prior_value <> 0
        and c.stated_yoy_pct is not null
        and abs(100.0 * (c.value - c.reported_prior_value) / c.reported_prior_value - c.stated_yoy_pct) > 1.0,
        false
    ) as yoy_conflict,
    c.report_id,
    c.prior_report_id,
    c.mention_id,
    c.evidence
from chosen as c
left join {{ ref('dim_metric') }} as dm on dm.metric = c.metric
left join {{ ref('dim_domain') }} as dd on dd.domain = c.domain
