"""Read a column (list) page: the items it links to and the URLs of its further pages.

Pure functions over decoded HTML; the crawler fetches. Three shapes cover the CMSs seen on
government sites:
- plain <a> links (any CMS), with numbered or 下一页 pagination links;
- TRS WCM, where pagination is written by `createPageHTML(count, current, "index", "html")`
  in a script and the further pages are index_1.html, index_2.html …;
- Hanweb, where the items are CDATA records inside `<script type="text/xml"><datastore>` and
  further pages come from `/module/web/jpage/dataproxy.jsp` with startrecord/endrecord/perpage.
Pagers written by script are read from the page count and the URL template in the script
(TRS document.write pagers, goPage(n) / jquery.page.js backFn with location.href='index_'+n+'.html',
the 集约化 createPageHTML('div', count, current, 'index', 'shtml', total)); numbered pagers whose
links differ by a query parameter (?page=N, pageNum=N, currentPage=N) are filled like index_N.html.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlparse, urlunparse

import lxml.html
from lxml import etree

from scrapers.textscan import blocks, without_blocks

_DATE_RE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_CREATE_PAGE_RE = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([^'\"]+)['\"]\s*,\s*['\"]([^'\"]+)['\"]"
)
# 集约化 / TRS 海云 variant: createPageHTML('page_div', count, current (1-based), 'index', 'shtml', total).
_CREATE_PAGE_DIV_RE = re.compile(
    r"createPageHTML\(\s*['\"][^'\"]*['\"]\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([^'\"]+)['\"]\s*,\s*['\"]([^'\"]+)['\"]"
)
# Blocks (script, datastore, CDATA) are cut with scrapers.textscan, not `<x>(.*?)</x>`: with
# an unclosed tag that regex rescans to the end from every opening (quadratic on hostile pages).
_SCRIPT_OPEN_RE = re.compile(r"<script\b[^>]{0,2000}>", re.I)
_SCRIPT_CLOSE_RE = re.compile(r"</script\s*>", re.I)
_JS_CONCAT_RE = re.compile(r"""\\?(["'])\s*\+\s*\\?\1""")  # "index"+"_" -> "index_"
# A page URL built in script: 'index_' + n + '.html', "list-" + p + ".html", "index_" + (countPage-1) + ".html"
# Matched from the separator on; the stem is the run of URL characters just before it (see
# _stem_before). A lazy stem inside the regex was quadratic on a long run of word characters.
_JS_PAGE_URL_RE = re.compile(
    r"""(?P<sep>[_-])\\?["']\s*\+\s*[^;+'"]{1,40}?\s*\+\s*\\?["']\.(?P<ext>s?html?|jsp|php|aspx?)\b"""
)
_STEM_CHAR_RE = re.compile(r"[\w./-]")
_MAX_STEM = 200
_JS_COUNT_RE = re.compile(
    r"\b(?:countPage|pageCount|totalPages?|pageTotal|page_count|_nPageCount|maxPage|pages)\s*(?::|=(?!=))\s*['\"]?(\d+)", re.I
)
_JS_CURRENT_RE = re.compile(r"\b(?:currentPage|curPage|current|pageIndex|nowPage|cur_page)\s*(?::|=(?!=))\s*['\"]?(\d+)", re.I)
# Query parameters that number the pages of a list (?page=2, pageNum=2, currentPage=2 …).
_PAGE_PARAMS = {"page", "pagenum", "pageno", "currentpage", "curpage", "pageindex", "pn", "p", "pg", "pageid", "page_no"}
# Column (list) pages, not documents: index.html, list_2.shtml, default.aspx …
_LIST_NAME_RE = re.compile(r"^(index|list|default|more)([_-]\d+)?\.\w+$", re.I)
# A month-day without year (03-12, 3月12日), dated by a year heading or the URL.
_MONTH_DAY_RE = re.compile(r"(?<![\d./-])(\d{1,2})(?:[-/.]|月)(\d{1,2})日?(?![\d./-])")
_YEAR_HEAD_RE = re.compile(r"^((?:19|20)\d{2})\s*年?度?$")
_URL_YEAR_MONTH_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])(?:[/_-]?\d{2})?(?!\d)")
_ROW_TAGS = {"li", "tr", "dd", "dt", "p"}
_MAX_ROW_TEXT = 80  # characters besides the title that an item's row may show (索引号, dates, source)
_DATASTORE_OPEN_RE, _DATASTORE_CLOSE_RE = re.compile(r"<datastore>", re.I), re.compile(r"</datastore>", re.I)
_CDATA_OPEN_RE, _CDATA_CLOSE_RE = re.compile(re.escape("<![CDATA[")), re.compile(re.escape("]]>"))
_NEXTGROUP_OPEN_RE, _NEXTGROUP_CLOSE_RE = re.compile(r"<nextgroup>", re.I), re.compile(r"</nextgroup>", re.I)
_TOTAL_RE = re.compile(r"<totalrecord>[ \t\r\n]{0,100}(\d{1,12})[ \t\r\n]{0,100}</totalrecord>", re.I)
_PROXY_RE = re.compile(r"""['"]?(/module/web/jpage/dataproxy\.jsp[^'"\s<>]*)""")
_PERPAGE_RE = re.compile(r"perpage['\"]?[ \t]{0,20}[:=][ \t]{0,20}['\"]?(\d{1,9})", re.I)
_NEXT_WORDS = ("下一页", "下页", "后一页", "尾页", "末页", "最后一页", "next", "last")
_NEXT_GROUP_RE = re.compile(r"^下\s*\d+\s*页$")  # 下5页: jump to the next group of pages
_DATE_ONLY_RE = re.compile(r"^[\[【(（]?\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[\]】)）]?$")
# No pager, whatever counts it claims, yields more page URLs than this (a 300-byte page claiming
# 8,000,000 records of 1 per page built millions); the crawl then takes only max_list_pages.
_MAX_FILLED_PAGES = 1000
# Non-content links every list page carries; never candidates.
_SKIP_SCHEMES = ("javascript:", "mailto:", "tel:", "#")
_DOC_EXT_RE = re.compile(r"\.(s?html?|jsp|php|aspx?|pdf|docx?|wps)(\?|$)|/\d+/?$|/t\d{8}_\d+", re.I)


@dataclass(frozen=True)
class ListItem:
    url: str
    title: str
    date: str | None  # YYYY-MM-DD as shown next to the item, if any


@dataclass(frozen=True)
class ListPage:
    items: tuple[ListItem, ...]
    next_pages: tuple[str, ...]  # further list pages of the same column, in order


def parse_list_page(html: str, url: str) -> ListPage:
    items: dict[str, ListItem] = {}
    for item in _datastore_items(html, url):
        items.setdefault(item.url, item)
    root = _parse(html)
    if root is not None:
        for item in _anchor_items(root, url):
            items.setdefault(item.url, item)
    next_pages = _dedupe(
        [*_trs_pages(html, url), *_script_pages(html, url), *_hanweb_pages(html, url), *_link_pages(root, url)], url
    )
    # The column's own link (breadcrumb, side menu) and its pager links are not items.
    not_items = {_no_fragment(url), *next_pages}
    return ListPage(tuple(i for i in items.values() if i.url not in not_items), tuple(next_pages))


def _no_fragment(url: str) -> str:
    return url.split("#")[0]


def _parse(html: str) -> etree._Element | None:
    try:
        return lxml.html.fromstring(html)
    except (etree.ParserError, ValueError):
        return None


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _date_near(text: str) -> str | None:
    match = _DATE_RE.search(text)
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _anchor_items(root: etree._Element, base_url: str) -> list[ListItem]:
    base_host = urlparse(base_url).netloc
    found: list[ListItem] = []
    year_heading: int | None = None
    long_links = _long_links_below(root)
    for anchor in root.iter():
        if not isinstance(anchor.tag, str):
            continue
        if anchor.tag != "a":
            if anchor.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "dt", "caption", "th", "strong", "b", "span", "div", "p", "li"):
                head = _YEAR_HEAD_RE.match(_clean(anchor.text_content()))
                if head:
                    year_heading = int(head.group(1))
            continue
        href = (anchor.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP_SCHEMES):
            continue
        absolute = urljoin(base_url, href)
        parsed = urlparse(absolute)
        if parsed.scheme not in ("http", "https") or parsed.netloc != base_host:
            continue  # discovery stays on the configured site
        title = _clean(anchor.get("title")) or _anchor_text(anchor)
        if len(title) < 6 or not _DOC_EXT_RE.search(parsed.path + ("?" if parsed.query else "")):
            continue  # navigation, pagination and other short links
        contexts = _row_contexts(anchor, title, long_links)
        date = next((d for d in (_date_near(c) for c in contexts) if d), None)
        if date is None:
            year = year_heading or _url_year(parsed.path, contexts)
            date = next((d for d in (_month_day(c, year) for c in contexts) if d), None) if year else None
        if date is None and _LIST_NAME_RE.match(parsed.path.rsplit("/", 1)[-1]):
            continue  # an undated link to a column's index/list page: navigation, not a document
        found.append(ListItem(absolute.split("#")[0], title, date))
    return found


def _long_links_below(root: etree._Element) -> dict[etree._Element, int]:
    """How many links with a text of 6+ characters each element near them holds (up to 4 levels
    up), counted once for the whole page: asking every row "is another link in here?" by walking
    its subtree was quadratic on a page of one huge container of links."""
    counts: dict[etree._Element, int] = {}
    for anchor in root.iter("a"):
        if len(_clean(anchor.text_content())) < 6:
            continue
        node = anchor.getparent()
        for _ in range(4):
            if node is None:
                break
            counts[node] = counts.get(node, 0) + 1
            node = node.getparent()
    return counts


def _row_contexts(anchor: etree._Element, title: str, long_links: dict[etree._Element, int]) -> list[str]:
    """Text shown with the item, nearest first: the anchor's parent, then up to the row (li, tr,
    dd …) while no other long link shares it and it stays row-sized, so a date in a sibling table
    cell is found; last the anchor's own text (a date inside the link)."""
    contexts: list[str] = []
    node = anchor.getparent()
    for _ in range(4):
        if node is None:
            break
        own = 1 if len(_clean(anchor.text_content())) >= 6 else 0
        if long_links.get(node, 0) - own > 0:
            break  # another item's link shares this element
        context = _clean(node.text_content()).replace(title, " ")
        if contexts and len(context) > _MAX_ROW_TEXT:
            break  # a whole block, not the item's row: a date in it may belong to anything
        contexts.append(context)
        if node.tag in _ROW_TAGS:
            break
        node = node.getparent()
    contexts.append(_clean(anchor.text_content()).replace(title, " "))
    return contexts


def _month_day(text: str, year: int) -> str | None:
    match = _MONTH_DAY_RE.search(text)
    if not match:
        return None
    month, day = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _url_year(path: str, contexts: list[str]) -> int | None:
    """The year of a month-day shown without one, from the document URL (…/202403/…,
    t20240312_…) when the URL's month is the month shown."""
    match = _URL_YEAR_MONTH_RE.search(path)
    if not match:
        return None
    shown = next((m for m in (_MONTH_DAY_RE.search(c) for c in contexts) if m), None)
    if shown is None or int(shown.group(1)) != int(match.group(2)):
        return None
    return int(match.group(1))


def _anchor_text(anchor: etree._Element) -> str:
    """The anchor's text without elements inside it that hold only a date (<a><font>title</font>
    <font>2020-01-09</font></a>, a common list-row layout): the date is not part of the title."""
    dated = [el for el in anchor.iterdescendants() if isinstance(el.tag, str) and _DATE_ONLY_RE.match(_clean(el.text_content()))]
    if not dated:
        return _clean(anchor.text_content())
    dated_ids = {id(el) for el in dated}
    skip = {id(d) for el in dated for d in el.iter()}
    parts: list[str] = [anchor.text or ""]
    for el in anchor.iterdescendants():
        if id(el) in skip:
            if id(el) in dated_ids:
                parts.append(el.tail or "")
            continue
        if isinstance(el.tag, str):
            parts.append(el.text or "")
        parts.append(el.tail or "")
    return _clean(" ".join(parts))


def _datastore_items(html: str, base_url: str) -> list[ListItem]:
    found: list[ListItem] = []
    for store in blocks(html, _DATASTORE_OPEN_RE, _DATASTORE_CLOSE_RE):
        store = without_blocks(store, _NEXTGROUP_OPEN_RE, _NEXTGROUP_CLOSE_RE)
        for fragment in blocks(store, _CDATA_OPEN_RE, _CDATA_CLOSE_RE):
            root = _parse(f"<div>{fragment}</div>")
            if root is not None:
                found.extend(_anchor_items(root, base_url))
    return found


def _trs_pages(html: str, url: str) -> list[str]:
    match = _CREATE_PAGE_RE.search(html)
    if not match:
        return []
    count, _current, stem, ext = int(match.group(1)), int(match.group(2)), match.group(3), match.group(4)
    # TRS numbers the first page stem.ext and the rest stem_1.ext … stem_{count-1}.ext.
    return [urljoin(url, f"{stem}_{i}.{ext}") for i in range(1, min(count, _MAX_FILLED_PAGES + 1))]


def _script_pages(html: str, url: str) -> list[str]:
    """Pagers written by script. Two shapes:
    - createPageHTML('page_div', count, current, 'index', 'shtml', total) (集约化 / TRS 海云):
      pages are 1-based, the first stem.ext, then stem_2 … stem_count;
    - a page count (var countPage = 5, pageCount: 6) and a page URL template in the script
      ('index_' + n + '.html', "list-" + p + ".html", TRS "index"+"_" + nextPage + "."+"html"): pages
      stem_1 … stem_{count-1} when the script counts the current page from 0 (TRS), else stem_2 …
      stem_count. The template's name must be the list page's own (index, list …), so a script that
      builds document links is not read as a pager."""
    match = _CREATE_PAGE_DIV_RE.search(html)
    if match:
        count, current, stem, ext = int(match.group(1)), int(match.group(2)), match.group(3), match.group(4)
        first = [urljoin(url, f"{stem}.{ext}")] if current > 1 else []
        return [*first, *(urljoin(url, f"{stem}_{i}.{ext}") for i in range(2, min(count, _MAX_FILLED_PAGES) + 1))]
    if _CREATE_PAGE_RE.search(html):
        return []  # TRS createPageHTML(count, current, …) already says which pages exist (_trs_pages)
    own = re.sub(r"([_-]\d+)?\.\w+$", "", urlparse(url).path.rsplit("/", 1)[-1]) or "index"
    for script in blocks(html, _SCRIPT_OPEN_RE, _SCRIPT_CLOSE_RE):
        js = _JS_CONCAT_RE.sub("", script)
        count_match = _JS_COUNT_RE.search(js)
        if not count_match:
            continue
        for template in _JS_PAGE_URL_RE.finditer(js):
            stem = _stem_before(js, template.start())
            if stem.rsplit("/", 1)[-1] not in (own, "index", "list", "default"):
                continue
            count = min(int(count_match.group(1)), _MAX_FILLED_PAGES)
            current = _JS_CURRENT_RE.search(js)
            first = 1 if current and int(current.group(1)) == 0 else 2
            last = count - 1 if first == 1 else count
            sep, ext = template.group("sep"), template.group("ext")
            return [urljoin(url, f"{stem}{sep}{i}.{ext}") for i in range(first, last + 1)]
    return []


def _stem_before(js: str, end: int) -> str:
    """The URL characters right before a page template's separator ('index' of 'index_'+n+'.html'),
    with a letter in them."""
    start = end
    while start > max(0, end - _MAX_STEM) and _STEM_CHAR_RE.match(js, start - 1):
        start -= 1
    stem = js[start:end]
    return stem if re.search(r"[A-Za-z]", stem) else ""


def _hanweb_pages(html: str, url: str) -> list[str]:
    total_match = _TOTAL_RE.search(html)
    proxy = None
    for group in blocks(html, _NEXTGROUP_OPEN_RE, _NEXTGROUP_CLOSE_RE):
        inner = _PROXY_RE.search(group)
        proxy = inner.group(1) if inner else None
        break
    if proxy is None:
        inner = _PROXY_RE.search(html)
        proxy = inner.group(1) if inner else None
    if proxy is None or not total_match:
        return []
    total = int(total_match.group(1))
    perpage_match = _PERPAGE_RE.search(html)
    perpage = int(perpage_match.group(1)) if perpage_match else 15
    if perpage <= 0:
        perpage = 15  # `perpage: 0` ended a night with a ValueError; the CMS default is 15
    shown = len(_datastore_items(html, url)) or perpage
    proxy_url = urljoin(url, proxy.replace("&amp;", "&"))
    parsed = urlparse(proxy_url)
    params = [(k, v) for k, v in parse_qsl(parsed.query) if k not in ("startrecord", "endrecord", "perpage")]
    pages = []
    last = min(total, shown + perpage * _MAX_FILLED_PAGES)
    for start in range(shown + 1, last + 1, perpage):
        end = min(start + perpage - 1, total)
        query = urlencode([*params, ("startrecord", start), ("endrecord", end), ("perpage", perpage)])
        pages.append(urlunparse(parsed._replace(query=query)))
    return pages


def _link_pages(root: etree._Element | None, url: str) -> list[str]:
    """Pagination links: 下一页, or numbered links to a sibling of the list URL."""
    if root is None:
        return []
    base = urlparse(url)
    stem = re.sub(r"(_\d+)?\.\w+$", "", base.path.rsplit("/", 1)[-1]) or "index"  # …/col/ serves index.*
    pages: list[str] = []
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.lower().startswith(_SKIP_SCHEMES):
            continue
        text = _clean(anchor.text_content())
        target = urlparse(urljoin(url, href))
        if target.netloc != base.netloc:
            continue
        same_dir = target.path.rsplit("/", 1)[0] == base.path.rsplit("/", 1)[0]
        name = target.path.rsplit("/", 1)[-1]
        numbered = text.isdigit() and same_dir and (re.search(r"\d", name) or _page_param(target.query))
        sibling = same_dir and stem and name.startswith(stem) and re.fullmatch(rf"{re.escape(stem)}[_-]?\d+\.\w+", name)
        if any(w in text.lower() for w in _NEXT_WORDS) or _NEXT_GROUP_RE.match(text) or numbered or sibling:
            pages.append(urlunparse(target._replace(fragment="")))
    filled = [*_fill_numbered(pages, url, stem), *_fill_query_numbered(pages)]
    return [*filled, *(p for p in pages if p not in filled)]


def _page_param(query: str) -> str | None:
    """The name of the query parameter that numbers the page (page, pageNum, currentPage …)."""
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key.lower() in _PAGE_PARAMS and value.isdigit():
            return key
    return None


def _fill_query_numbered(pages: list[str]) -> list[str]:
    """?page=2 … ?page=5 and 尾页 ?page=12 (开普云), index.html?uid=…&pageNum=5 (JCMS),
    list.jsp?columnId=…&currentPage=7 (东软): the pages between exist too. Links that differ only
    in the page number are grouped; each group with two or more numbers is filled min … max, the
    rest of the URL kept as the site wrote it."""
    groups: dict[tuple[str, str], dict[int, None]] = {}
    for page in pages:
        target = urlparse(page)
        key = _page_param(target.query)
        if key is None:
            continue
        number = re.search(rf"(?:^|&){re.escape(key)}=(\d+)", target.query)
        if number is None:
            continue  # the parameter is percent-encoded; leave it
        start = len(page) - len(target.query)  # pager URLs carry no fragment: the query ends them
        head, tail = page[: start + number.start(1)], page[start + number.end(1) :]
        groups.setdefault((head, tail), {})[int(number.group(1))] = None
    filled: list[str] = []
    for (head, tail), numbers in groups.items():
        if len(numbers) >= 2:
            top = min(max(numbers), min(numbers) + _MAX_FILLED_PAGES)
            filled.extend(f"{head}{n}{tail}" for n in range(min(numbers), top + 1))
    return filled


def _fill_numbered(pages: list[str], url: str, stem: str) -> list[str]:
    """Pagers show a window of numbers plus 下N页/尾页 (index_1 … index_4, index_9, index_24):
    the pages in between exist too. Fill stem_min … stem_max in the list page's directory (the
    lowest linked number, since CMSs start at _1 or _2)."""
    base_dir = urlparse(url).path.rsplit("/", 1)[0]
    numbers: dict[int, str] = {}
    for page in pages:
        target = urlparse(page)
        directory, name = target.path.rsplit("/", 1)
        match = re.fullmatch(rf"{re.escape(stem)}([_-])(\d+)\.(\w+)", name)
        if directory == base_dir and match and not target.query:
            numbers[int(match.group(2))] = (match.group(1), match.group(3))
    if len(numbers) < 2:
        return []
    top = min(max(numbers), _MAX_FILLED_PAGES)
    sep, ext = numbers[max(numbers)]
    return [urljoin(url, f"{stem}{sep}{i}.{ext}") for i in range(min(numbers), top + 1)]


def _dedupe(urls: list[str], current: str) -> list[str]:
    seen = {current}
    out = []
    for u in urls:
        if u not in seen:
            seen.add(u)
            out.append(u)
    return out
