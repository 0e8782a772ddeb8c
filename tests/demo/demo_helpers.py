"""Helpers for the demo-site tests (a uniquely named module: several test folders have a conftest)."""

from __future__ import annotations

import socket
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]

# Where a report body sits in each demo CMS, as the pipeline's selectors will look for it.
BODY_XPATH = {
    "xianning-amr": "//div[contains(@class,'TRS_Editor')]",
    "hedong-amr": "//*[@id='zoom']",
    "fuzhou-amr": "//div[contains(@class,'article-content')]",
}


def free_port_base(count: int = 3) -> int:
    """A base port with ``count`` consecutive free ports (for tests of fixed port numbers)."""
    for base in range(20000 + (hash(REPO_ROOT) % 5000), 40000, 7):
        socks = []
        try:
            for i in range(count):
                s = socket.socket()
                s.bind(("127.0.0.1", base + i))
                socks.append(s)
            return base
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise RuntimeError("no free port range")


def html_lines(html: bytes | str, encoding: str = "utf-8", xpath: str | None = None) -> list[str]:
    """Visible text as lines: scripts, styles and hidden blocks dropped; one line per block."""
    import lxml.html

    doc = lxml.html.fromstring(html if isinstance(html, str) else html.decode(encoding))
    for bad in doc.xpath("//script|//style|//meta|//*[contains(@style,'display:none')]"):
        bad.drop_tree()
    roots = doc.xpath(xpath) if xpath else [doc]
    lines: list[str] = []
    for root in roots:
        for block in root.iter("p", "li", "tr", "h1", "h2", "h3", "h4"):
            if block.tag == "tr":
                text = " ".join(
                    t for t in (" ".join(td.text_content().split()) for td in block.iter("td")) if t
                )
            else:
                text = block.text_content().strip()
            if text:
                lines.append(text)
        rest = " ".join(root.text_content().split())
        if not lines and rest:
            lines.append(rest)
    return lines


def page_text(html: bytes | str, encoding: str = "utf-8") -> str:
    import lxml.html

    doc = lxml.html.fromstring(html if isinstance(html, str) else html.decode(encoding))
    for bad in doc.xpath("//script|//style"):
        bad.drop_tree()
    return doc.text_content()
