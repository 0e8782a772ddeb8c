"""Sample pages for the document-stage tests: real ones from ../shared, built ones here.

Real pages live outside the repo, in ../shared (html/, corpus/, gold/); tests that need them skip
with a clear reason when that folder is absent. Pages built here reproduce one failure mode each.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
HTML_DIR = SHARED / "html"
CORPUS_DIR = SHARED / "corpus"
GOLD_DIR = SHARED / "gold"


def require_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared sample data not found at {path} (expected next to the repo, in ../shared)")
    return path


def real_page(name: str) -> bytes:
    matches = sorted(require_shared(HTML_DIR).glob(f"{name}*.html"))
    if not matches:
        pytest.skip(f"sample page {name}*.html not in {HTML_DIR}")
    return matches[0].read_bytes()


def gold(name: str) -> tuple[list[str], dict]:
    require_shared(CORPUS_DIR)
    text = (CORPUS_DIR / f"{name}.txt").read_text(encoding="utf-8")
    meta = json.loads((GOLD_DIR / f"{name}.meta.json").read_text(encoding="utf-8"))
    return [line for line in text.splitlines()], meta


CHROME_TOP = """
<div class="top"><a href="/">首页</a> | <a href="/wza">无障碍</a> | <a href="/login">登录</a></div>
<ul class="nav"><li><a href="/a">机构概况</a></li><li><a href="/b">政务公开</a></li><li><a href="/c">政务服务</a></li></ul>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zw">政务公开</a> &gt; 法治政府建设</div>
"""
CHROME_BOTTOM = """
<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a></div>
<div class="tools">【<a href="javascript:print()">打印</a>】【<a href="javascript:close()">关闭</a>】</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/x/1.html">关于印发某某办法的通知</a></li><li><a href="/x/2.html">2022年度法治政府建设情况报告</a></li></ul></div>
<div class="footer"><p>主办：某某市市场监督管理局 承办：某某市大数据中心</p><p>网站标识码：3500000001 闽ICP备12345678号 闽公网安备 35010202000001号</p>
<p>版权所有：某某市市场监督管理局 技术支持：某某科技</p><div>扫一扫在手机打开当前页</div></div>
"""


def report_page(
    title: str,
    body_lines: list[str],
    *,
    container: str = '<div class="TRS_Editor">{}</div>',
    meta: dict[str, str] | None = None,
    byline: str = "",
    charset_meta: str = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    charset_after_title: bool = True,
    extra_body: str = "",
) -> str:
    """A report page in the shape of a TRS/Hanweb article page, chrome all around the body."""
    metas = "".join(f'<meta name="{k}" content="{v}">' for k, v in (meta or {}).items())
    head_title = f"<title>{title}_某某市市场监督管理局</title>"
    head = f"{head_title}{charset_meta}{metas}" if charset_after_title else f"{charset_meta}{head_title}{metas}"
    paragraphs = "".join(f"<p>{line}</p>" for line in body_lines)
    return (
        f"<!DOCTYPE html><html><head>{head}</head><body>{CHROME_TOP}"
        f'<div class="article"><h1>{title}</h1><div class="info">{byline}</div>'
        f"{container.format(paragraphs)}{extra_body}</div>{CHROME_BOTTOM}</body></html>"
    )


