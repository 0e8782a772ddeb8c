"""Title, publication date, agency and report year of a report page.

Each value comes from several kinds of evidence, and which one won is recorded:

* title: the ArticleTitle <meta> (extended when a heading or <title> shows it was truncated),
  else an <h1>, else <title> minus the site name;
* published: the PubDate <meta>, checked against the visible 发布时间/发布日期 line near the title
  (or the labelled date of the 信息公开 information table - 索引号/发布机构/发文日期/... - wherever
  it sits; 发布日期 before 发文日期, 成文日期 only when nothing else is shown) and a date in the URL
  (t20240312_...). PubDate is sometimes the date the site migrated its CMS: when the visible
  date disagrees it wins ("visible"); without one a URL date far from PubDate wins ("url").
  A PubDate later than a date labelled 发布时间/发布日期 always loses, even when the URL agrees
  with it (a migration or regeneration time is never earlier than the article), and a PubDate equal to the page's regeneration time (页面生成时间 in
  <meta name="others"> or on the page) is no evidence of publication: then a labelled 发布时间
  anywhere on the page, the URL date, and only when nothing else dates the page that time as an
  upper bound ("regenerated");
* agency: ContentSource <meta>, the visible 来源 line, the information table's 发布机构, the
  signature block closing the body, or the title; a short form (市场监管局) is replaced by the
  signature's full name when they agree;
* report_year: the year the report COVERS, not the year it was posted: the first year in the
  title, else one in the first body lines (2023年以来, 2023年度; not a signing date such as
  （2024年1月12日）), else 今年以来 there (the publication year; the year before when posted in
  January/February), else a 总结/报告 title published in December (that year), else publication
  year - 1.

Patterns (meta names, labels, URL date forms, agency suffixes) live in data/metadata_patterns.yaml.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from lxml import etree

from .agency import complete_agency
from .htmltext import element_lines, normalize_space
from .patterns import metadata_patterns

__all__ = [
    "InfoTable",
    "PageMetadata",
    "agency_like",
    "choose_published",
    "extract_metadata",
    "info_table",
    "is_regeneration_time",
    "meta_tags",
    "parse_date",
    "regeneration_stamps",
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
# A year in the body head, not the year of a full date: "（2024年1月12日）" is when the report
# was signed, not what it covers.
_BODY_YEAR_RE = re.compile(
    rf"(?<!\d)((?:19|20)\d{{2}})\s*年(?!\s*\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)"
    rf"|({_CN_YEAR})\s*年(?!\s*{_CN_NUM}\s*月\s*{_CN_NUM}\s*日)"
)
# How far around the body container the visible date/source line is looked for.
_HEADER_WINDOW = 30
_BODY_HEAD_LINES = 5
_AGREE_DAYS = 45
_BARE_DATE_LINES = 6
# What continues a truncated ArticleTitle: words, not a separator or a lone bracket.
_TRUNCATION_TAIL = re.compile(r"[\u4e00-\u9fff\w]{2}")
_BYLINE_TAIL = re.compile(r"\s*(?:(?:19|20)\d{2}\s*[-/.年]|(?:来源|发布|时间|日期|作者|字号))")
_PAREN_REMARK = re.compile(r"\s*[（(][^（）()]*[）)]$")
_CATALOG_HINT = re.compile(r"索\s*[引取]\s*号|文\s*号|文件编号|主题分类|公开分类|公开方式|公开范围|公开时限")
_BARE_DATE_RE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(\s+\d{1,2}:\d{2}(:\d{2})?)?")


@dataclass(frozen=True)
class PageMetadata:
    title: str | None
    title_source: str | None
    published: str | None  # YYYY-MM-DD
    published_source: str | None  # meta / visible / url / regenerated (only the page's generation time: an upper bound)
    agency: str | None
    agency_source: str | None  # meta / visible / table / signature / title
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


def _alternatives(words: Sequence[str]) -> str:
    return "|".join(map(re.escape, words))


@lru_cache(maxsize=1)
def _visible_date_regexes() -> tuple[re.Pattern[str], ...]:
    """One regex per group of visible_date_labels, in the data file's order of preference."""
    # The label must start a word: 日期 inside 生成日期/成文日期 is another date.
    return tuple(
        re.compile(rf"(?<![\u4e00-\u9fff])({_alternatives(labels)})\s*[:：]?\s*(?=\d{{4}})")
        for labels in metadata_patterns()["visible_date_labels"]
    )


def _visible_date_from(lines: Sequence[str]) -> dt.date | None:
    for regex in _visible_date_regexes():
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


# --- the 信息公开 information table ---------------------------------------------------------

@dataclass(frozen=True)
class InfoTable:
    """Label -> value of the page's 信息公开 metadata table (labels without whitespace)."""
    fields: dict[str, str]

    def first(self, labels: Sequence[str]) -> tuple[str, str] | None:
        for label in labels:
            value = self.fields.get(label)
            if value:
                return label, value
        return None


@lru_cache(maxsize=1)
def _label_regex() -> re.Pattern[str]:
    labels = sorted(metadata_patterns()["info_table"]["labels"], key=len, reverse=True)
    alts = "|".join(r"\s*".join(map(re.escape, label)) for label in labels)
    # A label starts a cell or follows a space (行政处罚决定书文号 is no 文号 label) and ends in a
    # colon, the cell's end, or a space before more text.
    return re.compile(rf"(?<![\u4e00-\u9fff])({alts})\s*(?:[:：]|$)")


@lru_cache(maxsize=1)
def _label_starts() -> re.Pattern[str]:
    """The first characters of the table labels: a line without any holds no label."""
    starts = {label[:1] for label in metadata_patterns()["info_table"]["labels"]}
    if "" in starts:
        return re.compile("")  # an empty label matches anywhere
    return re.compile(f"[{''.join(map(re.escape, sorted(starts)))}]")


@lru_cache(maxsize=1)
def _info_labels() -> frozenset[str]:
    return frozenset(metadata_patterns()["info_table"]["labels"])


_LABEL_NOISE = re.compile(r"[\s:：]")


def _bare_label(cell: str, labels: frozenset[str]) -> bool:
    return _LABEL_NOISE.sub("", cell) in labels


def _squeeze(text: str) -> str:
    """Text without whitespace: str.split() splits on exactly the characters regex \\s matches."""
    return "".join(text.split())


def _info_block_fields(block: Sequence[str]) -> dict[str, str]:
    """Label/value pairs of a table block in any of its layouts:
    "索引号：\n014717475N/2023-0040295" (label and value lines), "索 引 号\t0024…\t公开分类\t"
    (alternating cells), "发布机构: 省教育厅\t生成日期: 2024-10-21" (label: value cells), and a
    header row over a single value row ("索取号\t发布时间\t发布机构" / "0764…\t\t上海市卫生健康委员会")."""
    labels = _info_labels()
    regex = _label_regex()
    fields: dict[str, str] = {}

    def put(label: str, value: str) -> None:
        key = _squeeze(label)
        if key not in fields or not fields[key]:
            fields[key] = value.strip()

    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(block):
        cells = block[i].split("\t")
        # Header row over exactly one value row of the same width (more value rows: a listing).
        named = [c for c in cells if c.strip()]
        if (
            len(cells) >= 3 and i + 1 < len(block) and not any(":" in c or "：" in c for c in cells)
            and sum(_bare_label(c, labels) for c in named) * 2 > len(named)
        ):
            values = block[i + 1].split("\t")
            after = block[i + 2].split("\t") if i + 2 < len(block) else []
            if len(values) == len(cells) and not any(_bare_label(v, labels) for v in values if v.strip()):
                if len(after) != len(cells):
                    for label, value in zip(cells, values):
                        if label.strip():
                            put(label, value)
                i += 2
                continue
        # Tokens: labels and the texts between them; an empty cell of a row is an (empty) text.
        for cell in cells:
            pos = 0
            for match in regex.finditer(cell):
                text = cell[pos:match.start()].strip()
                if text:
                    tokens.append(("text", text))
                tokens.append(("label", match.group(1)))
                pos = match.end()
            rest = cell[pos:].strip()
            if rest or (len(cells) > 1 and not cell.strip()):
                tokens.append(("text", rest))
        i += 1
    # A label takes the text right after it; a label right after a label has no value.
    for (kind, value), (next_kind, next_value) in zip(tokens, [*tokens[1:], ("label", "")]):
        if kind == "label":
            put(value, next_value if next_kind == "text" else "")
    return fields


def info_table(lines: Sequence[str]) -> InfoTable | None:
    """The page's 信息公开 table: the first run of short lines (gaps of at most two lines: the
    value lines between label lines) naming at least `min_labels` distinct table labels, one of
    them a catalog label (索引号, 文号, 主题分类, 公开方式 ...), wherever it sits on the page."""
    data = metadata_patterns()["info_table"]
    regex = _label_regex()
    catalog = set(data["catalog_labels"])
    starts = _label_starts()
    hits: list[tuple[int, set[str]]] = []
    for i, line in enumerate(lines):
        if len(line) > 200 or not starts.search(line):
            continue
        found = {_squeeze(m.group(1)) for cell in line.split("\t") for m in regex.finditer(cell)}
        if found:
            hits.append((i, found))
    start = 0
    while start < len(hits):
        end = start
        while end + 1 < len(hits) and hits[end + 1][0] - hits[end][0] <= 3:
            end += 1
        names = set().union(*(found for _, found in hits[start:end + 1]))
        if len(names) >= int(data["min_labels"]) and names & catalog:
            first, last = hits[start][0], hits[end][0]
            fields = _info_block_fields(lines[first:last + 3])  # one row past: a second value row is a listing
            if fields:
                return InfoTable(fields)
        start = end + 1
    return None


def _table_date(table: InfoTable | None, kind: str) -> tuple[dt.date | None, str | None]:
    if table is None:
        return None, None
    for label in metadata_patterns()["info_table"][kind]:
        found = parse_date(table.fields.get(label))
        if found:
            return found, label
    return None, None


_CLOCK_RE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?[\sT]*(\d{1,2}):(\d{2})")


def _stamp(text: str | None) -> tuple[dt.date, str | None] | None:
    """(date, "HH:MM" or None) of the first date in text."""
    day = parse_date(text)
    if day is None or text is None:
        return None
    clock = _CLOCK_RE.search(text)
    return day, (f"{int(clock.group(1)):02d}:{clock.group(2)}" if clock else None)


# (date, "HH:MM" or None, whether the label says it is the page's generation time)
Stamp = tuple[dt.date, str | None, bool]
_META_CONTENTS = etree.XPath("//meta/@content", smart_strings=False)


def _covering_pieces(words: Sequence[str]) -> tuple[str, ...]:
    """A few two-character pieces such that every word contains one of them (greedy cover): a
    text containing none of the pieces contains none of the words, checked in a few scans."""
    if not all(words):
        return ("",)  # an empty word is in every text
    pieces: list[str] = []
    left = list(words)
    while left:
        counts: dict[str, int] = {}
        for word in left:
            for piece in dict.fromkeys(word[i:i + 2] for i in range(max(1, len(word) - 1))):
                counts[piece] = counts.get(piece, 0) + 1
        best = max(counts, key=lambda piece: counts[piece])
        pieces.append(best)
        left = [w for w in left if best not in w]
    return tuple(pieces)


@lru_cache(maxsize=1)
def _regeneration_labels() -> tuple[re.Pattern[str], tuple[str, ...], frozenset[str]]:
    """(regex of a labelled stamp, pieces every label contains one of, the labels that name the
    page's generation)."""
    data = metadata_patterns()["regeneration_labels"]
    labels = tuple(sorted([*data["page"], *data["generic"]], key=len, reverse=True))
    regex = re.compile(rf"({_alternatives(labels)})\s*[:：]?\s*(?=(?:19|20)\d{{2}})")
    return regex, _covering_pieces(labels), frozenset(data["page"])


def regeneration_stamps(tree: etree._Element, page_text: str) -> list[Stamp]:
    """When the page says it was (re)generated: <meta name="others" content="页面生成时间 …">,
    页面生成时间：… / 生成日期：… in its text (labels: data/metadata_patterns.yaml)."""
    regex, pieces, page_labels = _regeneration_labels()
    texts = _META_CONTENTS(tree)
    stamps = []
    # The regex steps through every character of the page; most pages name no label at all.
    if any(piece in page_text for piece in pieces):
        texts.append(page_text)
    for text in texts:
        for match in regex.finditer(text):
            found = _stamp(text[match.end():match.end() + 32])
            if found:
                stamps.append((*found, match.group(1) in page_labels))
    return stamps


def is_regeneration_time(pubdate: str | None, stamps: Sequence[Stamp]) -> bool:
    """PubDate names the day of a page-generation stamp (and its minute, when both give one), or
    the very minute of a generic 生成时间/生成日期 stamp."""
    own = _stamp(pubdate)
    if own is None:
        return False
    day, clock = own
    for s_day, s_clock, says_page in stamps:
        if day != s_day:
            continue
        if clock and s_clock:
            if clock == s_clock:
                return True
        elif says_page:
            return True
    return False


@lru_cache(maxsize=1)
def _publication_label_regex() -> re.Pattern[str]:
    labels = metadata_patterns()["visible_date_labels"][0]
    return re.compile(rf"(?<![\u4e00-\u9fff])(?:{_alternatives(labels)})\s*[:：]?\s*(?=(?:19|20)\d{{2}})")


def _labelled_date_anywhere(page_text: str) -> dt.date | None:
    """The first date after a publication label (发布时间, 发布日期 ...) anywhere on the page: only
    asked when PubDate is known to be a regeneration time and the byline gave nothing."""
    for match in _publication_label_regex().finditer(page_text):
        found = parse_date(page_text[match.end():match.end() + 24])
        if found:
            return found
    return None


def choose_published(
    meta: dt.date | None,
    visible: dt.date | None,
    url: dt.date | None,
    url_has_day: bool = True,
    visible_labelled: bool = False,
) -> tuple[dt.date | None, str | None, str | None]:
    """(date, source, note). See the module docstring for why the order is what it is.

    `visible_labelled`: the visible date follows a publication label (发布时间/发布日期/公开日期),
    not a 发文日期 or an unlabelled byline date; a later PubDate then loses even when the URL date
    agrees with it (a migrated page gets a new URL dated like its new PubDate)."""
    def close(a: dt.date, b: dt.date) -> bool:
        if not url_has_day and b is url:
            return (a.year, a.month) == (b.year, b.month) or abs((a - b).days) <= _AGREE_DAYS
        return abs((a - b).days) <= _AGREE_DAYS

    if meta and visible:
        if meta == visible:
            return meta, "meta", None
        if not (visible_labelled and meta > visible) and url and close(meta, url) and not close(visible, url):
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

_AGENCY_CHARS = re.compile(r"[\u4e00-\u9fff（）()·]+")


@lru_cache(maxsize=1)
def _agency_words() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(township suffixes, rejected words, agency suffixes) as tuples: str.endswith takes them."""
    data = metadata_patterns()
    return tuple(data["township_suffixes"]), tuple(data["agency_rejects"]), tuple(data["agency_suffixes"])


def agency_like(text: str | None) -> bool:
    if not text:
        return False
    text = _PAREN_REMARK.sub("", text)
    township_suffixes, rejects, suffixes = _agency_words()
    shortest = 3 if text.endswith(township_suffixes) else 4
    if not shortest <= len(text) <= 40 or not _AGENCY_CHARS.fullmatch(text):
        return False
    if any(word in text for word in rejects):
        return False
    return text.endswith(suffixes)


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


@lru_cache(maxsize=1)
def _source_regex() -> re.Pattern[str]:
    return re.compile(rf"({_alternatives(metadata_patterns()['source_labels'])})\s*[:：]\s*([^\s:：|｜【】]+)")


def _visible_source(lines: Sequence[str]) -> str | None:
    regex = _source_regex()
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
    if not published:
        return None, None
    rules = metadata_patterns()["report_year"]
    if re.search(_alternatives(rules["this_year_words"]), head):
        # 今年以来: the year it was written, i.e. published, unless posted just after New Year.
        early = published.month <= int(rules["early_months"])
        return (published.year - 1 if early else published.year), "body"
    text = title or ""
    if (
        published.month == 12
        and any(word in text for word in rules["summary_words"])
        and not any(word in text for word in rules["plan_words"])
    ):
        return published.year, "published"  # a year-end 工作总结 covers the year it closes
    return published.year - 1, "published"


# --- all together --------------------------------------------------------------------------

def needs_page_lines(page_text: str) -> bool:
    """Whether the lines of the whole page are read (for the information table): only when the
    page names a catalog label at all, which most pages do not."""
    return _CATALOG_HINT.search(page_text) is not None


def extract_metadata(
    tree: etree._Element,
    url: str,
    body_lines: Sequence[str],
    header_lines: Sequence[str],
    title: tuple[str | None, str | None] | None = None,
    page_lines: Sequence[str] | None = None,
    places: Sequence[str | None] = (),
    page_text: str | None = None,
    tags: dict[str, str] | None = None,
) -> PageMetadata:
    """Metadata of a page whose body is already extracted.

    `header_lines` are the page lines around the top of the body (above the container and the
    lines stripped from its head): where the visible date and source lines are. `page_lines`
    (all lines of the page; computed from `tree` when None) is where the information table is.
    `places` (the sources entry's province, city, county, when known) complete a short agency name.
    `tags` (meta_tags(tree)) spares reading the <meta> tags again when the caller has them.
    """
    tags = meta_tags(tree) if tags is None else tags
    title_text, title_source = title if title is not None else title_from(tree, tags)
    notes: list[str] = []
    page_text = page_text if page_text is not None else tree.text_content() or ""
    if page_lines is None:
        page_lines = [line.text for line in element_lines(tree)] if needs_page_lines(page_text) else []

    pubdate = _first_meta(tags, "published")
    meta_date = parse_date(pubdate)
    regenerated: dt.date | None = None
    if meta_date and is_regeneration_time(pubdate, regeneration_stamps(tree, page_text)):
        notes.append(f"PubDate {pubdate} is the page's regeneration time (页面生成时间), not its publication date")
        regenerated, meta_date = meta_date, None
    # The information table may sit above the title (where the byline search does not look) or
    # below the body: it is read from the whole page.
    table = info_table(page_lines)
    table_published, table_label = _table_date(table, "published_labels")
    byline_date = _visible_date(header_lines, title_text)
    table_signed, signed_label = _table_date(table, "signed_labels")
    if table_published:
        visible_date = table_published
        if byline_date and byline_date != table_published:
            notes.append(f"information table {table_label} {table_published} differs from the byline date {byline_date}; kept the table")
    elif byline_date:
        visible_date = byline_date
    else:
        visible_date, table_label = table_signed, signed_label
    if visible_date is None and regenerated:
        visible_date = _labelled_date_anywhere("\n".join(page_lines or [line.text for line in element_lines(tree)]))
    from_url, url_has_day = url_date(url)
    publication_labels = metadata_patterns()["visible_date_labels"][0]
    visible_labelled = bool(visible_date) and (
        table_label in publication_labels
        if table_published
        else visible_date == _labelled_date_anywhere("\n".join(_after_title(header_lines, title_text)))
    )
    published, published_source, note = choose_published(meta_date, visible_date, from_url, url_has_day, visible_labelled)
    if published is None and regenerated:
        # Nothing else dates the page: the regeneration time is an upper bound, said as such.
        published, published_source = regenerated, "regenerated"
    if published_source == "visible" and table_label and visible_date in (table_published, table_signed):
        notes.append(f"visible date from the information table ({table_label})")
    if note:
        notes.append(note)

    signature = _signature(body_lines)
    table_agency = table.first(metadata_patterns()["info_table"]["agency_labels"]) if table else None
    candidates = [
        ("meta", _first_meta(tags, "agency")),
        ("visible", _visible_source(header_lines)),
        ("table", table_agency[1] if table_agency else None),
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
    if agency:
        # 县市场监管局 on a county site: the place the page leaves out (agency.py).
        seen = [_PAREN_REMARK.sub("", value) for _, value in candidates if agency_like(value)]
        completed = complete_agency(
            agency, seen=seen, region=places, site_name=_first_meta(tags, "site"), title=title_text, body_lines=body_lines
        )
        if completed:
            notes.append(f"agency {agency} given without its place; {completed[0]} (place from the {completed[1]})")
            agency, agency_source = completed[0], f"{agency_source}+{completed[1]}"

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
