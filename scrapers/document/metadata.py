"""Title, publication date, agency and report year of a report page.

Each value comes from several kinds of evidence, and which one won is recorded:

* title: the ArticleTitle <meta> (extended when a heading or <title> shows it was truncated),
  else an <h1>, else <title> minus the site name;
* published: the PubDate <meta>, checked against the visible 发布时间/发布日期 line near the title
  and a date in the URL (t20240312_...). PubDate is sometimes the date the site migrated its
  CMS: when the visible line disagrees it wins ("visible"); without a visible line a URL date
  far from PubDate wins ("url");
* agency: ContentSource <meta>, the visible 来源 line, the signature block closing the body, or
  the title; a short form (市场监管局) is replaced by the signature's full name when they agree;
* report_year: the year the report COVERS, not the year it was posted: the first year in the
  title, else one in the first body lines (2023年以来, 2023年度), else publication year - 1.

Patterns (meta names, labels, URL date forms, agency suffixes) live in data/metadata_patterns.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from .htmltext import normalize_space
from .patterns import metadata_patterns

__all__ = [
    "PageMetadata",
    "agency_like",
    "choose_published",
    "extract_metadata",
    "meta_tags",
    "parse_date",
    "report_year_from",
    "title_from",
    "url_date",
]

_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR = "[〇○零Ｏ一二三四五六七八九]{4}"
_CN_NUM = "[一二三四五六七八九十]{1,3}"
_CN_DATE_RE = re.compile(rf"({_CN_YEAR})\s*年\s*({_CN_NUM})\s*月\s*({_CN_NUM})\s*日")
_YEAR_RE = re.compile(rf"(?<!\d)((?:19|20)\d{{2}})(?!\d)|({_CN_YEAR})(?=\s*年)")
_BODY_YEAR_RE = re.compile(rf"(?<!\d)((?:19|20)\d{{2}})\s*年|({_CN_YEAR})\s*年")
# How far around the body container the visible date/source line is looked for.
_HEADER_WINDOW = 30
_BODY_HEAD_LINES = 5
_AGREE_DAYS = 45
_BARE_DATE_LINES = 6
# What continues a truncated ArticleTitle: words, not a separator or a lone bracket.
_TRUNCATION_TAIL = re.compile(r"[\u4e00-\u9fff\w]{2}")
_BYLINE_TAIL = re.compile(r"\s*(?:(?:19|20)\d{2}\s*[-/.年]|(?:来源|发布|时间|日期|作者|字号))")
_PAREN_REMARK = re.compile(r"\s*[（(][^（）()]*[）)]$")
_BARE_DATE_RE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?")


@dataclass(frozen=True)
class PageMetadata:
    title: str | None
    title_source: str | None
    published: str | None  # YYYY-MM-DD
    published_source: str | None  # meta / visible / url
    agency: str | None
    agency_source: str | None  # meta / visible / signature / title
    report_year: int | None
    report_year_source: str | None  # title / body / published
    notes: tuple[str, ...] = field(default=())


# --- small parsers -------------------------------------------------------------------------

def _cn_number(text: str) -> int:
    """一..九十九 as used in dates (十二, 二十一, 三十)."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)


def _cn_year(text: str) -> int:
    return int("".join(str(_CN_DIGITS[ch]) for ch in text))


def parse_date(text: str | None) -> dt.date | None:
    """First date in text: 2024-03-12, 2024/3/12, 2024年3月12日, 二〇二四年三月十二日."""
    if not text:
        return None
    for match in _DATE_RE.finditer(text):
        try:
            return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            continue
    match = _CN_DATE_RE.search(text)
    if match:
        try:
            return dt.date(_cn_year(match.group(1)), _cn_number(match.group(2)), _cn_number(match.group(3)))
        except (ValueError, KeyError):
            return None
    return None


def url_date(url: str) -> tuple[dt.date | None, bool]:
    """(date in the URL, whether it has a day); month-only URLs give the 1st and False."""
    for regex in metadata_patterns()["url_date_regexes"]:
        match = regex.search(url)
        if not match:
            continue
        parts = match.groupdict()
        try:
            day = int(parts["d"]) if parts.get("d") else 1
            return dt.date(int(parts["y"]), int(parts["m"]), day), bool(parts.get("d"))
        except ValueError:
            continue
    return None, False


def meta_tags(tree: etree._Element) -> dict[str, str]:
    """<meta name|property=... content=...>, names lower-cased; the first occurrence wins."""
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("name") or meta.get("property") or "").strip().lower()
        content = meta.get("content")
        if name and content is not None and name not in found:
            found[name] = normalize_space(content)
    return found


def _first_meta(tags: dict[str, str], field_name: str) -> str | None:
    for name in metadata_patterns()["meta_names"][field_name]:
        value = tags.get(name.lower())
        if value:
            return value
    return None


# --- title ---------------------------------------------------------------------------------

def _title_tag_parts(tree: etree._Element, site: str | None) -> list[str]:
    node = tree.find(".//title")
    raw = normalize_space(node.text_content() if node is not None else "")
    if not raw:
        return []
    parts = [raw]
    for sep in metadata_patterns()["title_separators"]:
        parts = [p.strip() for part in parts for p in part.split(sep)]
    # "标题-中国科普网": a bare hyphen is only a separator when what follows names a site
    # (a plain split would cut "1-10月德清县...").
    endings = tuple(metadata_patterns()["site_name_endings"])
    trimmed = []
    for part in parts:
        head, sep, tail = part.rpartition("-")
        if sep and head and len(tail) <= 16 and (tail == site or tail.rstrip("!！").endswith(endings)):
            part = head.strip()
        trimmed.append(part)
    parts = [p for p in trimmed if p and p != site]
    # The article title is the longest piece; site and column names are short.
    return sorted(parts, key=len, reverse=True)


def _title_tag_raw(tree: etree._Element) -> str:
    node = tree.find(".//title")
    return normalize_space(node.text_content() if node is not None else "")


def _site_like(text: str, site: str | None) -> bool:
    """A <title> piece naming the site or an agency rather than an article."""
    if site and text == site:
        return True
    endings = tuple(metadata_patterns()["site_name_endings"])
    return text.rstrip("!！").endswith(endings) or agency_like(text)


def _continues(short: str, longer: str) -> bool:
    """`longer` continues `short` directly (a cut-off title), not after a space or a byline
    ("标题 重点关注 济南政府网", "标题 2023-08-19 来源：解放日报")."""
    a, b = normalize_space(short), normalize_space(longer)
    if b.startswith(a):
        tail = b[len(a):]
        return bool(tail) and not tail[0].isspace() and not _BYLINE_TAIL.match(tail)
    return True  # spacing differs inside the title: keep the squeezed comparison's verdict


def _headings(tree: etree._Element) -> list[str]:
    texts = []
    for node in tree.iter("h1", "h2", "h3"):
        text = normalize_space(node.text_content())
        if 4 <= len(text) <= 200:
            texts.append(text)
    return texts


def title_from(tree: etree._Element, tags: dict[str, str] | None = None) -> tuple[str | None, str | None]:
    tags = meta_tags(tree) if tags is None else tags
    site = _first_meta(tags, "site")
    title_parts = _title_tag_parts(tree, site)
    headings = _headings(tree)
    meta_title = _first_meta(tags, "title")
    if meta_title:
        squeezed = re.sub(r"\s", "", meta_title)
        # ArticleTitle is cut at a fixed length on some CMSs: a longer heading that starts with it
        # is the full title.
        for longer in [*headings, *title_parts]:
            rest = re.sub(r"\s", "", longer)
            if rest.startswith(squeezed) and _TRUNCATION_TAIL.match(rest[len(squeezed):]) and _continues(meta_title, longer):
                return longer, "meta+heading"
        return meta_title, "meta"
    if title_parts:
        # A heading that is one whole piece of <title> ("站点-栏目-董寿平美术馆") is the title.
        pieces = {normalize_space(p) for p in re.split(r"\s*(?:[-_|｜—–－]|\s{1,})\s*", _title_tag_raw(tree))}
        for heading in headings:
            if heading in pieces and not _site_like(heading, site):
                return heading, "h1"
        # Site and agency names are pieces of <title> too; the article title is the longest of
        # the others ("从信息社会迈向智能社会_中央网络安全和信息化委员会办公室").
        ranked = sorted(title_parts, key=lambda p: (_site_like(p, site), -len(p)))
        best = ranked[0]
        for heading in headings:
            if heading == best or best.startswith(heading):
                return heading, "h1"
        return best, "title"
    if headings:
        return headings[0], "h1"
    return None, None


# --- published -----------------------------------------------------------------------------

def _after_title(lines: Sequence[str], title: str | None) -> Sequence[str]:
    """The lines from the (last) title line on: the byline sits under the title, sidebars with
    other articles' dates sit elsewhere."""
    if not title:
        return lines
    key = re.sub(r"\s", "", title)
    for i in range(len(lines) - 1, -1, -1):
        line = re.sub(r"\s", "", lines[i])
        if line == key or (key in line and len(line) <= len(key) + 12):
            return lines[i:]
    return lines


def _visible_date(lines: Sequence[str], title: str | None = None) -> dt.date | None:
    """From the last title line on; when nothing is found there, from each earlier title line
    (templates that repeat the title under the byline: 标题 / 发布日期… / 标题)."""
    found = _visible_date_from(_after_title(lines, title))
    if found is None and title:
        key = re.sub(r"\s", "", title)
        for i in range(len(lines) - 1, -1, -1):
            if re.sub(r"\s", "", lines[i]) == key:
                found = _visible_date_from(lines[i:])
                if found:
                    break
    return found


def _visible_date_from(lines: Sequence[str]) -> dt.date | None:
    groups = metadata_patterns()["visible_date_labels"]
    for labels in groups:
        # The label must start a word: 日期 inside 生成日期/成文日期 is another date.
        regex = re.compile(rf"(?<![\u4e00-\u9fff])({'|'.join(map(re.escape, labels))})\s*[:：]?\s*(?=\d{{4}})")
        for line in lines:
            for match in regex.finditer(line):
                found = parse_date(line[match.end():match.end() + 24])
                if found:
                    return found
    # Unlabelled date in a byline: "2021年06月10日 17:35 来源：...", "来源：宣教中心 2022-11-14 14:59"
    for line in lines:
        if len(line) <= 120 and re.search(r"来源|作者|浏览|点击", line):
            found = parse_date(line)
            if found:
                return found
    # A bare date(-time) line right above the body: the byline of templates without labels.
    for line in list(lines)[-_BARE_DATE_LINES:]:
        if _BARE_DATE_RE.fullmatch(line):
            return parse_date(line)
    return None


def choose_published(
    meta: dt.date | None, visible: dt.date | None, url: dt.date | None, url_has_day: bool = True
) -> tuple[dt.date | None, str | None, str | None]:
    """(date, source, note). See the module docstring for why the order is what it is."""
    def close(a: dt.date, b: dt.date) -> bool:
        if not url_has_day and b is url:
            return (a.year, a.month) == (b.year, b.month) or abs((a - b).days) <= _AGREE_DAYS
        return abs((a - b).days) <= _AGREE_DAYS

    if meta and visible:
        if meta == visible:
            return meta, "meta", None
        if url and close(meta, url) and not close(visible, url):
            return meta, "meta", f"visible date {visible} disagrees with PubDate {meta} and URL date; kept PubDate"
        return visible, "visible", f"PubDate {meta} disagrees with the visible date {visible} (migration date?)"
    if meta and url:
        if close(meta, url):
            return meta, "meta", None
        return url, "url", f"PubDate {meta} is far from the URL date {url} (migration date?)"
    if meta:
        return meta, "meta", None
    if visible:
        return visible, "visible", None
    if url and url_has_day:
        return url, "url", None
    return None, None, None


# --- agency --------------------------------------------------------------------------------

def agency_like(text: str | None) -> bool:
    if not text:
        return False
    text = _PAREN_REMARK.sub("", text)
    data = metadata_patterns()
    if not 4 <= len(text) <= 40 or not re.fullmatch(r"[\u4e00-\u9fff（）()·]+", text):
        return False
    if any(word in text for word in data["agency_rejects"]):
        return False
    return any(text.endswith(suffix) for suffix in data["agency_suffixes"])


def _expand(name: str) -> str:
    for short, full in metadata_patterns()["agency_abbreviations"].items():
        name = name.replace(short, full) if full not in name else name
    return name


def _signature(body_lines: Sequence[str]) -> str | None:
    """The issuing agency in the closing block: a name line just above the date line."""
    tail = [line.strip() for line in body_lines[-4:]]
    for i in range(len(tail) - 1, -1, -1):
        line = tail[i]
        if len(line) <= 20 and parse_date(line) and re.fullmatch(r"[\d\s年月日〇○零一二三四五六七八九十-]+", line):
            for candidate in reversed(tail[:i]):
                if agency_like(candidate):
                    return candidate
                break
            return None
    last = tail[-1] if tail else ""
    return last if agency_like(last) else None


def _visible_source(lines: Sequence[str]) -> str | None:
    labels = metadata_patterns()["source_labels"]
    regex = re.compile(rf"({'|'.join(map(re.escape, labels))})\s*[:：]\s*([^\s:：|｜【】]+)")  # noqa: E501
    for line in lines:
        for match in regex.finditer(line):
            if agency_like(match.group(2)):
                return match.group(2)
    return None


def _title_agency(title: str | None) -> str | None:
    if not title:
        return None
    head = re.split(rf"关于|(?<!\d)(?:19|20)\d{{2}}|{_CN_YEAR}", title, maxsplit=1)[0].strip()
    return head if agency_like(head) else None


# --- report year ---------------------------------------------------------------------------

def _years(text: str, regex: re.Pattern[str]) -> list[int]:
    years = []
    for match in regex.finditer(text):
        arabic, chinese = match.group(1), match.group(2)
        try:
            years.append(int(arabic) if arabic else _cn_year(chinese))
        except KeyError:
            continue
    return years


def report_year_from(
    title: str | None, body_lines: Sequence[str], published: dt.date | None
) -> tuple[int | None, str | None]:
    latest = published.year if published else dt.date.today().year + 1

    def plausible(year: int) -> bool:
        return 1990 <= year <= latest

    for year in _years(title or "", _YEAR_RE):
        if plausible(year):
            return year, "title"
    head = "\n".join(body_lines[:3])[:400]
    for year in _years(head, _BODY_YEAR_RE):
        if plausible(year):
            return year, "body"
    if published:
        return published.year - 1, "published"
    return None, None


# --- all together --------------------------------------------------------------------------

def extract_metadata(
    tree: etree._Element,
    url: str,
    body_lines: Sequence[str],
    header_lines: Sequence[str],
    title: tuple[str | None, str | None] | None = None,
) -> PageMetadata:
    """Metadata of a page whose body is already extracted.

    `header_lines` are the page lines around the top of the body (above the container and the
    lines stripped from its head): where the visible date and source lines are.
    """
    tags = meta_tags(tree)
    title_text, title_source = title if title is not None else title_from(tree, tags)
    notes: list[str] = []

    meta_date = parse_date(_first_meta(tags, "published"))
    visible_date = _visible_date(header_lines, title_text)
    from_url, url_has_day = url_date(url)
    published, published_source, note = choose_published(meta_date, visible_date, from_url, url_has_day)
    if note:
        notes.append(note)

    signature = _signature(body_lines)
    candidates = [
        ("meta", _first_meta(tags, "agency")),
        ("visible", _visible_source(header_lines)),
        ("signature", signature),
        ("title", _title_agency(title_text)),
    ]
    agency, agency_source = None, None
    for source, value in candidates:
        if agency_like(value):
            # 济南市文化和旅游局（原市文广新局）: the remark is not part of the name.
            agency, agency_source = _PAREN_REMARK.sub("", value), source
            break
    if agency and signature and agency_source != "signature":
        # 市场监管局 in ContentSource or the title, 某市市场监督管理局 in the signature: same body,
        # and the signature has the full name.
        short, full = _expand(agency), _expand(signature)
        if short == full or full.endswith(short) or short in full:
            agency, agency_source = signature, "signature"

    year, year_source = report_year_from(title_text, body_lines, published)
    return PageMetadata(
        title=title_text,
        title_source=title_source,
        published=published.isoformat() if published else None,
        published_source=published_source,
        agency=agency,
        agency_source=agency_source,
        report_year=year,
        report_year_source=year_source,
        notes=tuple(notes),
    )
