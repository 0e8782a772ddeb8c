"""The quantity grammar: what is a number with a unit, and what only looks like one."""

from __future__ import annotations

import pytest

from scrapers.metrics.numbers import find_quantities, fold_text, load_grammar, parse_chinese_numeral


def values(text: str) -> list[tuple[float, str, str, bool]]:
    return [(q.value, q.kind, q.unit, q.approx) for q in find_quantities(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # Arabic, thousands separators, decimals
        ("立案938件", [(938, "count", "件", False)]),
        ("查处案件1,052件", [(1052, "count", "件", False)]),
        ("抽检5762批次", [(5762, "count", "批次", False)]),
        ("共监督抽检246家409个批次", [(246, "count", "家", False), (409, "count", "个批次", False)]),
        ("检查单位2764家(次)", [(2764, "count", "家次", False)]),
        # Chinese numerals
        ("开展二次检查", [(2, "count", "次", False)]),
        ("十二个批次", [(12, "count", "个批次", False)]),
        ("一百五十项", [(150, "count", "项", False)]),
        ("移送案件两起", [(2, "count", "起", False)]),
        ("二千三百余件", [(2300, "count", "件", True)]),
        ("败诉一件。", [(1, "count", "件", False)]),
        # Scaling, money, percent
        ("实有市场主体81.38万户", [(813800, "count", "户", False)]),
        ("行政许可信息7.8万条", [(78000, "count", "条", False)]),
        ("罚没1.5万元", [(15000, "yuan", "元", False)]),
        ("注册资本2942.29亿元人民币", [(294229000000, "yuan", "元", False)]),
        ("货值金额23372元", [(23372, "yuan", "元", False)]),
        ("罚没款四十六点八万元", [(468000, "yuan", "元", False)]),
        ("罚没1.5万,", [(15000, "bare", "", False)]),
        ("提前办结率96.5%", [(96.5, "percent", "%", False)]),
        ("出庭应诉率百分之九十六点五", [(96.5, "percent", "%", False)]),
        ("全角数字１２３件，占１５％", [(123, "count", "件", False), (15, "percent", "%", False)]),
        ("提高5个百分点", [(5, "points", "个百分点", False)]),
        # Hedges
        ("8000余件", [(8000, "count", "件", True)]),
        ("200多家", [(200, "count", "家", True)]),
        ("近50篇", [(50, "count", "篇", True)]),
        ("约300人", [(300, "count", "人", True)]),
        ("超过1000户", [(1000, "count", "户", True)]),
        ("超2000万元", [(20000000, "yuan", "元", True)]),
        ("占10%以上", [(10, "percent", "%", True)]),
        ("3万余人次", [(30000, "count", "人次", True)]),
        ("下发明白纸万余份", [(10000, "count", "份", True)]),
        ("百余次", [(100, "count", "次", True)]),
        ("罚没款上亿元", [(100000000, "yuan", "元", True)]),
        ("8000余万元", [(80000000, "yuan", "元", True)]),
    ],
)
def test_quantities(text: str, expected: list) -> None:
    assert values(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # years, dates, document and article numbers, phone numbers
        "2023年",
        "2023年3月",
        "发布日期:2024年03月12日",
        "江府〔2023〕26号",
        "(榕政办〔2020〕6号)",
        "第三十二条",
        "联系电话:0591-87654321",
        "举报电话13912345678",
        "全国12315、12345平台",
        "GB2760-2014",
        # list ordinals
        "一是建立机制",
        "1.认真制定",
        "(三)严格依法行政",
        "3、持续加强",
        # ranges and rates
        "30-70%和10-30%",
        "以5%~15%的比例",
        "立案10至20件",
        "按照6.7批次/千人要求",
        # slogans and words that contain a numeral
        "三项制度",
        "两个责任",
        "四张清单",
        "两个规定",
        "一规划两方案",
        "“一次办”",
        "“一把手”",
        "进一步",
        "统一批次",
        "第一次",
        "一个目标",
        "一批违法企业",
        "十四五规划",
        "两品一械",
        "市县两级",
        "“3·15”",
        "“12?4”国家宪法日",
    ],
)
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


@pytest.mark.parametrize(
    "text, reason",
    [
        ("30-70%", "range"),
        ("6.7批次/千人", "rate"),
        ("三项制度", "slogan"),
        ("第二次", "ordinal"),
        ("“一次办”", "idiom"),
        ("一个目标", "slogan"),
    ],
)
def test_rejections_say_why(text: str, reason: str) -> None:
    rejected = [q.rejected for q in find_quantities(text, include_rejected=True) if q.rejected]
    assert reason in rejected


def test_range_ends_are_dropped_but_their_neighbours_kept() -> None:
    # 70% on its own is a percentage; 30-70% and 10-30% are ranges.
    found = values("科学划分为70%、30-70%和10-30%三个幅度")
    assert found == [(70, "percent", "%", False), (3, "count", "个", False)]


def test_offsets_point_into_the_original_text() -> None:
    text = "全年立案９３８件，罚没款１２６万元。"
    for q in find_quantities(text):
        assert text[q.start : q.end] == q.text or fold_text(text[q.start : q.end]) == q.text
        assert q.start <= q.num_start < q.num_end <= q.end


def test_fold_keeps_length() -> None:
    text = "（含１件）：１２％；"
    assert len(fold_text(text)) == len(text)


@pytest.mark.parametrize(
    "token, value",
    [("一百五十", 150), ("九十六点五", 96.5), ("两", 2), ("十二", 12), ("二千三百", 2300), ("零", 0)],
)
def test_chinese_numerals(token: str, value: float) -> None:
    assert float(parse_chinese_numeral(token)) == value


@pytest.mark.parametrize("token", ["万", "百", "千", "数", ""])
def test_not_chinese_numerals(token: str) -> None:
    assert parse_chinese_numeral(token) is None


def test_measure_words_are_data(tmp_path) -> None:
    """A measure word missing from units.yaml is added there, with no code change."""
    assert find_quantities("查扣假冒商品37罐") == []
    assert "罐" not in load_grammar().count_measures
    from importlib import resources

    raw = resources.files("scrapers.metrics").joinpath("data/units.yaml").read_text("utf-8")
    custom = tmp_path / "units.yaml"
    custom.write_text(raw.replace("count_measures: [", "count_measures: [罐, "), encoding="utf-8")
    grammar = load_grammar(str(custom))
    assert [(q.value, q.unit) for q in find_quantities("查扣假冒商品37罐", grammar)] == [(37, "罐")]
