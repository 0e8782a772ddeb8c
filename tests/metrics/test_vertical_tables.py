"""Tables laid out one cell per line (the 政府信息公开 annual-report template as text tools give it)."""

from __future__ import annotations

from scrapers.metrics.extract import extract_metrics
from scrapers.metrics.vertical_tables import rejoin_vertical_rows

OLD_TEMPLATE = """第二十条第(五)项
|||
信息内容 |
上一年项目数量 |
本年增/减 |
处理决定数量 |
行政许可 |
18 |
-2 |
16368(件) |
其他对外管理服务事项 |
21 |
+1 |
0 |
第二十条第(六)项
|||
信息内容 |
上一年项目数量 |
本年增/减 |
处理决定数量 |
行政处罚 |
1119 |
+124 |
73 |
"""

NEW_TEMPLATE = """第二十条第(五)项

信息内容

本年处理决定数量

行政许可

18750
"""


def test_rows_keep_the_text_length_and_become_tab_rows() -> None:
    joined = rejoin_vertical_rows(OLD_TEMPLATE)
    assert len(joined) == len(OLD_TEMPLATE)
    lines = joined.split("\n")
    assert any(line.split("\t")[0].strip() == "行政许可" and len(line.split("\t")) == 4 for line in lines)
    assert any(len(line.split("\t")) == 4 and line.split("\t")[3].strip() == "处理决定数量" for line in lines)


def test_the_value_is_the_column_of_this_year_decisions() -> None:
    got = [(m.metric, m.value) for m in extract_metrics(OLD_TEMPLATE, 2020)]
    assert got == [("licenses_issued", 16368), ("cases_filed", 73)]
    ms = extract_metrics(NEW_TEMPLATE, 2023)
    assert [(m.metric, m.value) for m in ms] == [("licenses_issued", 18750)]
    assert ms[0].evidence == "行政许可\n\n18750"  # verbatim, newlines and all


def test_prose_with_short_lines_is_left_alone() -> None:
    text = "一、主要工作\n全年查处案件12件。\n二、存在问题\n2023\n"
    assert rejoin_vertical_rows(text) == text.replace("二、存在问题\n2023", "二、存在问题\t2023")
    assert [(m.metric, m.value) for m in extract_metrics(text, 2023)] == [("cases_filed", 12)]


def test_arrow_signs_and_a_unit_in_the_column_title() -> None:
    text = "类型 |\n2024年(件) |\n去年2023年(件) |\n同比(%) |\n投诉 |\n14230 |\n8510 |\n↑67.22% |\n举报 |\n4474 |\n5448 |\n↓17.88% |\n"
    got = [(m.metric, m.value, m.yoy_pct) for m in extract_metrics(text, 2024)]
    assert got == [("complaints", 14230, 67.22), ("complaints", 4474, -17.88)]
