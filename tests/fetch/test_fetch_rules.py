"""Pure parts of the fetch layer: robots.txt rules, binary sniffing, URL/address policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.fetch import policy
from scrapers.fetch.content import looks_binary
from scrapers.fetch.robots import parse_robots

UA = "mr-reports/0.1 (+annual-report research crawler)"


def test_robots_longest_match_wins_and_allow_wins_ties():
    rules = parse_robots(
        "User-agent: *\nDisallow: /col/\nAllow: /col/col123/\nDisallow: /col/col123/tmp\n", UA
    )
    assert not rules.allowed("/col/other/index.html")
    assert rules.allowed("/col/col123/index.html")
    assert not rules.allowed("/col/col123/tmp/x.html")
    tie = parse_robots("User-agent: *\nDisallow: /a\nAllow: /a\n", UA)
    assert tie.allowed("/a/b")


def test_robots_wildcards_and_end_anchor():
    rules = parse_robots("User-agent: *\nDisallow: /*.jsp$\nDisallow: /search*q=\n", UA)
    assert not rules.allowed("/module/web/jpage/dataproxy.jsp")
    assert rules.allowed("/module/web/jpage/dataproxy.jsp?page=2")  # $ anchors the end
    assert not rules.allowed("/search/index.html?q=年报")
    assert rules.allowed("/art/2024/1/1/art_1_1.html")


def test_robots_own_group_replaces_star_group():
    text = "User-agent: *\nDisallow: /\n\nUser-agent: MR-Reports\nDisallow: /private\nCrawl-delay: 3\n"
    rules = parse_robots(text, UA)
    assert rules.allowed("/col/index.html") and not rules.allowed("/private/x")
    assert rules.crawl_delay == 3.0
    assert not parse_robots(text, "otherbot/1.0").allowed("/col/index.html")


def test_robots_empty_disallow_and_garbage_allow_all():
    assert parse_robots("User-agent: *\nDisallow:\n", UA).allowed("/x")
    assert parse_robots("<html><body>404 页面不存在</body></html>", UA).allowed("/x")
    assert parse_robots("User-agent: *\nDisallow: /\n", UA).allowed("/robots.txt")


def test_robots_multiple_agents_share_a_group():
    rules = parse_robots("User-agent: a\nUser-agent: mr-reports\nDisallow: /x\n", UA)
    assert not rules.allowed("/x/1")


@pytest.mark.parametrize(
    "body, binary",
    [
        ("<html>法治政府建设年度报告</html>".encode("utf-8"), False),
        ("<html>法治政府建设年度报告</html>".encode("gbk"), False),
        ("<html>年度报告</html>".encode("utf-16"), False),
        (b"\xef\xbb\xbf<html>bom</html>", False),
        (b"", False),
        (b"<html>\x00</html>", True),
        (b"%PDF-1.7\n...", True),
        (b"PK\x03\x04zip", True),
        (bytes(range(128, 256)) * 30, True),
    ],
)
def test_looks_binary(body, binary):
    assert looks_binary(body) is binary


def test_policy_hosts_and_addresses():
    assert policy.normalise_hosts(["WWW.Example.gov.cn.", "a.gov.cn:8080", "http://b.gov.cn/x"]) \
        == {"www.example.gov.cn", "a.gov.cn", "b.gov.cn"}
    assert policy.host_allowed("example.gov.cn", {"www.example.gov.cn"})
    assert not policy.host_allowed("evil.cn", {"www.example.gov.cn"})
    assert policy.is_public("8.8.8.8")
    for private in ("127.0.0.1", "10.1.2.3", "192.168.0.1", "169.254.169.254", "::1",
                    "fe80::1", "::ffff:127.0.0.1", "0.0.0.0"):
        assert not policy.is_public(private), private


def test_real_government_pages_are_not_binary():
    pages = sorted(Path("/work/shared/html").glob("*.html"))
    if not pages:
        pytest.skip("shared sample pages not available")
    assert [p.name for p in pages if looks_binary(p.read_bytes())] == []
