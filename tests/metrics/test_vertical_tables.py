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


# A table whose columns name what they count and whose rows are numbered in a 序号 column.
NUMBERED_BY_UNIT = """各县区投诉举报情况统计表(单位:件)
序号 |
单位 |
投诉 |
举报 |
咨询 |
1 |
东城区市场监督管理局 |
5023 |
1239 |
80 |
2 |
西城区市场监督管理局 |
2196 |
477 |
2597 |
"""


def test_numbered_rows_and_columns_that_name_their_metric() -> None:
    joined = rejoin_vertical_rows(NUMBERED_BY_UNIT)
    assert len(joined) == len(NUMBERED_BY_UNIT)
    rows = [line.split("\t") for line in joined.split("\n") if "\t" in line]
    assert [len(r) for r in rows] == [5, 5, 5]  # the header and two rows, each number in its own row
    got = [(m.metric, m.domain, m.value) for m in extract_metrics(NUMBERED_BY_UNIT, 2024)]
    # 投诉 and 举报 are complaints (of the consumer line, whatever unit reports them); 咨询 is not.
    assert got == [
        ("complaints", "consumer", 5023), ("complaints", "consumer", 1239),
        ("complaints", "consumer", 2196), ("complaints", "consumer", 477),
    ]


def test_columns_of_sampled_and_failed_batches_by_kind_of_food() -> None:
    text = "各类食品监督抽检结果见下表:\n序号\t食品种类\t样品抽检数量/批次\t合格样品数量/批次\t不合格样品数量/批次\t样品合格率\n1\t粮食加工品\t35631\t35062\t569\t98.4%\n"
    got = [(m.metric, m.domain, m.value) for m in extract_metrics(text, 2017)]
    assert got == [("sampling_batches", "food", 35631), ("sampling_failed", "food", 569)]
    # A 1 that ends a row without a 序号 column is a figure, not the next row's number.
    assert "\t" in rejoin_vertical_rows("项目 |\n数量 |\n行政许可 |\n1 |\n行政处罚 |\n2 |\n")


def test_column_titles_ending_in_their_measure_word_take_the_caption_field() -> None:
    # 抽查批次 / 不合格批次: the title ends in its measure word (no 数量/批次); the rows name no
    # field (省级, 市级, 合计), so they take the one the table's caption names (产品质量).
    text = (
        "2017年,全市组织开展了产品质量监督抽查。现将有关情况报告如下:\n"
        "(一)2017年省、市级产品质量监督抽查情况:\n"
        "| 级别 | 抽查批次 | 合格批次 | 合格率 | 不合格批次 |\n"
        "| 省级 | 514 | 495 | 96.3% | 19 |\n"
        "| 合计 | 1074 | 1038 | 96.6% | 36 |\n"
    )
    got = [(m.metric, m.domain, m.value) for m in extract_metrics(text, 2017)]
    assert got == [
        ("sampling_batches", "quality", 514), ("sampling_failed", "quality", 19),
        ("sampling_batches", "quality", 1074), ("sampling_failed", "quality", 36),
    ]
    # 立案件数: the count of 件; a caption naming no field leaves the rows' totals `all`.
    text = "全年执法办案情况统计:\n| 单位 | 立案件数 | 结案件数 |\n| 城区分局 | 56 | 50 |\n"
    got = [(m.metric, m.domain, m.value) for m in extract_metrics(text, 2023)]
    assert got == [("cases_filed", "all", 56), ("cases_closed", "all", 50)]
