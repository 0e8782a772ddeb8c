"""robots.txt kept between crawls (with its TTL), and politeness that spaces only one host's pages."""

from __future__ import annotations

import threading
import time

import pytest
from faultserver import Reply

from scrapers.fetch import BlockedByPolicy, Fetcher, FetchPolicy
from scrapers.fetch.robots_cache import RobotsCache, ttl_from_headers
from scrapers.fetch.throttle import HostThrottle

PAGE = "<html><body><p>法治政府建设情况报告</p></body></html>".encode("utf-8")
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
DAY = 24 * 3600.0


def _robots(max_age: str | None = None) -> Reply:
    headers = {"Content-Type": "text/plain"}
    if max_age is not None:
        headers["Cache-Control"] = max_age
    return Reply(body=ROBOTS, headers=headers)


def _crawl(archive, cache_dir, url, clock=time.time, **policy):  # type: ignore[no-untyped-def]
    """One night: a new fetcher and a new cache object over the same directory."""
    fetcher = Fetcher(archive, FetchPolicy(requests_per_second=1000, **policy), robots_cache=RobotsCache(cache_dir, clock=clock))
    return fetcher.fetch(url, source_id="s")


def test_second_night_reads_robots_from_the_data_dir(server, archive, tmp_path):
    server.route("/robots.txt", _robots("max-age=86400"))
    url = server.route("/col/index.html", Reply(body=PAGE))
    _crawl(archive, tmp_path / "robots", url)
    _crawl(archive, tmp_path / "robots", url)
    assert len(server.requests_to("/robots.txt")) == 1
    assert len(server.requests_to("/col/index.html")) == 2


def test_cached_rules_still_block(server, archive, tmp_path):
    server.route("/robots.txt", _robots())
    ok = server.route("/col/index.html", Reply(body=PAGE))
    blocked = server.route("/private/a.html", Reply(body=PAGE))
    _crawl(archive, tmp_path / "robots", ok)
    fetcher = Fetcher(archive, FetchPolicy(requests_per_second=1000), robots_cache=RobotsCache(tmp_path / "robots"))
    with pytest.raises(BlockedByPolicy, match="disallowed by robots.txt"):
        fetcher.fetch(blocked, source_id="s")
    assert len(server.requests_to("/robots.txt")) == 1
    assert server.requests_to("/private/a.html") == []


def test_robots_is_fetched_again_once_its_ttl_has_passed(server, archive, tmp_path):
    server.route("/robots.txt", _robots("max-age=3600"))
    url = server.route("/col/index.html", Reply(body=PAGE))
    now = [1_000_000.0]
    _crawl(archive, tmp_path / "robots", url, clock=lambda: now[0])
    now[0] += 3500  # within the site's max-age
    _crawl(archive, tmp_path / "robots", url, clock=lambda: now[0])
    assert len(server.requests_to("/robots.txt")) == 1
    now[0] += 200  # past it
    _crawl(archive, tmp_path / "robots", url, clock=lambda: now[0])
    assert len(server.requests_to("/robots.txt")) == 2


def test_no_store_robots_is_not_kept_between_nights(server, archive, tmp_path):
    server.route("/robots.txt", _robots("no-store"))
    url = server.route("/col/index.html", Reply(body=PAGE))
    _crawl(archive, tmp_path / "robots", url)
    _crawl(archive, tmp_path / "robots", url)
    assert len(server.requests_to("/robots.txt")) == 2


def test_unreachable_robots_is_not_remembered(server, archive, tmp_path):
    server.route("/robots.txt", Reply(503, b"busy"), Reply(503, b"busy"), _robots())
    url = server.route("/col/index.html", Reply(body=PAGE))
    _crawl(archive, tmp_path / "robots", url, attempts=2, backoff_base_s=0.01, backoff_max_s=0.01)
    assert not list((tmp_path / "robots").glob("*.json"))
    _crawl(archive, tmp_path / "robots", url, attempts=2, backoff_base_s=0.01, backoff_max_s=0.01)
    assert len(server.requests_to("/robots.txt")) == 3


def test_ttl_from_headers():
    assert ttl_from_headers({}, DAY) == DAY
    assert ttl_from_headers({"Cache-Control": "public, max-age=600"}, DAY) == 600
    assert ttl_from_headers({"cache-control": "max-age=999999"}, DAY) == DAY  # never past 24 h
    assert ttl_from_headers({"Cache-Control": "no-cache"}, DAY) == 0
    assert ttl_from_headers({"Expires": "Thu, 01 Jan 1970 00:00:00 GMT"}, DAY) == 0
    assert ttl_from_headers({"Expires": "garbage"}, DAY) == 0
    assert ttl_from_headers({"Expires": "Sat, 01 Jan 2000 01:00:00 GMT"}, DAY, now=946_684_800.0) == 3600


def test_first_page_is_not_held_a_second_behind_robots(server, archive, tmp_path):
    server.route("/robots.txt", _robots())
    url = server.route("/col/index.html", Reply(body=PAGE))
    fetcher = Fetcher(archive, FetchPolicy(requests_per_second=1), robots_cache=RobotsCache(tmp_path / "robots"))
    fetcher.fetch(url, source_id="s")
    fetcher.fetch(url, source_id="s")
    robots_at = server.requests_to("/robots.txt")[0].at
    first, second = (r.at for r in server.requests_to("/col/index.html"))
    assert first - robots_at < 0.5  # robots.txt is not spaced from the page it clears
    assert second - first >= 0.95  # pages of one host still are, one per second


def test_throttle_spaces_only_the_same_host():
    throttle = HostThrottle(1.0, 1)
    started = time.monotonic()
    for host in ("a.example", "b.example", "c.example"):
        with throttle.slot(host):
            pass
    assert time.monotonic() - started < 0.3
    with throttle.slot("a.example"):
        pass
    assert time.monotonic() - started >= 0.95


def test_global_cap_bounds_requests_in_flight_across_hosts():
    throttle = HostThrottle(1000.0, 1, max_open_connections=3)
    lock, in_flight, peak = threading.Lock(), [0], [0]

    def request(host: str) -> None:
        with throttle.slot(host):
            with lock:
                in_flight[0] += 1
                peak[0] = max(peak[0], in_flight[0])
            time.sleep(0.05)
            with lock:
                in_flight[0] -= 1

    threads = [threading.Thread(target=request, args=(f"h{i}.example",)) for i in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert peak[0] == 3
