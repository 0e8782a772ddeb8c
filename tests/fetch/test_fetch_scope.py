"""A source's scope is the scheme, host and port of its list URLs (pure rules; the crawl-level
tests are in test_fetch_hostile.py)."""

from __future__ import annotations

import pytest

from scrapers.fetch.scope import Scope


@pytest.mark.parametrize(
    ("url", "inside"),
    [
        ("http://scjgj.example.gov.cn/zwgk/a.html", True),
        ("http://www.scjgj.example.gov.cn/zwgk/a.html", True),  # www. and the bare name are one site
        ("https://scjgj.example.gov.cn/zwgk/a.html", True),  # http:80 may move to https:443
        ("http://scjgj.example.gov.cn:80/a.html", True),
        ("http://scjgj.example.gov.cn:8080/a.html", False),  # another port of the same host
        ("https://scjgj.example.gov.cn:8443/a.html", False),
        ("http://other.example.gov.cn/a.html", False),
        ("ftp://scjgj.example.gov.cn/a.pdf", False),
        ("http://u:p@scjgj.example.gov.cn/a.html", False),
        ("http://scjgj.example.gov.cn:99999/a.html", False),
    ],
)
def test_scope_of_an_http_source(url: str, inside: bool) -> None:
    scope = Scope(["http://scjgj.example.gov.cn/zwgk/index.html"])
    assert (scope.refusal(url) is None) is inside, scope.refusal(url)


def test_https_source_does_not_widen_to_http_and_ports_are_named() -> None:
    scope = Scope(["https://example.gov.cn:8443/col/index.html"])
    assert scope.refusal("https://www.example.gov.cn:8443/a.html") is None
    assert scope.refusal("http://example.gov.cn/a.html") == (
        "http://example.gov.cn:80 is outside the source's scope (https://example.gov.cn:8443)"
    )
    assert "credentials" in (scope.refusal("https://a:b@example.gov.cn:8443/") or "")
