"""Hanweb (大汉) style pages (河东): UTF-8, #zoom body, list items as CDATA records in a
``<script type="text/xml"><datastore>``, further records from ``/module/web/jpage/dataproxy.jsp``.

Modelled on shared/html a01/a15/a18. The column page embeds only its first page of records (as
sites with groupSize 1 do), so a crawler that ignores dataproxy.jsp sees a third of the column.
"""

from __future__ import annotations

from collections.abc import Mapping

from scrapers.demo.catalog import Item, SiteSpec
from scrapers.demo.cms.common import (
    body_paragraphs,
    esc,
    footer_lines,
    guideline_metas,
    jiucuo_modal,
    neighbours,
    synthetic_marker,
)

DATAPROXY_PATH = "/module/web/jpage/dataproxy.jsp"


def render_pages(spec: SiteSpec) -> dict[str, str]:
    pages: dict[str, str] = {"/": _home(spec), "/index.html": _home(spec)}
    pages[spec.list_paths[0]] = _column_page(spec)
    for item in spec.items:
        pages[item.path] = _article(spec, item)
    return pages


def record(item: Item) -> str:
    return (
        f'<li><a href="{item.path}" target="_blank" title="{esc(item.title)}">{esc(item.title)}</a>'
        f"<span>{item.date}</span></li>"
    )


def datastore(spec: SiteSpec, start: int, end: int, per_page: int) -> str:
    """The XML that both the column page embeds and dataproxy.jsp answers (1-based, inclusive)."""
    total = len(spec.items)
    chosen = spec.items[max(start, 1) - 1 : max(end, 0)]
    records = "\n".join(f"<record><![CDATA[\n{record(it)}\n]]></record>" for it in chosen)
    pages = -(-total // max(per_page, 1))
    return (
        f"<datastore>\n<nextgroup><![CDATA[<a href=\"{DATAPROXY_PATH}?page=1&webid={spec.webid}"
        f"&path=/&columnid={spec.column['id']}&unitid={spec.unitid}&permissiontype=0\"></a>]]></nextgroup>\n"
        f"<recordset>\n{records}\n</recordset>\n"
        f"<totalrecord>{total}</totalrecord><totalpage>{pages}</totalpage>\n</datastore>"
    )


def dataproxy(spec: SiteSpec, params: Mapping[str, str]) -> str | None:
    """Answer dataproxy.jsp (GET query or POST form); None for a column this site lacks."""
    if str(params.get("columnid", spec.column["id"])) != str(spec.column["id"]):
        return None
    per_page = _int(params.get("perpage"), spec.per_page)
    start = _int(params.get("startrecord"), 1)
    end = _int(params.get("endrecord"), start + 3 * per_page - 1)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + datastore(spec, start, end, per_page)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _head(spec: SiteSpec, title: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="UTF-8">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta name="viewport" content="width=device-width,initial-scale=1.0">
<title>{esc(title)}</title>
{extra}
<link rel="stylesheet" href="/images/hanweb.css">
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
</head>"""


def _top(spec: SiteSpec) -> str:
    return f"""<div class="top"><div class="w1200"><span>欢迎访问{esc(spec.site_name)}！</span><span class="fr"><a href="javascript:;">无障碍</a> | <a href="javascript:;">长者模式</a> | <a href="/col/col4000/index.html">English</a></span></div></div>
<div class="head"><div class="w1200"><img src="/images/logo.png" alt="{esc(spec.site_name)}"><div class="search"><input id="keyword" placeholder="请输入关键字"><button onclick="doSearch()">搜索</button></div></div></div>
<div class="menu"><ul><li><a href="/">首页</a></li><li><a href="/col/col4001/index.html">走进河东</a></li><li><a href="/col/col4002/index.html">政务公开</a></li><li><a href="/col/col4003/index.html">政务服务</a></li><li><a href="/col/col4004/index.html">政民互动</a></li></ul></div>"""


def _position(spec: SiteSpec) -> str:
    col = spec.column
    return (
        f'<div class="current-position">当前位置：<a href="/index.html">首页</a>'
        f'<table cellspacing="0" cellpadding="0" border="0" style="display:inline"><tr>'
        f'<td> &gt; <a href="/col/col4002/index.html">政务公开</a></td>'
        f'<td> &gt; <a href="/col/col4050/index.html">{esc(col["parent"])}</a></td>'
        f'<td> &gt; <a href="{spec.list_paths[0]}">{esc(col["name"])}</a></td></tr></table></div>'
    )


def _footer(spec: SiteSpec) -> str:
    lines = "<br>".join(esc(line) for line in footer_lines(spec))
    return f"""<div class="footer"><div class="w1200"><div class="f-links"><a href="/col/col4090/index.html">网站地图</a> | <a href="/col/col4091/index.html">联系我们</a> | <a href="/col/col4092/index.html">网站声明</a></div>
<div class="f-text">{lines}</div>
<div class="f-img"><a href="http://bszs.conac.cn/" target="_blank"><img src="/images/red.png" alt="党政机关"></a><script id="_jiucuo_" sitecode="{spec.site_code}" src="/images/jiucuo.js"></script></div></div></div>
<!-- visitcount Begin --><iframe src="/module/visitcount/visit.jsp?type=1&i_webid={spec.webid}&i_columnid={spec.column['id']}" name="vishidden" frameborder="0" style="display:none"></iframe><!-- visitcount End -->"""


def _home(spec: SiteSpec) -> str:
    latest = "".join(record(it) for it in spec.items[:8])
    return f"""{_head(spec, spec.site_name)}
<body>{_top(spec)}
<div class="w1200"><h2><a href="{spec.list_paths[0]}">{esc(spec.column['name'])}</a></h2><ul>{latest}</ul></div>
{_footer(spec)}</body></html>"""


def _column_page(spec: SiteSpec) -> str:
    col = spec.column
    per = spec.per_page
    metas = (
        f'<meta name="SiteName" content="{esc(spec.site_name)}">\n'
        f'<meta name="SiteDomain" content="{spec.site_domain}">\n'
        f'<meta name="SiteIDCode" content="{spec.site_code}">\n'
        f'<meta name="ColumnName" content="{esc(col["name"])}">'
    )
    return f"""{_head(spec, f"{col['name']} {spec.site_name}", metas)}
<body>
<div id="hiddenLocation" style="display:none;"><span id="ss_webid">{spec.webid}</span><span id="col1_name">{esc(col['name'])}</span><span id="col1_url">{spec.list_paths[0]}</span></div>
{_top(spec)}
{_position(spec)}
<div class="w1200 main">
<div class="lm-left"><h3>{esc(col['parent'])}</h3><ul><li><a href="/col/col4052/index.html">机构职能</a></li><li class="on"><a href="{spec.list_paths[0]}">{esc(col['name'])}</a></li><li><a href="/col/col4053/index.html">行政执法公示</a></li><li><a href="/col/col4054/index.html">双随机一公开</a></li></ul></div>
<div class="lm-right">
<div class="lm-title">{esc(col['name'])}</div>
<div class="default_pgContainer" id="{col['id']}">
<script type="text/xml">
{datastore(spec, 1, per, per)}
</script>
</div>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>
<script>
$(document).ready(function(){{
  $('#{col['id']}').jpage({{
    dataStore: $('#{col['id']} script[type="text/xml"]').text(),
    totalRecord: {len(spec.items)},
    perPage: {per},
    groupSize: 1,
    proxyUrl: '{DATAPROXY_PATH}',
    ajaxParam: {{col: 1, appid: 1, webid: {spec.webid}, path: '/', columnid: {col['id']}, sourceContentType: 1, unitid: {spec.unitid}, webname: '{esc(spec.site_name)}', permissiontype: 0}},
    barPosition: 'bottom',
    showMode: 'full'
  }});
}});
</script>
</div>
</div>
{_footer(spec)}
</body>
</html>"""


def _article(spec: SiteSpec, item: Item) -> str:
    y, m, d = item.date.split("-")
    paragraphs = "\n".join(
        f'<p style="text-align: right;"><span style="font-family: 仿宋_GB2312; font-size: 16pt;">{esc(text)}</span></p>'
        if right
        else f'<p style="text-indent: 2em; text-align: justify;"><span style="font-family: 仿宋_GB2312; font-size: 16pt;">{esc(text)}</span></p>'
        for text, right in body_paragraphs(item)
    )
    related = "".join(
        f'<li><a href="{it.path}" target="_blank">{esc(it.title)}</a></li>' for it in neighbours(spec, item)
    )
    extra = f"<meta name=\"Maketime\" content=\"{item.date} 17:21:05_312\">\n{guideline_metas(spec, item)}\n{synthetic_marker(item)}"
    return f"""{_head(spec, item.title, extra)}
<body>
<div id="hiddenLocation" style="display:none;"><span id="ss_webid">{spec.webid}</span><span id="col1_name">{esc(spec.column['name'])}</span><span id="col1_url">{spec.list_paths[0]}</span></div>
{_top(spec)}
{_position(spec)}
<div class="main w1200">
<table class="xxgk" border="1" cellpadding="0" cellspacing="0" width="100%">
<tr><td>索引号：{spec.site_code[:6]}-{y}-{item.article_id % 10000:04d}</td><td>发布机构：{esc(item.issuer)}</td><td>生成日期：{item.date}</td></tr>
<tr><td>主题分类：法治建设</td><td>体裁分类：{'报告' if 'report' in item.kind else '其他'}</td><td>公开方式：主动公开</td></tr>
</table>
<div class="title">{esc(item.title)}</div>
<div class="article-info"><span>发布日期：{item.date}</span><span>来源：{esc(spec.short_name)}</span><span>浏览次数：<script language="javascript" src="/module/visitcount/articlehits.jsp?colid={spec.column['id']}&artid={item.article_id}"></script></span><span>字体：[ <a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a> ]</span></div>
<div id="zoom">
<!--ZJEG_RSS.content.begin--><meta name="ContentStart">
{paragraphs}
<meta name="ContentEnd"><!--ZJEG_RSS.content.end-->
</div>
<div class="fujian"><p>附件:</p><ul></ul></div>
<div class="fx"><table width="100%"><tr><td class="share-label">分享到:</td><td><div id="share-2"><a href="javascript:;" class="icon-weibo">微博</a><a href="javascript:;" class="icon-wechat">微信</a><a href="javascript:;" class="icon-qzone">QQ空间</a></div></td>
<td align="right"><a href="javascript:window.print()">【打印本页】</a><a href="javascript:window.opener=null;window.open('','_self');window.close();">【关闭本页】</a></td></tr></table></div>
<div class="qr"><img src="/images/qrcode.png" alt=""><p>扫一扫在手机打开当前页</p></div>
<div class="xglj"><h4>相关链接</h4><ul>{related}</ul></div>
</div>
{_footer(spec)}
{jiucuo_modal(spec)}
</body>
</html>"""
