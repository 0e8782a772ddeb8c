"""A source's scope: the scheme, host and port of its configured list URLs, nothing else.

The allow-list used to hold host names only, so a configured site that redirected to another
port of the same host (or linked an attachment there) got that port fetched, archived and
published: think of an internal service on the bureau's own server. A URL is in scope when its
origin (scheme, host, port) is one a list URL has, counting 'www.' and the bare name as one host
(government sites redirect between the two constantly) and letting an http origin on port 80
move to https on 443 of the same host (the one upgrade sites make by design). Everything else is
refused before connecting, with the origin named in the reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, order=True)
class Origin:
    scheme: str
    host: str  # lower case, no trailing dot, no leading 'www.'
    port: int

    def __str__(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}"


def origin_of(url: str) -> Origin | None:
    """The URL's origin, or None when it has no http(s) scheme, no host or a bad port."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".").lower().removeprefix("www.")
    if scheme not in DEFAULT_PORTS or not host:
        return None
    return Origin(scheme, host, port or DEFAULT_PORTS[scheme])


class Scope:
    def __init__(self, list_urls: Iterable[str]) -> None:
        origins: set[Origin] = set()
        for url in list_urls:
            origin = origin_of(url)
            if origin is None:
                continue
            origins.add(origin)
            if origin.scheme == "http" and origin.port == 80:
                origins.add(Origin("https", origin.host, 443))
        self.origins = frozenset(origins)

    def refusal(self, url: str) -> str | None:
        """Why `url` is outside the scope (None: it is inside)."""
        try:
            parts = urlsplit(url)
        except ValueError:
            return "not a valid URL"
        if parts.username is not None or parts.password is not None:
            return "URL carries credentials (user:password@): refused, never sent or stored"
        origin = origin_of(url)
        if origin is None:
            return "not an http(s) URL with a host and a valid port"
        if origin not in self.origins:
            allowed = ", ".join(str(o) for o in sorted(self.origins))
            return f"{origin} is outside the source's scope ({allowed})"
        return None
