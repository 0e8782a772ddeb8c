-- The headline value of a metric for one agency, domain and year.
-- A report often names the same metric and domain more than once (a total and its parts, or a
-- figure repeated in the summary). The headline is chosen among full-year mentions only
-- (period = 'year': cumulative and partial figures are not comparable across years) as the
-- LARGEST value, since a total is never smaller than its parts; ties go to the earliest mention
-- in the text. n_mentions says how many full-year mentions competed.
with year_mentions as (
    select m.*
    from {{ ref('int_mentions_current') }} as m
    join {{ ref('int_reports_current') }} as r using (report_id)
    where m.period = 'year'
),
ranked as (
    select
        *,
        row_number() over (
            partition by source_id, metric, domain, report_year
            order by value desc, mention_seq
        ) as rank_in_group,
        count(*) over (partition by source_id, metric, domain, report_year) as n_mentions
    from year_mentions
)
select
    source_id,
    agency,
    metric,
    domain,
    report_year,
    value,
    approx,
    yoy_pct as stated_yoy_pct,
    n_mentions,
    report_id,
    mention_id,
    evidence
from ranked
where rank_in_group = 1
