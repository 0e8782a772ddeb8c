"""Which sources a retried crawl task crawls again in the same run.

Airflow retries a failed crawl task (MR_TASK_RETRIES, default 2). Crawling its whole batch again
would make a hostile source spend its budgets once per try, and recrawl the sources that were
fine. A retry of the same run therefore keeps the saved results of sources that ended `ok` or
`partial`, and of sources that failed by spending a budget (a retry minutes later would only spend
it again); it crawls again only the sources that failed for another reason (a site that was down).
A new run crawls everything.
"""

from __future__ import annotations

from scrapers.models import Source
from scrapers.store import DataDir, SourceResult


def spent_a_budget(result: SourceResult) -> bool:
    return "budget max_" in (result.reason or "")


def sources_to_crawl(sources: list[Source], data_dir: DataDir, run_id: str) -> tuple[list[Source], list[SourceResult]]:
    """(sources to crawl now, results kept from an earlier try of this run)."""
    earlier = {r.source_id: r for r in data_dir.load_source_results(run_id)}
    keep = [earlier[s.id] for s in sources if s.id in earlier and (earlier[s.id].status != "failed" or spent_a_budget(earlier[s.id]))]
    kept_ids = {r.source_id for r in keep}
    return [s for s in sources if s.id not in kept_ids], keep
