"""robots.txt kept between crawls: one file per site in the data dir, with a time to live.

A nightly crawl of 3,000 sites that asks each for robots.txt again doubles its requests for a file
that rarely changes. Kept here with the TTL the site gives (Cache-Control max-age, else Expires)
and never longer than the default, 24 hours (RFC 9309 §2.4: a crawler should not use a cached
copy for more than 24 hours). Within one crawl a site's rules are read once, whatever the TTL.
The files are a cache: written atomically but not fsync'ed, and a damaged one is just refetched.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from email.utils import parsedate_to_datetime
from pathlib import Path

DEFAULT_ROBOTS_TTL_S = 24 * 3600.0

_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)", re.I)
_NO_STORE = re.compile(r"(?:^|,)\s*(?:no-store|no-cache)\b", re.I)


def ttl_from_headers(headers: Mapping[str, str], default_s: float, now: float | None = None) -> float:
    """Seconds a robots.txt response may be kept: max-age, else Expires, capped at `default_s`."""
    lower = {k.lower(): v for k, v in headers.items()}
    control = lower.get("cache-control", "")
    if _NO_STORE.search(control):
        return 0.0
    match = _MAX_AGE.search(control)
    if match:
        return min(float(match.group(1)), default_s)
    expires = lower.get("expires", "").strip()
    if expires:
        try:
            when = parsedate_to_datetime(expires).timestamp()
        except (TypeError, ValueError, IndexError):
            return 0.0  # an invalid Expires means already expired (RFC 9111 §5.3)
        return max(0.0, min(when - (time.time() if now is None else now), default_s))
    return default_s


class RobotsCache:
    def __init__(
        self,
        directory: str | Path | None,
        default_ttl_s: float = DEFAULT_ROBOTS_TTL_S,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """`directory` None: remember for this crawl only (nothing kept on disk)."""
        self.directory = Path(directory) if directory is not None else None
        self.default_ttl_s = default_ttl_s
        self._clock = clock
        self._lock = threading.Lock()
        self._this_crawl: dict[str, str] = {}
        self._origin_locks: dict[str, threading.Lock] = {}

    def lock_for(self, origin: str) -> threading.Lock:
        """Held while a site's robots.txt is looked up or fetched: one fetch per site."""
        with self._lock:
            return self._origin_locks.setdefault(origin, threading.Lock())

    def get(self, origin: str) -> str | None:
        """The robots.txt text of `origin` ('' = allow all) if known and fresh, else None."""
        with self._lock:
            if origin in self._this_crawl:
                return self._this_crawl[origin]
        path = self._path(origin)
        if path is None or not path.exists():
            return None
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            if entry["origin"] != origin or float(entry["expires_at"]) <= self._clock():
                return None
            text = str(entry["text"])
        except (OSError, ValueError, KeyError, TypeError):
            return None
        with self._lock:
            self._this_crawl[origin] = text
        return text

    def put(self, origin: str, text: str, ttl_s: float) -> None:
        """Remember for this crawl; keep on disk too when the TTL allows."""
        with self._lock:
            self._this_crawl[origin] = text
        path = self._path(origin)
        if path is None or ttl_s <= 0:
            return
        now = self._clock()
        entry = {"origin": origin, "fetched_at": now, "expires_at": now + ttl_s, "text": text}
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".robots.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry, handle, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _path(self, origin: str) -> Path | None:
        if self.directory is None:
            return None
        return self.directory / (hashlib.sha1(origin.encode("utf-8")).hexdigest()[:24] + ".json")
