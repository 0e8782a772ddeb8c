"""The downloader: the only code in the project that opens sockets.

Every response is archived before ``fetch`` returns or raises. Politeness (robots.txt, per-host
rate and concurrency), retries with backoff, size and time limits, and the URL safety rules are
configuration of this one object, not code in each crawler (the Scrapy downloader idea).
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Literal
from urllib.parse import urldefrag, urljoin, urlsplit

import requests
import urllib3.exceptions
from requests.cookies import extract_cookies_to_jar
from requests.utils import requote_uri

from scrapers.fetch import policy as url_policy
from scrapers.fetch.archive import ArchiveCorrupt, ArchivedRecord, RawArchive
from scrapers.fetch.content import looks_binary
from scrapers.fetch.deadline import Deadline, DeadlineAdapter, deadline
from scrapers.fetch.errors import BlockedByPolicy, FetchError
from scrapers.fetch.scope import Scope
from scrapers.fetch.robots import ALLOW_ALL, MAX_ROBOTS_BYTES, RobotsRules, parse_robots
from scrapers.fetch.robots_cache import RobotsCache, ttl_from_headers
from scrapers.fetch.throttle import HostThrottle
from scrapers.models import FetchedPage

Expect = Literal["html", "any"]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class FetchPolicy:
    # Per socket operation (connect, each read) of one attempt.
    timeout_s: float = 20.0
    # Stream and stop: never hold more than this much of a body in memory.
    max_bytes: int = 20 * 1024 * 1024
    # Tries per request; connect errors, timeouts, truncation, 5xx and 429 are retried.
    attempts: int = 4
    backoff_base_s: float = 1.0
    backoff_max_s: float = 60.0
    requests_per_second: float = 1.0  # per host
    max_concurrency_per_host: int = 1
    # Requests in flight across all hosts of one crawl process (and the crawl's thread count).
    max_open_connections: int = 64
    # How long robots.txt is kept in the data dir when the site sets no shorter max-age/Expires.
    robots_ttl_s: float = 24 * 3600.0
    respect_robots: bool = True
    max_redirects: int = 5
    user_agent: str = "mr-reports/0.1 (+annual-report research crawler)"
    # Wall-clock limit of one attempt, however the server trickles its bytes. Longer than
    # timeout_s so a 20 MB attachment from a slow county server (~250 KB/s) can still finish.
    deadline_s: float = 90.0


@dataclass
class _Attempt:
    """What one request attempt produced. ``page`` is already archived when set."""

    page: FetchedPage | None = None
    failure: str | None = None  # why it failed, if it did (for the error message)
    retryable: bool = False
    retry_after: float | None = None
    fatal: FetchError | None = None


class Fetcher:
    def __init__(
        self,
        archive: RawArchive,
        policy: FetchPolicy = FetchPolicy(),
        *,
        allowed_hosts: Iterable[str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        throttle: HostThrottle | None = None,
        robots_cache: RobotsCache | None = None,
        scope: Scope | None = None,
    ) -> None:
        """`throttle`: share one with the other fetchers of a process, so sources that live on the
        same host (a provincial platform hosting many bureaus) are polite to it together.
        `robots_cache`: share one too, kept in the data dir, so robots.txt is read once a day per
        site rather than once per source and night."""
        self._archive = archive
        self._policy = policy
        self._allowed = (
            url_policy.normalise_hosts(allowed_hosts) if allowed_hosts is not None else None
        )
        self._sleep = sleep
        self._scope = scope  # scheme+host+port of the source (scrapers.fetch.scope); None: hosts only
        self._throttle = throttle or HostThrottle(
            policy.requests_per_second, policy.max_concurrency_per_host,
            max_open_connections=policy.max_open_connections, sleep=sleep,
        )
        self._local = threading.local()  # a requests.Session per thread (Session isn't thread-safe)
        self._lock = threading.Lock()
        self._robots: dict[str, RobotsRules] = {}
        self._robots_cache = robots_cache or RobotsCache(None)
        self._addresses: dict[str, list[str]] = {}
        self._stats: Counter[str] = Counter()
        self._stats_by_source: dict[str, Counter[str]] = {}
        self._rng = random.Random()
        # time.monotonic() after which no request starts and none runs on: the source's wall-time
        # budget (scrapers.budgets), set by the crawl. A trickling server can't outlast it.
        self.stop_at: float | None = None

    # ------------------------------------------------------------------ public API

    def fetch(
        self,
        url: str,
        *,
        source_id: str,
        conditional: bool = False,
        referer: str | None = None,
        expect: Expect = "html",
    ) -> FetchedPage:
        """GET ``url`` politely; return the final 2xx response (archived, ``archive_key`` set).

        conditional: revalidate against the newest archived 2xx copy; on 304 that copy comes
        back with ``not_modified=True``. expect='html' refuses binary junk; attachments use 'any'.
        Raises FetchError (final non-2xx, network failure, truncation, too big, not HTML) or
        BlockedByPolicy (robots.txt, host/scheme/address rules).
        """
        url = urldefrag(url).url
        try:
            return self._fetch(url, source_id, conditional, referer, expect)
        except BlockedByPolicy:
            self._count(source_id, "blocked")
            raise
        except FetchError:
            self._count(source_id, "errors")
            raise

    def close(self) -> None:
        """Close this thread's connections (a crawl of thousands of hosts must not keep them)."""
        session = getattr(self._local, "session", None)
        if session is not None:
            session.close()
            self._local.session = None

    def stats(self, source_id: str | None = None) -> dict[str, int]:
        """Counters (requests, retries, not_modified, bytes, archived, redirects, truncated,
        errors, blocked, robots_fetches), overall or for one source."""
        with self._lock:
            counter = self._stats if source_id is None else self._stats_by_source.get(source_id)
            return dict(counter or {})

    # ------------------------------------------------------------------ the request chain

    def _fetch(
        self, url: str, source_id: str, conditional: bool, referer: str | None, expect: Expect
    ) -> FetchedPage:
        self._check_start(url, source_id)
        cached = self._archive.latest_ok(url) if conditional else None
        chain = [url]
        current = url
        while True:
            if self._policy.respect_robots:
                self._check_robots(current, url, source_id)
            # Validators belong to the URL that produced them, i.e. the cached final URL.
            validators = cached if cached is not None and cached.url == current else None
            headers = self._headers(expect, referer, validators)
            page = self._with_retries(current, url, source_id, headers, self._policy.max_bytes)
            status = page.status
            where = "" if current == url else f" (at {current})"

            location = _header(page.headers, "location")
            if status in REDIRECT_STATUSES and location:
                target = urldefrag(urljoin(current, location.strip())).url
                # Revisiting a URL is a loop, except once right after a Set-Cookie: WAFs and
                # load balancers commonly answer "302 to the same URL, now with a cookie".
                seen = chain.count(target)
                if seen and not (seen == 1 and _header(page.headers, "set-cookie")):
                    raise FetchError(
                        url,
                        "redirect loop: " + " -> ".join(chain + [target]),
                        status=status,
                        source_id=source_id,
                    )
                if len(chain) > self._policy.max_redirects:
                    raise FetchError(
                        url,
                        f"more than {self._policy.max_redirects} redirects{where}",
                        status=status,
                        source_id=source_id,
                    )
                self._check_redirect(url, current, target, source_id)
                self._count(source_id, "redirects")
                chain.append(target)
                current = target
                continue

            if status == 304:
                if validators is None:
                    raise FetchError(
                        url, f"HTTP 304 to an unconditional request{where}",
                        status=304, source_id=source_id,
                    )
                try:
                    archived = self._archive.read(validators)
                except ArchiveCorrupt:
                    # Our copy is damaged: ask again without validators to get a fresh one.
                    cached = None
                    continue
                self._count(source_id, "not_modified")
                return replace(archived, not_modified=True)

            if 200 <= status < 300:
                if expect == "html" and looks_binary(page.body):
                    raise FetchError(
                        url, f"not HTML: binary content{where}", status=status,
                        source_id=source_id,
                    )
                return page

            raise FetchError(url, _status_reason(page) + where, status=status, source_id=source_id)

    def _with_retries(
        self,
        url: str,
        requested_url: str,
        source_id: str,
        headers: dict[str, str],
        max_bytes: int,
        attempts: int | None = None,
    ) -> FetchedPage:
        """One URL (one redirect hop), retried. Returns a non-retryable response or raises."""
        attempts = max(1, attempts or self._policy.attempts)
        last = _Attempt()
        for number in range(1, attempts + 1):
            if self._out_of_time():
                raise FetchError(requested_url, "source wall-time budget spent before the request",
                                 source_id=source_id)
            last = self._attempt(url, requested_url, source_id, headers, max_bytes)
            if last.fatal is not None:
                raise last.fatal
            if not last.retryable:
                assert last.page is not None
                return last.page
            if number < attempts:
                self._count(source_id, "retries")
                self._sleep(self._backoff(number, last.retry_after))
        suffix = f" after {attempts} attempts" if attempts > 1 else ""
        where = "" if url == requested_url else f" (at {url})"
        page = last.page
        if last.failure is None and page is not None:
            reason = _status_reason(page)
        else:
            reason = last.failure or "failed"
        raise FetchError(
            requested_url,
            f"{reason}{suffix}{where}",
            status=page.status if page is not None else None,
            source_id=source_id,
        )

    def _attempt(
        self,
        url: str,
        requested_url: str,
        source_id: str,
        headers: dict[str, str],
        max_bytes: int,
    ) -> _Attempt:
        policy = self._policy
        spaced = not urlsplit(url).path.endswith("/robots.txt")
        with self._throttle.slot(url_policy.hostname(url), spaced=spaced):
            self._count(source_id, "requests")
            fetched_at = datetime.now(timezone.utc).isoformat(timespec="microseconds")
            with deadline(self._attempt_deadline()) as limit:
                try:
                    response = self._send(url, headers)
                except requests.exceptions.ConnectTimeout:
                    return _Attempt(failure=f"connect timeout ({policy.timeout_s:g}s)",
                                    retryable=True)
                except requests.exceptions.ReadTimeout:
                    return _Attempt(failure=f"timeout: no response within {policy.timeout_s:g}s",
                                    retryable=True)
                except requests.exceptions.SSLError as exc:
                    # A broken certificate chain won't heal in the next minute; don't hammer it.
                    return _Attempt(fatal=FetchError(requested_url, f"TLS error: {_short(exc)}",
                                                     source_id=source_id))
                except requests.exceptions.ConnectionError as exc:
                    if limit.fired:
                        return _Attempt(failure=self._deadline_reason(), retryable=True)
                    return _Attempt(failure=f"connection error: {_short(exc)}", retryable=True)
                except (requests.exceptions.RequestException, ValueError) as exc:
                    # An invalid URL or header value: asking again can't help.
                    return _Attempt(fatal=FetchError(requested_url, f"bad request: {_short(exc)}",
                                                     source_id=source_id))
                truncated: str | None = "unspecified"
                try:
                    body, truncated, failure = self._read_body(response, limit, max_bytes)
                finally:
                    if truncated is None:
                        response.raw.release_conn()  # fully read: keep-alive may reuse it
                    else:
                        response.close()  # cut short: drop the connection, never drain it

        page = FetchedPage(
            url=url,
            requested_url=requested_url,
            status=response.status_code,
            headers=dict(response.headers),
            body=body,
            fetched_at=fetched_at,
        )
        # Archive before deciding anything: nothing we received is lost, errors included.
        key = self._archive.store(page, source_id=source_id, truncated=truncated)
        page = replace(page, archive_key=key)
        self._count(source_id, "archived")
        self._count(source_id, "bytes", len(body))

        if truncated == "length":  # over max_bytes: retrying would only read it again
            return _Attempt(page, fatal=FetchError(
                requested_url, f"response larger than {max_bytes} bytes",
                status=page.status, source_id=source_id))
        if truncated is not None:
            self._count(source_id, "truncated")
            return _Attempt(page, failure=failure, retryable=True)
        if _retryable_status(page):
            return _Attempt(page, retryable=True, retry_after=_retry_after(page.headers))
        return _Attempt(page)

    def _read_body(
        self, response: requests.Response, limit: Deadline, max_bytes: int
    ) -> tuple[bytes, str | None, str | None]:
        """Stream the body; return (bytes, WARC-Truncated reason or None, failure text)."""
        declared = _content_length(response.headers)
        encoded = _header(response.headers, "content-encoding").strip().lower() not in ("", "identity")
        if declared is not None and declared > max_bytes and not encoded:
            return b"", "length", None  # don't even start reading it
        chunks: list[bytes] = []
        total = 0
        try:
            # decode_content=True: count decoded bytes, so a gzip bomb is bounded by max_bytes too.
            for chunk in response.raw.stream(CHUNK_BYTES, decode_content=True):
                if total + len(chunk) > max_bytes:
                    chunks.append(chunk[: max_bytes - total])
                    return b"".join(chunks), "length", None
                chunks.append(chunk)
                total += len(chunk)
                if limit.fired:
                    return b"".join(chunks), "time", self._deadline_reason()
        except (urllib3.exceptions.HTTPError, http.client.HTTPException, OSError) as exc:
            body = b"".join(chunks)
            if limit.fired:
                return body, "time", self._deadline_reason()
            if isinstance(exc, urllib3.exceptions.ReadTimeoutError):
                return body, "time", f"timeout: body stalled for {self._policy.timeout_s:g}s"
            if isinstance(exc, urllib3.exceptions.DecodeError):
                return body, "unspecified", f"truncated: undecodable body ({_short(exc)})"
            return body, "disconnect", _truncated_reason(len(body), declared)
        body = b"".join(chunks)
        if limit.fired:  # the timer fired just as the last chunk arrived; the body may be cut
            return body, "time", self._deadline_reason()
        if declared is not None and not encoded and len(body) < declared:
            return body, "disconnect", _truncated_reason(len(body), declared)
        return body, None, None

    # ------------------------------------------------------------------ policy checks

    def _check_start(self, url: str, source_id: str) -> None:
        scheme = urlsplit(url).scheme.lower()
        if scheme not in url_policy.ALLOWED_SCHEMES:
            raise BlockedByPolicy(url, f"scheme {scheme or '(none)'}:// not allowed",
                                  source_id=source_id)
        host = url_policy.hostname(url)
        if not host:
            raise BlockedByPolicy(url, "no host in URL", source_id=source_id)
        if self._allowed is not None and not url_policy.host_allowed(host, self._allowed):
            raise BlockedByPolicy(url, f"host {host} is not in allowed_hosts", source_id=source_id)
        refusal = self._scope.refusal(url) if self._scope is not None else None
        if refusal:
            raise BlockedByPolicy(url, refusal, source_id=source_id)

    def _check_redirect(self, requested_url: str, current: str, target: str, source_id: str) -> None:
        scheme = urlsplit(target).scheme.lower()
        if scheme not in url_policy.ALLOWED_SCHEMES:
            raise BlockedByPolicy(requested_url, f"redirect to disallowed scheme {scheme}://",
                                  source_id=source_id)
        origin_host = url_policy.hostname(requested_url)
        target_host = url_policy.hostname(target)
        allowed = self._allowed if self._allowed is not None else {origin_host}
        if not target_host or not url_policy.host_allowed(target_host, allowed):
            raise BlockedByPolicy(requested_url, f"off-site redirect to {target_host or target}",
                                  source_id=source_id)
        refusal = self._scope.refusal(target) if self._scope is not None else None
        if refusal:
            raise BlockedByPolicy(requested_url, f"redirect refused: {refusal}", source_id=source_id)
        if target_host == url_policy.hostname(current):
            return
        # A crawl that starts on a public host stays on public addresses, so a hijacked or
        # misconfigured site can't bounce us into an intranet, even through an allowed name.
        origin_addresses = self._resolve(origin_host)
        if origin_addresses and all(url_policy.is_public(a) for a in origin_addresses):
            private = [a for a in self._resolve(target_host) if not url_policy.is_public(a)]
            if private:
                raise BlockedByPolicy(
                    requested_url,
                    f"redirect from public host {origin_host} to non-public address "
                    f"{private[0]} ({target_host})",
                    source_id=source_id,
                )

    def _check_robots(self, url: str, requested_url: str, source_id: str) -> None:
        parts = urlsplit(url)
        origin = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        rules = self._robots_rules(origin, source_id)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if not rules.allowed(path):
            where = "" if url == requested_url else f" (redirect to {url})"
            raise BlockedByPolicy(requested_url, f"disallowed by robots.txt{where}",
                                  source_id=source_id)

    def _robots_rules(self, origin: str, source_id: str) -> RobotsRules:
        with self._lock:
            if origin in self._robots:
                return self._robots[origin]
        with self._robots_cache.lock_for(origin):  # one fetch per site, whoever asks first
            text = self._robots_cache.get(origin)
            if text is None:
                text, ttl = self._download_robots(origin, source_id)
                if text is None:  # unreachable: allow for this crawl, ask again next time
                    text, ttl = "", 0.0
                self._robots_cache.put(origin, text, ttl)
            else:
                self._count(source_id, "robots_cached")
            rules = parse_robots(text, self._policy.user_agent) if text else ALLOW_ALL
            if rules.crawl_delay:
                delay = min(rules.crawl_delay, self._policy.backoff_max_s)
                self._throttle.set_min_interval(url_policy.hostname(origin), delay)
            with self._lock:
                self._robots[origin] = rules
            return rules

    def _download_robots(self, origin: str, source_id: str) -> tuple[str | None, float]:
        """(robots.txt text, seconds it may be kept); text '' allows all, None = unreachable.

        RFC 9309: 2xx is parsed, 4xx means no restrictions. Unlike the RFC's 'assume
        disallow' for 5xx/unreachable we also allow then: these sites' robots.txt is often
        broken while pages work, and a site that is really down fails the page fetch anyway."""
        url = origin + "/robots.txt"
        headers = self._headers("any", None, None)
        default_ttl = self._robots_cache.default_ttl_s
        self._count(source_id, "robots_fetches")
        for _ in range(self._policy.max_redirects + 1):
            try:
                page = self._with_retries(url, url, source_id, headers, MAX_ROBOTS_BYTES,
                                          attempts=min(2, self._policy.attempts))
            except FetchError:
                return None, 0.0
            location = _header(page.headers, "location")
            if page.status in REDIRECT_STATUSES and location:
                target = urljoin(url, location.strip())
                try:
                    self._check_redirect(url, url, target, source_id)
                except BlockedByPolicy:
                    return "", default_ttl
                url = target
                continue
            if 200 <= page.status < 300:
                return (page.body.decode("utf-8", errors="replace"),
                        ttl_from_headers(page.headers, default_ttl))
            if 400 <= page.status < 500:
                return "", ttl_from_headers(page.headers, default_ttl)
            return None, 0.0  # 5xx: allow now, but do not remember it
        return "", default_ttl

    # ------------------------------------------------------------------ helpers

    def _headers(
        self, expect: Expect, referer: str | None, validators: ArchivedRecord | None
    ) -> dict[str, str]:
        headers = {
            "User-Agent": self._policy.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
            if expect == "html" else "*/*",
            "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
        }
        if referer:
            # Header values must be latin-1; list pages link with raw Chinese paths.
            headers["Referer"] = requote_uri(referer)
        if validators is not None:
            etag = _header(validators.headers, "etag")
            last_modified = _header(validators.headers, "last-modified")
            if etag:
                headers["If-None-Match"] = etag
            if last_modified:
                headers["If-Modified-Since"] = last_modified
        return headers

    def _send(self, url: str, headers: dict[str, str]) -> requests.Response:
        """One GET through the transport adapter, bypassing Session.send: even with
        allow_redirects=False, Session.send reads a 3xx body whole into memory (to find the next
        hop), which would dodge max_bytes and the archive. Cookies and proxy settings are still
        handled as a Session would."""
        session = self._session()
        prepared = session.prepare_request(requests.Request("GET", url, headers=headers))
        settings = session.merge_environment_settings(prepared.url, {}, True, None, None)
        response = session.get_adapter(prepared.url).send(
            prepared,
            stream=True,
            timeout=(self._policy.timeout_s, self._policy.timeout_s),
            verify=settings["verify"],
            cert=settings["cert"],
            proxies=settings["proxies"],
        )
        extract_cookies_to_jar(session.cookies, prepared, response.raw)
        return response

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = requests.Session()
            adapter = DeadlineAdapter()
            session.mount("http://", adapter)
            session.mount("https://", adapter)
            self._local.session = session
        return session

    def _resolve(self, host: str) -> list[str]:
        with self._lock:
            if host in self._addresses:
                return self._addresses[host]
        addresses = url_policy.resolve_host(host)
        with self._lock:
            self._addresses[host] = addresses
        return addresses

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        cap = self._policy.backoff_max_s
        if retry_after is not None:
            return min(max(0.0, retry_after), cap)
        delay = min(cap, self._policy.backoff_base_s * 2 ** (attempt - 1))
        # "Equal jitter": never less than half the backoff, spread so parallel tasks hitting the
        # same failing server don't retry in lockstep.
        return delay / 2 + self._rng.uniform(0, delay / 2)

    def _deadline_reason(self) -> str:
        if self._out_of_time():
            return "timeout: source wall-time budget spent"
        return f"timeout: deadline of {self._policy.deadline_s:g}s exceeded"

    def _out_of_time(self) -> bool:
        return self.stop_at is not None and time.monotonic() >= self.stop_at

    def _attempt_deadline(self) -> float:
        if self.stop_at is None:
            return self._policy.deadline_s
        return max(0.05, min(self._policy.deadline_s, self.stop_at - time.monotonic()))

    def _count(self, source_id: str, name: str, amount: int = 1) -> None:
        with self._lock:
            self._stats[name] += amount
            self._stats_by_source.setdefault(source_id, Counter())[name] += amount


# ---------------------------------------------------------------------- small pure helpers


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return ""


def _content_length(headers: Mapping[str, str]) -> int | None:
    value = _header(headers, "content-length").strip()
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _retryable_status(page: FetchedPage) -> bool:
    if page.status in (408, 429):
        return True
    # 501/505 won't change by asking again; anti-bot challenges need a browser, not a retry.
    return 500 <= page.status < 600 and page.status not in (501, 505) and not _anti_bot(page)


def _anti_bot(page: FetchedPage) -> str | None:
    """Name the JS challenge walls common on Chinese government sites (we report, never solve)."""
    head = page.body[:20000]
    if page.status == 412 and (b"$_ts" in head or b"_$" in head):
        return "Ruishu (瑞数) JS challenge"
    if page.status == 521 and b"__jsl_clearance" in head:
        return "Jiasule (加速乐) JS challenge"
    return None


def _status_reason(page: FetchedPage) -> str:
    wall = _anti_bot(page)
    return f"HTTP {page.status}" + (f" (anti-bot: {wall})" if wall else "")


def _retry_after(headers: dict[str, str]) -> float | None:
    value = _header(headers, "retry-after").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _truncated_reason(got: int, declared: int | None) -> str:
    of = f" of {declared}" if declared is not None else ""
    return f"truncated: got {got}{of} bytes before the connection closed"


_OS_CAUSE = re.compile(r"\[(?:Errno -?\d+|SSL: [^\]]+)\][^)'\"(]*|(?:Name or service not known|"
                       r"timed out|Connection refused|Connection reset by peer)")


def _short(exc: BaseException) -> str:
    """The useful part of a requests/urllib3 error (they wrap it in 'Max retries exceeded ...',
    which is misleading here: urllib3 never retries, we do)."""
    text = str(exc)
    match = _OS_CAUSE.search(text)
    if match:
        return match.group(0).strip()
    return text if len(text) <= 200 else text[:200] + "…"
