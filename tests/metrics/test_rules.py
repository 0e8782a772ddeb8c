"""The extraction rules on reports and sentences written for the tests (not the gold texts).

tests/metrics/fixtures/ holds short reports in the style of the real ones, each with its expected
mentions (<stem>.jsonl, the gold format), so every rule is shown to work beyond the three gold
reports. The sentence-level tests below pin one behaviour each.
"""

from __future__ import annotations

import re
import time
from importlib import resources

import pytest
import yaml

from metrics_testlib import FIXTURES, SHARED, labelled_reports
from scrapers.metrics.catalog import load_catalog, load_domains
from scrapers.metrics.extract import EXTRACTOR_VERSION, extract_metrics
from scrapers.metrics.lexicon import Lexicon, default_lexicon, load_lexicon_file
from scrapers.metrics.scoring import load_gold, score

FIXTURE_REPORTS = labelled_reports(FIXTURES, FIXTURES)


def test_there_are_fixture_reports() -> None:
    assert len(FIXTURE_REPORTS) >= 5


@pytest.mark.parametrize("report", FIXTURE_REPORTS, ids=lambda r: r.stem)
def test_fixture_report(report) -> None:
    result = score(extract_metrics(report.text, report.report_year), load_gold(report.gold_path))
    detail = f"{report.stem}\n{result.report()}"
    assert result.precision == 1.0, detail
    assert result.recall == 1.0, detail
    assert not result.attribute_errors, detail


def mentions(text: str, year: int | None = 2023, lexicon=None) -> list[tuple]:
    return [(m.metric, m.domain, m.value, m.period) for m in extract_metrics(text, year, lexicon)]


# -- metrics and parts --------------------------------------------------------------------------
def test_parts_of_a_sentence_are_separate_mentions() -> None:
    text = "持续开展药品安全执法行动,办理药品案件46件,医疗器械案件19件,化妆品案件6件,罚没款共计22.85万元。"
    assert mentions(text) == [
        ("cases_filed", "drug", 46, "year"),
        ("cases_filed", "drug", 19, "year"),
        ("cases_filed", "drug", 6, "year"),
        ("fines", "drug", 228500, "year"),
    ]


def test_list_with_fenbie_takes_fields_in_order() -> None:
    text = "全年食品、药品、特种设备领域分别立案56件、23件和9件。"
    assert mentions(text) == [
        ("cases_filed", "food", 56, "year"),
        ("cases_filed", "drug", 23, "year"),
        ("cases_filed", "special_equipment", 9, "year"),
    ]


def test_more_specific_rule_wins() -> None:
    text = "移送公安机关案件3件,办结违法案件21件,行政复议案件2件,检出不合格产品56个批次。"
    assert [m[0] for m in mentions(text)] == [
        "cases_transferred",
        "cases_closed",
        "admin_reconsideration",
        "sampling_failed",
    ]


def test_number_must_be_tied_to_its_phrase() -> None:
    # The measure word fits cases, but nothing says "case": training, files, lists are not metrics.
    text = "组织执法培训3期,评查案卷120卷,建立清单282项,发放宣传资料7000余份,成员单位由16个增加到32个。"
    assert mentions(text) == []


def test_slogans_ordinals_and_doc_numbers_near_a_trigger_are_not_values() -> None:
    text = "一是落实“三项制度”,二是依据(某市监发〔2022〕5号)第十二条立案,2023年立案查处案件12件。"
    assert mentions(text) == [("cases_filed", "all", 12, "year")]


def test_per_thousand_rate_and_range_are_not_values() -> None:
    text = "按照6.7批次/千人要求开展抽检,以5%-10%的比例抽查企业。"
    assert mentions(text) == []


def test_bare_closing_needs_a_case_sentence() -> None:
    assert mentions("全年受理行政许可申请3200件,办结3150件。") == [("licenses_issued", "all", 3200, "year")]
    assert [m[0] for m in mentions("立案查处违法案件120件,办结115件。")] == ["cases_filed", "cases_closed"]


def test_wrong_unit_never_fires() -> None:
    # 许可 with a percent is a rate, not a number of licences.
    assert mentions("实现行政许可提前办结率96.5%。") == []


# -- zero in words ------------------------------------------------------------------------------
def test_zero_in_words() -> None:
    assert mentions("全年暂无败诉案件。") == [("litigation_lost", "all", 0, "year")]
    assert sorted(mentions("全年未发生行政复议和行政诉讼案件。")) == [
        ("admin_litigation", "all", 0, "year"),
        ("admin_reconsideration", "all", 0, "year"),
    ]


def test_zero_in_words_not_for_targets_or_other_events() -> None:
    assert mentions("力争实现行政诉讼零败诉。") == []
    assert mentions("全年未发生“四大安全”事故,未发现违反公平竞争审查规定的文件。") == []


# -- periods ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, period",
    [
        ("累计查处违法案件58件。", "cumulative"),
        ("2018年以来,查处违法案件58件。", "cumulative"),
        ("2023年以来,查处违法案件58件。", "year"),
        ("今年以来,查处违法案件58件。", "partial"),  # undated: the year so far (dated texts: the test below)
        ("截至9月底,查处违法案件58件。", "partial"),
        ("截至12月底,查处违法案件58件。", "year"),
        ("前三季度查处违法案件58件。", "partial"),
        ("全年通过自助机累计办理许可证58张。", "year"),
        ("截至2024年2月,全市查处违法案件58件。", "cumulative"),
    ],
)
def test_period_cues(text: str, period: str) -> None:
    assert [m[3] for m in mentions(text, 2023)] == [period]


def test_year_to_date_depends_on_when_the_report_was_signed() -> None:
    body = "今年以来,查处违法案件58件。\n某市市场监督管理局\n"
    assert [m[3] for m in mentions(body + "2023年12月31日", 2023)] == ["year"]
    assert [m[3] for m in mentions(body + "2024年3月11日", 2023)] == ["year"]
    assert [m[3] for m in mentions(body + "2023年7月15日", 2023)] == ["partial"]


def test_period_cue_carries_over_same_kind_only() -> None:
    same = "累计将348户经营主体列入经营异常名录,将1户列入严重违法失信名单。"
    assert [m[3] for m in mentions(same)] == ["cumulative", "cumulative"]
    other = "累计检查特种设备使用单位321家,立案47起,罚款24.5万元。"
    assert [m[3] for m in mentions(other)] == ["year", "year"]


def test_stock_is_not_cumulative() -> None:
    text = "全市共有市场主体2.3万户,全市共有56户企业列入经营异常名录。"
    assert [(m[0], m[3]) for m in mentions(text)] == [
        ("entities_total", "year"),
        ("abnormal_list", "cumulative"),
    ]


# -- year-over-year -----------------------------------------------------------------------------
def test_yoy_links_to_its_number() -> None:
    text = "全区实有经营主体73208户,同比增长10.86%,注册资本2942.29亿元,同比下降1.5%;办结违法案件21件,办结数同比增长200%。"
    got = [(m.metric, m.yoy_pct) for m in extract_metrics(text, 2023)]
    assert got == [("entities_total", 10.86), ("registered_capital", -1.5), ("cases_closed", 200.0)]


def test_yoy_distributed_over_a_list() -> None:
    text = "全年立案1052件、结案986件,同比分别增长10%、19%。"
    assert [m.yoy_pct for m in extract_metrics(text, 2023)] == [10.0, 19.0]


def test_yoy_of_another_number_is_not_taken() -> None:
    # The change belongs to the closure rate, which is not a mention.
    text = "立案1052件,结案率98%,同比提高5%。"
    assert [m.yoy_pct for m in extract_metrics(text, 2023)] == [None]


# -- domains ------------------------------------------------------------------------------------
def test_domain_from_lead_and_previous_sentence() -> None:
    text = (
        "三是扎实推进市场秩序治理。加强反垄断和反不正当竞争执法。办结违法《反不正当竞争法》案件21件。"
        "深入推进重点领域广告监管执法。今年以来已结案37件,罚款48.5万元。\n"
        "四是强化特种设备安全。开展专项检查,立案12起。"
    )
    assert [(m[0], m[1]) for m in mentions(text)] == [
        ("cases_closed", "competition"),
        ("cases_closed", "advertising"),
        ("fines", "advertising"),
        ("cases_filed", "special_equipment"),
    ]


def test_book_titles_do_not_name_the_field() -> None:
    text = "出台《关于支持药品零售连锁企业发展的意见》等6份规范性文件并报送备案。"
    assert mentions(text) == [("normative_docs_issued", "all", 6, "year")]


def test_several_fields_listed_give_all() -> None:
    text = "完成食品、药品、特种设备、计量等各类许可2851个。"
    assert mentions(text) == [("licenses_issued", "all", 2851, "year")]


def test_credit_topic_does_not_colour_inspections() -> None:
    text = "一是加强经营主体信用监管。深化“双随机、一公开”监管,抽查2236户市场主体,累计将348户经营主体列入异常名录。"
    assert [(m[0], m[1]) for m in mentions(text)] == [("random_inspections", "all"), ("abnormal_list", "credit")]


def test_plans_and_inclusion_notes_are_skipped() -> None:
    text = (
        "一、工作成效\n全年立案查处案件120件(含简易程序案件20件)。\n"
        "二、2024年工作打算\n力争全年立案查处案件150件。"
    )
    assert mentions(text) == [("cases_filed", "all", 120, "year")]


# -- output contract ----------------------------------------------------------------------------
def test_mention_fields() -> None:
    text = "二是强化执法。全年立案938件,罚没款126万元。"
    ms = extract_metrics(text, 2023)
    assert [(m.unit, m.approx, m.yoy_pct) for m in ms] == [("count", False, None), ("yuan", False, None)]
    for m in ms:
        assert text[m.start : m.end] == m.evidence
        assert m.rule_id.startswith(m.metric + ".")
        assert 0 < m.confidence <= 1


def test_extractor_version() -> None:
    # A rule change bumps `version:` in lexicon.yaml and EXTRACTOR_VERSION together.
    assert re.fullmatch(r"metrics-\d+\.\d+\.\d+", EXTRACTOR_VERSION)
    assert EXTRACTOR_VERSION == f"metrics-{default_lexicon().version}"


def test_empty_text() -> None:
    assert extract_metrics("") == []


def test_speed_on_a_20kb_report() -> None:
    # The fixtures are denser in numbers than real reports (which take ~15 ms for 20 kB).
    lines: list[str] = []
    while len("\n".join(lines).encode("utf-8")) < 20_000:
        lines.extend(line for r in FIXTURE_REPORTS for line in r.text.splitlines())
    text = "\n".join(lines)
    extract_metrics(text[:100], 2023)  # load the rules once
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        extract_metrics(text, 2023)
        timings.append(time.perf_counter() - start)
    assert min(timings) < 0.1


# -- rules are data -----------------------------------------------------------------------------
def shipped_rules() -> dict:
    return yaml.safe_load(resources.files("scrapers.metrics").joinpath("data/lexicon.yaml").read_text("utf-8"))


def test_no_trigger_alternation_stops_short_of_a_longer_word() -> None:
    # A trigger must end where the number's gap begins: in (?:数|数量) the regex takes 数 and leaves
    # 量 as a gap the rule does not allow (民营企业数量4900万户 went unread). Longer words go first.
    plain_group = re.compile(r"\(\?:([^()]*)\)")
    for code, metric in shipped_rules()["metrics"].items():
        for rule in metric["rules"]:
            for pattern in rule.get("before", []):
                for group in plain_group.finditer(pattern):
                    words = group.group(1).split("|")
                    if any(re.search(r"[\\\[\]{}*+?.]", w) for w in words):
                        continue
                    for i, word in enumerate(words):
                        longer = [w for w in words[i + 1 :] if w != word and w.startswith(word)]
                        assert not longer, f"{rule['id']}: {word!r} before {longer} in {group.group(0)}"


def test_adding_a_metric_and_synonyms_is_a_data_change(tmp_path) -> None:
    text = "开展执法培训12期。\n处理消费者来信37件。\n查处直播带货违法案件5件。"
    assert mentions(text) == [("cases_filed", "all", 5, "year")]

    rules = shipped_rules()
    # A new metric (not in catalog.csv, so it states its unit) ...
    rules["metrics"]["trainings"] = {
        "unit": "count",
        "measures": ["期", "场", "次"],
        "rules": [{"id": "trainings.held", "before": ["培训"]}],
    }
    # ... a synonym for an existing metric, and a new word for a field.
    rules["metrics"]["complaints"]["rules"][0]["before"].append("来信")
    rules["domains"]["other"]["cues"].append("直播带货")
    path = tmp_path / "lexicon.yaml"
    path.write_text(yaml.safe_dump(rules, allow_unicode=True), encoding="utf-8")

    assert mentions(text, lexicon=path) == [
        ("trainings", "all", 12, "year"),
        ("complaints", "consumer", 37, "year"),
        ("cases_filed", "other", 5, "year"),
    ]
    assert isinstance(load_lexicon_file(path), Lexicon)


def test_bad_rules_fail_at_load_with_their_id(tmp_path) -> None:
    rules = shipped_rules()
    opened = next(r for r in rules["metrics"]["cases_filed"]["rules"] if r["id"] == "cases_filed.opened")
    opened["before"] = ["立案("]
    with pytest.raises(ValueError, match="cases_filed.opened"):
        Lexicon.from_mapping(rules)
    rules = shipped_rules()
    rules["metrics"]["no_such_metric"] = {"rules": [{"id": "x", "before": ["x"]}]}
    with pytest.raises(ValueError, match="needs `unit:`"):
        Lexicon.from_mapping(rules)
    rules = shipped_rules()
    opened = next(r for r in rules["metrics"]["cases_filed"]["rules"] if r["id"] == "cases_filed.opened")
    opened["measures"] = ["批次"]  # not a measure word of cases_filed
    with pytest.raises(ValueError, match="cases_filed.opened: measures"):
        Lexicon.from_mapping(rules)


def test_every_catalog_metric_has_a_rule() -> None:
    lexicon = default_lexicon()
    for code in load_catalog():
        assert code in lexicon.metrics and lexicon.metrics[code].rules, code


def test_domain_words_of_domains_csv_are_cues() -> None:
    lexicon = default_lexicon()
    domains = load_domains()
    assert set(lexicon.domains) <= set(domains)
    for code, domain in domains.items():
        for word in domain.includes:
            spec = lexicon.domains.get(code)
            assert spec is not None, code
            covered = any(cue in word for cue in spec.cues) or word in spec.narrowed
            assert covered, f"{code}: {word!r} is neither a cue nor listed under `narrowed`"


@pytest.mark.skipif(not SHARED.exists(), reason=f"{SHARED} not found")
@pytest.mark.parametrize("name", ["catalog.csv", "domains.csv", "METRICS.md"])
def test_packaged_contract_matches_shared(name: str) -> None:
    shipped = resources.files("scrapers.metrics").joinpath(f"data/{name}").read_text("utf-8")
    assert shipped == (SHARED / "metrics" / name).read_text(encoding="utf-8")


# -- metrics-1.1.0: general structures found on the blind held-out reports ----------------------
def test_table_rows_take_unit_from_label_and_year_column() -> None:
    text = (
        "项目\t数量\t同比\n立案(件)\t3,126\t+8.5%\n罚没款(万元)\t4,215.6\t-3.2%\n"
        "项目\t2019年\t2018年\n双随机抽查市场主体(户)\t4,380\t3,905\n"
    )
    got = [(m.metric, m.value, m.yoy_pct) for m in extract_metrics(text, 2019)]
    assert got == [("cases_filed", 3126, 8.5), ("fines", 42156000, -3.2), ("random_inspections", 4380, None)]


def test_table_with_a_unit_column() -> None:
    text = "项目\t单位\t2022年\t2021年\n立案数\t件\t1,205\t1,100\n"
    assert mentions(text) == [("cases_filed", "all", 1205, "year")]


def test_restated_number_takes_the_metric_before_it() -> None:
    got = [(m.metric, m.value, m.approx, m.yoy_pct) for m in extract_metrics("全省实有经营主体突破800万户,达到812.47万户,同比增长7.92%。", 2023)]
    assert got == [("entities_total", 8000000, True, None), ("entities_total", 8124700, False, 7.92)]


def test_averages_are_not_totals() -> None:
    assert mentions("全年新设经营主体126.3万户,日均新设3,460户。") == [("entities_new", "all", 1263000, "year")]


def test_subjects_before_fenbie_name_each_number() -> None:
    assert [m[0] for m in mentions("全年立案数、结案数分别为210件、198件。")] == ["cases_filed", "cases_closed"]
    got = [(m.metric, m.yoy_pct) for m in extract_metrics("立案198件,结案186件,罚没213.5万元,案件数和罚没金额同比分别增长18.6%、25.3%。", 2020)]
    assert got == [("cases_filed", 18.6), ("cases_closed", None), ("fines", 25.3)]


def test_field_names_between_trigger_and_number() -> None:
    assert mentions("抽检药品、医疗器械、化妆品分别为320批次、85批次、140批次。") == [
        ("sampling_batches", "drug", 320, "year"),
        ("sampling_batches", "drug", 85, "year"),
        ("sampling_batches", "drug", 140, "year"),
    ]


def test_hedged_bare_scale() -> None:
    got = [(m.metric, m.value, m.approx, m.period) for m in extract_metrics("近三年来,累计移送涉嫌犯罪案件近百件。", 2024)]
    assert got == [("cases_transferred", 100, True, "cumulative")]


def test_penalty_words_after_the_number() -> None:
    assert mentions("对19件案件依法从轻、减轻处罚,对38件违法行为轻微的案件适用“首违不罚”。") == [
        ("penalty_mitigated", "all", 19, "year"),
        ("penalty_exempted", "all", 38, "year"),
    ]


def test_legal_work_takes_no_field_from_earlier_sentences() -> None:
    text = "为消费者挽回经济损失56.8万元。全年发生行政复议案件1件;行政诉讼案件0件。"
    assert mentions(text)[1:] == [("admin_reconsideration", "all", 1, "year"), ("admin_litigation", "all", 0, "year")]


def test_a_sentence_of_parts_over_fields_sets_no_topic() -> None:
    text = "(三)执法办案。查处网络交易违法案件214件;查处商标侵权案件157件。今年移送公安机关31件。"
    assert mentions(text)[-1] == ("cases_transferred", "all", 31, "year")


def test_issuing_verb_wins_over_a_later_clean_up() -> None:
    assert mentions("全年制定出台规范性文件8件,组织开展专项清理,共清理规范性文件136件。") == [
        ("normative_docs_issued", "all", 8, "year"),
        ("normative_docs_cleaned", "all", 136, "year"),
    ]


def test_more_synonyms() -> None:
    assert mentions("开展公平竞争审查43件。") == [("fair_competition_reviews", "competition", 43, "year")]
    assert mentions("全年共作出行政处罚决定687件。") == [("cases_filed", "all", 687, "year")]
    assert mentions("参与处理信访案件三件。") == []
    assert mentions("本年度我局未制定规范性文件,暂无行政败诉案件。") == [
        ("normative_docs_issued", "all", 0, "year"),
        ("litigation_lost", "all", 0, "year"),
    ]
    got = [m.yoy_pct for m in extract_metrics("全市经营主体总数达到58.62万户,较上年末增长6.8%。", 2024)]
    assert got == [6.8]


# -- metrics-1.2.0: what heldout2 / heldout3 showed ----------------------------------------------
def test_synonyms_of_1_2_0() -> None:
    assert mentions("全年罚没入库1,862.4万元。") == [("fines", "all", 18624000, "year")]
    assert mentions("向公安机关移交涉嫌犯罪案件21件。") == [("cases_transferred", "all", 21, "year")]
    assert mentions("全市市场主体达到19.6万户。") == [("entities_total", "all", 196000, "year")]
    assert mentions("全县登记在册市场主体3.46万户。") == [("entities_total", "all", 34600, "year")]
    assert mentions("全年新发展市场主体5,127户,新登记商事主体8.9万户。") == [
        ("entities_new", "all", 5127, "year"),
        ("entities_new", "all", 89000, "year"),
    ]
    assert mentions("依法将5,632户企业载入经营异常名录,1,364户个体工商户被标记为经营异常状态。") == [
        ("abnormal_list", "credit", 5632, "year"),
        ("abnormal_list", "credit", 1364, "year"),
    ]
    assert mentions("全年作出不予行政处罚决定58件,审核重大行政处罚决定65件。") == [
        ("penalty_exempted", "all", 58, "year"),
        ("major_decisions_reviewed", "all", 65, "year"),
    ]
    assert mentions("提出法律意见建议41条,出具合法性审核意见书87份。") == [
        ("legal_opinions", "all", 41, "year"),
        ("legal_opinions", "all", 87, "year"),
    ]
    assert mentions("通过“双随机”方式抽取检查对象628户。") == [("random_inspections", "all", 628, "year")]


def test_number_before_its_action() -> None:
    assert mentions("对5家首次违法且及时改正的经营户依法免予行政处罚。") == [("penalty_exempted", "all", 5, "year")]
    assert mentions("对全省4.3万户企业开展“双随机”抽查。") == [("random_inspections", "all", 43000, "year")]
    assert mentions("对新出台的4件涉及市场主体经济活动的政策措施进行公平竞争审查。") == [
        ("fair_competition_reviews", "competition", 4, "year")
    ]
    # 对 N + something else is not an inspection or a waiver.
    assert mentions("对120家企业开展约谈,对35家企业开展行政指导。") == []


def test_count_in_a_later_clause_of_a_clean_up_or_sampling_sentence() -> None:
    assert mentions("对省局现行有效的规范性文件开展专项清理,涉及文件64件。") == [("normative_docs_cleaned", "all", 64, "year")]
    # The task handed down is a target, not batches sampled (real labellers leave it out).
    assert mentions("省局下达食品安全抽检任务5,600批次,全年实际完成6,012批次。") == [
        ("sampling_batches", "food", 6012, "year"),
    ]


def test_zeros_and_percent_in_words_of_1_2_0() -> None:
    assert mentions("行政诉讼案件一件,无一败诉,负责人出庭应诉率达百分之百。") == [
        ("admin_litigation", "all", 1, "year"),
        ("litigation_lost", "all", 0, "year"),
        ("court_appearance_rate", "all", 100, "year"),
    ]
    assert mentions("全年未收到政府信息公开申请。") == [("info_disclosure_requests", "all", 0, "year")]


def test_per_head_rate_is_not_a_count() -> None:
    assert mentions("完成食品安全监督抽检14.6万批次,抽检量达到每千人3.8批次。") == [("sampling_batches", "food", 146000, "year")]


def test_double_random_takes_no_field_from_the_sentence_before() -> None:
    text = "检查电梯4,352台,督促整改问题隐患287项。“双随机、一公开”抽查经营主体3,610户次。"
    assert mentions(text)[-1] == ("random_inspections", "all", 3610, "year")


def test_periods_of_1_2_0() -> None:
    # 全年共有…被列入: what the year put on the list, not a stock since ever.
    assert [m[3] for m in mentions("全年共有1.5万户企业被列入经营异常名录,368户企业被列入严重违法失信企业名单。")] == [
        "year",
        "year",
    ]
    # A stock's 共有 is no cue: an earlier 截至6月底 decides.
    assert [m[3] for m in mentions("截至6月底,全市共有市场主体12.3万户。")] == ["partial"]
    # A clean-up of documents made since 2015 is this year's; documents issued since 2018 are not.
    assert [m[3] for m in mentions("对我局2015年以来制发的11件规范性文件开展清理。", 2020)] == ["year"]
    assert [m[3] for m in mentions("2018年以来出台的规范性文件共18件。", 2022)] == ["cumulative"]


def test_a_half_year_report_makes_cue_less_figures_partial() -> None:
    body = "某某县市场监督管理局2024年上半年法治政府建设工作总结\n一、工作情况\n全局立案43件,罚没款26.8万元。未发生行政复议案件。\n"
    got = [m[3] for m in mentions(body + "某某县市场监督管理局\n2024年7月5日", 2024)]
    assert got == ["partial", "partial", "partial"]
    annual = "某某县市场监督管理局2024年法治政府建设情况报告\n一、工作情况\n全局立案43件。上半年罚没款26.8万元。\n"
    assert [m[3] for m in mentions(annual, 2024)] == ["year", "partial"]


# -- rules of 1.3.0 (found on heldout4 and heldout5; the sentences here are variants) ------------
def test_transfer_with_described_cases_and_bracketed_aside() -> None:
    # 伪劣产品 names a product-quality violation when no product field is named (metrics-1.6.0).
    assert mentions("向检察机关移送涉嫌生产销售伪劣产品犯罪案件6件。") == [("cases_transferred", "quality", 6, "year")]
    assert mentions("依法移送公安机关涉嫌犯罪案件(线索)15件。") == [("cases_transferred", "all", 15, "year")]
    # Handing cases to another agency is not a transfer to the judiciary.
    assert mentions("移送其他部门处理的案件12件。") != [("cases_transferred", "all", 12, "year")]


def test_number_before_its_action_frames() -> None:
    assert mentions("全年对23件重大执法案件开展了法制审核。") == [("major_decisions_reviewed", "all", 23, "year")]
    assert mentions("将1,306户逾期未公示年度报告的个体工商户列入经营异常名录。") == [("abnormal_list", "credit", 1306, "year")]
    assert mentions("全市适用“首违不罚”清单办理案件418件。") == [("penalty_exempted", "all", 418, "year")]
    assert mentions("对120余家平台内经营者开展“双随机”抽查。") == [("random_inspections", "all", 120, "year")]


def test_part_by_field_takes_the_metric_before_it() -> None:
    text = "全年对86件轻微违法案件依法不予处罚,其中食品领域31件。"
    assert mentions(text) == [("penalty_exempted", "all", 86, "year"), ("penalty_exempted", "food", 31, "year")]
    # 其中维持5件 is an outcome, not a field: no mention.
    assert mentions("收到行政复议申请7件,其中维持5件。") == [("admin_reconsideration", "all", 7, "year")]


def test_part_clause_period_stays_in_it() -> None:
    text = "完成食品抽检980批次,其中第二季度完成260批次;检出不合格样品12批次。"
    assert [m[3] for m in mentions(text)] == ["year", "partial", "year"]


def test_fenbie_before_tongbi_and_flat_change() -> None:
    text = "立案数、结案数分别为210件、198件,分别同比增长4.2%、3.1%。"
    assert [m.yoy_pct for m in extract_metrics(text, 2023)] == [4.2, 3.1]
    text = "全年受理投诉举报1,520件,同比持平;挽回经济损失12.3万元,与去年同期基本持平。"
    assert [m.yoy_pct for m in extract_metrics(text, 2023)] == [0.0, 0.0]
    # 环比 is not year over year; a change in 个百分点 is not a yoy percent.
    text = "12月末实有经营主体3.1万户,环比增长1.2%。不合格样品18批次,不合格率同比下降0.3个百分点。"
    assert [m.yoy_pct for m in extract_metrics(text, 2023)] == [None, None]


def test_field_list_is_a_run_of_fields() -> None:
    text = "12315平台和12358价格监管平台共受理价格投诉举报820件。"
    assert mentions(text) == [("complaints", "price", 820, "year")]


def test_table_row_takes_no_field_from_the_row_above() -> None:
    text = "项目\t单位\t2022年\n食品安全抽检\t批次\t1,380\n投诉举报\t件\t2,016\n其中不合格(批次)\t\t21"
    got = mentions(text, 2022)
    assert got[:2] == [("sampling_batches", "food", 1380, "year"), ("complaints", "consumer", 2016, "year")]


def test_inclusion_note_does_not_name_the_field_of_the_total() -> None:
    text = "对规范性文件进行全面清理,共清理规范性文件96件(其中原食药监局40件)。"
    assert mentions(text) == [("normative_docs_cleaned", "all", 96, "year")]


def test_double_random_earlier_in_the_sentence_blocks_an_inherited_field() -> None:
    text = "开展电梯安全检查,发现隐患31处。开展“双随机、一公开”联合抽查,抽查市场主体208户。"
    assert mentions(text)[-1] == ("random_inspections", "all", 208, "year")


def test_licence_verb_in_a_licence_sentence() -> None:
    text = "累计发放食品经营许可证3,200张,今年新发放410张。核发特种设备作业人员证612张。"
    got = [(m[0], m[2]) for m in mentions(text)]
    assert got == [("licenses_issued", 3200), ("licenses_issued", 410), ("licenses_issued", 612)]


# -- metrics-1.4.0 (from heldout6 and heldout7; each test a variant, not the held-out sentence) --
def test_list_items_joined_by_field_names_take_the_metric_of_the_first() -> None:
    text = "全年抽检食品2,400批次、药品320批次和化妆品95批次。"
    assert mentions(text) == [
        ("sampling_batches", "food", 2400, "year"),
        ("sampling_batches", "drug", 320, "year"),
        ("sampling_batches", "drug", 95, "year"),
    ]


def test_bare_closed_after_a_reconsideration_clause_is_not_a_closed_case() -> None:
    text = "全年立案查处案件210件,办结201件。共受理行政复议申请9件,审结8件,依法办结7件。"
    got = [(m[0], m[2]) for m in mentions(text)]
    assert ("cases_closed", 201) in got and ("cases_closed", 7) not in got


def test_object_frame_waiver_takes_no_field_from_the_sentence_before() -> None:
    text = "办理药品经营许可620件。对首次违法的48家经营户依法免予处罚,对轻微违法的9家企业从轻处罚。"
    got = mentions(text)
    assert ("penalty_exempted", "all", 48, "year") in got and ("penalty_mitigated", "all", 9, "year") in got


def test_described_transfer_takes_the_sub_item_lead_not_the_sentence_before() -> None:
    text = "一、执法办案\n查处烟草案件6件。向公安机关移送制售假冒商品案件2件。\n(二)价格执法。查处案件8件。向公安机关移送哄抬物价犯罪案件1件。"
    got = [(m[0], m[1], m[2]) for m in mentions(text) if m[0] == "cases_transferred"]
    assert got == [("cases_transferred", "all", 2), ("cases_transferred", "price", 1)]


def test_major_decisions_counted_as_cases() -> None:
    text = "法制审核重大行政处罚决定案件42件。"
    assert mentions(text) == [("major_decisions_reviewed", "all", 42, "year")]


def test_none_lost_after_counted_lawsuits_is_zero() -> None:
    text = "行政诉讼案件4件,均未败诉。"
    assert ("litigation_lost", "all", 0, "year") in mentions(text)


def test_a_campaign_s_inspection_visits_are_no_random_inspections() -> None:
    # 户次 counts visits of a campaign; entities checked are counted in 户 / 家, and 双随机 or
    # 随机 named before the count takes either.
    assert extract_metrics("专项行动共检查经营主体3.1万户次。", 2023) == []
    got = [(m.metric, m.value) for m in extract_metrics("共检查各类市场主体5661户。随机抽查企业730户次。", 2023)]
    assert got == [("random_inspections", 5661), ("random_inspections", 730)]


def test_double_random_named_then_the_count() -> None:
    text = "指标\t数值\t同比\n“双随机、一公开”检查(家次)\t512\t持平\n开展“双随机”抽查730户次。"
    got = [(m.metric, m.value, m.yoy_pct) for m in extract_metrics(text, 2023)]
    assert got == [("random_inspections", 512, 0.0), ("random_inspections", 730, None)]


def test_bare_removal_in_a_credit_sentence_is_a_restoration() -> None:
    text = "将210户企业列入经营异常名录,通过信用修复移出88户次。"
    assert mentions(text)[-1] == ("credit_restored", "credit", 88, "year")


def test_inspection_of_qualified_entities_and_institutions() -> None:
    text = "抽查网络餐饮商户150家。对42家认证机构开展“双随机”检查。"
    assert mentions(text) == [("random_inspections", "food", 150, "year"), ("random_inspections", "quality", 42, "year")]
