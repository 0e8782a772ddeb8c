"""TRS WCM style pages (咸宁): GBK, metadata table, TRS_Editor body, createPageHTML pagination.

Modelled on shared/html l01 (list) and a02/a04/a22 (articles): relative ``./YYYYMM/tYYYYMMDD_N.html``
links, list titles cut with "..." (the full title only in ``title=``), the charset meta after
<title> on article pages, and a Word-pasted body carrying its own stray ``charset=gb2312`` meta.
"""

from __future__ import annotations

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

_SUBCOLUMNS = ("政策文件", "法治政府建设", "双随机一公开", "行政执法公示", "政府信息公开年报", "财政预决算")

# The pagination script TRS WCM templates inline; crawlers read its call, browsers run it.
_CREATE_PAGE_HTML = """<script type="text/javascript">
function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){
  if(_nPageCount == null || _nPageCount<=1){ return; }
  var nCurrIndex = _nCurrIndex || 0;
  if(nCurrIndex == 0) document.write("<span>首页</span> <span>上一页</span> ");
  else {
    document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">首页</a> ");
    if(nCurrIndex == 1) document.write("<a href=\\""+_sPageName+"."+_sPageExt+"\\">上一页</a> ");
    else document.write("<a href=\\""+_sPageName+"_"+(nCurrIndex-1)+"."+_sPageExt+"\\">上一页</a> ");
  }
  for(var i=0; i<_nPageCount; i++){
    var name = (i==0) ? _sPageName+"."+_sPageExt : _sPageName+"_"+i+"."+_sPageExt;
    if(i == nCurrIndex) document.write("<span class=\\"cur\\">"+(i+1)+"</span> ");
    else document.write("<a href=\\""+name+"\\">"+(i+1)+"</a> ");
  }
  if(nCurrIndex == _nPageCount-1) document.write("<span>下一页</span> <span>尾页</span>");
  else document.write("<a href=\\""+_sPageName+"_"+(nCurrIndex+1)+"."+_sPageExt+"\\">下一页</a> <a href=\\""+_sPageName+"_"+(_nPageCount-1)+"."+_sPageExt+"\\">尾页</a>");
}
</script>"""


def render_pages(spec: SiteSpec) -> dict[str, str]:
    pages: dict[str, str] = {"/": _home(spec), "/index.html": _home(spec)}
    list_pages = spec.list_pages()
    for index, (path, items) in enumerate(list_pages):
        pages[path] = _list_page(spec, items, index, len(list_pages))
    for item in spec.items:
        pages[item.path] = _article(spec, item)
    return pages


def _header(spec: SiteSpec) -> str:
    return f"""<div class="topbar"><div class="w1200"><span>今天是：<script>document.write(new Date().toLocaleDateString());</script></span>
<span class="fr"><a href="javascript:;" onclick="SetHome(this,window.location)">设为首页</a> | <a href="javascript:;" onclick="AddFavorite()">加入收藏</a> | <a href="javascript:;" id="wza">无障碍浏览</a> | <a href="javascript:;" id="zzms">长者模式</a></span></div></div>
<div class="header"><div class="w1200"><a href="/"><img src="/images/logo.png" alt="{esc(spec.site_name)}"></a>
<form class="search" action="/was5/web/search" method="get" target="_blank"><input type="text" name="searchword" placeholder="请输入关键字"><input type="submit" value="搜索"></form></div></div>
<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/jggk/">机构概况</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/ztzl/">专题专栏</a></li></ul></div>"""


def _location(spec: SiteSpec) -> str:
    col = spec.column
    return (
        f'<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">{esc(col["parent"])}</a>'
        f' &gt; <a href="{col["dir"]}">{esc(col["name"])}</a></div>'
    )


def _footer(spec: SiteSpec) -> str:
    lines = "".join(f"<p>{esc(line)}</p>" for line in footer_lines(spec))
    return f"""<div class="footer"><div class="w1200">
<div class="fl"><a href="http://bszs.conac.cn/" target="_blank"><img src="/images/dzjg.png" alt="党政机关"></a>
<script id="_jiucuo_" sitecode="{spec.site_code}" src="/images/jiucuo.js"></script></div>
<div class="fc"><p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/sybz/">使用帮助</a></p>{lines}</div>
</div></div>"""


def _home(spec: SiteSpec) -> str:
    latest = "".join(
        f'<li><a href="{it.path}">{esc(it.title)}</a><span>{it.date}</span></li>' for it in spec.items[:8]
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<title>{esc(spec.site_name)}</title>
<meta name="SiteName" content="{esc(spec.site_name)}"><meta name="SiteDomain" content="{spec.site_domain}"><meta name="SiteIDCode" content="{spec.site_code}">
</head><body>
{_header(spec)}
<div class="w1200 home"><div class="box"><h2><a href="{spec.column['dir']}">{esc(spec.column['name'])}</a></h2><ul>{latest}</ul></div></div>
{_footer(spec)}
</body></html>"""


def _list_page(spec: SiteSpec, items: tuple[Item, ...], index: int, count: int) -> str:
    col = spec.column
    rows = []
    for item in items:
        shown = item.title if len(item.title) <= 30 else item.title[:28] + "..."
        href = "./" + item.path[len(col["dir"]) :]
        rows.append(
            f'<li><a href="{href}" target="_blank" title="{esc(item.title)}">{esc(shown)}</a>'
            f'<span class="date">{item.date}</span></li>'
        )
        if len(rows) % 5 == 0:  # TRS outlines group rows with blank separator lines
            rows.append('<li class="GroupBlankLine"></li>')
    side = "".join(
        f'<li{" class=on" if name == col["name"] else ""}><a href="{col["dir"] if name == col["name"] else "/zwgk/"}">{name}</a></li>'
        for name in _SUBCOLUMNS
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<title>{esc(col['name'])}_{esc(spec.site_name)}</title>
<meta name="SiteName" content="{esc(spec.site_name)}">
<meta name="SiteDomain" content="{spec.site_domain}">
<meta name="SiteIDCode" content="{spec.site_code}">
<meta name="ColumnName" content="{esc(col['name'])}">
<link href="/images/style.css" type="text/css" rel="stylesheet" />
{_CREATE_PAGE_HTML}
</head>
<body>
{_header(spec)}
{_location(spec)}
<div class="w1200 main">
<div class="left"><div class="lm-title">{esc(col['parent'])}</div><ul class="lm-list">{side}</ul></div>
<div class="right">
<div class="list-title">{esc(col['name'])}</div>
<ul class="list">
{chr(10).join(rows)}
</ul>
<div class="page"><script>createPageHTML({count}, {index}, "index", "html");</script></div>
</div>
</div>
{_footer(spec)}
</body>
</html>"""


def _info_table(spec: SiteSpec, item: Item) -> str:
    y, m, d = item.date.split("-")
    if item.is_report:
        # The real page leaves these fields empty or 无, as the scraped chrome shows.
        index_no, doc_no, topic, unit = "", "无", "", "无"
    else:
        index_no = f"{spec.site_code[:9]}/{y}-{item.article_id % 100000:05d}"
        doc_no, topic, unit = "无", "市场监管、安全生产监管", item.issuer
    return f"""<table class="xxgk_table" width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="t">索引号 :</td><td>{esc(index_no)}</td><td class="t">文 号 :</td><td>{doc_no}</td></tr>
<tr><td class="t">主题分类:</td><td>{esc(topic)}</td><td class="t">发文单位:</td><td>{esc(unit)}</td></tr>
<tr><td class="t">名 称:</td><td>{esc(item.title)}</td><td class="t">发布日期:</td><td>{y}年{m}月{d}日</td></tr>
<tr><td class="t">有效性:</td><td></td><td class="t">发文日期:</td><td></td></tr>
</table>"""


def _article(spec: SiteSpec, item: Item) -> str:
    paragraphs = "\n".join(
        f'<p style="text-align: right;">{esc(text)}</p>' if right
        else f'<p style="text-indent: 2em;">{esc(text)}</p>'
        for text, right in body_paragraphs(item)
    )
    # Word-pasted report bodies keep Word's own charset meta; it lies about the page (GBK).
    pasted = (
        '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">\n'
        if item.fixture is not None and not item.fixture.synthetic
        else ""
    )
    related = "".join(
        f'<li><a href="{it.path}" target="_blank">{esc(it.title)}</a></li>'
        for it in neighbours(spec, item)
    )
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<title>{esc(item.title)}_{esc(spec.column['name'])}_{esc(spec.site_name)}</title>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
{guideline_metas(spec, item, with_seconds=True)}
{synthetic_marker(item)}
<link href="/images/style.css" type="text/css" rel="stylesheet" />
<script type="text/javascript" src="/images/jquery.min.js"></script>
</head>
<body>
{_header(spec)}
{_location(spec)}
<div class="w1200 main article-page">
{_info_table(spec, item)}
<div class="article">
<h1 class="title">{esc(item.title)}</h1>
<div class="info">发布时间：{item.date}　　来源：{esc(item.issuer)}　　【字号：<a href="javascript:doZoom(18)">大</a> <a href="javascript:doZoom(16)">中</a> <a href="javascript:doZoom(14)">小</a>】　【<a href="javascript:window.print()">打印本页</a>】　【<a href="javascript:window.close()">关闭窗口</a>】</div>
<div class="content" id="zoomcon">
<div class="TRS_Editor">{pasted}<style type="text/css">.TRS_Editor P{{margin-top:5px;margin-bottom:5px;line-height:1.75;font-family:宋体;font-size:12pt;}}</style><div class="Custom_UnionStyle">
{paragraphs}
</div></div>
</div>
<div class="share">分享到：<a href="javascript:;" class="bds_weixin" title="分享到微信">微信</a> <a href="javascript:;" class="bds_tsina" title="分享到新浪微博">微博</a> <a href="javascript:;" class="bds_qzone" title="分享到QQ空间">QQ空间</a></div>
<div class="ewm"><p>扫一扫在手机打开当前页面</p><img src="/images/qrcode.png" alt="二维码"></div>
<div class="jc"><a href="javascript:;" onclick="document.getElementById('jcModal').style.display='block'">【我要找错】</a></div>
<div class="xgwz"><h3>相关文章</h3><ul>{related}</ul></div>
</div>
</div>
{_footer(spec)}
{jiucuo_modal(spec)}
</body>
</html>"""
