"""The labels of a QR-code box inside the body container are chrome (issue 8, document classes).

Templates put a box of QR codes (the page for phones, the bureau's 微信公众号, its 微博) inside or
right under the article, in the same container the body selector picks: its captions must not
reach the report text, and report lines that merely talk about those accounts must stay.
"""

from __future__ import annotations

from scrapers.document import parse_report_page

BODY = [
    "2023年，县市场监管局坚持以习近平法治思想为指导，扎实推进法治政府建设。",
    "一、主要工作",
    "全年通过“某某市场监管”微信公众号发布普法信息126条，办理行政处罚案件58件。",
    "（三）用好“某某市场监管”微信公众号",
    "二、存在的问题",
    "执法人员法律素养有待进一步提高。",
]

# The shape of the box on the real pages of ../shared/html (a02 dl.affairs-detail-qcode, a07
# dl.article-ewm, a13 "关注 · 手机版", a16 "扫一扫分享本页", a19 div.wzewm), here placed inside
# the container the selector picks, as templates of the 万载/宜春 cluster and others do.
QR_BOX = """
<div class="wzewm">
  <dl class="article-ewm"><dt>扫一扫在手机打开当前页</dt><dd><img src="/qr/page.png"></dd></dl>
  <ul class="gzh">
    <li><img src="/qr/wx.jpg" alt=""><p>某某发布微信公众号</p></li>
    <li><img src="/qr/wb.jpg" alt=""><p>“某某市场监管”官方微博</p></li>
    <li><img src="/qr/app.jpg" alt=""><p>扫码下载“赣服通”APP</p></li>
    <li><span>关注 · 手机版</span></li>
    <li><span>微信二维码</span></li>
    <li><span>关注我们</span></li>
  </ul>
</div>
"""


def page(box_position: str) -> bytes:
    paragraphs = "".join(f"<p>{line}</p>" for line in BODY)
    inner = QR_BOX + paragraphs if box_position == "top" else paragraphs + QR_BOX
    html = (
        '<html><head><meta charset="utf-8"><title>某某县市场监督管理局2023年度法治政府建设工作报告_某某县人民政府</title>'
        '<meta name="ArticleTitle" content="某某县市场监督管理局2023年度法治政府建设工作报告"></head><body>'
        '<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 法治政府建设</div>'
        "<h1>某某县市场监督管理局2023年度法治政府建设工作报告</h1>"
        '<div class="info">发布时间：2024-03-20 来源：县市场监管局</div>'
        f'<div class="article-content">{inner}</div>'
        '<div class="footer">版权所有：某某县人民政府</div></body></html>'
    )
    return html.encode("utf-8")


def test_qr_box_captions_after_the_body_are_dropped() -> None:
    doc = parse_report_page(page("bottom"), "https://www.example-county.gov.cn/art/2024/3/20/art_1_1.html")
    assert doc.body_text.split("\n") == BODY


def test_qr_box_captions_above_the_body_are_dropped() -> None:
    doc = parse_report_page(page("top"), "https://www.example-county.gov.cn/art/2024/3/20/art_1_1.html")
    assert doc.body_text.split("\n") == BODY
