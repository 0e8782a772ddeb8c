"""The Fetcher against a fault-injecting server on loopback: every fault in README's matrix."""

from __future__ import annotations

import socket
import threading
import time
import tracemalloc
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest
from faultserver import Reply, gzipped, refused_port

from scrapers.fetch import BlockedByPolicy, FetchError, Fetcher, FetchPolicy
from scrapers.fetch import policy as url_policy

HTML = "<html><head><title>年报</title></head><body>2023年度法治政府建设情况报告</body></html>"
PAGE = HTML.encode("utf-8")


def archived_statuses(archive, url):  # type: ignore[no-untyped-def]
    rows = archive._connection().execute(
        "SELECT status, truncated FROM records WHERE url = ? ORDER BY id", (url,)
    ).fetchall()
    return rows


# ---------------------------------------------------------------- network failures


def test_connection_refused_is_retried_then_fetch_error(make_fetcher, sleeper):
    url = f"http://127.0.0.1:{refused_port()}/index.html"
    fetcher = make_fetcher(respect_robots=False)
    with pytest.raises(FetchError) as err:
        fetcher.fetch(url, source_id="refused")
    assert err.value.status is None
    assert "connection error" in err.value.reason and "after 3 attempts" in err.value.reason
    assert str(err.value).startswith(f"[source refused] GET {url}: connection error")
    assert fetcher.stats()["retries"] == 2
    assert len(sleeper.significant()) == 2  # backoff waits were requested, not slept


def test_read_timeout_is_retried_then_fetch_error(server, make_fetcher):
    url = server.route("/slow.html", Reply(body=PAGE, delay_s=3))
    fetcher = make_fetcher(timeout_s=0.3, respect_robots=False, attempts=2)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timeout: no response within 0.3s after 2 attempts"):
        fetcher.fetch(url, source_id="s")
    assert time.monotonic() - started < 1.5
    assert len(server.requests_to("/slow.html")) == 2


def test_trickling_body_hits_wall_clock_deadline(server, make_fetcher, archive):
    # One byte every 0.1 s never trips a 1 s read timeout; only the deadline stops it.
    url = server.route("/trickle.html", Reply(body=PAGE * 50, trickle_s=0.1))
    fetcher = make_fetcher(timeout_s=1.0, deadline_s=0.5, attempts=1, respect_robots=False)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"deadline of 0.5s exceeded"):
        fetcher.fetch(url, source_id="s")
    assert time.monotonic() - started < 1.2
    # What did arrive is archived, flagged as cut short by time.
    assert archived_statuses(archive, url) == [(200, "time")]


def test_trickling_headers_hit_wall_clock_deadline(server, make_fetcher):
    url = server.route("/trickle-head.html", Reply(body=PAGE, header_trickle_s=0.05))
    fetcher = make_fetcher(timeout_s=1.0, deadline_s=0.5, attempts=1, respect_robots=False)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"deadline of 0.5s exceeded"):
        fetcher.fetch(url, source_id="s")
    assert time.monotonic() - started < 1.2


# ---------------------------------------------------------------- retries and Retry-After


def test_500_then_success_is_retried_and_error_body_archived(server, make_fetcher, archive):
    url = server.route("/list.html", Reply(500, b"<html>oops</html>"), Reply(body=PAGE))
    fetcher = make_fetcher(respect_robots=False)
    page = fetcher.fetch(url, source_id="s")
    assert page.status == 200 and page.body == PAGE
    assert archived_statuses(archive, url) == [(500, None), (200, None)]
    assert archive.latest_ok(url).key == page.archive_key
    assert fetcher.stats()["retries"] == 1


def test_503_retry_after_seconds_is_honoured(server, make_fetcher, sleeper):
    url = server.route(
        "/busy.html",
        Reply(503, b"busy", headers={"Retry-After": "7"}),
        Reply(body=PAGE),
    )
    page = make_fetcher(respect_robots=False).fetch(url, source_id="s")
    assert page.status == 200
    assert sleeper.significant() == [7.0]


def test_429_retry_after_http_date_is_honoured(server, make_fetcher, sleeper):
    when = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=30), usegmt=True)
    url = server.route("/rate.html", Reply(429, b"slow down", headers={"Retry-After": when}),
                       Reply(body=PAGE))
    page = make_fetcher(respect_robots=False).fetch(url, source_id="s")
    assert page.status == 200
    [wait] = sleeper.significant()
    assert 27 <= wait <= 30.5


def test_retry_after_is_capped_by_backoff_max(server, make_fetcher, sleeper):
    url = server.route("/later.html", Reply(503, b"", headers={"Retry-After": "86400"}),
                       Reply(body=PAGE))
    make_fetcher(respect_robots=False, backoff_max_s=5).fetch(url, source_id="s")
    assert sleeper.significant() == [5.0]


def test_persistent_503_gives_fetch_error_with_status(server, make_fetcher, sleeper):
    url = server.route("/down.html", Reply(503, b"<html>maintenance</html>"))
    fetcher = make_fetcher(respect_robots=False, attempts=4, backoff_base_s=1.0)
    with pytest.raises(FetchError) as err:
        fetcher.fetch(url, source_id="xianning-amr")
    assert err.value.status == 503
    assert str(err.value) == f"[source xianning-amr] GET {url}: HTTP 503 after 4 attempts"
    # Exponential backoff with equal jitter: attempt n waits in [base*2^(n-1)/2, base*2^(n-1)].
    waits = sleeper.significant()
    assert len(waits) == 3
    for n, wait in enumerate(waits, start=1):
        full = 2 ** (n - 1)
        assert full / 2 <= wait <= full


def test_404_is_not_retried(server, make_fetcher, archive):
    url = server.route("/gone.html", Reply(404, b"<html>404</html>"))
    fetcher = make_fetcher(respect_robots=False)
    with pytest.raises(FetchError) as err:
        fetcher.fetch(url, source_id="s")
    assert err.value.status == 404 and err.value.reason == "HTTP 404"
    assert len(server.requests_to("/gone.html")) == 1
    assert archived_statuses(archive, url) == [(404, None)]


def test_anti_bot_challenge_is_reported_not_retried(server, make_fetcher):
    url = server.route("/col/", Reply(412, b"<script>$_ts=window['$_ts'];</script>"))
    with pytest.raises(FetchError, match="anti-bot: Ruishu"):
        make_fetcher(respect_robots=False).fetch(url, source_id="s")
    assert len(server.requests_to("/col/")) == 1


# ---------------------------------------------------------------- redirects and safety


def test_redirect_within_site_is_followed_and_every_hop_archived(server, make_fetcher, archive):
    final = server.route("/new/index.html", Reply(body=PAGE))
    start = server.route("/old/", Reply(301, b"", headers={"Location": "/new/index.html"}))
    page = make_fetcher(respect_robots=False).fetch(start, source_id="s")
    assert page.url == final and page.requested_url == start and page.body == PAGE
    assert archived_statuses(archive, start) == [(301, None)]
    # The redirected page is found by the URL the caller knows.
    assert archive.latest_ok(start).url == final


def test_redirect_loop_raises(server, make_fetcher):
    a = server.route("/a", Reply(302, b"", headers={"Location": "/b"}))
    server.route("/b", Reply(302, b"", headers={"Location": "/a"}))
    with pytest.raises(FetchError, match="redirect loop") as err:
        make_fetcher(respect_robots=False).fetch(a, source_id="s")
    assert not isinstance(err.value, BlockedByPolicy)


def test_too_many_redirects_raises(server, make_fetcher):
    for i in range(10):
        server.route(f"/r{i}", Reply(302, b"", headers={"Location": f"/r{i + 1}"}))
    with pytest.raises(FetchError, match="more than 3 redirects"):
        make_fetcher(respect_robots=False, max_redirects=3).fetch(server.url("/r0"), source_id="s")
    assert len(server.log) == 4


def test_redirect_to_another_host_is_blocked(server, make_fetcher):
    url = server.route("/x", Reply(302, b"", headers={"Location": "http://evil.example/x"}))
    with pytest.raises(BlockedByPolicy, match="off-site redirect to evil.example"):
        make_fetcher(respect_robots=False).fetch(url, source_id="s")


def test_redirect_to_file_scheme_is_blocked(server, make_fetcher):
    url = server.route("/x", Reply(302, b"", headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(BlockedByPolicy, match="disallowed scheme file"):
        make_fetcher(respect_robots=False).fetch(url, source_id="s")


@pytest.fixture
def public_name(monkeypatch, server):  # type: ignore[no-untyped-def]
    """'gov.example' resolves to a global address (8.8.8.8) for the policy check, while
    connections to it really go to the loopback fault server (no traffic leaves the machine)."""
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        return real_getaddrinfo("127.0.0.1" if host == "gov.example" else host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    real_resolve = url_policy.resolve_host
    monkeypatch.setattr(
        url_policy, "resolve_host",
        lambda host: ["8.8.8.8"] if host == "gov.example" else real_resolve(host),
    )
    return "gov.example"


def test_redirect_from_public_host_to_loopback_is_blocked(server, make_fetcher, public_name):
    server.route("/col/", Reply(302, b"", headers={"Location": server.url("/admin")}))
    server.route("/admin", Reply(body=b"<html>intranet</html>"))
    start = server.url("/col/", host=public_name)
    # Not allowed at all: an off-site redirect.
    with pytest.raises(BlockedByPolicy, match="off-site redirect to 127.0.0.1"):
        make_fetcher(allowed_hosts=[public_name], respect_robots=False).fetch(start, source_id="s")
    # Even when 127.0.0.1 is an allowed host, a public site may not bounce us onto it.
    fetcher = make_fetcher(allowed_hosts=[public_name, "127.0.0.1"], respect_robots=False)
    with pytest.raises(BlockedByPolicy, match="from public host gov.example to non-public"):
        fetcher.fetch(start, source_id="s")
    assert server.requests_to("/admin") == []
    # The public-looking name itself is fetched fine (it is configured).
    server.route("/ok", Reply(body=PAGE))
    assert fetcher.fetch(server.url("/ok", host=public_name), source_id="s").body == PAGE


def test_host_outside_allowed_hosts_and_bad_scheme_are_blocked(server, make_fetcher):
    fetcher = make_fetcher(allowed_hosts=["www.example.gov.cn"])
    with pytest.raises(BlockedByPolicy, match="not in allowed_hosts"):
        fetcher.fetch(server.url("/x"), source_id="s")
    with pytest.raises(BlockedByPolicy, match="scheme ftp"):
        fetcher.fetch("ftp://www.example.gov.cn/x", source_id="s")
    assert server.log == []
    assert fetcher.stats()["blocked"] == 2


# ---------------------------------------------------------------- content


def test_list_page_that_changes_is_returned_as_got_and_both_versions_archived(
    server, make_fetcher, archive
):
    v1, v2 = PAGE, PAGE.replace(b"2023", b"2024")
    url = server.route("/list/index.html", Reply(body=v1), Reply(body=v2))
    fetcher = make_fetcher(respect_robots=False)
    first = fetcher.fetch(url, source_id="s")
    second = fetcher.fetch(url, source_id="s")
    assert (first.body, second.body) == (v1, v2)
    assert archive.read(first.archive_key).body == v1
    assert archive.read(second.archive_key).body == v2
    assert archive.latest_ok(url).sha256 == second.sha256


def test_truncated_body_is_retried_then_fetch_error(server, make_fetcher, archive):
    url = server.route("/cut.html", Reply(body=PAGE, content_length=len(PAGE) + 500))
    with pytest.raises(FetchError, match=r"truncated: got \d+ of \d+ bytes.* after 3 attempts"):
        make_fetcher(respect_robots=False).fetch(url, source_id="s")
    assert archived_statuses(archive, url) == [(200, "disconnect")] * 3
    assert archive.latest_ok(url) is None  # a truncated body is never "the latest good copy"


def test_truncated_then_complete_succeeds(server, make_fetcher):
    url = server.route("/flaky.html", Reply(body=PAGE, cut_after=10, chunked=True), Reply(body=PAGE))
    page = make_fetcher(respect_robots=False).fetch(url, source_id="s")
    assert page.body == PAGE


def test_50mb_response_is_bounded_and_fails_fast(server, make_fetcher):
    limit = 1024 * 1024
    url = server.route("/huge.pdf", Reply(stream_bytes=50 * 1024 * 1024, content_length=None,
                                          headers={"Content-Type": "application/pdf"}))
    fetcher = make_fetcher(max_bytes=limit, respect_robots=False)
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match=f"response larger than {limit} bytes"):
            fetcher.fetch(url, source_id="s", expect="any")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.monotonic() - started < 3
    assert peak < 6 * limit  # the prefix, its archived copy and buffers; not 50 MB
    time.sleep(0.1)
    # The server could only push max_bytes plus socket buffers before we hung up.
    assert server.bytes_sent["/huge.pdf"] < limit + 8 * 1024 * 1024
    assert len(server.requests_to("/huge.pdf")) == 1  # oversize is not retried


def test_declared_oversize_fails_before_reading_body(server, make_fetcher, archive):
    url = server.route("/big.zip", Reply(stream_bytes=50 * 1024 * 1024))
    with pytest.raises(FetchError, match="response larger than 1000 bytes"):
        make_fetcher(max_bytes=1000, respect_robots=False).fetch(url, source_id="s", expect="any")
    assert archived_statuses(archive, url) == [(200, "length")]


def test_gzip_bomb_is_bounded_by_decoded_size(server, make_fetcher):
    bomb = gzipped(b"\0" * (20 * 1024 * 1024))  # ~20 KB on the wire
    url = server.route("/bomb.html", Reply(body=bomb, headers={"Content-Encoding": "gzip",
                                                               "Content-Type": "text/html"}))
    with pytest.raises(FetchError, match="response larger than 100000 bytes"):
        make_fetcher(max_bytes=100_000, respect_robots=False).fetch(url, source_id="s")


def test_gzip_body_is_decoded_and_archived_decoded(server, make_fetcher, archive):
    url = server.route("/gz.html", Reply(body=gzipped(PAGE),
                                         headers={"Content-Encoding": "gzip",
                                                  "Content-Type": "text/html"}))
    page = make_fetcher(respect_robots=False).fetch(url, source_id="s")
    assert page.body == PAGE
    assert archive.read(page.archive_key).body == PAGE


def test_binary_junk_served_as_html_is_rejected_only_for_html(server, make_fetcher, archive):
    junk = bytes(range(256)) * 40
    url = server.route("/junk.html", Reply(body=junk, headers={"Content-Type": "text/html"}))
    fetcher = make_fetcher(respect_robots=False)
    with pytest.raises(FetchError, match="not HTML: binary content") as err:
        fetcher.fetch(url, source_id="s")
    assert err.value.status == 200
    assert archive.latest(url) is not None  # kept as evidence
    assert fetcher.fetch(url, source_id="s", expect="any").body == junk


def test_gbk_page_is_html_not_junk(server, make_fetcher):
    gbk = HTML.replace("utf-8", "gbk").encode("gbk") * 20
    url = server.route("/gbk.html", Reply(body=gbk, headers={"Content-Type": "text/html"}))
    assert make_fetcher(respect_robots=False).fetch(url, source_id="s").body == gbk


# ---------------------------------------------------------------- robots.txt


def test_robots_disallowing_the_column_blocks_it(server, make_fetcher):
    server.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /col/col123/\n",
                                      headers={"Content-Type": "text/plain"}))
    server.route("/col/col123/index.html", Reply(body=PAGE))
    server.route("/col/col9/index.html", Reply(body=PAGE))
    fetcher = make_fetcher()
    with pytest.raises(BlockedByPolicy, match="disallowed by robots.txt"):
        fetcher.fetch(server.url("/col/col123/index.html"), source_id="s")
    assert fetcher.fetch(server.url("/col/col9/index.html"), source_id="s").body == PAGE
    assert server.requests_to("/col/col123/index.html") == []
    assert len(server.requests_to("/robots.txt")) == 1  # cached per host


def test_missing_robots_allows_all(server, make_fetcher):
    url = server.route("/index.html", Reply(body=PAGE))  # /robots.txt → 404
    fetcher = make_fetcher()
    fetcher.fetch(url, source_id="s")
    fetcher.fetch(url, source_id="s")
    assert len(server.requests_to("/robots.txt")) == 1


def test_robots_redirect_target_is_checked_too(server, make_fetcher):
    server.route("/robots.txt", Reply(body=b"User-agent: mr-reports\nDisallow: /private\n"))
    url = server.route("/go", Reply(302, b"", headers={"Location": "/private/x.html"}))
    with pytest.raises(BlockedByPolicy, match=r"robots.txt \(redirect to"):
        make_fetcher().fetch(url, source_id="s")


# ---------------------------------------------------------------- conditional requests


def _revalidating(etag: str | None, last_modified: str | None, body: bytes):  # type: ignore[no-untyped-def]
    headers = {"Content-Type": "text/html"}
    if etag:
        headers["ETag"] = etag
    if last_modified:
        headers["Last-Modified"] = last_modified

    def reply(request):  # type: ignore[no-untyped-def]
        if etag and request.header("If-None-Match") == etag:
            return Reply(304, b"", headers={"ETag": etag}, content_length=None)
        if last_modified and request.header("If-Modified-Since") == last_modified:
            return Reply(304, b"", headers={}, content_length=None)
        return Reply(body=body, headers=headers)

    return reply


@pytest.mark.parametrize(
    "etag, last_modified",
    [('"5f2-abc"', None), (None, "Wed, 01 Nov 2023 08:00:00 GMT")],
    ids=["etag", "last-modified"],
)
def test_conditional_request_304_returns_archived_page(
    server, make_fetcher, archive, etag, last_modified
):
    url = server.route("/list/index.html", _revalidating(etag, last_modified, PAGE))
    fetcher = make_fetcher(respect_robots=False)
    first = fetcher.fetch(url, source_id="s", conditional=True)  # nothing archived: plain GET
    assert not first.not_modified and first.body == PAGE
    again = fetcher.fetch(url, source_id="s", conditional=True)
    assert again.not_modified and again.body == PAGE and again.status == 200
    assert again.archive_key == first.archive_key
    sent = server.requests_to("/list/index.html")[-1]
    assert sent.header("If-None-Match") == etag
    assert sent.header("If-Modified-Since") == last_modified
    assert fetcher.stats()["not_modified"] == 1
    assert archive.latest(url).status == 304  # the 304 itself is archived too
    assert archive.latest_ok(url).key == first.archive_key


def test_unconditional_fetch_sends_no_validators(server, make_fetcher):
    url = server.route("/p.html", _revalidating('"e1"', None, PAGE))
    fetcher = make_fetcher(respect_robots=False)
    fetcher.fetch(url, source_id="s")
    page = fetcher.fetch(url, source_id="s")
    assert not page.not_modified
    assert server.requests_to("/p.html")[-1].header("If-None-Match") is None


# ---------------------------------------------------------------- politeness


def test_per_host_rate_limit_spacing_with_real_clock(server, archive):
    url = server.route("/page.html", Reply(body=PAGE))
    fetcher = Fetcher(archive, FetchPolicy(requests_per_second=5, respect_robots=False))
    for _ in range(4):
        fetcher.fetch(url, source_id="s")
    times = [r.at for r in server.requests_to("/page.html")]
    gaps = [b - a for a, b in zip(times, times[1:])]
    assert min(gaps) >= 0.19, gaps  # 0.2 s, minus the server's timestamp jitter


def test_fetchers_sharing_a_throttle_are_polite_to_their_host_together(server, archive):
    # Two sources on one host (a provincial platform), crawled by two threads of one batch.
    from scrapers.fetch.throttle import HostThrottle

    url_a = server.route("/a.html", Reply(body=PAGE))
    url_b = server.route("/b.html", Reply(body=PAGE))
    policy = FetchPolicy(requests_per_second=5, respect_robots=False)
    throttle = HostThrottle(policy.requests_per_second, policy.max_concurrency_per_host)
    fetchers = [Fetcher(archive, policy, throttle=throttle) for _ in range(2)]
    threads = [
        threading.Thread(target=lambda f=f, u=u: [f.fetch(u, source_id="s") for _ in range(2)])
        for f, u in zip(fetchers, (url_a, url_b))
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    times = sorted(r.at for r in server.requests_to("/a.html") + server.requests_to("/b.html"))
    assert len(times) == 4
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.19


def test_max_concurrency_per_host_with_threads(server, archive):
    url = server.route("/slowish.html", Reply(body=PAGE, delay_s=0.15))
    fetcher = Fetcher(archive, FetchPolicy(requests_per_second=1000, max_concurrency_per_host=1,
                                           respect_robots=False))
    threads = [threading.Thread(target=fetcher.fetch, args=(url,), kwargs={"source_id": "s"})
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=5)
    assert len(server.requests_to("/slowish.html")) == 4
    assert server.max_in_flight == 1


def test_stats_per_source(server, make_fetcher):
    url = server.route("/s.html", Reply(500, b"x"), Reply(body=PAGE))
    fetcher = make_fetcher(respect_robots=False)
    fetcher.fetch(url, source_id="a")
    stats = fetcher.stats("a")
    assert stats["requests"] == 2 and stats["retries"] == 1
    assert stats["bytes"] == 1 + len(PAGE) and stats["archived"] == 2
    assert fetcher.stats("b") == {}
    assert fetcher.stats()["requests"] == 2


def test_redirect_body_is_bounded_and_archived(server, make_fetcher, archive):
    # A redirect's body goes through the same size limit (requests' Session.send would read it
    # whole to find the next hop).
    url = server.route("/r", Reply(302, b"<html>moved</html>", headers={"Location": "/big"}))
    server.route("/big", Reply(body=PAGE))
    page = make_fetcher(respect_robots=False).fetch(url, source_id="s")
    assert page.body == PAGE
    assert archive.read(archived_key(archive, url, 302)).body == b"<html>moved</html>"
    server.route("/r2", Reply(302, b"", headers={"Location": "/big"}, stream_bytes=50 * 2**20,
                              content_length=None))
    with pytest.raises(FetchError, match="response larger than 100000 bytes"):
        make_fetcher(respect_robots=False, max_bytes=100_000).fetch(server.url("/r2"),
                                                                    source_id="s")


def archived_key(archive, url, status):  # type: ignore[no-untyped-def]
    return archive._connection().execute(
        "SELECT key FROM records WHERE url = ? AND status = ? ORDER BY id DESC", (url, status)
    ).fetchone()[0]


def test_tls_failure_is_not_retried(make_fetcher):
    # A "TLS" server that answers in plain HTTP: the handshake fails at once.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    accepted = []

    def serve() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            accepted.append(conn)
            conn.recv(4096)
            conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    try:
        with pytest.raises(FetchError, match=r"TLS error: \[SSL"):
            make_fetcher(respect_robots=False).fetch(
                f"https://127.0.0.1:{listener.getsockname()[1]}/x", source_id="s")
        assert len(accepted) == 1
    finally:
        listener.close()


def test_self_redirect_setting_a_cookie_is_not_a_loop(server, make_fetcher):
    def gate(request):  # type: ignore[no-untyped-def]
        if "waf=ok" in (request.header("Cookie") or ""):
            return Reply(body=PAGE)
        return Reply(302, b"", headers={"Location": "/gated.html", "Set-Cookie": "waf=ok; Path=/"})

    url = server.route("/gated.html", gate)
    assert make_fetcher(respect_robots=False).fetch(url, source_id="s").body == PAGE


def test_304_with_damaged_archived_copy_refetches_in_full(server, make_fetcher, archive):
    url = server.route("/list.html", _revalidating('"v1"', None, PAGE))
    fetcher = make_fetcher(respect_robots=False)
    fetcher.fetch(url, source_id="s", conditional=True)
    for warc in (archive.root / "warc").iterdir():  # wreck every archived byte of the body
        warc.write_bytes(warc.read_bytes()[:100])
    page = fetcher.fetch(url, source_id="s", conditional=True)
    assert page.body == PAGE and not page.not_modified
    sent = server.requests_to("/list.html")
    assert [r.header("If-None-Match") for r in sent] == [None, '"v1"', None]
    assert archive.read(archive.latest_ok(url)).body == PAGE  # the fresh copy is archived


def test_chinese_url_and_referer_are_sent_percent_encoded(server, make_fetcher):
    server.route("/%E5%B9%B4%E6%8A%A5/index.html", Reply(body=PAGE))
    fetcher = make_fetcher(respect_robots=False)
    page = fetcher.fetch(server.url("/年报/index.html"), source_id="s",
                         referer=server.url("/栏目/列表.html"))
    assert page.body == PAGE
    [sent] = server.requests_to("/%E5%B9%B4%E6%8A%A5/index.html")
    assert sent.header("Referer").endswith("/%E6%A0%8F%E7%9B%AE/%E5%88%97%E8%A1%A8.html")
