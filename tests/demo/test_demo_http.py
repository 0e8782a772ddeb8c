"""The demo sites over real HTTP on loopback, fetched with requests as the crawler will."""

from __future__ import annotations

import re
from urllib.parse import urljoin

import requests
from demo_helpers import BODY_XPATH, html_lines, page_text

from scrapers.demo.catalog import site_spec
from scrapers.demo.fixtures import load_fixture
from scrapers.demo.server import DemoSites
from scrapers.demo.truth import expected_reports, lookalikes

TIMEOUT = 5


def _truth_paths(site_id: str) -> set[str]:
    return {r.path for r in expected_reports() if r.site_id == site_id} | {
        o.path for o in lookalikes() if o.site_id == site_id
    }


def _url_date(path: str) -> str:
    """The date a CMS writes into an article URL, in each demo style."""
    if m := re.search(r"/t(\d{4})(\d\d)(\d\d)_\d+\.html$", path):  # TRS
        y, mo, d = m.groups()
    elif m := re.search(r"/art/(\d{4})/(\d{1,2})/(\d{1,2})/", path):  # Hanweb, unpadded
        y, mo, d = m.groups()
    else:
        y, mo, d = re.search(r"/(\d{4})-(\d\d)/(\d\d)/content_", path).groups()
    return f"{y}-{int(mo):02d}-{int(d):02d}"


def _charset(resp: requests.Response) -> str:
    match = re.search(r"charset=([\w-]+)", resp.headers["Content-Type"])
    return match.group(1) if match else "utf-8"


def test_trs_list_paginates_with_create_page_html(demo: DemoSites) -> None:
    site = demo.site("xianning-amr")
    first = requests.get(site.list_urls[0], timeout=TIMEOUT)
    assert first.status_code == 200
    html = first.content.decode("gbk")
    count, index, name, ext = re.search(
        r'createPageHTML\((\d+),\s*(\d+),\s*"(\w+)",\s*"(\w+)"\)', html).groups()
    assert (count, index, name, ext) == ("3", "0", "index", "html")
    found: set[str] = set()
    for i in range(int(count)):
        url = urljoin(site.list_urls[0], f"{name}_{i}.{ext}" if i else f"{name}.{ext}")
        resp = requests.get(url, timeout=TIMEOUT)
        assert resp.status_code == 200, url
        page = resp.content.decode("gbk")
        assert f"createPageHTML({count}, {i}, " in page
        hrefs = re.findall(r'<li><a href="(\./[^"]+)"', page)
        assert 10 <= len(hrefs) <= 20 or i == int(count) - 1
        found |= {urljoin(url, h)[len(site.base_url):] for h in hrefs}
    assert found == _truth_paths("xianning-amr")
    # Titles are cut in the list; only title= holds the full one.
    assert "..." in html


def test_gbk_site_is_served_and_decodes_as_gbk(demo: DemoSites) -> None:
    site = demo.site("xianning-amr")
    report = next(r for r in expected_reports() if r.site_id == site.id and not r.synthetic)
    resp = requests.get(site.url(report.path), timeout=TIMEOUT)
    assert resp.headers["Content-Type"] == "text/html; charset=GBK"
    assert "咸宁市市场监督管理局".encode("gbk") in resp.content
    try:
        resp.content.decode("utf-8")
        raise AssertionError("a GBK page should not decode as UTF-8")
    except UnicodeDecodeError:
        pass
    text = resp.content.decode("gbk")
    # Real TRS pages put the charset meta after <title>; Word-pasted bodies bring a second one.
    assert text.index("<title>") < text.index("charset=gbk")
    assert 'content="text/html; charset=gb2312"' in text
    assert resp.encoding and resp.encoding.lower() == "gbk"  # requests reads the header charset
    assert report.title in resp.text


def test_generic_list_paginates_with_next_links(demo: DemoSites) -> None:
    site = demo.site("fuzhou-amr")
    url: str | None = site.list_urls[0]
    seen_pages, found = 0, set()
    while url:
        resp = requests.get(url, timeout=TIMEOUT)
        assert resp.status_code == 200 and resp.encoding.lower() == "utf-8"
        found |= set(re.findall(r'<a href="(/sjgz/tzgg/\d{4}-\d\d/\d\d/content_\d+\.html)"', resp.text))
        seen_pages += 1
        nxt = re.search(r'<a href="([^"]+)">下一页</a>', resp.text)
        url = urljoin(url, nxt.group(1)) if nxt else None
    assert seen_pages == 3
    assert found == _truth_paths("fuzhou-amr")


def test_hanweb_column_embeds_first_records_and_dataproxy_returns_the_rest(demo: DemoSites) -> None:
    site = demo.site("hedong-amr")
    spec = site_spec("hedong-amr")
    html = requests.get(site.list_urls[0], timeout=TIMEOUT).text
    assert '<script type="text/xml">' in html and "<datastore>" in html
    total = int(re.search(r"totalRecord:\s*(\d+)", html).group(1))
    per_page = int(re.search(r"perPage:\s*(\d+)", html).group(1))
    embedded = re.findall(r"<record><!\[CDATA\[\s*<li><a href=\"([^\"]+)\"", html)
    assert len(embedded) == per_page < total
    assert re.search(r"<span>\d{4}-\d\d-\d\d</span></li>", html)

    found = list(embedded)
    proxy = urljoin(site.base_url, "/module/web/jpage/dataproxy.jsp")
    form = {"col": "1", "appid": "1", "webid": str(spec.webid), "path": "/",
            "columnid": str(spec.column["id"]), "unitid": str(spec.unitid), "permissiontype": "0"}
    for start in range(per_page + 1, total + 1, per_page):
        query = {"startrecord": start, "endrecord": start + per_page - 1, "perpage": per_page}
        # Sites are driven both ways: a POST form (the jpage script) and a GET query (crawlers).
        post = requests.post(proxy, params=query, data=form, timeout=TIMEOUT)
        get = requests.get(proxy, params={**query, **form}, timeout=TIMEOUT)
        assert post.status_code == 200 and post.headers["Content-Type"].startswith("text/xml")
        assert post.content == get.content
        records = re.findall(r"<record><!\[CDATA\[\s*<li><a href=\"([^\"]+)\"", post.text)
        assert 1 <= len(records) <= per_page
        found += records
    assert len(found) == total == len(set(found))
    assert set(found) == _truth_paths("hedong-amr")


def test_report_pages_carry_the_fixture_body_verbatim(demo: DemoSites) -> None:
    for report in expected_reports():
        site = demo.site(report.site_id)
        resp = requests.get(site.url(report.path), timeout=TIMEOUT)
        assert resp.status_code == 200
        body_lines = html_lines(resp.content, _charset(resp), BODY_XPATH[report.site_id])
        fixture = load_fixture(report.fixture)
        expected = [ln.strip() for ln in fixture.body.split("\n") if ln.strip()]
        assert body_lines == expected, report.path
        text = page_text(resp.content, _charset(resp))
        assert report.title in text
        assert report.published in text  # the visible 发布时间 line
        assert _url_date(report.path) == report.published


def test_report_chrome_lines_are_on_the_page_outside_the_body(demo: DemoSites) -> None:
    for report in expected_reports():
        site = demo.site(report.site_id)
        resp = requests.get(site.url(report.path), timeout=TIMEOUT)
        lines = [" ".join(ln.split()) for ln in html_lines(resp.content, _charset(resp))]
        text = " ".join(page_text(resp.content, _charset(resp)).split())
        for chrome in load_fixture(report.fixture).chrome:
            assert " ".join(chrome.split()) in lines or chrome in text, (report.path, chrome)
        for marker in ("ICP备", "公网安备", "网站标识码", "技术支持", "版权所有", "当前位置", "分享到"):
            assert marker in text, (report.site_id, marker)


def test_synthetic_pages_say_so_in_markup_only(demo: DemoSites) -> None:
    for report in expected_reports():
        html = requests.get(demo.site(report.site_id).url(report.path), timeout=TIMEOUT)
        raw = html.content.decode(_charset(html))
        assert ('<meta name="demo-synthetic" content="true">' in raw) is report.synthetic
        assert ("SYNTHETIC" in raw) is report.synthetic


def test_pubdate_meta_is_a_migration_date_on_one_real_report(demo: DemoSites) -> None:
    report = next(r for r in expected_reports() if r.site_id == "xianning-amr" and not r.synthetic)
    raw = requests.get(demo.site("xianning-amr").url(report.path), timeout=TIMEOUT).content.decode("gbk")
    pubdate = re.search(r'<meta name="PubDate" content="([^"]+)"', raw).group(1)
    assert not pubdate.startswith(report.published)
    assert f"发布时间：{report.published}" in raw
    assert f"/t{report.published.replace('-', '')}_" in report.path


def test_lookalike_pages_have_bodies(demo: DemoSites) -> None:
    for other in lookalikes():
        resp = requests.get(demo.site(other.site_id).url(other.path), timeout=TIMEOUT)
        assert resp.status_code == 200
        body = html_lines(resp.content, _charset(resp), BODY_XPATH[other.site_id])
        assert len(body) >= 3 and len("".join(body)) > 80, other.path
        assert "{" not in "".join(body), other.path  # every placeholder filled


def test_robots_allows_everything_and_unknown_paths_404(demo: DemoSites) -> None:
    for site in demo.sites:
        robots = requests.get(site.url("/robots.txt"), timeout=TIMEOUT)
        assert robots.status_code == 200 and "Disallow:\n" in robots.text
        assert "Disallow: /" not in robots.text
        missing = requests.get(site.url("/no/such/page.html"), timeout=TIMEOUT)
        assert missing.status_code == 404 and "404" in missing.text


def test_sources_file(demo: DemoSites, tmp_path) -> None:
    import yaml

    path = demo.write_sources(tmp_path / "sources.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [s["id"] for s in data["sources"]] == ["xianning-amr", "hedong-amr", "fuzhou-amr"]
    xianning = data["sources"][0]
    assert xianning["agency"] == "咸宁市市场监督管理局"
    assert xianning["region"] == {"province": "湖北省", "city": "咸宁市", "county": None}
    assert xianning["list_urls"] == demo.site("xianning-amr").list_urls
    assert data["sources"][1]["region"]["county"] == "河东区"
    assert data == {"sources": demo.sources()}
