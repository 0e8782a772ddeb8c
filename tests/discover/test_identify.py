"""Report identification on titles: the report of this agency, nothing else."""

from __future__ import annotations

import pytest

from scrapers.discover.identify import classify_title, rules_from_yaml, title_year
from scrapers.models import Region, Source

XIANNING = Source("xianning-amr", "咸宁市市场监督管理局", Region("湖北省", "咸宁市", None), ("http://x/",))
HEDONG = Source("hedong-amr", "天津市河东区市场监督管理局", Region("天津市", "天津市", "河东区"), ("http://x/",))


@pytest.mark.parametrize(
    "title",
    [
        "咸宁市市场监管局2023年度法治政府建设情况报告",
        "咸宁市市场监督管理局关于2023年度法治政府建设情况的报告",
        "2023年度法治政府建设情况报告",
        "咸宁市市场监督管理局2022年法治政府建设工作总结",
        "咸宁市市场监督管理局2021年度法治政府建设年度报告",
        "咸宁市市场监督管理局2019年依法行政工作情况报告",
        "咸宁市市场监督管理局2023年度法治政府建设工作总结和2024年工作计划",
        "咸宁市市场监督管理局关于2023年法治政府建设工作总结及2024年工作要点",
    ],
)
def test_reports_of_the_agency_are_taken(title: str) -> None:
    verdict = classify_title(title, XIANNING)
    assert verdict.is_report, verdict


@pytest.mark.parametrize(
    ("title", "rule"),
    [
        ("咸宁市市场监督管理局2023年政府信息公开工作年度报告", "info_disclosure"),
        ("咸宁市市场监督管理局2024年法治建设工作要点", "work_plan"),
        ("关于印发《咸宁市市场监管系统法治政府建设实施方案》的通知", "work_plan"),
        ("关于开展2023年度法治政府建设督察的通知", "notice"),
        ("我局召开2023年法治政府建设工作推进会", "news"),
        ("咸宁市司法局2023年度法治政府建设情况报告", "other_agency"),
        ("咸宁市咸安区市场监督管理局2023年度法治政府建设情况报告", "other_agency"),
        ("湖北省市场监督管理局2023年法治政府建设情况报告", "other_agency"),
        ("图解：咸宁市市场监管局2023年度法治政府建设情况报告", "interpretation"),
        ("咸宁市2023年国民经济和社会发展统计公报", "other_kind_of_report"),
        ("咸宁市市场监管局党组书记、局长2023年度履行推进法治建设第一责任人职责情况报告", "leader_duty_report"),
        ("局长2023年度述法报告", "leader_duty_report"),
        ("咸宁市市场监督管理局2024年法治政府建设工作计划", "work_plan"),
        ("咸宁市司法局2023年度法治政府建设工作总结和2024年工作计划", "other_agency"),
        ("关于公布2023年度双随机抽查结果的公告", "notice"),
    ],
)
def test_lookalikes_are_skipped_with_reason(title: str, rule: str) -> None:
    verdict = classify_title(title, XIANNING)
    assert not verdict.is_report
    assert verdict.rule == rule
    assert verdict.why


def test_county_bureau_may_drop_higher_place_names() -> None:
    assert classify_title("河东区市场监管局2023年法治政府建设工作报告", HEDONG).is_report
    assert not classify_title("河西区市场监管局2023年法治政府建设工作报告", HEDONG).is_report


def test_report_year_from_title() -> None:
    assert title_year("咸宁市市场监管局2023年度法治政府建设情况报告") == 2023
    assert title_year("法治政府建设情况报告") is None


def test_rules_are_data() -> None:
    rules = rules_from_yaml(
        "include:\n  - {id: custom, pattern: '依法治市.*报告'}\nexclude: []\n"
    )
    assert classify_title("2023年依法治市工作报告", rules=rules).is_report
    assert not classify_title("2023年度法治政府建设情况报告", rules=rules).is_report
