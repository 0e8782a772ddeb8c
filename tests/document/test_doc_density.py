"""The prose-density container (density.py) and its cross-check with trafilatura (body.py)."""

from __future__ import annotations

from scrapers.document import parse_html
from scrapers.document.body import DENSITY, extract_body
from scrapers.document.density import density_container

from ._pages import CHROME_BOTTOM, CHROME_TOP

PROSE = [
    "为进一步优化营商环境，市市场监督管理局于5月开展了专项检查，共检查经营主体120户。",
    "检查中发现，部分经营主体存在价格标示不规范、索证索票不全等问题，已责令限期整改。",
    "下一步，我局将持续加强日常监管，推动经营主体落实主体责任，维护公平竞争的市场秩序。",
]


def _page(body: str) -> str:
    return f"<html><head><title>专项检查</title></head><body>{CHROME_TOP}{body}{CHROME_BOTTOM}</body></html>"


def test_density_picks_the_paragraph_holder_not_the_navigation() -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in PROSE)
    tree = parse_html(_page(f'<div class="unknown-cms"><div class="txt">{paragraphs}</div></div>'))
    container = density_container(tree)
    assert container is not None and container.get("class") == "txt"


def test_no_container_on_a_page_without_prose() -> None:
    tree = parse_html(_page('<div class="list"><a href="/a">关于印发某某办法的通知</a></div>'))
    assert density_container(tree) is None


def test_density_rescues_a_body_trafilatura_drops() -> None:
    # Paragraphs broken by <BR><BR> inside unclosed <P>s next to a script-only video stub: the shape
    # of a real provincial TRS page (heldout h08) on which trafilatura's precision mode returns
    # nothing. The container wins and the QR line inside it is stripped as chrome.
    body = (
        '<div class="news-detail"><div id="player"></div><br /><script>var x=1;</script>'
        f"<P>　　{PROSE[0]}<BR><BR><P>　　{PROSE[1]}<BR><BR>　　{PROSE[2]}</P><P>&nbsp;</P>"
        '<div class="code"><p>扫一扫在手机打开当前页</p></div></div>'
    )
    extracted = extract_body(parse_html(_page(body)), "专项检查")
    text = extracted.text.replace("\u3000", "")
    for p in PROSE:
        assert p in text
    assert "扫一扫" not in text
    assert extracted.method in (DENSITY, "trafilatura")
