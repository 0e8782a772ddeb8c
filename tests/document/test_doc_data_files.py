"""The data files: every selector and pattern compiles, and every chrome rule has an example."""

from __future__ import annotations

import pytest
from lxml import etree

from scrapers.document.patterns import body_selectors, chrome_rules, metadata_patterns

# One real-looking line per chrome rule id. A new rule without an example fails the test below.
EXAMPLES = {
    "breadcrumb": ["当前位置:首页>市局工作>通知公告", "您的位置：首页 > 政务公开"],
    "breadcrumb-arrows": ["首页 > 信息公开 > 法治政府建设"],
    "breadcrumb-chain": ["承德市 > 围场县 > 采购公告 >中标公告"],
    "share": ["分享到:", "分享到：微信 微博 QQ空间"],
    "scan-qr": ["扫一扫在手机打开当前页", "微信扫码分享", "扫码关注", "扫码阅读全文"],
    "qr-account": ["万载发布微信公众号", "“宜春市场监管”官方微博", "政务微信", "微信公众号", "小程序"],
    "qr-caption": ["微信二维码", "本文二维码", "APP二维码"],
    "mobile-version": ["手机版", "返回手机版", "关注 · 手机版"],
    "follow-us": ["关注我们", "关注“某某发布”", "欢迎关注微信公众号"],
    "error-report": ["【我要纠错】", "政府网站找错"],
    "icp": ["闽ICP备05023651号", "网站标识码：3501000033", "京公网安备 11010502000001号"],
    "copyright": ["版权所有：福州市市场监督管理局", "Copyright © 2024 All Rights Reserved"],
    "tech-support": ["技术支持：某某信息技术有限公司"],
    "sponsor-footer": ["主办：福州市市场监督管理局 承办：福州市大数据中心"],
    "site-nav-footer": ["网站地图 | 联系我们 | 网站声明"],
    "prev-next": ["上一篇：关于开展质量月活动的通知", "下一篇：无"],
    "view-count": ["浏览次数：1024", "【访问量：88】"],
    "leave-site-modal": ["您访问的链接即将离开“北京市教育委员会”", "门户网站 是否继续？"],
    "accessibility-toolbar": ["无障碍 | 长者模式", "繁体 | 简体 | English"],
    "controls": ["【打印】【关闭】", "字号：大 中 小", "【字体：大 中 小】", "[ 打印本页 ] [ 关闭窗口 ]", "登录 | 注册", "【关闭当前页面】"],
    "disclosure-metadata": ["索引号 : 文 号 : 无", "主题分类: 发文单位: 无", "有效性: 发文日期:", "索 引 号\t002482330/2020-10091\t公开分类\t"],
    "date-source-line": ["发布时间:2021-03-15 信息来源: 字号:【", "来源：人民网 记者：木胜玉"],
    "dated-byline": ["2021年06月10日 17:35 来源： 【打印】"],
    "empty-attachment-heading": ["附件下载", "附件:", "相关附件"],
    "related-heading": ["相关文档", "相关链接：", "【相关文章】"],
    "share-trailing": ["分享到："],
    "editor-byline": ["责任编辑：张家祺", "（责任编辑：王五）", "编辑：李四 审核：赵六"],
    "ipv6-badge": ["网站支持IPv6", "本站支持IPV6"],
    "site-maintainer": ["运行维护单位：太原市政府电子政务中心", "网站维护：国家民委舆情中心"],
}
NEVER_CHROME = [  # body lines each zone must leave alone
    "2024年3月11日",
    "咸宁市市场监督管理局",
    "主办单位：教育部思想政治工作司",
    "索取号\t发布时间\t发布机构\t文件编号\t备注",
    "持续开展打击侵犯知识产权专项行动，维护权利人的版权所有权益，全年查办案件42件。",
    "一、2023年度推进法治政府建设的主要举措和成效",
    "十、附件",
    "编辑部主任张三出席会议并讲话。",
    "审核通过的项目将于下月公示。",
    # QR-box captions are a name and an account kind alone; headings and prose about accounts stay
    "（三）用好“某某发布”微信公众号",
    "关注民生热点",
    "2023年，我局通过微信公众号发布信息120条。",
    "政务新媒体\t微信公众号\t某某发布",
    "二维码追溯体系建设",
    "关注“一老一小”消费安全",
    "开展“你点我检”活动",
]


def all_rules():
    rules = chrome_rules()
    return [*rules.anywhere, *rules.leading, *rules.trailing]


def test_selectors_compile_and_are_unique() -> None:
    selectors = body_selectors()
    assert len({s.name for s in selectors}) == len(selectors)
    for selector in selectors:
        etree.XPath(selector.xpath)
        assert selector.tier in ("cms", "site-family") and selector.min_chars > 0


def test_rule_ids_unique_and_all_have_examples() -> None:
    ids = [rule.id for rule in all_rules()]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(EXAMPLES), "every chrome rule needs an example line in EXAMPLES"


@pytest.mark.parametrize("rule_id", sorted(EXAMPLES))
def test_rule_matches_its_examples(rule_id: str) -> None:
    rule = next(r for r in all_rules() if r.id == rule_id)
    for line in EXAMPLES[rule_id]:
        assert rule.matches(line), line


@pytest.mark.parametrize("line", NEVER_CHROME)
def test_body_lines_match_no_rule(line: str) -> None:
    assert [r.id for r in all_rules() if r.matches(line)] == []


def test_metadata_patterns() -> None:
    data = metadata_patterns()
    for regex in data["url_date_regexes"]:
        assert {"y", "m"} <= set(regex.groupindex)
    assert "ArticleTitle" in data["meta_names"]["title"] and "PubDate" in data["meta_names"]["published"]
