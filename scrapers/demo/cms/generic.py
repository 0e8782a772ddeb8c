"""A generic CMS (福州): UTF-8, ``div.article-content`` body, list.html / list_N.html with 下一页.

Modelled on shared/html a21 (article-content) and l02 (plain numbered list). The 信息来源 field
shows an unrendered template variable ({{el}}), as the real 福州 page did.
"""

from __future__ import annotations

from scrapers.demo.catalog import Item, SiteSpec
from scrapers.demo.cms.common import (
    body_paragraphs,
    esc,
    footer_lines,
    guideline_metas,
    neighbours,
    synthetic_marker,
)


def render_pages(spec: SiteSpec) -> dict[str, str]:
    pages: dict[str, str] = {"/": _home(spec), "/index.html": _home(spec)}
    list_pages = spec.list_pages()
    paths = [path for path, _ in list_pages]
    for index, (path, items) in enumerate(list_pages):
        pages[path] = _list_page(spec, items, index, paths)
    for item in spec.items:
        pages[item.path] = _article(spec, item)
    return pages


def _head(title: str, extra: str = "") -> str:
    return f"""<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="zh_CN" lang="zh_CN">
<head>
<meta name="renderer" content="webkit">
<meta http-equiv="X-UA-Compatible" content="IE=edge,chrome=1">
<meta http-equiv="Content-Type" content="text/html;charset=utf-8">
{extra}
<title>{esc(title)}</title>
<link rel="stylesheet" href="/static/css/default.css">
<script src="/static/js/jquery.js"></script>
</head>"""


def _top(spec: SiteSpec) -> str:
    return f"""<div class="top-bar"><div class="wrap"><span class="welcome">欢迎访问{esc(spec.site_name)}</span><span class="tools"><a href="javascript:;">简</a>|<a href="javascript:;">繁</a>|<a href="javascript:;">无障碍阅读</a>|<a href="javascript:;">智能问答</a></span></div></div>
<div class="banner"><div class="wrap"><h1 class="logo"><a href="/">{esc(spec.site_name)}</a></h1><form action="/search" class="search-box"><input name="q" placeholder="搜索"><button>搜索</button></form></div></div>
<div class="main-nav"><ul><li><a href="/">首页</a></li><li><a href="/sjgz/">市局工作</a></li><li><a href="/xxgk/">信息公开</a></li><li><a href="/bsfw/">办事服务</a></li><li><a href="/hdjl/">互动交流</a></li><li><a href="/ztzl/">专题专栏</a></li></ul></div>"""


def _position(spec: SiteSpec) -> str:
    col = spec.column
    return (
        f'<div class="position">当前位置:<a href="/">首页</a>&gt;<a href="/sjgz/">{esc(col["parent"])}</a>'
        f'&gt;<a href="{spec.list_paths[0]}">{esc(col["name"])}</a></div>'
    )


def _footer(spec: SiteSpec) -> str:
    lines = "".join(f"<p>{esc(line)}</p>" for line in footer_lines(spec))
    return f"""<div class="foot"><div class="wrap">
<div class="foot-links"><a href="/lxwm/">联系我们</a> | <a href="/wzdt/">网站地图</a> | <a href="/mzsm/">免责声明</a></div>
{lines}
<div class="foot-icons"><a href="http://bszs.conac.cn/" target="_blank"><img src="/static/picture/dzjg.png" alt=""></a><script id="_jiucuo_" sitecode="{spec.site_code}" src="/static/js/jiucuo.js"></script></div>
<div class="foot-qr"><img src="/static/picture/wx.png" alt=""><p>扫一扫关注微信公众号</p></div>
</div></div>"""


def _home(spec: SiteSpec) -> str:
    latest = "".join(
        f'<li><a href="{it.path}">{esc(it.title)}</a><span>{it.date}</span></li>' for it in spec.items[:8]
    )
    return f"""{_head(spec.site_name)}
<body>{_top(spec)}
<div class="wrap"><div class="box"><h3><a href="{spec.list_paths[0]}">{esc(spec.column['name'])}</a></h3><ul>{latest}</ul></div></div>
{_footer(spec)}</body></html>"""


def _pager(spec: SiteSpec, index: int, paths: list[str]) -> str:
    def name(i: int) -> str:
        return paths[i].rsplit("/", 1)[-1]

    last = len(paths) - 1
    parts = [f"<span>共{len(spec.items)}条记录 {index + 1}/{len(paths)}页</span>"]
    parts.append(f'<a href="{name(0)}">首页</a>')
    parts.append(f'<a href="{name(index - 1)}">上一页</a>' if index > 0 else "<span>上一页</span>")
    parts += [
        f'<a href="{name(i)}">{i + 1}</a>' if i != index else f'<span class="current">{i + 1}</span>'
        for i in range(len(paths))
    ]
    parts.append(f'<a href="{name(index + 1)}">下一页</a>' if index < last else "<span>下一页</span>")
    parts.append(f'<a href="{name(last)}">尾页</a>')
    return '<div class="pagination">' + " ".join(parts) + "</div>"


def _list_page(spec: SiteSpec, items: tuple[Item, ...], index: int, paths: list[str]) -> str:
    col = spec.column
    rows = "\n".join(
        f'<li><span class="date">{it.date}</span><a href="{it.path}" target="_blank" title="{esc(it.title)}">{esc(it.title)}</a></li>'
        for it in items
    )
    metas = f'<meta name="SiteName" content="{esc(spec.site_name)}"/>\n<meta name="ColumnName" content="{esc(col["name"])}"/>'
    return f"""{_head(f"{col['name']} - {spec.site_name}", metas)}
<body>
{_top(spec)}
<div class="wrap">
{_position(spec)}
<div class="side"><h3>{esc(col['parent'])}</h3><ul><li><a href="/sjgz/gzdt/list.html">工作动态</a></li><li class="on"><a href="{spec.list_paths[0]}">{esc(col['name'])}</a></li><li><a href="/sjgz/xzzf/list.html">行政执法</a></li></ul></div>
<div class="list-box">
<h2>{esc(col['name'])}</h2>
<ul class="news-list">
{rows}
</ul>
{_pager(spec, index, paths)}
</div>
</div>
{_footer(spec)}
</body>
</html>"""


def _article(spec: SiteSpec, item: Item) -> str:
    paragraphs = "\n".join(
        f'<p style="text-align: right;">{esc(text)}</p>' if right
        else f'<p style="text-indent: 2em; line-height: 2;">{esc(text)}</p>'
        for text, right in body_paragraphs(item)
    )
    related = "".join(
        f'<li><a href="{it.path}">{esc(it.title)}</a><span>{it.date}</span></li>' for it in neighbours(spec, item)
    )
    extra = f"{guideline_metas(spec, item, with_seconds=True)}\n{synthetic_marker(item)}"
    return f"""{_head(item.title, extra)}
<body>
{_top(spec)}
<div class="wrap">
{_position(spec)}
<div class="detail">
<div class="xq_title">{esc(item.title)}</div>
<div class="fbxq">发布时间:{item.date} 信息来源: {{{{el}}}} 字号:【<a href="javascript:;" data-size="18">大</a> <a href="javascript:;" data-size="16">中</a> <a href="javascript:;" data-size="14">小</a>】 <a href="javascript:window.print();">打印</a> <a href="javascript:window.close();">关闭</a></div>
<div class="article-bd">
<div class="article-content" data-power-defaultfontsize="16">
{paragraphs}
</div>
</div>
<div class="downlist"><h4>附件下载</h4><ul></ul></div>
<div class="share-box">分享到：<a href="javascript:;" class="wx">微信</a> <a href="javascript:;" class="wb">微博</a></div>
<div class="xglj"><h4>相关文档</h4><ul>{related}</ul></div>
</div>
</div>
{_footer(spec)}
</body>
</html>"""
