"""Adversarial inputs for the page parsers: shapes that made a regex or a walk super-linear.

Shared by tests/discover/test_parsers_linear_time.py (asserts linear growth) and
bench/bench_hostile.py (prints the figures). Each shape is a unit repeated to the wanted size.
"""

from __future__ import annotations

LIST_PREFIX = "<html><body><div>"
LIST_SHAPES = {
    "unclosed <datastore>": "<datastore>x",
    "unclosed <script>": "<script>var a=1;",
    "unclosed CDATA": "<datastore><![CDATA[<a href='/a.html'>x",
    "unclosed <nextgroup>": "<nextgroup><![CDATA[x",
    "script word run": "<script>countPage=5;" + "a" * 5000,
    "one container of links": "<a href='/t2024_1.html'>法治政府建设情况报告</a>",
    "pager links": "<a href='index_1.html'>1</a><a href='index_999999.html'>2</a>",
    "'<' without '>'": "<<<a",
}
PAGE_PREFIX = "<html><head><title>2023年法治政府建设情况报告</title></head><body>"
PAGE_SHAPES = {
    "one-line report text": "市场监管局查处案件120件，罚没款30万元。",
    "paragraphs, no CMS container": "<p>法治政府建设情况报告查处案件120件</p>",
}
TEXT_SHAPES = {
    "one-line report text": "市场监管局查处案件120件，罚没款30万元。",
    "one number per line": "查处案件120件。\n",
}


def build(prefix: str, unit: str, size_bytes: int) -> str:
    """`prefix` then `unit` repeated to about `size_bytes` of UTF-8."""
    return prefix + unit * max(1, size_bytes // len(unit.encode("utf-8")))
