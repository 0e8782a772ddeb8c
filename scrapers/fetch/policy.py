"""Which URLs we are willing to request: scheme, host and address rules.

The crawler configures the hosts of each source; everything else is refused. Redirects are
followed by hand so every hop passes the same checks (requests' own redirect handling would
happily follow a government site redirecting to file://, an intranet address or a parked domain).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from urllib.parse import urlsplit

ALLOWED_SCHEMES = frozenset({"http", "https"})


def hostname(url: str) -> str:
    """Lower-case host name of ``url`` without port or trailing dot ('' if there is none)."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


def normalise_hosts(hosts: Iterable[str]) -> frozenset[str]:
    """Accept 'example.gov.cn', 'example.gov.cn:8080' or a full URL; keep the bare host name."""
    out = set()
    for host in hosts:
        host = host.strip()
        if "//" in host:
            host = hostname(host)
        else:
            host = hostname("http://" + host)
        if host:
            out.add(host)
    return frozenset(out)


def same_site(a: str, b: str) -> bool:
    """The same host, counting 'www.' and the bare name as one site (government sites redirect
    between the two constantly)."""
    return a.removeprefix("www.") == b.removeprefix("www.")


def host_allowed(host: str, allowed: Iterable[str]) -> bool:
    return any(same_site(host, allowed_host) for allowed_host in allowed)


def resolve_host(host: str) -> list[str]:
    """IP addresses ``host`` resolves to ([] if it does not). Module-level so tests can stub DNS."""
    try:
        ipaddress.ip_address(host)
        return [host]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return sorted({str(info[4][0]).split("%", 1)[0] for info in infos})


def is_public(address: str) -> bool:
    """True for globally routable unicast addresses (not private, loopback, link-local, ...)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast
