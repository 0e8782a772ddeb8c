"""Read a column (list) page: the items it links to and the URLs of its further pages.

Pure functions over decoded HTML; the crawler fetches. Three shapes cover the CMSs seen on
government sites:
- plain <a> links (any CMS), with numbered or 下一页 pagination links;
- TRS WCM, where pagination is written by `createPageHTML(count, current, "index", "html")`
  in a script and the further pages are index_1.html, index_2.html …;
- Hanweb, where the items are CDATA records inside `<script type="text/xml"><datastore>` and
  further pages come from `/module/web/jpage/dataproxy.jsp` with startrecord/endrecord/perpage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urljoin, urlparse, urlunparse

import lxml.html
from lxml import etree

_DATE_RE = re.compile(r"((?:19|20)\d{2})[-/.年](\d{1,2})[-/.月](\d{1,2})")
_CREATE_PAGE_RE = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"]([^'\"]+)['\"]\s*,\s*['\"]([^'\"]+)['\"]"
)
_DATASTORE_RE = re.compile(r"<datastore>.*?</datastore>", re.S | re.I)
_CDATA_RE = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.S)
_TOTAL_RE = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>", re.I)
_NEXTGROUP_RE = re.compile(r"<nextgroup>\s*<!\[CDATA\[(.*?)\]\]>\s*</nextgroup>", re.S | re.I)
_PROXY_RE = re.compile(r"""['"]?(/module/web/jpage/dataproxy\.jsp[^'"\s<>]*)""")
_PERPAGE_RE = re.compile(r"perpage['\"]?\s*[:=]\s*['\"]?(\d+)", re.I)
_NEXT_WORDS = ("下一页", "下页", "后一页", "尾页", "末页", "最后一页", "next", "last")
_NEXT_GROUP_RE = re.compile(r"^下\s*\d+\s*页$")  # 下5页: jump to the next group of pages
_DATE_ONLY_RE = re.compile(r"^[\[【(（]?\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[\]】)）]?$")
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
    next_pages = _dedupe([*_trs_pages(html, url), *_hanweb_pages(html, url), *_link_pages(root, url)], url)
    return ListPage(tuple(items.values()), tuple(next_pages))


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
    for anchor in root.iter("a"):
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
        parent = anchor.getparent()
        context = _clean(parent.text_content()) if parent is not None else ""
        date = _date_near(context.replace(title, "")) or _date_near(_clean(anchor.text_content()))
        found.append(ListItem(absolute.split("#")[0], title, date))
    return found


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
    for store in _DATASTORE_RE.findall(html):
        store = _NEXTGROUP_RE.sub("", store)
        for fragment in _CDATA_RE.findall(store):
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
    return [urljoin(url, f"{stem}_{i}.{ext}") for i in range(1, count)]


def _hanweb_pages(html: str, url: str) -> list[str]:
    total_match = _TOTAL_RE.search(html)
    proxy_match = _NEXTGROUP_RE.search(html)
    proxy = None
    if proxy_match:
        inner = _PROXY_RE.search(proxy_match.group(1))
        proxy = inner.group(1) if inner else None
    if proxy is None:
        inner = _PROXY_RE.search(html)
        proxy = inner.group(1) if inner else None
    if proxy is None or not total_match:
        return []
    total = int(total_match.group(1))
    perpage_match = _PERPAGE_RE.search(html)
    perpage = int(perpage_match.group(1)) if perpage_match else 15
    shown = len(_datastore_items(html, url)) or perpage
    proxy_url = urljoin(url, proxy.replace("&amp;", "&"))
    parsed = urlparse(proxy_url)
    params = [(k, v) for k, v in parse_qsl(parsed.query) if k not in ("startrecord", "endrecord", "perpage")]
    pages = []
    for start in range(shown + 1, total + 1, perpage):
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
        numbered = text.isdigit() and same_dir and re.search(r"\d", name)
        sibling = same_dir and stem and name.startswith(stem) and re.fullmatch(rf"{re.escape(stem)}[_-]?\d+\.\w+", name)
        if any(w in text.lower() for w in _NEXT_WORDS) or _NEXT_GROUP_RE.match(text) or numbered or sibling:
            pages.append(urlunparse(target._replace(fragment="")))
    filled = _fill_numbered(pages, url, stem)
    return [*filled, *(p for p in pages if p not in filled)]


def _fill_numbered(pages: list[str], url: str, stem: str) -> list[str]:
    """Pagers show a window of numbers plus 下N页/尾页 (index_1 … index_4, index_9, index_24):
    the pages in between exist too. Fill stem_min … stem_max in the list page's directory (the
    lowest linked number, since CMSs start at _1 or _2)."""
    base_dir = urlparse(url).path.rsplit("/", 1)[0]
    numbers: dict[int, str] = {}
    for page in pages:
        target = urlparse(page)
        directory, name = target.path.rsplit("/", 1)
        match = re.fullmatch(rf"{re.escape(stem)}_(\d+)\.(\w+)", name)
        if directory == base_dir and match and not target.query:
            numbers[int(match.group(1))] = match.group(2)
    if len(numbers) < 2:
        return []
    top = min(max(numbers), _MAX_FILLED_PAGES)
    ext = numbers[max(numbers)]
    return [urljoin(url, f"{stem}_{i}.{ext}") for i in range(min(numbers), top + 1)]


def _dedupe(urls: list[str], current: str) -> list[str]:
    seen = {current}
    out = []
    for u in urls:
        if u not in seen:
            seen.add(u)
            out.append(u)
    return out
