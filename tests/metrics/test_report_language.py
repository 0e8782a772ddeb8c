"""The classes of phrasing real reports showed (issue: metrics on real text), one behaviour a test.

Sentences here are variants written for the tests, not the real texts (those are scored in
test_real_text.py).
"""

from __future__ import annotations

from scrapers.metrics.extract import extract_metrics


def got(text: str, year: int = 2023, published: str | None = None) -> list[tuple]:
    return [(m.metric, m.domain, m.value, m.period) for m in extract_metrics(text, year, published=published)]


# -- phrasings of the law-based-government metrics ------------------------------------------------
def test_other_counters() -> None:
    assert got("出具法律意见书15篇。") == [("legal_opinions", "all", 15, "year")]
    assert got("收到政府信息公开申请3项。") == [("info_disclosure_requests", "all", 3, "year")]


def test_disclosure_requests_by_channel() -> None:
    text = "2023年我局共受理依申请政府信息公开事项29例,其中通过网络收到申请25件,通过来信收到申请4件。"
    assert [m[2] for m in got(text)] == [29, 25, 4]
    assert [m[2] for m in got("在受理的3件政府信息依申请公开中,按申请方式区分,3件属于网络平台申请。")] == [3, 3]
    # Not in a sentence on disclosure: another kind of request.
    assert got("受理行政复议申请3件,通过网络收到申请2件。") == [("admin_reconsideration", "all", 3, "year")]


def test_complaints_by_the_12315_platform_channel() -> None:
    text = "从平台三大数据来源来看,话务接收6658件,占比46.79%;群众互联网填写7247件,占比50.93%;监管人员录入(邮箱、来函等)255件。"
    assert got(text) == [
        ("complaints", "consumer", 6658, "year"),
        ("complaints", "consumer", 7247, "year"),
        ("complaints", "consumer", 255, "year"),
    ]


def test_other_verbs() -> None:
    assert got("法律顾问出具意见书28次。") == [("legal_opinions", "all", 28, "year")]
    assert ("cases_transferred", "all", 4, "year") in got("向公安机关移送涉嫌犯罪线索4条。")


def test_number_before_its_noun() -> None:
    assert got("全年共收到12件政府信息公开申请。") == [("info_disclosure_requests", "all", 12, "year")]
    assert got("办理10件人大代表建议和8件政协提案。") == [
        ("proposals_handled", "all", 10, "year"),
        ("proposals_handled", "all", 8, "year"),
    ]
    assert got("全年有65起案件移送公安机关处理。") == [("cases_transferred", "all", 65, "year")]


def test_case_named_by_its_object() -> None:
    # (无照经营, unlicensed business, is the registration field's enforcement)
    assert got("查处无照经营案12起。") == [("cases_filed", "registration", 12, "year")]
    assert got("立案查处虚假宣传案4件。") == [("cases_filed", "all", 4, "year")]


def test_the_sum_of_a_sampling_sentence() -> None:
    text = "一季度共抽检食品经营单位119个,涉及肉制品、蛋制品等27大类,合计579批次。"
    assert got(text) == [("sampling_batches", "food", 579, "year")]
    assert got("抽检食品420批次,符合标准要求的共403批次。") == [("sampling_batches", "food", 420, "year")]


def test_a_breakdown_by_kind_of_the_total_before_it() -> None:
    text = "上半年全局共立案查处各类违法案件239起,结案187起。以案件类型分:食品监管54起、药品监管20起、产品质量20起。"
    assert [m[:3] for m in got(text)] == [
        ("cases_filed", "all", 239),
        ("cases_closed", "all", 187),
        ("cases_filed", "food", 54),
        ("cases_filed", "drug", 20),
        ("cases_filed", "quality", 20),
    ]


def test_bare_violations_found_are_cases() -> None:
    assert ("cases_filed", "all", 21, "year") in got("检查经营户4413户次,查处违法21起。")
    assert got("检查特种设备使用单位203家,查处违规10起。")[-1] == ("cases_filed", "special_equipment", 10, "year")


def test_fair_competition_reviews_of_new_and_existing_measures() -> None:
    assert [m[2] for m in got("全年审查政策措施增量文件7631件,清理存量4630件。")] == [7631, 4630]


def test_small_full_stop_as_decimal_point() -> None:
    assert got("全國市場監管部門共處理投訴舉報８９０２﹒８萬件。") == [("complaints", "consumer", 89028000, "year")]


def test_confiscated_gains_are_fines() -> None:
    assert got("罚款5.6万元,没收违法所得0.45万元。") == [("fines", "all", 56000, "year"), ("fines", "all", 4500, "year")]


def test_complaints_by_telephone_are_complaints() -> None:
    assert got("12315热线受理消费者投诉、举报、咨询电话598件。") == [("complaints", "consumer", 598, "year")]


def test_the_total_named_again_and_broken_down() -> None:
    text = "共查办食品安全问题案件702件。\n记者了解到,702件食品安全案件中,未取得许可从事食品生产经营19件,其他违法行为653件。"
    assert [m[2] for m in got(text)] == [702, 702, 19, 653]
    assert {m[:2] for m in got(text)} == {("cases_filed", "food")}


def test_revoked_licences_and_police_cases_are_not_ours() -> None:
    assert got("吊销食品经营许可证54户,公安机关立案2件。") == []


def test_more_verbs_of_the_same_metrics() -> None:
    assert got("立案处罚25起。") == [("cases_filed", "all", 25, "year")]
    assert got("在10个重点区域抽取21批次样品。") == [("sampling_batches", "all", 21, "year")]
    assert [m[2] for m in got("人大代表建议主办件8件,政协委员提案主办件17件。")] == [8, 17]


def test_no_disclosure_on_application_is_zero_requests() -> None:
    assert got("2020年,我局无依申请公开和不予以公开政府信息。", 2020) == [("info_disclosure_requests", "all", 0, "year")]


def test_a_bound_of_the_law_is_no_amount() -> None:
    assert got("对54件价格违法行为作出了10万元以上罚款的行政处罚。") == []
    assert got("并处5万元以上罚款。") == []


def test_one_case_fine_and_other_organs_cases_are_not_counted() -> None:
    assert got("该企业被罚款1万元。") == []
    assert got("公安机关侦办侵犯知识产权和制售伪劣商品犯罪案件4万起。") == []


def test_producers_of_sampled_batches_are_not_inspections() -> None:
    assert got("抽查生产企业347家408批次。") == [("sampling_batches", "all", 408, "year")]


def test_credit_records_restored() -> None:
    assert got("全年共有3600户企业的信用记录得到修复。") == [("credit_restored", "credit", 3600, "year")]
    assert got("累计信用修复38条。", 2025, published="2025-04-20") == [("credit_restored", "credit", 38, "partial")]


def test_planned_figures_are_not_done() -> None:
    assert got("全区统筹制定抽检监测计划24.1万批次。") == []
    assert got("上级下达食品抽检任务1549批次,全年完成1600批次。") == [("sampling_batches", "food", 1600, "year")]
    assert got("完成市局下达的食品安全监督抽检任务770批次。") == [("sampling_batches", "food", 770, "year")]


def test_a_stretch_of_time_is_not_a_count() -> None:
    assert got("企业设立登记3个工作小时内办结。") == []
    # (the campaign's three months are its period: a text that opens on it counts part of a year)
    assert got("开展为期3个月的专项整治,查处案件12件。") == [("cases_filed", "all", 12, "partial")]


def test_waivers_in_quotes_are_waivers_not_cases() -> None:
    assert got("全年办理“首违不罚”“轻微免罚”案件214件。") == [("penalty_exempted", "all", 214, "year")]


def test_the_total_after_a_flow_is_the_stock() -> None:
    assert got("截至11月底,全市新登记商事主体45.6万户,总量达324.8万户。", 2019) == [
        ("entities_new", "all", 456000, "partial"),
        ("entities_total", "all", 3248000, "partial"),
    ]


def test_kinds_of_entity_after_an_entity_figure_are_its_parts() -> None:
    assert [m[:3] for m in got("全年新登记经营主体36507户,企业23584户,占比64.6%,个体户12923户,占比35.4%。")] == [
        ("entities_new", "all", 36507),
        ("entities_new", "all", 23584),
        ("entities_new", "all", 12923),
    ]
    text = "全市共有经营主体3819706户,其中,企业2422656户,占总量的63.4%;个体户1397050户,占总量的36.6%。"
    assert [m[2] for m in got(text)] == [3819706, 2422656, 1397050]


def test_grown_from_a_base_to_a_level() -> None:
    assert got("全市市场主体由2020年底的10.2万户增至12.5万户。", 2021) == [("entities_total", "all", 125000, "year")]


# -- list structure -------------------------------------------------------------------------------
def test_a_part_by_anything_counted_alike() -> None:
    assert got("受理行政复议申请24件,其中2021年15件、2022年9件。") == [
        ("admin_reconsideration", "all", 24, "year"),
        ("admin_reconsideration", "all", 15, "year"),
        ("admin_reconsideration", "all", 9, "year"),
    ]


def test_outcomes_are_not_parts() -> None:
    assert got("收到行政复议申请9件,其中维持7件,撤销2件。") == [("admin_reconsideration", "all", 9, "year")]


def test_a_part_opening_the_next_sentence() -> None:
    text = "全年共完成食品抽检1360批次,检出不合格样品93批次。其中普通食品1060批次、食用农产品300批次。"
    assert [m[:3] for m in got(text)] == [
        ("sampling_batches", "food", 1360),
        ("sampling_failed", "food", 93),
        ("sampling_batches", "food", 1060),
        ("sampling_batches", "food", 300),
    ]


# -- period ---------------------------------------------------------------------------------------
def test_a_text_published_mid_year_states_part_of_the_year() -> None:
    assert got("全市新设经营主体8200户。", 2023, published="2023-07-15") == [("entities_new", "all", 8200, "partial")]
    assert got("全市新设经营主体8200户。", 2023, published="2024-02-15") == [("entities_new", "all", 8200, "year")]


def test_a_text_on_several_years_counts_their_span() -> None:
    text = "“十四五”期间市场监管执法成效显著\n五年间持续开展民生领域执法“铁拳”行动,查办案件27.3万件,移送公安机关案件1707起。"
    assert {m[3] for m in got(text, 2025, published="2025-10-17")} == {"cumulative"}


def test_so_far_is_part_of_the_year_in_a_mid_year_text() -> None:
    assert got("截至目前,立案查处案件42件。", 2023, published="2023-06-20") == [("cases_filed", "all", 42, "partial")]


def test_a_total_with_a_yoy_change_is_not_several_years() -> None:
    ms = extract_metrics("累计处理各类投诉举报767件,同比增长3.2%。", 2023)
    assert [(m.metric, m.period, m.yoy_pct) for m in ms] == [("complaints", "year", 3.2)]


def test_a_time_frame_opening_a_sentence_frames_all_its_figures() -> None:
    text = "截至9月底,全县共查办案件312件,涉案金额98.5万元,罚没款56万元,移送司法机关4件。"
    assert got(text, 2023) == [
        ("cases_filed", "all", 312, "partial"),
        ("fines", "all", 560000, "partial"),
        ("cases_transferred", "all", 4, "partial"),
    ]
    # A cue inside the first figure's own clause is that figure's: the others are the year's.
    assert got("累计检查经营主体321家,立案查处47起。", 2023) == [
        ("random_inspections", "all", 321, "cumulative"),
        ("cases_filed", "all", 47, "year"),
    ]


# -- year-over-year -------------------------------------------------------------------------------
def test_other_words_of_change() -> None:
    ms = extract_metrics("新设个体工商户8.22万家,同比上涨19.60%。", 2023)
    assert [(m.metric, m.yoy_pct) for m in ms] == [("entities_new", 19.6)]


def test_other_words_for_the_comparison_base() -> None:
    ms = extract_metrics("全年完成食品监督抽检3710批次,比上年度增长21.44%。", 2021)
    assert [(m.metric, m.yoy_pct) for m in ms] == [("sampling_batches", 21.44)]
    ms = extract_metrics("新设市场主体1.2万户,较上一年度增长8%。", 2021)
    assert [(m.metric, m.yoy_pct) for m in ms] == [("entities_new", 8.0)]


def test_a_change_names_its_figure() -> None:
    ms = extract_metrics("全省立案10621宗,办结9826宗,立案数量相比2020年(3369宗)增长215.3%。", 2021)
    assert [(m.metric, m.value, m.yoy_pct) for m in ms] == [("cases_filed", 10621, 215.3), ("cases_closed", 9826, None)]


def test_a_change_since_year_end_is_no_yoy_in_a_mid_year_text() -> None:
    text = "截至2023年9月底,全国登记在册经营主体1.81亿户,较2022年底增长6.7%。"
    assert [m.yoy_pct for m in extract_metrics(text, 2023, published="2023-10-20")] == [None]
    assert [m.yoy_pct for m in extract_metrics("年末全市实有经营主体58.6万户,较上年末增长6.8%。", 2023)] == [6.8]


# -- script ---------------------------------------------------------------------------------------
def test_traditional_script() -> None:
    assert got("全系統共查處違法案件1410件,罰款1210萬元,移送公安機關案件35件。") == [
        ("cases_filed", "all", 1410, "year"),
        ("fines", "all", 12100000, "year"),
        ("cases_transferred", "all", 35, "year"),
    ]
    # Every character of OpenCC's table, not only those of the texts seen so far.
    ms = extract_metrics("全省共查處各類案件16.7萬件,罰沒金額9.5億元,同比分別增長35.3%和17%。", 2021)
    assert [(m.metric, m.yoy_pct) for m in ms] == [("cases_filed", 35.3), ("fines", 17.0)]


def test_pinyin_glosses_of_big5_mirrors_are_read_through() -> None:
    text = "共立案查處各類知識產(chǎn)權(quán)案件5710件,為消費者挽回經(jīng)濟損失約4.5億元。"
    ms = extract_metrics(text, 2020)
    assert [(m.metric, m.domain, m.value) for m in ms] == [("cases_filed", "ip", 5710), ("losses_recovered", "consumer", 4.5e8)]
    assert all(text[m.start : m.end] == m.evidence for m in ms)  # evidence stays verbatim
    assert ms[1].evidence.endswith("經(jīng)濟損失約4.5億元")


# -- more phrasings (issue classes 2-7) ------------------------------------------------------------
def test_one_rate_stated_for_two_things_at_once() -> None:
    ms = got("行政机关负责人出庭应诉率和出庭发声率均为100%。")
    assert ms == [("court_appearance_rate", "all", 100, "year")]


def test_zero_in_other_words() -> None:
    assert ("admin_reconsideration", "all", 0, "year") in got("全年未收到行政复议申请。")
    assert ("litigation_lost", "all", 0, "year") in got("行政诉讼败诉案件为零。")
    text = "流通领域抽查了14家企业销售的16批次产品,未发现不合格。"
    assert {m[:3] for m in got(text, 2024)} == {("sampling_batches", "quality", 16), ("sampling_failed", "quality", 0)}
    # …but a zero only implied by all passing is no figure the text states.
    assert got("抽检食品120批次,均合格。") == [("sampling_batches", "food", 120, "year")]
    # Goods taken off sale are no failed samples.
    assert got("督促电商平台下架不合格产品15批次。") == []



def test_confiscated_money_named_by_its_verb_alone() -> None:
    text = "全年价格经济制裁总金额2.74亿元,其中退款1.17亿元,没收0.91亿元,罚款0.66亿元。"
    assert [(m[0], m[2]) for m in got(text)][-2:] == [("fines", 91000000), ("fines", 66000000)]


def test_a_verb_distributed_over_the_items_of_a_list() -> None:
    text = "全年办结案件45件,其中广告类办结12件,价格类8件,计量类5件。"
    assert got(text) == [
        ("cases_closed", "all", 45, "year"),
        ("cases_closed", "advertising", 12, "year"),
        ("cases_closed", "price", 8, "year"),
        ("cases_closed", "quality", 5, "year"),
    ]


def test_two_metrics_paired_in_one_clause() -> None:
    assert got("办理不予处罚案件36件、从轻处罚案件21件。") == [
        ("penalty_exempted", "all", 36, "year"),
        ("penalty_mitigated", "all", 21, "year"),
    ]


def test_cumulative_at_the_head_of_a_list_applies_to_every_item() -> None:
    assert [m[3] for m in got("累计将348户列入经营异常名录、12户列入严重违法失信名单。")] == ["cumulative", "cumulative"]


def test_a_span_between_two_dates_is_cumulative() -> None:
    assert got("2019年初至2020年9月,共查处传销案件26件。", 2020) == [("cases_filed", "competition", 26, "cumulative")]


def test_recent_years_are_cumulative() -> None:
    assert got("近三年共办理行政复议案件31件。")[0][3] == "cumulative"


def test_a_waived_fine_is_not_a_fine() -> None:
    assert got("为企业减免罚款金额120万元。") == []


def test_published_typical_cases_are_not_cases_filed() -> None:
    assert got("发布典型案例12个。") == []


def test_cases_of_other_organs_are_not_the_bureaus() -> None:
    assert got("公安机关破获食品犯罪案件23起。") == []


def test_a_change_of_another_quantity_is_not_this_ones() -> None:
    ms = extract_metrics("全年立案查处案件580件,其中大要案占比同比增长3.5%。", 2023)
    assert [(m.metric, m.yoy_pct) for m in ms] == [("cases_filed", None)]


def test_outcomes_in_brackets_are_not_more_cases() -> None:
    assert got("全年办理行政复议案件9件(维持7件,撤销2件)。") == [("admin_reconsideration", "all", 9, "year")]


def test_the_change_belongs_to_the_figure_not_to_its_base() -> None:
    ms = extract_metrics("全年罚没款1200万元,较2022年的1100万元增长9.1%。", 2023)
    assert [(m.metric, m.value, m.yoy_pct) for m in ms if m.yoy_pct is not None] == [("fines", 12000000, 9.1)]


def test_legal_work_counted_number_first() -> None:
    assert got("全年收到12件行政复议申请,办理5起行政诉讼案件。") == [
        ("admin_reconsideration", "all", 12, "year"),
        ("admin_litigation", "all", 5, "year"),
    ]
    assert got("为消费者挽回120万元经济损失。") == [("losses_recovered", "consumer", 1200000, "year")]


def test_a_bare_change_in_a_sentence_that_states_its_base() -> None:
    ms = extract_metrics("与上年相比,全年新设经营主体8200户,增长7.7%;注销1200户。", 2023)
    assert [(m.metric, m.yoy_pct) for m in ms] == [("entities_new", 7.7)]
    assert [m.yoy_pct for m in extract_metrics("全年新设经营主体8200户,增长7.7%。", 2023)] == [None]


def test_a_table_written_with_bars_and_the_disclosure_template() -> None:
    text = (
        "| 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 | |\n"
        "| 行政许可 | 8 | 0 | 18000 | |\n"
    )
    assert got(text, 2020) == [("licenses_issued", "all", 18000, "year")]


def test_a_list_opened_inside_the_first_items_clause() -> None:
    text = "商品类投诉中,排名前三位的依次是普通食品类211件、服装鞋帽类63件、交通工具类55件。"
    assert [m[:3] for m in got(text)] == [
        ("complaints", "consumer", 211),
        ("complaints", "consumer", 63),
        ("complaints", "consumer", 55),
    ]


def test_a_complaint_item_naming_a_kind_of_problem_takes_its_field() -> None:
    # A problem another department handles takes its field; a quality or food-safety problem is
    # the consumer's own complaint about goods and stays consumer (METRICS.md).
    text = "全年受理投诉举报300件,其中广告类18件、食品安全13件、质量9件、价格1件。"
    assert [m[:3] for m in got(text)] == [
        ("complaints", "consumer", 300),
        ("complaints", "advertising", 18),
        ("complaints", "consumer", 13),
        ("complaints", "consumer", 9),
        ("complaints", "price", 1),
    ]


def test_a_month_is_part_of_the_year() -> None:
    assert got("2022年1月深圳市新登记商事主体36507户。", 2022) == [("entities_new", "all", 36507, "partial")]
    assert got("辛集市12315投诉举报中心2025年11月份投诉举报数据分析\n共受理投诉359件。", 2025)[0][3] == "partial"


def test_a_text_opening_on_months_or_quarters_of_its_year_is_part_of_it() -> None:
    # The opening sets the span; the figures of the next sentences carry no cue of their own.
    text = "2023年某省一至三季度共开展食品安全监督抽检31392批次;检出不合格食品423批次。\n生产环节抽检1700批次,不合格19批次。"
    assert {m[3] for m in got(text, 2023)} == {"partial"}
    text = "2021年全市前10个月市场监管工作综述\n全市共立案1505件,罚没1550.6万元。"
    assert {m[3] for m in got(text, 2021)} == {"partial"}
    assert got("前11个月,全县共立案查处案件86件。", 2021)[0][3] == "partial"
    # A campaign begun in a month of this year, or this campaign, is a stretch of the year.
    assert got("自今年6月底开始的专项行动目前已结束,共计查处各类网络交易违法案件943件。", 2023)[0][3] == "partial"
    assert got("本次行动共立案查处违法广告案件12件。", 2019)[0][3] == "partial"
    # A text opening on 本轮疫情以来 is on that stretch, its later sentences too.
    text = "本轮疫情发生以来,全市从严查处哄抬价格行为。\n上海市场监管部门累计查办案件124件。\n查办食品安全类案件233件。"
    assert {m[3] for m in got(text, 2022)} == {"partial"}
    # A title with its place first, a title opening on 上半年, an opening on the days just past.
    text = "河南郑州:2021年前10月立案1505件\n今年,全市共抽检食用农产品1034批次。"
    assert {m[3] for m in got(text, 2021)} == {"partial"}
    text = "上半年,北京市市场监管局查处违法案件1500余起\n全市开展食品抽检3万多批次。"
    assert {m[3] for m in got(text, 2020)} == {"partial"}
    text = "连日来,某市加强对口罩质量和价格的检查。\n目前,已立案查处2起涉嫌哄抬价格案件。"
    assert {m[3] for m in got(text, 2020)} == {"partial"}
    # A year's report that names a quarter later on stays the year's.
    text = "2023年,全市共立案查处案件1200件。\n第三季度开展专项检查。全年罚没款560万元。"
    assert {m[3] for m in got(text, 2023)} == {"year"}


def test_a_list_of_sampled_batches_goes_on_whatever_the_product() -> None:
    text = "抽检粮食加工品9批次、糖果制品2批次、茶叶及相关制品7批次、酒类11批次、糕点2批次,均未检出不合格样品。"
    assert [m[:3] for m in got(text, 2020) if m[0] == "sampling_batches"] == [
        ("sampling_batches", "food", 9), ("sampling_batches", "food", 2), ("sampling_batches", "food", 7),
        ("sampling_batches", "food", 11), ("sampling_batches", "food", 2),
    ]
    # …but a pass or fail word starts another figure: 合格样品 is no item of the list.
    text = "抽检粮食加工品9批次、合格样品8批次。"
    assert [m[:3] for m in got(text, 2020) if m[0] == "sampling_batches"] == [("sampling_batches", "food", 9)]


def test_the_ones_turned_away_are_no_part_of_a_count() -> None:
    text = "3月份接收消费者投诉信息540件,其中:承办单位初查不受理282件、正式受理258件。"
    assert [m[2] for m in got(text, 2024) if m[0] == "complaints"] == [540, 258]


def test_problems_raised_with_12315_are_complaints_and_other_departments_are_not_ours() -> None:
    text = "全市12315系统共接受群众反映问题7306件,同比增长5.95%。"
    assert got(text, 2023) == [("complaints", "consumer", 7306, "year")]
    text = "省市场监管局受理投诉1.2万件;省生态环境厅共受理环境投诉举报8223件;省农业农村厅受理投诉300件。"
    assert [m[2] for m in got(text, 2023)] == [12000]


def test_batches_sampled_named_first_are_counted_beside_the_failures_after_them() -> None:
    text = "在1206批次抽检食品中,合格1185批次,不合格21批次。"
    assert [m[:3] for m in got(text, 2022)] == [("sampling_batches", "food", 1206), ("sampling_failed", "food", 21)]
    text = "抽检食品300批次,其中2批次淀粉制品抽检不合格。"
    assert [m[:3] for m in got(text, 2022)] == [("sampling_batches", "food", 300), ("sampling_failed", "food", 2)]


def test_private_economy_entities_on_the_register_are_a_stock() -> None:
    text = "截至2024年底,全省登记在册民营经济主体总量达1837.87万户;其中,民营企业774.49万户、个体工商户1063.38万户。"
    assert [m[:3] for m in got(text, 2024)] == [
        ("entities_total", "all", 18378700), ("entities_total", "all", 7744900), ("entities_total", "all", 10633800),
    ]


def test_a_list_opened_by_the_top_kinds_of_a_count_takes_its_metric() -> None:
    text = "商品类投诉较多的是:一般食品52件,首饰8件,交通工具8件。"
    assert [m[:3] for m in got(text, 2021)] == [("complaints", "consumer", 52), ("complaints", "consumer", 8), ("complaints", "consumer", 8)]
    text = "位于举报热点前三位的是:不正当竞争行为4834件,占5.5%;侵害消费者权益行为3756件,占4.3%;价格违法行为1683件,占1.9%。"
    assert [m[:3] for m in got(text, 2019)] == [
        ("complaints", "competition", 4834), ("complaints", "consumer", 3756), ("complaints", "price", 1683),
    ]


def test_a_change_after_its_base_and_the_difference_is_the_figures() -> None:
    text = "全省共受理投诉举报咨询97018件,比去年同期113721件减少16703件,下降14.69%。"
    assert [(m.value, m.yoy_pct) for m in extract_metrics(text, 2021)] == [(97018, -14.69)]
    text = "共受理消费者投诉34954件,与去年同期相比上升了88.7%。"
    assert [(m.value, m.yoy_pct) for m in extract_metrics(text, 2019)] == [(34954, 88.7)]


def test_enforcement_counts_named_around_the_number() -> None:
    # the verb before the number, the cases after it
    assert got("查处12起有一定影响的转供电环节违规加价案件。", 2021)[0][:3] == ("cases_filed", "price", 12)
    assert got("9家不法经营户均被立案调查。", 2023)[0][:3] == ("cases_filed", "all", 9)
    # 查结: investigated and closed
    assert got("全省共查结传销案件524件。", 2022)[0][:3] == ("cases_closed", "competition", 524)
    assert got("2022年山东市场监管部门查结传销案524件。", 2022)[0][:3] == ("cases_closed", "competition", 524)
    # transfers named by the count alone, or with the police's own 刑事立案
    assert got("42件已移交司法机关处理。", 2023)[0][:3] == ("cases_transferred", "all", 42)
    assert got("移送公安机关刑事立案22件。", 2024)[0][:3] == ("cases_transferred", "all", 22)
    # criminal cases opened are the police's, not the bureau's
    assert got("公安机关立案侦查刑事案件9件。", 2020) == []
    assert got("随机抽查了19家校外培训机构。", 2022)[0][:3] == ("random_inspections", "all", 19)
    # 查办 as 查处, and violations opened as cases
    assert got("依法查办未明码标价、哄抬物价等违法行为24起。", 2021)[0][:3] == ("cases_filed", "price", 24)
    assert got("立案调查违法行为49起。", 2019)[0][:3] == ("cases_filed", "all", 49)
    assert got("河南已查处价格违法432起。", 2020)[0][:3] == ("cases_filed", "price", 432)


def test_kinds_of_reviewed_acts_are_no_complaints_or_cases() -> None:
    text = "我局作出执法决定的案件引起行政复议案件共有44件,其中,涉及举报投诉处理37件,涉及行政处罚2件。"
    assert [m[:3] for m in got(text, 2023)] == [
        ("admin_reconsideration", "all", 44), ("admin_reconsideration", "all", 37), ("admin_reconsideration", "all", 2),
    ]
    # Outside such a topic the same words are complaints.
    assert got("全年受理投诉举报3200件。", 2023)[0][:2] == ("complaints", "consumer")


def test_a_verb_applies_across_the_items_of_its_list() -> None:
    text = "2019年全市系统办结商标案件396件、专利案件1789件。"
    assert [m[:3] for m in got(text, 2019)] == [("cases_closed", "ip", 396), ("cases_closed", "ip", 1789)]


def test_a_transfer_to_another_administration_is_no_transfer_to_the_judiciary() -> None:
    assert got("向有关部门移交2宗涉嫌无证销售烟花爆竹的问题线索。", 2023) == []
    assert got("移交公安机关涉嫌犯罪线索2条。", 2023)[0][:3] == ("cases_transferred", "all", 2)


def test_pork_is_food() -> None:
    assert got("查处哄抬口罩价格案17起、未经检验检疫猪肉案4起。", 2020)[1][:3] == ("cases_filed", "food", 4)


def test_a_change_skips_a_share_or_a_remark_between() -> None:
    text = "其中,投诉56387件,占受理总量的37.71%,同比增加35.58%;举报21598件。"
    assert [(m.value, m.yoy_pct) for m in extract_metrics(text, 2023)][0] == (56387, 35.58)
    text = "在册企业数达30.7万户,首次突破30万大关,同比增长14.89%。"
    assert [(m.value, m.yoy_pct) for m in extract_metrics(text, 2020)] == [(307000, 14.89)]


def test_accumulated_in_a_text_on_part_of_the_year_is_the_year_so_far() -> None:
    text = "全区上半年工作总结\n今年以来,累计查处案件4506起。"
    assert got(text, 2021)[0][3] == "partial"


def test_a_trigger_belongs_to_the_first_number_after_it() -> None:
    assert [m[:3] for m in got("受理投诉举报1500件,其中投诉1306件、已办结1195件。")] == [
        ("complaints", "consumer", 1500),
        ("complaints", "consumer", 1306),
    ]


def test_more_number_first_frames() -> None:
    assert got("执法人员发现两起故意破坏加油机计量器具准确度的案件。")[0][:3] == ("cases_filed", "quality", 2)
    assert [m[2] for m in got("对2家加油站分别做出了40119.2元、69975.7元的没收及罚款。")] == [40119.2, 69975.7]
    assert got("共为2.1万余户当事人修复信用。")[0][:3] == ("credit_restored", "credit", 21000)


def test_a_stretch_of_the_year_is_part_of_it() -> None:
    assert got("疫情期间全系统查处价格违法案件16件。")[0][3] == "partial"


def test_online_violations_are_other_and_livelihood_sectors_all() -> None:
    assert got("查处网络违法案件1722件。")[0][1] == "other"
    assert got("各地查办民生领域8类违法案件9.44万件。")[0][:2] == ("cases_filed", "all")


def test_zero_and_object_first_frames_of_disclosure_reports_and_cases() -> None:
    assert ("info_disclosure_requests", "all", 0, "year") in got("2021年度未收到过政务信息公开申请。", 2021)
    assert ("admin_litigation", "all", 0, "year") in got("全年未收到行政复议申请及行政诉讼。")
    assert got("对1起违法行为进行立案调查。")[0][:3] == ("cases_filed", "all", 1)
    assert got("其中6件申请进入行政复议程序。")[0][:3] == ("admin_reconsideration", "all", 6)
    assert got("共随机抽取企业129户。")[0][:3] == ("random_inspections", "all", 129)
    assert got("全区共立涉食药环领域刑事案件30起。") == []


def test_failed_batches_with_the_number_first_and_a_result_phrase() -> None:
    got = [(m.metric, m.value) for m in extract_metrics("抽检51批次,其中1批次食用农产品抽检结果不合格。", 2023)]
    assert got == [("sampling_batches", 51), ("sampling_failed", 1)]


def test_cases_closed_named_after_the_verb_that_closed_them() -> None:
    assert got("按一般程序查处结案的食品案件284起。")[0][:3] == ("cases_closed", "food", 284)


def test_enterprises_set_up_are_new_entities() -> None:
    assert got("通过“企业开办一窗通”设立企业6047户。") == [("entities_new", "all", 6047, "year")]


def test_batches_per_thousand_inhabitants_are_no_total() -> None:
    assert got("食品千人抽检率达6.29批次。") == []


def test_places_that_take_complaints_are_no_complaints() -> None:
    assert got("建成消协基层分会96个、投诉站1841个。") == []
    assert got("各投诉站受理投诉120件。") == [("complaints", "consumer", 120, "year")]


def test_sample_groups_of_a_campaign_are_sampled_batches() -> None:
    assert got("共抽检食品300组。") == [("sampling_batches", "food", 300, "year")]


def test_parts_counted_only_as_cases_take_the_metric_of_their_total() -> None:
    assert [m[0] for m in got("全年办结案件100件,其中食品案件20件,药品案件5件。")] == ["cases_closed"] * 3
    text = "共办理案件707起,其中结案的食品案件284起。其中肉类案件4起;食品添加剂案件31起。"
    assert [m[:3] for m in got(text)][2:] == [("cases_closed", "food", 4), ("cases_closed", "food", 31)]
    # A 其中 opening a sentence breaks down the first total of the sentence before ...
    text = "立案查处违法案件9872件,结案9515件。其中,一般程序案件6204件,简易程序案件3668件。"
    assert [m[0] for m in got(text)] == ["cases_filed", "cases_closed", "cases_filed", "cases_filed"]
    # ... and a list a rule of its own heads keeps that head.
    text = "立案查处违法案件1038件,结案976件。其中,查处食品案件412件、药品案件97件。"
    assert [m[0] for m in got(text)][2:] == ["cases_filed", "cases_filed"]
    # The total is no smaller than its part: not the 移送 figure just before.
    text = "查办食品违法案件520件,移送公安机关案件8件。其中,生产领域违法案件69件,流通领域违法案件347件。"
    assert [m[0] for m in got(text)][2:] == ["cases_filed", "cases_filed"]


def test_one_issue_of_a_notice_series_is_part_of_the_year() -> None:
    text = "某区2023年食品安全监督抽检信息公示(第五期)\n近期,区市场监管局共完成食品监督抽检353批次,其中不合格6批次。"
    assert [m[3] for m in got(text)] == ["partial", "partial"]
    text = "市场监管局于2022年10月20日至2022年11月25日间,委托检测机构抽取市场销售的1114批次食品实施检验。"
    assert [m[3] for m in got(text, 2022)] == ["partial"]
    # Across two years a span is cumulative.
    assert [m[3] for m in got("2021年10月1日至2022年3月31日,共查处案件200件。", 2022)] == ["cumulative"]


def test_kinds_counted_before_the_batches_of_a_long_sampling_list() -> None:
    text = "组织食品安全监督抽检,抽取食用油、油脂及其制品,调味品,肉制品和食用农产品等10大类食品681批次样品。"
    assert got(text, published="2024-06-01")[0][:3] == ("sampling_batches", "food", 681)


def test_entities_in_existence_with_their_kinds_listed_first() -> None:
    text = "截至年底,全省实有企业、个体工商户、农民专业合作社等各类经营主体1465.9万户。"
    assert got(text)[0][:3] == ("entities_total", "all", 14659000)


def test_a_text_opening_with_a_month_is_on_that_month() -> None:
    text = "一、商事主体新登记情况\n2022年1月深圳市新登记商事主体36507户。\n深圳市新登记个体户12923户。"
    assert [m[3] for m in got(text, 2022)] == ["partial", "partial"]
    # A day, or a month the text counts from, is no monthly report.
    assert [m[3] for m in got("2022年1月19日深圳市召开发布会。全年新登记商事主体36507户。", 2022)] == ["year"]


def test_since_a_month_of_last_year_is_cumulative_of_this_year_partial() -> None:
    text = "自去年10月开展农村假冒伪劣食品专项整治行动以来,该县立案137件。"
    assert [m[3] for m in got(text, 2021, published="2021-03-01")] == ["cumulative"]
    assert [m[3] for m in got("2020年11月以来,全省查处案件1520件。", 2021)] == ["cumulative"]
    assert [m[3] for m in got("2021年3月以来,全省查处案件1520件。", 2021)] == ["partial"]


def test_parts_of_a_total_have_its_period_and_a_campaign_period_its_span() -> None:
    text = (
        "2019年12月16日至2020年3月31日,全州开展春雷行动。行动期间,共立案查处各类案件336件。"
        "其中,查处知识产权案件10件;查处食品案件143件。"
    )
    assert [m[3] for m in got(text, 2020)] == ["cumulative"] * 3
    text = "开展春雷行动。行动期间,共立案查处各类案件336件。其中,查处知识产权案件10件。"
    assert [m[3] for m in got(text, 2020)] == ["partial", "partial"]


def test_parts_in_a_bracketed_of_which_note_are_counted() -> None:
    text = "“两品一械”类案件共立案6起(其中:药品5起,化妆品1起)。"
    assert [m[:3] for m in got(text)] == [("cases_filed", "drug", 6), ("cases_filed", "drug", 5), ("cases_filed", "drug", 1)]
    # A note of what a count includes still repeats it: not counted again.
    assert [m[2] for m in got("制定规范性文件9件(含政府规章1件)。")] == [9]


def test_new_entities_whose_kind_the_sentence_named_earlier() -> None:
    text = "2023年上半年,全国个体工商户总体发展平稳,共新增1136.5万户,同比增长11.3%。"
    assert got(text, published="2023-07-12")[0][:3] == ("entities_new", "all", 11365000)
    assert got("广西共有食品类市场主体80.08万户,新增7.71万户。")[-1][:3] == ("entities_new", "food", 77100)


def test_batches_of_producers_named_as_enterprises() -> None:
    assert got("抽查生产领域41家生产企业的45批次电线电缆产品。")[0][:3] == ("sampling_batches", "quality", 45)


def test_a_collective_review_of_major_cases() -> None:
    assert got("对10件重大复杂案件进行集体审议。")[0][:3] == ("major_decisions_reviewed", "all", 10)


def test_case_leads_transferred_to_the_police() -> None:
    assert got("向公安机关移送案件线索697件。")[0][:3] == ("cases_transferred", "all", 697)
    assert got("向县(区)局移交案件线索17条。") == []


def test_passing_batches_are_neither_sampled_nor_failed() -> None:
    text = "抽检食品560批次,其中抽样检验项目合格样品546批次、不合格样品14批次。"
    assert [(m[0], m[2]) for m in got(text)] == [("sampling_batches", 560), ("sampling_failed", 14)]
    assert got("抽检1430批次,检验合格1399批次。") == [("sampling_batches", "all", 1430, "year")]


def test_disclosure_requests_counted_in_qi_and_quoted_complaint_cases() -> None:
    assert got("2024年共受理8起依申请公开事项。")[0][:3] == ("info_disclosure_requests", "all", 8)
    assert got("12315平台“诉转案”504件。")[0][:3] == ("cases_filed", "consumer", 504)


def test_a_qizhong_paragraph_breaks_down_the_paragraph_before() -> None:
    text = "今年上半年广州共立案查处价监竞争案件249宗。\n其中,查处价格违法案件193宗,结案61宗。"
    assert [m[3] for m in got(text, 2021)] == ["partial"] * 3


def test_so_far_in_an_undated_text_is_the_year_so_far() -> None:
    text = "截至目前,全省共查处案件135件,罚没款84.2万元。"
    assert [m[3] for m in got(text, 2022)] == ["partial", "partial"]
    # Dated after the year: several years.
    assert [m[3] for m in got(text, 2022, published="2023-03-01")] == ["cumulative", "cumulative"]


def test_a_text_on_a_campaign_or_holiday_is_on_part_of_the_year() -> None:
    text = "1月27日,记者获悉,节日期间,全市监督检查各类市场主体3460余户,查处各类违法违规行为42件。"
    assert {m[3] for m in got(text, 2023)} == {"partial"}
    text = "我市“春雷行动2022”取得阶段性成效\n立案查处各类案件1243件。"
    assert [m[3] for m in got(text, 2022)] == ["partial"]


def test_so_far_within_a_span_the_text_set_out() -> None:
    text = "自去年10月开展农村假冒伪劣食品专项整治行动以来,成效明显。截至目前,共立案137件。"
    assert [m[3] for m in got(text, 2021, published="2021-03-01")] == ["cumulative"]


def test_other_organs_suits_and_complaints_are_not_the_bureaus() -> None:
    assert got("全省检察机关办理涉消费领域的公益诉讼案件416件。") == []
    assert got("省消委会提起公益诉讼案件3起。") == []
    assert got("区人力资源社会保障厅受理投诉举报1038件。") == []
    assert got("各级法院依法审理消费纠纷案件1.3万件。") == []


def test_complaints_turned_into_cases_or_mediated_are_no_complaint_count() -> None:
    assert [m[0] for m in got("举报核查立案数97件,投诉调解成功数503件。")] == ["cases_filed"]


def test_a_failure_rate_after_the_batches_is_no_failed_count() -> None:
    assert got("广西去年抽检6万多批次食品,不合格检出率为3.53%。", 2019)[0][:3] == ("sampling_batches", "food", 60000)
    assert got("全省完成31个食品大类27.28万批次食品安全抽样检验任务。", 2021)[0][:3] == ("sampling_batches", "food", 272800)


def test_a_change_that_names_its_figure_by_the_label_of_the_sentence_before() -> None:
    text = "共受理投诉举报11384件,其中投诉9482件,举报1902件。与去年数据对比,投诉同比增长12.69%,举报案件同比增长17.33%。"
    yoy = {m.value: m.yoy_pct for m in extract_metrics(text, 2019)}
    assert yoy[9482] == 12.69 and yoy[1902] == 17.33 and yoy[11384] is None


def test_a_space_between_digits_and_their_unit_or_scale() -> None:
    assert got("受理投诉举报 39 件。")[0][:3] == ("complaints", "consumer", 39)
    assert got("挽回消费者损失金额 153.7 万元。")[0][:3] == ("losses_recovered", "consumer", 1537000)
    assert got("2023 年查处案件3件。")[0][2] == 3  # a year with a space is still no count


def test_credit_lists_named_by_their_entities_or_as_a_register() -> None:
    assert got("列入严重违法失信经营主体317户。")[0][:3] == ("serious_violation_list", "credit", 317)
    assert got("29.7万户企业被列入严重违法失信名录。")[0][:3] == ("serious_violation_list", "credit", 297000)
    assert got("6761家企业解除经营异常名录。")[0][:3] == ("credit_restored", "credit", 6761)


def test_since_an_event_or_a_date_of_this_year_is_part_of_it() -> None:
    assert [m[3] for m in got("上海市场监管自本轮疫情以来共查办案件1121件。", 2022)] == ["partial"]
    assert [m[3] for m in got("3月23日以来,共查办价格案件800件。", 2022)] == ["partial"]


def test_round_s_phrasings() -> None:
    assert [m[:4] for m in got("2024年,累计审查新增政策2822件,存量清理457件。", 2024)] == [
        ("fair_competition_reviews", "competition", 2822, "year"),
        ("fair_competition_reviews", "competition", 457, "year"),
    ]
    assert got("实施经济制裁819.08万元。")[0][:3] == ("fines", "all", 8190800)
    assert got("辽宁共查处互联网违法广告85件。")[0][:3] == ("cases_filed", "advertising", 85)
    assert got("消除55个安全隐患。")[0][:3] == ("hazards_found", "all", 55)
    assert got("为1万余户失信当事人修复失信信息1.6万余条。")[0][:3] == ("credit_restored", "credit", 10000)
    # The police's solved and criminal cases are not the bureau's.
    assert got("破案1678起。") == [] and got("查办刑事案件837件。") == []


def test_suits_against_the_bureau_that_a_court_concluded_are_its_own() -> None:
    assert got("全省法院审结以省局为被告的行政诉讼案件12件。")[0][:3] == ("admin_litigation", "all", 12)


def test_round_u_phrasings() -> None:
    assert got("包头市12315热线共接听群众来电6976件。")[0][:3] == ("complaints", "consumer", 6976)
    text = "查办跨区域、群体性消费侵权案件32起,移送公安机关6件。"
    assert [m[1] for m in got(text)] == ["consumer", "consumer"]


def test_the_epidemic_named_in_passing_does_not_make_a_year_report_partial() -> None:
    text = "2020年,因新冠肺炎疫情影响,投诉量大幅增加。疫情期间每天对投诉数据进行统计。\n全年共受理投诉6297件。"
    assert [m[3] for m in got(text, 2020)] == ["year"]


def test_entities_registered_to_date_and_market_business_entities() -> None:
    assert got("截至12月底,共登记注册各类经营主体68.97万户。")[0][:3] == ("entities_total", "all", 689700)
    assert got("浙江省新登记市场经营主体116.68万户。")[0][:3] == ("entities_new", "all", 1166800)


def test_an_opener_that_names_no_metric_lists_parts_of_the_total_before_it() -> None:
    text = "全市受理商品类投诉共计687件,排名前三的分别是医疗器械类341件,一般食品类218件,服装鞋帽类77件。"
    assert [(m[0], m[1], m[2]) for m in got(text)] == [
        ("complaints", "consumer", 687), ("complaints", "consumer", 341),
        ("complaints", "consumer", 218), ("complaints", "consumer", 77),
    ]


def test_the_next_item_of_a_list_of_parts() -> None:
    text = "开展妨碍统一市场和公平竞争政策措施清理工作。今年以来,共梳理政策措施12件,其中,行政规范性文件4件、其他政策性文件8件。"
    assert [(m[0], m[2]) for m in got(text, 2024, published="2024-09-01")] == [
        ("fair_competition_reviews", 12), ("fair_competition_reviews", 4), ("fair_competition_reviews", 8),
    ]


def test_various_violations_are_a_total_over_fields() -> None:
    text = "检查特种设备使用单位8家,检查商场、超市56个次,共查处各种违法违规行为7起。"
    assert [(m[0], m[1], m[2]) for m in got(text)] == [("cases_filed", "all", 7)]


def test_a_bracket_listing_kinds_between_trigger_and_number() -> None:
    kinds = "、".join(["餐饮食品", "食用农产品", "茶叶及相关制品", "炒货食品及坚果制品", "淀粉及淀粉制品", "豆制品",
                      "方便食品", "糕点", "罐头", "酒类", "粮食加工品", "肉制品", "乳制品", "食糖", "蔬菜制品", "饮料"])
    text = f"近期,市市场监管局组织食品安全监督抽检,抽取16大类食品({kinds})140批次样品。"
    assert [(m[0], m[1], m[2]) for m in got(text)] == [("sampling_batches", "food", 140)]


def test_a_product_named_in_the_numbers_own_phrase_or_heading_is_quality() -> None:
    text = "近日,记者从北京市消费者协会获悉,累计查处电动自行车产品违法违规行为373起。"
    assert [(m[0], m[1], m[2]) for m in got(text)] == [("cases_filed", "quality", 373)]
    text = "二、靶向监管,净化电动自行车市场环境\n今年共开展监督抽查35个批次,立案43起。"
    assert [(m[0], m[1]) for m in got(text)] == [("sampling_batches", "quality"), ("cases_filed", "quality")]


def test_a_byline_is_no_heading_but_ends_the_titles_reach() -> None:
    text = "北京查处违法违规电动自行车销售窝点\n时间:2024-04-12 作者:佚名 来源:北京市消费者协会\n全年立案查处违法案件20件。"
    assert [(m[0], m[1]) for m in got(text)] == [("cases_filed", "all")]
    text = "我市通报行动情况 为消费者挽回经济损失100余万元\n发布机构: 广元日报 发布时间: 2023-04-04\n查处市场监管领域违法案件121起。"
    assert [(m[0], m[1]) for m in got(text)][-1] == ("cases_filed", "all")


def test_since_a_day_of_this_year_through_an_event() -> None:
    text = "自5月11日全省防疫物资质量和市场秩序专项整治行动启动以来,共立案查处各类违法案件1021件。"
    assert [m[3] for m in got(text, 2020)] == ["partial"]


def test_one_numbered_batch_or_issue_of_a_notice_series_is_part_of_the_year() -> None:
    text = "吉林省市场监督管理厅关于食品不合格情况的通告(2023年第16期)\n近期组织抽检31类食品共3524批次样品,检出不合格样品13批次。"
    assert {m[3] for m in got(text, 2023)} == {"partial"}
    text = "2023年第4批产品质量省级监督抽查共抽查流通领域烟花爆竹产品64批次。"
    assert [(m[1], m[3]) for m in got(text, 2023)] == [("quality", "partial")]


def test_a_list_of_places_over_several_fields_names_none() -> None:
    text = "抓紧抓实农贸市场、餐饮单位、零售药店、进口冷链食品等重点场所环节疫情防控,共检查市场主体73670家次,立案查处12宗。"
    assert [(m[0], m[1]) for m in got(text)][-1] == ("cases_filed", "all")


def test_cases_from_consumer_complaint_leads_are_consumer() -> None:
    text = "全市受理消费投诉45188件;接收举报15396件,线索查实立案2379件,罚没款133.7万元。"
    assert [(m[0], m[1]) for m in got(text)][-2:] == [("cases_filed", "consumer"), ("fines", "consumer")]


def test_an_amount_that_sizes_the_cases_is_no_fine() -> None:
    assert got("其中查处罚款金额超万元的大要案件7件。") == [("cases_filed", "all", 7, "year")]


def test_among_the_complaints_above_opens_a_list() -> None:
    text = "共接收投诉举报54813件。在上述与疫情相关的投诉举报中,涉及年夜饭服务退订3958件;酒店服务退订2273件。"
    assert [(m[0], m[2]) for m in got(text)] == [("complaints", 54813), ("complaints", 3958), ("complaints", 2273)]


def test_so_many_violations_were_investigated() -> None:
    text = "对11起涉嫌违法销售口罩等防护用品的违法行为从重从快查处。"
    assert [(m[0], m[2]) for m in got(text)] == [("cases_filed", 11)]


def test_accumulated_since_last_year_in_a_mid_year_text() -> None:
    text = "2023年以来,北京市市场监管部门持续开展专项治理,累计查处电动自行车产品违法违规行为373起。"
    assert [m[3] for m in got(text, 2024, published="2024-04-12")] == ["cumulative"]
    text = "今年以来,北京市市场监管部门持续开展专项治理,累计查处违法违规行为373起。"
    assert [m[3] for m in got(text, 2024, published="2024-04-12")] == ["partial"]


def test_the_field_of_a_joined_campaigns_name_is_no_totals_field() -> None:
    text = "“春雷行动2020”暨知识产权保护行动开展以来,全州市场监督管理系统上下联动,截止目前,全州共查处案件62起。"
    assert [(m[0], m[1]) for m in got(text, 2020)] == [("cases_filed", "all")]
    text = "开展知识产权保护专项行动,查处商标侵权案件62起。"
    assert [(m[0], m[1]) for m in got(text, 2020)] == [("cases_filed", "ip")]


def test_hotpot_ingredients_are_food() -> None:
    text = "针对毛肚、鸭肠等火锅食材开展专项整治,检查火锅店18户,督促整改隐患6处,立案查处2家。"
    assert {m[1] for m in got(text)} == {"food"}


def test_a_long_qizhong_label_before_a_part() -> None:
    text = "妥善处理投诉举报,办理投诉309起,其中反映肉蛋菜等民生商品价格上涨的255起。"
    assert [(m[0], m[1], m[2]) for m in got(text)] == [("complaints", "consumer", 309), ("complaints", "price", 255)]


def test_the_disclosure_reports_decision_counts() -> None:
    text = "全年行政许可处理决定数19269件,行政处罚处理决定数144件,行政强制处理决定数45件。"
    assert [(m[0], m[2]) for m in got(text)] == [("licenses_issued", 19269), ("cases_filed", 144)]
    text = "其中,行政处罚137.07万宗,罚没金额2.92亿元;行政许可80.96万宗;行政强制2.82万宗。"
    assert [(m[0], m[2]) for m in got(text)] == [("cases_filed", 1370700), ("fines", 292000000), ("licenses_issued", 809600)]


def test_requests_received_then_accepted() -> None:
    text = "省政府新收行政复议申请188件,受理109件,涉及申请人163人。"
    assert [(m[0], m[2]) for m in got(text)] == [("admin_reconsideration", 188), ("admin_reconsideration", 109)]


def test_reconsiderations_and_suits_closed_are_no_enforcement_cases_closed() -> None:
    text = "全区新收行政复议案件75件,其中通过调解、和解等手段结案9件。"
    assert [m[0] for m in got(text)] == ["admin_reconsideration"]


def test_no_disclosure_request_led_to_reconsideration_or_suit() -> None:
    text = "本年度无政府信息公开申请办理导致行政复议、提起行政诉讼的案件。"
    assert sorted((m[0], m[2]) for m in got(text)) == [("admin_litigation", 0), ("admin_reconsideration", 0)]
    assert got("2019年,我局未收到相关政府信息申请。", 2019) == [("info_disclosure_requests", "all", 0, "year")]


def test_documents_issued_and_replies_to_proposals() -> None:
    assert [(m[0], m[2]) for m in got("全年制发行政规范性文件2件。")] == [("normative_docs_issued", 2)]
    assert [(m[0], m[2]) for m in got("公开建议提案办理答复14件。")] == [("proposals_handled", 14)]


def test_a_list_opened_by_an_intake_verb_of_court_cases_is_no_complaint() -> None:
    text = "济南、临沂、菏泽受理行政一审案件数分别为3595件、3125件、2655件。"
    assert [m[0] for m in got(text)] != ["complaints"] * 3


def test_sampled_then_failed_in_text_that_lost_its_commas() -> None:
    text = "其中,纤维制品抽查137批次检出不合格39批次问题发现率为28.47%纸质品抽查50批次未检出不合格产品"
    found = {(m[0], m[2]) for m in got(text)}
    assert {("sampling_batches", 137), ("sampling_failed", 39), ("sampling_failed", 0)} <= found
    assert ("sampling_failed", 137) not in found and ("sampling_failed", 50) not in found


def test_requests_turned_away_are_no_complaints_and_the_change_is_the_totals() -> None:
    text = "我局投诉举报中心共收到消费者诉求30824件(退单及不受理7462件),同比增长了1.53%。"
    assert [(m.metric, m.value, m.yoy_pct) for m in extract_metrics(text, 2022)] == [("complaints", 30824, 1.53)]


def test_a_fourth_quarter_or_a_text_opening_on_months_is_part_of_the_year() -> None:
    text = "广西壮族自治区市场监督管理局公布2020年第四季度食品安全监督抽检情况\n全区共完成抽检74039批次,不合格样品1150批次。"
    assert {m[3] for m in got(text, 2020)} == {"partial"}
    text = "2024年1至7月全区12315平台共接收投诉87745件。投诉举报共办结101089件,为消费者挽回经济损失3119.35万元。"
    assert {m[3] for m in got(text, 2024)} == {"partial"}


def test_sampled_products_listed_between_verb_and_batches() -> None:
    assert [(m[0], m[1], m[2]) for m in got("今年以来,累计抽检复合肥、含菌复合肥等产品28批次。")] == [("sampling_batches", "quality", 28)]


def test_a_difference_from_last_year_is_no_count() -> None:
    assert got("全市抽检食品量比2019年度增加3270批次。", 2020) == []
    assert got("立案查处案件较上年减少12件。") == []


def test_suits_counted_by_instance() -> None:
    text = "某市场监管局作为被告参加行政诉讼12件,其中一审案件9件、上诉案件2件、再审案件1件。"
    assert [(m[0], m[2]) for m in got(text)] == [("admin_litigation", v) for v in (12, 9, 2, 1)]


def test_bare_case_counts_under_a_reconsideration_or_suit_topic() -> None:
    text = ("(一)行政复议情况1.申请情况。共收到行政复议申请31件。2.涉案业务领域。食品类案件25件,占案件总数的80.65%。"
            "(二)行政应诉情况1.答辩情况。参加行政诉讼12件。2.涉案业务领域。价格类案件1件,占案件总数的11.12%。")
    assert [(m[0], m[2]) for m in got(text)] == [
        ("admin_reconsideration", 31), ("admin_reconsideration", 25), ("admin_litigation", 12), ("admin_litigation", 1),
    ]
    assert [m[0] for m in got("全年行政复议案件2件。查处食品类案件25件。")] == ["admin_reconsideration", "cases_filed"]


def test_round_aa_and_ab_phrasings() -> None:
    text = "2019年高要区建材产品等6类产品质量监督抽查。经检验:建材产品24批次,不合格产品1批次。"
    assert [(m[0], m[2]) for m in got(text, 2019)] == [("sampling_batches", 24), ("sampling_failed", 1)]
    assert [(m[0], m[2]) for m in got("经检验,发现97批次产品存在实物质量不合格。")] == [("sampling_failed", 97)]
    assert [(m[0], m[1]) for m in got("本次检出1批次塑料薄膜产品不合格。")] == [("sampling_failed", "quality")]
    assert [m[3] for m in got("2023年元月至11月份,新登记市场主体4828户。", 2023)] == ["partial"]
    assert sorted(m[0] for m in got("2025年度未收到行政复议行政诉讼申请。", 2025)) == ["admin_litigation", "admin_reconsideration"]
    assert [(m[0], m[2]) for m in got("牡丹江市场监管部门处置预付式消费纠纷投诉402件。")] == [("complaints", 402)]
    assert [(m[0], m[2]) for m in got("移送公安机关追究刑事责任54起。")] == [("cases_transferred", 54)]


def test_accumulated_within_the_frame_its_sentence_set() -> None:
    text = "今年以来,区市场监管局畅通维权渠道,累计受理各类投诉举报5700余件。"
    assert [m[3] for m in got(text, 2025, published="2025-12-10")] == ["year"]
    assert [m[3] for m in got(text, 2025, published="2025-06-10")] == ["partial"]


def test_a_suit_the_court_did_not_accept_is_no_case() -> None:
    assert [m[0] for m in got("法院不予立案11件。")] != ["cases_filed"]


def test_no_lawsuit_lost_said_with_chansheng() -> None:
    assert got("全年未产生败诉案件。") == [("litigation_lost", "all", 0, "year")]
    assert [m[0] for m in got("本年度未产生行政复议。")] == ["admin_reconsideration"]


def test_a_sampling_notice_quoted_by_its_title_is_one_issue() -> None:
    text = "近日,某省市场监督管理局发布《关于食品安全监督抽检信息的公示(2018年第42期)》。\n本次抽检蔬菜制品11批次,不合格样品1批次。"
    assert [m[3] for m in got(text, 2018)] == ["partial", "partial"]
    # …but a joined campaign's name in the opening says nothing of the period.
    text = "3月14日,记者从某市2022年“3·15”暨铁拳行动新闻通报会上获悉:去年全市市场主体总量419985户。"
    assert [m[3] for m in got(text, 2021)] == ["year"]


def test_festival_sampling_and_numbered_issues_are_part_of_the_year() -> None:
    text = "某省春节专项抽检发现21批次不合格食品\n在1206批次抽检食品中,发现不合格21批次。"
    assert {m[3] for m in got(text, 2022)} == {"partial"}
    text = "日前,某省发布了今年第38期和39期食品安全监督抽检信息报告,两期总共抽检食品7831批次。"
    assert [m[3] for m in got(text, 2016)] == ["partial"]
    assert [m[3] for m in got("近1个月以来,共检查发现问题主体1999家,抽检食品300批次。", 2024)] == ["partial"]


def test_a_sampling_breakdown_of_product_batches_then_passes() -> None:
    text = (
        "本次抽检8大类食品共274批次食品。其中,蛋制品50批次,合格50批次;乳制品49批次,合格49批次;"
        "蔬菜制品31批次,合格30批次,不合格1批次;调味品30批次,合格29批次,不合格1批次。"
    )
    assert [(m[0], m[2]) for m in got(text)] == [
        ("sampling_batches", 274), ("sampling_batches", 50), ("sampling_batches", 49), ("sampling_batches", 31),
        ("sampling_failed", 1), ("sampling_batches", 30), ("sampling_failed", 1),
    ]


def test_an_average_or_a_comparison_base_ends_a_breakdown() -> None:
    text = "上半年全省新登记市场主体70.5万户。其中,新登记企业24.3万户,同比增长4.4%,日均登记企业1350.2户,比2013年的397.3户,每天多登记近千户。"
    assert [m[2] for m in got(text)] == [705000, 243000]


def test_blacklist_and_kinds_counted_as_varieties() -> None:
    assert [(m[0], m[2]) for m in got("2万余户企业被列入严重违法失信企业黑名单。")] == [("serious_violation_list", 20000)]
    assert [(m[0], m[2]) for m in got("线下共抽检商品八大类55个品种2825批次。")] == [("sampling_batches", 2825)]


def test_maintenance_units_checked_are_inspections_but_government_units_are_not() -> None:
    assert [(m[0], m[2]) for m in got("共抽查维保单位402家。")] == [("random_inspections", 402)]
    assert [m[0] for m in got("抽查市直单位12家。")] == []
    text = "抽查了电线电缆、眼镜、硫酸等15种1476家企业生产(销售)的1558批次产品。"
    assert [(m[0], m[2]) for m in got(text)] == [("sampling_batches", 1558)]


def test_reduced_cases_named_by_their_kind_in_a_list_of_waived_ones() -> None:
    text = "上半年共办理免罚案件63件、从轻案件204件、减轻案件88件。"
    assert [(m[0], m[2]) for m in got(text)] == [
        ("penalty_exempted", 63), ("penalty_mitigated", 204), ("penalty_mitigated", 88),
    ]


def test_fees_are_price_and_schools_are_no_total_over_fields() -> None:
    text = "强化教育收费监管,全省共检查各级各类学校和校外培训机构42家,立案查处超标准收取学费、住宿费等违法案件19起。"
    assert [(m[0], m[1]) for m in got(text)] == [("cases_filed", "price")]
    text = "物业收费方面,立案查处违规收取物业服务费、水电费、电梯费、装修费等案件140起。"
    assert [(m[0], m[1]) for m in got(text)] == [("cases_filed", "price")]


def test_food_and_drug_named_together_read_as_food() -> None:
    text = "全市各级食品药品稽查执法部门共办理案件1206件。"
    assert [(m[0], m[1]) for m in got(text)] == [("cases_filed", "food")]


def test_a_change_stated_after_its_base_and_tongbi() -> None:
    text = "为消费者挽回经济损失706.00万元,较2019年度(368.56万元)同比增长91.56%。"
    assert [m.yoy_pct for m in extract_metrics(text, 2020)] == [91.56]


def test_a_text_on_several_years_keeps_the_figures_of_its_named_year() -> None:
    text = (
        "数据显示,2022年,全国共受理消费者投诉、举报和咨询2940.77万件。其中,投诉1310.38万件。\n"
        "负责人指出,从近三年趋势看,消费正在加速集聚。全国累计受理投诉8000万件。"
    )
    assert [m[3] for m in got(text, 2022)] == ["year", "year", "cumulative"]


def test_items_counted_in_brackets_after_a_total_are_its_parts() -> None:
    text = "全市共受理消费者投诉9110件,同比增长31.5%,质量问题(2139件)、售后服务(1579件)、合同问题(879件)等相对突出。"
    assert [(m[0], m[2]) for m in got(text)] == [
        ("complaints", 9110), ("complaints", 2139), ("complaints", 1579), ("complaints", 879),
    ]
    # Figures with another measure word in brackets count something else.
    assert [m[2] for m in got("全市共受理消费者投诉9110件,涉及商户(213家)、网店(157家)。")] == [9110]


def test_food_and_food_related_products_are_a_food_sampling_scope() -> None:
    text = "持续开展食品安全监督抽检,抽取饼干、调味品、饮料等23大类食品及食品相关产品共672批次样品,其中检出18批次不合格样品。"
    assert [(m[0], m[1], m[2]) for m in got(text)] == [("sampling_batches", "food", 672), ("sampling_failed", "food", 18)]
    # Food-related products alone (packaging, tableware) stay industrial products.
    assert [m[1] for m in got("抽查食品相关产品120批次。")] == ["quality"]


def test_a_sentence_part_opened_by_you_after_a_semicolon_is_another_matter() -> None:
    text = "既加大对侵犯知识产权、制售假冒伪劣商品的打击力度;又推行柔性执法,上半年共办理免罚案件63件、从轻案件204件。"
    assert [(m[0], m[1]) for m in got(text)] == [("penalty_exempted", "all"), ("penalty_mitigated", "all")]
    text = "加大对侵犯知识产权的打击力度,上半年共办理免罚案件63件。"
    assert [(m[0], m[1]) for m in got(text)] == [("penalty_exempted", "ip")]


def test_appeals_and_consumer_disputes_are_the_older_words_for_complaints() -> None:
    text = "市工商局12315中心受理消费者申诉1450件,调处消费纠纷3143件。"
    assert [(m[0], m[2]) for m in got(text)] == [("complaints", 1450), ("complaints", 3143)]
    # Disputes the courts try are not the bureau's complaints.
    assert [m[0] for m in got("全省各级法院依法审理消费纠纷案件1.3万件。")] == []


def test_passing_off_is_competition_and_quality_inspection_campaigns_are_quality() -> None:
    assert [(m[0], m[1]) for m in got("该局共查办各类“傍名牌”案件11宗。")] == [("cases_filed", "competition")]
    assert [(m[0], m[1]) for m in got("全省“质检利剑”专项行动查处违法案件2120起。")] == [("cases_filed", "quality")]


def test_a_number_right_after_a_comparison_is_its_base() -> None:
    text = "受理消费投诉26263件,消费投诉总量比去年同期(8904件)增长近2倍,服务消费投诉比去年同期投诉量(2380件)增长1.3倍。"
    assert [m[2] for m in got(text)] == [26263]


def test_batches_counted_by_their_producers_under_a_supervision_check() -> None:
    text = "日用消费品,主要检查了床上用品、卫生纸等9类108家企业生产的135批次产品,合格132批次。"
    assert [(m[0], m[2]) for m in got(text)] == [("sampling_batches", 135)]
    text = "本次抽查了12种237家企业生产的424批次产品,其中406家企业生产的469批次合格。"
    assert [(m[0], m[2]) for m in got(text)] == [("sampling_batches", 424)]


def test_accumulated_over_one_year_is_the_year() -> None:
    assert [m[3] for m in got("去年,全市工商部门一年累计查办案件929件。", 2016)] == ["year"]
    assert [m[3] for m in got("全市十一年累计查办案件929件。", 2016)] == ["cumulative"]


def test_a_quarters_state_of_affairs_and_this_months_figures_are_part_of_the_year() -> None:
    text = "广州市工商局公布一季度消费投诉状况。\n从消费类别看,商品消费投诉9136件,服务消费投诉17127件。"
    assert {m[3] for m in got(text, 2016)} == {"partial"}
    text = "全市12315中心发布申诉举报情况分析。本月申诉中,商品类申诉995件,服务类申诉455件。"
    assert {m[3] for m in got(text, 2012)} == {"partial"}


def test_an_infringement_named_by_its_field_continues_a_list_of_cases() -> None:
    text = "期间,共查处虚假违法广告18件,商标侵权6件,案值约9.4万元。"
    assert [(m[0], m[1], m[2]) for m in got(text)] == [("cases_filed", "advertising", 18), ("cases_filed", "ip", 6)]


def test_policy_documents_reviewed_and_problem_documents_answered() -> None:
    text = "推进公平竞争审查工作,共计审查政策文件1312件,最终针对54件问题文件制发39件《公平竞争审查整改建议书》。"
    assert [(m[0], m[2]) for m in got(text)] == [("fair_competition_reviews", 1312)]


def test_the_inspection_administration_speaking_names_no_field() -> None:
    text = "国家质检总局今天披露,全国质量技术监督系统共查办违法案件二十余万起。"
    assert [(m[0], m[1]) for m in got(text)] == [("cases_filed", "all")]


def test_entity_stocks_counted_by_households_or_as_a_stock() -> None:
    assert [(m[0], m[2]) for m in got("年末山东省实有市场主体户数达到618.2万户。")] == [("entities_total", 6182000)]
    assert [(m[0], m[2]) for m in got("北京市场主体存量为146.44万户。")] == [("entities_total", 1464400)]
    assert [(m[0], m[2]) for m in got("全省新登记民营经济市场主体153.1万户。")] == [("entities_new", 1531000)]


def test_chinese_medicinal_materials_are_drugs() -> None:
    text = "对中药材中药饮片生产经营方面的违法行为立案查处959件,结案434件。"
    assert [(m[0], m[1]) for m in got(text)] == [("cases_filed", "drug"), ("cases_closed", "drug")]


def test_price_sanctions_refunds_and_confiscations_over_twelve_years() -> None:
    text = "12年来全区各级价格主管部门共受理价格举报咨询95964件,实行经济制裁总额5847.83万元,其中退还消费者4732.76万元,没收违法金额1294.11万元,罚款140.48万元。"
    found = got(text, 2013)
    assert (found[0][0], found[0][3]) == ("complaints", "cumulative")  # 12年来
    fines = [(m[1], m[2]) for m in found if m[0] == "fines"]
    # 退还消费者 names a recipient, not the consumer field; a refund is no part of the sanctions' fines.
    assert ("price", 12941100) in fines and ("price", 1404800) in fines and 47327600 not in [v for _, v in fines]
    # 2023年来 is no span of years.
    assert [m[3] for m in got("2023年来,全市共查办案件12件。", 2023)] == ["year"]


def test_failed_sample_groups_are_failed_batches() -> None:
    text = "组织开展流通领域产品质量抽查检验工作,全年共组织抽检商品3979组,发现不合格1866组。"
    assert [(m[0], m[2]) for m in got(text)] == [("sampling_batches", 3979), ("sampling_failed", 1866)]


def test_counts_listed_before_their_shared_measure_word() -> None:
    text = "婴幼儿配方食品、特殊膳食食品和保健食品分别抽检了101、74和63批次。"
    assert [(m[0], m[2]) for m in got(text)] == [("sampling_batches", 101), ("sampling_batches", 74), ("sampling_batches", 63)]
    # Without 分别 a list of bare numbers counts nothing (the ordinals of 第1、2批 are no counts).
    assert [m[2] for m in got("第1、2批抽检食品120批次。")] == [120]
    # A scaled count does not say which numbers its scale covers.
    assert [m[2] for m in got("两地分别抽检1.2、3.4万批次。")] == [34000]


def test_a_bracket_after_a_total_breaks_it_down() -> None:
    text = "全年共办结各类违法违规案件612件(一般程序案344件,简易程序案268件)。"
    assert [(m[0], m[2]) for m in got(text)] == [("cases_closed", 612), ("cases_closed", 344), ("cases_closed", 268)]


def test_accumulated_over_part_of_the_year_is_that_part() -> None:
    assert [m[3] for m in got("江西省一季度累计完成食品安全监督抽检38006批次。", 2023)] == ["partial"]


def test_problem_samples_found_and_fair_trade_enforcement() -> None:
    text = "全年共抽查产品8000批次,发现问题样品2155批次。"
    assert [(m[0], m[2]) for m in got(text)] == [("sampling_batches", 8000), ("sampling_failed", 2155)]
    assert [(m[0], m[1]) for m in got("查处公平交易执法案件26件。")] == [("cases_filed", "competition")]


def test_one_cases_fine_is_no_total_of_fines() -> None:
    assert got("北京市朝阳区市场监管局依法对北京某餐饮管理有限责任公司作出罚款40万元的行政处罚。") == []
    assert got("河源市紫金县市场监管局对其作出罚款100万元并吊销营业执照的行政处罚。") == []
    assert got("国美电器因为销售不合格空气净化器被处以70余万元罚款。") == []
    assert [(m[0], m[2]) for m in got("全年共查处案件120件,罚没款340万元。")] == [("cases_filed", 120), ("fines", 3400000)]


def test_prepackaged_goods_are_metrology_and_supervision_tests_are_sampling() -> None:
    assert [(m[0], m[1]) for m in got("市级抽查定量包装商品157批次。")] == [("sampling_batches", "quality")]
    text = "全年对全市1675家企业生产的1894批次产品进行了定期监督检验。"
    assert [(m[0], m[2]) for m in got(text)] == [("sampling_batches", 1894)]


def test_losses_recovered_for_firms_and_cases_found_on_reports() -> None:
    assert got("为企业挽回经济损失8000余万元。") == []
    assert [(m[0], m[2]) for m in got("一季度根据举报查处价格违法案件28件。")] == [("cases_filed", 28)]


def test_unlawful_cases_written_as_an() -> None:
    # 违法案 is a case (法案, a bill, is not).
    assert [(m[0], m[2]) for m in got("全市立案查处违法案1000余件。")] == [("cases_filed", 1000)]
    assert got("审议地方性法案3件。") == []


def test_failed_samples_counted_by_their_reports() -> None:
    assert [(m[0], m[2]) for m in got("全年收到不合格检验报告31份,均已核查处置。")] == [("sampling_failed", 31)]
    assert [(m[0], m[2]) for m in got("共抽检样品500批次,检出不合格样品42个。")] == [
        ("sampling_batches", 500), ("sampling_failed", 42)]


def test_cases_handed_over_asked_of_others_or_criminal_are_not_cases_filed() -> None:
    assert got("金凤区交办案件16件,西夏区转办案件6件。") == []
    assert got("协助外省协查案件1起。") == []
    assert got("其中涉嫌销售假药罪案件2件。") == []


def test_a_food_and_drug_offices_complaints_by_kind_take_their_field() -> None:
    text = "2016年市食药监局12331投诉举报中心共受理投诉举报160件,其中食品类135件,药品类12件,保健食品类9件,化妆品类1件。"
    assert [(m[1], m[2]) for m in got(text)][1:] == [("food", 135), ("drug", 12), ("food", 9), ("drug", 1)]
    # …but a 12315 breakdown by product stays consumer.
    text = "全市12315平台共受理投诉举报160件,其中食品类135件,药品类12件。"
    assert [m[1] for m in got(text)] == ["consumer", "consumer", "consumer"]


def test_thousands_grouped_by_spaces() -> None:
    assert [(m[0], m[2]) for m in got("全年共计罚没款315 892.36元。")] == [("fines", 315892.36)]
    assert [(m[0], m[2]) for m in got("共完成30个品种5 410批次的抽样检验。")] == [("sampling_batches", 5410)]
    assert got("| 合计 | 514 560 1074 |") == []  # a flattened table row, not 514560


def test_unlicensed_business_is_the_registration_field() -> None:
    assert [(m[0], m[1]) for m in got("全年查处无照经营案件4285宗,罚没金额1991.24万元。")] == [
        ("cases_filed", "registration"), ("fines", "registration")]


def test_a_page_on_one_field_that_names_another_once_is_about_the_first() -> None:
    text = (
        "开展药品零售、医疗器械、化妆品经营专项整治工作,重点检查产品质量和进货查验制度。"
        "检查医疗机构152家,药品批发企业1家,药品零售企业131家,化妆品经营企业58家。"
        "下发责令改正通知书12份,立案查处违法案件28件。发放药械、化妆品类宣传资料600余份,保障用药安全、药品安全。"
    )
    assert [(m[0], m[1]) for m in got(text)] == [("cases_filed", "drug")]


def test_credit_list_written_as_catalogue_or_marked() -> None:
    text = "已有1043家企业被列入异常目录,38家个体工商户被标注经营异常。"
    assert [(m[0], m[2]) for m in got(text)] == [("abnormal_list", 1043), ("abnormal_list", 38)]


def test_cases_handled_by_enforcement_and_unlawful_producers_found() -> None:
    assert [(m[0], m[1], m[2]) for m in got("去年专利执法办案2.4万件。")] == [("cases_filed", "ip", 24000)]
    text = "全年依法查处违法生产企业1304家,查处无证生产1224家。"
    assert [(m[0], m[2]) for m in got(text)] == [("cases_filed", 1304), ("cases_filed", 1224)]


def test_a_change_after_a_bracketed_part_is_its_totals() -> None:
    extracted = extract_metrics("全年查处商标侵权案件820件(其中涉外案件71件),同比增长12.6%。", 2014)
    assert [(m.value, m.yoy_pct) for m in extracted] == [(820, 12.6), (71, None)]


def test_a_difference_stated_against_an_earlier_year() -> None:
    assert got("全年受理申诉836件,相对于2012年度该类商品申诉总量增加了近百件。") == [("complaints", "consumer", 836, "year")]


def test_disclosure_requests_by_channel_and_reconsideration_written_as_an() -> None:
    text = "2018年受理依法申请公开政府信息377宗,当面递交申请0宗,信函申请42宗,网上申请267宗。本单位因政府信息公开的行政复议案3件。"
    assert [(m[0], m[2]) for m in got(text, 2018)] == [
        ("info_disclosure_requests", 377), ("info_disclosure_requests", 0), ("info_disclosure_requests", 42),
        ("info_disclosure_requests", 267), ("admin_reconsideration", 3)]
    assert ("admin_reconsideration", "all", 0, "year") in got("全年无有关政府信息公开的行政复议。", 2018)


def test_kinds_of_entity_listed_after_a_figure_and_the_register_at_years_end() -> None:
    text = "全年新设立内资企业810户(含分支机构)、私营企业17549户(含分支机构)、个体工商户40921户。"
    assert [(m[0], m[2]) for m in got(text, 2014)] == [("entities_new", 810), ("entities_new", 17549), ("entities_new", 40921)]
    text = "至年底,全市登记注册的内资企业6313户,私营企业80801户。"
    assert [(m[0], m[2]) for m in got(text, 2014)] == [("entities_total", 6313), ("entities_total", 80801)]
    assert all(m[0] != "entities_total" for m in got("全年登记注册企业100户。", 2014))  # a year's registrations


def test_state_and_province_sampling_rounds_and_licences_refused() -> None:
    assert [(m[0], m[2]) for m in got("配合国抽、省抽500余批次。")] == [("sampling_batches", 500)]
    assert got("不予许可1973家。") == []


def test_the_price_bureaus_line_and_words() -> None:
    text = "2008年全市12358价格举报中心共受理举报电话2059件,为消费者挽回经济损失495.86万元。"
    assert [(m[0], m[1]) for m in got(text, 2008)] == [("complaints", "price"), ("losses_recovered", "price")]
    text = "当年查处违价单位12个,实施经济制裁3.28万元。"
    assert [(m[0], m[1], m[2]) for m in got(text, 2003)] == [("cases_filed", "price", 12), ("fines", "price", 32800)]


def test_listed_entities_whose_credit_was_restored() -> None:
    text = "宁夏市场监管厅对列入经营异常名录的1316户企业、列入严重违法失信名单的69户企业开展了信用修复。"
    assert [(m[0], m[2]) for m in got(text, 2022)] == [("credit_restored", 1316), ("credit_restored", 69)]


def test_entities_drawn_by_a_share_or_as_targets() -> None:
    text = "全省最终抽取了15.6万户作为检查对象,拍卖企业按20%比例抽取1624户。"
    assert [(m[0], m[2]) for m in got(text, 2018)] == [("random_inspections", 156000), ("random_inspections", 1624)]


def test_a_list_is_not_headed_by_half_a_frame() -> None:
    # 对 alone is the start of a frame (对…不予处罚), not a metric named before a list.
    text = "市发改委对两节期间的公报显示,共检查595户经营单位,包括203家商场超市、192家机动车停车场。"
    assert got(text, 2017) == []


def test_fines_paid() -> None:
    assert [(m[0], m[2]) for m in got("查处案件12起,罚缴金额58.214万元。")] == [("cases_filed", 12), ("fines", 582140)]


def test_a_half_year_title_after_the_agencys_name() -> None:
    text = "国家工商总局:上半年查处各类经济违法案件80多万件\n记者获悉,全国工商机关查处商标侵权案件1.18万件。"
    assert [m[3] for m in got(text, 2010)] == ["partial", "partial"]


def test_a_five_year_high_is_no_span_of_years() -> None:
    text = "去年全国受理消费投诉166.7万件,同比增长29.1%,投诉量和增幅均创近五年来的最高值,共为消费者挽回经济损失18.2亿元。"
    assert [m[3] for m in got(text, 2016)] == ["year", "year"]


def test_what_consumers_raised_with_12315() -> None:
    assert [(m[0], m[2]) for m in got("上半年全省12315系统受理消费者反映89734件。")] == [("complaints", 89734)]


def test_the_quality_offices_line_takes_consumers_complaints() -> None:
    text = "2015年12365质监热线共受理电梯投诉595件,其中特种设备94件,价格类3件,为消费者挽回经济损失202.68万元。"
    assert [(m[0], m[1]) for m in got(text, 2015)] == [
        ("complaints", "consumer"), ("complaints", "consumer"), ("complaints", "price"), ("losses_recovered", "consumer")]


def test_a_holidays_figures_and_a_breakdown_among_complaints() -> None:
    text = "春节长假期间,安徽省12315平台共接收各类投诉举报咨询8245件。"
    assert [m[3] for m in got(text, 2022)] == ["partial"]
    text = "市食药监局介绍,在2017年全年食品药品投诉举报中,食品(餐饮)类20165件,药品1155件,保健食品920件。12331热线。"
    assert [(m[0], m[1], m[2]) for m in got(text, 2017)] == [
        ("complaints", "food", 20165), ("complaints", "drug", 1155), ("complaints", "food", 920)]


def test_patent_disputes_are_the_patent_offices_cases() -> None:
    text = "全年共受理专利纠纷案件2510件,查处假冒专利案件6512件,办案总数9022件,比去年增长199%。"
    extracted = extract_metrics(text, 2012)
    assert [(m.metric, m.value, m.yoy_pct) for m in extracted] == [
        ("cases_filed", 2510, None), ("cases_filed", 6512, None), ("cases_filed", 9022, 199.0)]


def test_an_item_that_says_its_verb_again_is_counted_by_its_own_rules() -> None:
    text = "全年移送公安机关处理案件30起、移送其他部门处理案件11起。"
    assert [(m[0], m[2]) for m in got(text, 2014)] == [("cases_transferred", 30)]
    assert got("受理专利预审案件6.4万件。", 2021) == []


def test_the_total_number_of_households_of_entities() -> None:
    text = "截至9月底,全省市场主体总户数达到481.4万户,同比增长18.4%。"
    assert [(m[0], m[2]) for m in got(text, 2017)] == [("entities_total", 4814000)]


def test_unlicensed_business_elsewhere_in_the_sentence_is_a_weak_cue() -> None:
    text = "开展产品质量专项整治,取缔无照经营298户,立案459件,罚没金额109.35万元。"
    assert [(m[0], m[1]) for m in got(text, 2021)] == [("cases_filed", "quality"), ("fines", "quality")]
    assert [(m[0], m[1]) for m in got("全年查处无照经营案件4285宗。", 2014)] == [("cases_filed", "registration")]


def test_a_waiver_frame_does_not_reach_across_another_count() -> None:
    text = "其中减轻处罚案件177件、从轻处罚案件168件、免予处罚案件21件。"
    assert [(m[0], m[2]) for m in got(text, 2025)] == [
        ("penalty_mitigated", 177), ("penalty_mitigated", 168), ("penalty_exempted", 21)]


# -- metrics-1.15.0 ---------------------------------------------------------------------------------
def test_a_holiday_named_by_its_days_is_part_of_the_year() -> None:
    assert got("端午3天假期,全市12315平台共受理消费者诉求2134件。") == [("complaints", "consumer", 2134, "partial")]
    assert got("国庆黄金周全区受理投诉举报318件。") == [("complaints", "consumer", 318, "partial")]


def test_a_text_on_a_campaign_of_a_set_length_is_part_of_the_year() -> None:
    text = "全县整治“保健”市场乱象百日行动取得成效\n行动中共立案查处案件31件,罚没款12.5万元。"
    assert [m[3] for m in got(text)] == ["partial", "partial"]
    # …but a year's summary that names such a campaign among its work, after its opening, keeps its year.
    opening = "2023年,我局坚持以习近平新时代中国特色社会主义思想为指导,全面贯彻党的二十大精神,围绕中心、服务大局,扎实推进市场监管各项工作,为全县经济社会高质量发展营造了良好的市场环境,各项工作取得了新的成效,群众的获得感、幸福感、安全感不断增强,法治政府建设和依法行政水平进一步提升,市场秩序持续规范有序。现将有关情况报告如下。\n"
    text = opening + "一年来,我局开展“百日攻坚”等专项行动,全年立案查处案件310件。"
    assert got(text) == [("cases_filed", "all", 310, "year")]


def test_the_first_months_of_the_year_said_with_tou() -> None:
    assert got("今年头三个月,全市新登记市场主体1.2万户。") == [("entities_new", "all", 12000, "partial")]


def test_a_transfer_of_cases_said_with_shexing_or_shezui() -> None:
    assert got("全市各执法部门共移交涉刑案件21件。") == [("cases_transferred", "all", 21, "year")]
    assert got("向公安机关移送涉罪案件4件。") == [("cases_transferred", "all", 4, "year")]


def test_failed_batches_found_with_a_long_product_name() -> None:
    assert got("共检出15批次电动自行车用锂离子蓄电池不合格。") == [("sampling_failed", "quality", 15, "year")]


def test_a_change_named_by_another_kind_of_quantity_is_not_the_figures() -> None:
    # 立案数量 names a count: its change is not that of the fines before it.
    assert got("全年罚没1.2亿元,立案数量同比增长8.5%。") == [("fines", "all", 120_000_000, "year")]
    assert [m.yoy_pct for m in extract_metrics("全年立案1200件,罚没1.2亿元,立案数量同比增长8.5%。", 2023)] == [8.5, None]


def test_a_change_after_the_base_in_brackets_and_xiangbi() -> None:
    text = "全年共接收投诉举报咨询20480件,较去年(16020件)相比上升27.8%。"
    assert [(m.value, m.yoy_pct) for m in extract_metrics(text, 2023)] == [(20480, 27.8)]


def test_a_bare_change_after_a_base_said_with_bi_shangnian() -> None:
    text = "全年共查办案件1.2万件,比上年增长6.1%;罚没金额3.4亿元,下降12%。"
    assert [(m.metric, m.yoy_pct) for m in extract_metrics(text, 2023)] == [("cases_filed", 6.1), ("fines", -12.0)]


def test_a_change_after_a_bracket_of_parts_is_the_totals() -> None:
    text = "受理投诉8650件(商品类5120件,服务类3530件),占总量的41.2%,较去年同期相比上升12.5%。"
    assert [(m.value, m.yoy_pct) for m in extract_metrics(text, 2023)] == [(8650, 12.5), (5120, None), (3530, None)]


def test_a_list_of_kinds_closed_by_deng_does_not_lengthen_the_gap() -> None:
    text = "全年抽检大米、食用油、乳制品和蔬菜等大宗食品2350批次。"
    assert got(text) == [("sampling_batches", "food", 2350, "year")]
    # (a trigger that is itself an item of a list counts nothing: parts of a report)
    assert got("本报告包括总体情况、行政复议和行政诉讼情况、存在的主要问题等五个部分。") == []


def test_parts_listed_in_a_bracket_after_the_total() -> None:
    text = "共查处案件120件(食品案件70件、药品案件50件)。"
    assert [(m.metric, m.domain, m.value) for m in extract_metrics(text, 2023)] == [
        ("cases_filed", "all", 120), ("cases_filed", "food", 70), ("cases_filed", "drug", 50)]
    # A single remark in the bracket is no breakdown, nor last year's figure.
    assert [m.value for m in extract_metrics("共清理规范性文件96件(其中原食药监局40件)。", 2023)] == [96]
    assert [m.value for m in extract_metrics("受理相关诉求5970件(上一年仅198件、前年12件)。", 2023)] == [5970]


def test_entities_registered_to_a_date_and_new_companies_with_their_legal_form() -> None:
    assert got("截至今年3月底,全市登记的各类市场主体超过8万户。") == [("entities_total", "all", 80_000, "partial")]
    assert got("全市新登记外商投资法人企业12户。") == [("entities_new", "all", 12, "year")]


def test_sampled_batches_with_a_note_on_what_the_goods_include() -> None:
    text = "全省共完成并公布36500批次食品(含保健食品)监督抽检结果。"
    assert got(text) == [("sampling_batches", "food", 36500, "year")]


def test_xianyou_inside_another_word_is_no_stock() -> None:
    assert got("经检验,发现有6批次产品不合格。") == [("sampling_failed", "quality", 6, "year")]


def test_a_variant_character_and_tobacco_name_their_fields() -> None:
    assert got("涉及化粧品立案查处2起。") == [("cases_filed", "drug", 2, "year")]
    assert got("对5户销售电子烟的商户立案查处。") == [("cases_filed", "other", 5, "year")]


def test_no_failed_sample_said_after_the_sampling_clauses() -> None:
    text = "完成药品抽样60批次、化妆品抽样8批次,送检验机构检验,暂未发现不合格药品。"
    assert ("sampling_failed", "drug", 0, "year") in got(text)
    assert ("sampling_failed", "drug", 0, "year") in got("化妆品监督抽检23批次,,均未检出不合格样品。")


def test_advertising_as_one_more_item_of_a_list_of_fields() -> None:
    assert got("立案查处价格违法、产品质量问题、过期食品、虚假广告等各类案件21起。") == [("cases_filed", "all", 21, "year")]
    # …but advertising after the fields it advertises is the kind of case.
    assert got("查处食品、保健食品广告案件12件。") == [("cases_filed", "advertising", 12, "year")]


def test_a_part_after_a_semicolon_on_the_agencies_as_subject_takes_no_earlier_field() -> None:
    text = "依法查处违法广告489件;全省工商机关共查处各类违法案件1410件。"
    assert got(text) == [("cases_filed", "advertising", 489, "year"), ("cases_filed", "all", 1410, "year")]


def test_new_trademarks_are_no_new_entities() -> None:
    assert got("全年新注册商标1.6万件。") == []


def test_the_total_of_economic_sanctions_without_its_refunds() -> None:
    text = "全年经济制裁总金额约3538万元,其中退款1200万元,罚款2338万元。"
    assert [(m.metric, m.value) for m in extract_metrics(text, 2023)] == [("fines", 35_380_000), ("fines", 23_380_000)]


def test_licence_documents_refunds_in_a_list_and_a_long_reason_for_the_abnormal_list() -> None:
    assert got("全年共发放食品生产经营许可证件1.2万张。") == [("licenses_issued", "food", 12_000, "year")]
    text = "全市共查处价格违法案件20件,其中没收58.1万元,罚款40.9万元,退还消费者24.2万元。"
    assert 242_000 not in [m.value for m in extract_metrics(text, 2023)]
    assert got("35家企业因实地查无或不按要求公示被列入经营异常名录。") == [("abnormal_list", "credit", 35, "year")]


# -- metrics-1.16.0: field-specific pages (rounds BR–BY: price, metrology, drugs, products, registration) --
def test_firms_opened_as_cases_and_the_field_of_their_goods() -> None:
    assert got("共立案查处不合格消防产品销售主体5家。") == [("cases_filed", "quality", 5, "year")]
    # 隐形眼镜 are medical devices (drug), not the spectacles of the quality field.
    assert got("立案查处无证经营隐形眼镜企业2家次。") == [("cases_filed", "drug", 2, "year")]
    assert got("抽查玩具、文具、校服和塑胶跑道原材料2000批次。") == [("sampling_batches", "quality", 2000, "year")]
    assert got("全国共查处网络商品交易违法行为案件8694件。") == [("cases_filed", "other", 8694, "year")]


def test_models_sampled_and_bodies_drawn_at_random() -> None:
    assert [m[:3] for m in got("抽查电动自行车及配件106款,经检验不合格46款。")] == [
        ("sampling_batches", "quality", 106), ("sampling_failed", "quality", 46),
    ]
    assert got("共随机抽查国家级资质认定检验检测机构100家。") == [("random_inspections", "quality", 100, "year")]


def test_entities_in_other_words_and_counted_in_wan_alone() -> None:
    assert got("截至2023年底,全国有各类市场主体1.16亿户。")[0][:3] == ("entities_total", "all", 116_000_000)
    assert got("全市新增农民专业合作社253家。") == [("entities_new", "all", 253, "year")]
    assert got("全省新增市场主体101万。") == [("entities_new", "all", 1_010_000, "year")]
    assert got("浙江市场主体数量为773.44万。") == [("entities_total", "all", 7_734_400, "year")]
    # Entities struck off the register are no item of the new ones listed before them.
    text = "新登记市场主体4828户,其中新登记企业1136户,新增个体工商户3633户,新增农民专业合作社59户;注销市场主体2675户。"
    assert 2675 not in [m[2] for m in got(text)]
    # 千 before a unit of measure is kilo-, not a thousand of something counted.
    assert got("全市登记在册压力管道4246千米。") == []


def test_the_verb_then_the_acts_it_found() -> None:
    assert got("依法查处6起使用不合格计量器具行为。") == [("cases_filed", "quality", 6, "year")]
    assert got("查处12起哄抬价格违法行为。") == [("cases_filed", "price", 12, "year")]


def test_the_net_content_programme_is_quality_and_new_firms_named_by_trade() -> None:
    text = "市场监管总局组织开展了定量包装商品净含量国家计量监督专项随机抽查。此次抽查454批次,净含量标注合格442批次。"
    assert got(text)[0][:3] == ("sampling_batches", "quality", 454)
    assert got("新区新设制造业企业23户。") == [("entities_new", "all", 23, "year")]


def test_a_word_inside_the_unlawful_acts_opened() -> None:
    assert got("立案查处违法经营行为2起。") == [("cases_filed", "all", 2, "year")]


# -- metrics-1.17.0: field-specific rounds BZ–CM (food, consumer, drugs, products, legal work, reports) --


def test_what_was_found_after_counted_items_of_several_fields_is_over_all() -> None:
    text = "共出动执法人员1230人次,检查特种设备使用单位56家(其中,气瓶充装单位8家)、餐饮服务单位912家,发现问题隐患203个,立案7起。"
    assert [(m[0], m[1]) for m in got(text)][-2:] == [("hazards_found", "all"), ("cases_filed", "all")]
    # One field only: the figures after its items stay in it.
    text = "共出动执法人员1230人次,检查电梯使用单位56家、气瓶充装站8家,发现问题隐患203个。"
    assert [(m[0], m[1]) for m in got(text)][-1] == ("hazards_found", "special_equipment")


def test_a_bureau_named_by_the_fields_it_merged_names_no_field() -> None:
    assert got("截至目前,江油县食药工质局相继开展了多项专项检查,已立案查处违法案件40件。")[0][:2] == ("cases_filed", "all")
    assert got("春节前,县质监局开展节前执法检查,查处违法案件12起。")[0][:2] == ("cases_filed", "all")


def test_commodity_quality_sampled_is_quality_and_complained_of_stays_consumer() -> None:
    assert got("全年组织流通领域商品质量抽检210批次。")[0][:2] == ("sampling_batches", "quality")
    assert got("处理商品质量消费纠纷56起。")[0][:2] == ("complaints", "consumer")


def test_a_quoted_campaign_joined_to_a_press_conference_is_no_part_of_the_year() -> None:
    text = "3月15日,市市场监管局举行消费维权暨“春雷行动2023”新闻发布会。2022年,全市12315平台共接收投诉3120件。"
    assert [m[3] for m in got(text, 2022, published="2023-03-16")] == ["year"]


def test_the_weeks_before_a_holiday_are_part_of_the_year() -> None:
    text = "全县在中秋前组织食品安全大检查,检查食品经营单位812户次,查处食品类案件14件。"
    assert [m[3] for m in got(text)][-1] == "partial"


def test_a_food_and_drug_bureau_names_no_field_for_a_device_campaign() -> None:
    text = "从今年3月至8月,某省食药监部门集中五个月时间,着力整治医疗器械违规经营等行为。期间,全省立案查处违法违规行为214起,结案193起。"
    assert [(m[0], m[1]) for m in got(text)] == [("cases_filed", "drug"), ("cases_closed", "drug")]


def test_what_an_inclusion_note_includes_takes_the_field_named_before_it() -> None:
    text = "全年共抽检食品(含食用农产品和食品相关产品)860批次,不合格11批次。"
    assert [(m[0], m[1]) for m in got(text)] == [("sampling_batches", "food"), ("sampling_failed", "food")]


def test_samples_not_meeting_the_standard_failed() -> None:
    assert [(m[0], m[2]) for m in got("共抽查电线电缆30批次,不符合标准要求3批次。")] == [("sampling_batches", 30), ("sampling_failed", 3)]
    # A headline run on without its comma: the second number failed.
    assert [(m[0], m[2]) for m in got("抽查电热毯等30个批次不符合标准要求3个批次")] == [("sampling_batches", 30), ("sampling_failed", 3)]


def test_items_each_with_its_number_before_what_it_counts() -> None:
    text = "全年对40批次药品和12批次化妆品进行了抽样检验。"
    assert [(m[0], m[2]) for m in got(text)] == [("sampling_batches", 40), ("sampling_batches", 12)]


def test_supervisory_spot_checks_of_products_are_quality() -> None:
    text = "针对危险化学品等52种产品,完成1260批次监督抽查。"
    assert got(text)[0][:3] == ("sampling_batches", "quality", 1260)


def test_losses_recovered_for_consumers_name_no_field_for_the_cases_after_them() -> None:
    text = "2024年,全省共受理投诉举报12.4万件,为消费者挽回经济损失1250万元;深入开展“铁拳”行动,全省共查办案件8600件。"
    assert got(text)[-1][:2] == ("cases_filed", "all")


def test_a_part_by_hotline_number() -> None:
    text = "全年受理各类投诉举报2610件,其中12345政务热线1804件,来电来信来访96件。"
    assert [(m[0], m[2]) for m in got(text)] == [("complaints", 2610), ("complaints", 1804), ("complaints", 96)]


def test_rapid_tests_are_sampled_batches_and_a_monthly_standard_is_no_total() -> None:
    text = "开展食用农产品快检总数8260批次,不合格31批次;其中蔬菜7912批次,不合格28批次。"
    assert [(m[0], m[2]) for m in got(text)] == [
        ("sampling_batches", 8260), ("sampling_failed", 31), ("sampling_batches", 7912), ("sampling_failed", 28)
    ]
    assert got("按照每月快检不少于40批次的标准开展检测。") == []


def test_trademarks_added_in_a_sentence_on_firms_are_no_new_entities() -> None:
    assert got("每新增1万户市场主体,相应新增86件注册商标。") == []


def test_a_page_titled_by_one_field_is_about_it_though_its_body_names_another() -> None:
    text = (
        "某省医疗器械“三整治”专项行动取得阶段性成果\n10.11.2016 09:10\n本文来源: 某某网\n"
        "某某网11月10日消息 11月9日,某省食药监局通报了全省医疗器械“三整治”专项行动情况。\n"
        "从今年4月1日至9月30日,某省食药监部门集中六个月时间,以重点产品、重点企业和案件线索为突破口,"
        "着力整治医疗器械违规生产、非法经营、夸大宣传等三种行为。期间,全省累计出动执法人员5210人次,"
        "检查单位8120家(次),立案查处违法违规行为214起,结案193起;查处违法广告38起;"
        "吊销医疗器械经营许可证3家,移交卫生部门查处案件4件。"
    )
    assert [(m[0], m[1]) for m in got(text)][:2] == [("cases_filed", "drug"), ("cases_closed", "drug")]


def test_the_parts_of_a_total_of_one_field_stay_in_it() -> None:
    text = "截至目前,共收到消费者价格类投诉举报186起,其中涉及口罩等防护用品120起,蔬菜等生活必需品41起。"
    assert [(m[1], m[2]) for m in got(text)] == [("price", 186), ("price", 120), ("price", 41)]


def test_patent_review_requests_closed_are_no_enforcement_cases() -> None:
    assert got("全年受理复审请求2.1万件,复审请求结案16,530件,无效宣告请求结案3,920件。") == []


def test_the_bodies_a_random_inspection_covered_and_the_ones_opened_as_cases() -> None:
    text = "组织开展检验检测机构“双随机、一公开”监督抽查,覆盖320家检验检测机构,其中,责令改正机构17家,立案查处机构4家。"
    assert [(m[0], m[2]) for m in got(text)] == [("random_inspections", 320), ("cases_filed", 4)]


def test_the_provinces_whole_system_is_a_total_over_fields() -> None:
    text = "全省开展打击整治养老诈骗专项行动,查处虚假广告宣传。截至目前,全省系统已立案96起,结案61起。"
    assert [(m[0], m[1]) for m in got(text)] == [("cases_filed", "all"), ("cases_closed", "all")]


def test_batches_counted_before_the_word_for_drug_sampling() -> None:
    assert [(m[0], m[2]) for m in got("共完成线上抽检12批次,线下45批次抽验,结果全部合格。")] == [
        ("sampling_batches", 12), ("sampling_batches", 45)
    ]


def test_a_text_on_how_a_campaign_went_is_on_part_of_the_year() -> None:
    text = "9月13日,省政府新闻办召开新闻发布会介绍打击整治养老诈骗专项行动情况。省局对保健食品完成抽检860批次。"
    assert [m[3] for m in got(text, 2022)] == ["partial"]


def test_a_floor_set_for_work_to_come_and_projects_added_are_no_figures() -> None:
    assert got("委托第三方检验检测机构拟抽检电线电缆产品不少于100批次。") == []
    assert got("2021年新增3个新建装备制造项目,新增5家工业企业参加品牌培育活动。") == []


def test_which_of_them_were_opened_as_cases_described_before_the_count() -> None:
    assert got("对其中情节较为严重的5家进行立案调查。")[0][:3] == ("cases_filed", "all", 5)


def test_batches_found_over_the_limit_or_adulterated_failed() -> None:
    text = "共抽检保健食品192批,检出违禁药物非法添加16批次,检出重金属超标5批次。"
    assert [(m[0], m[2]) for m in got(text)] == [("sampling_batches", 192), ("sampling_failed", 16), ("sampling_failed", 5)]


def test_parts_in_batches_of_a_total_in_ge_batches() -> None:
    text = "该局共抽检车用汽柴油620个批次,其中车用乙醇汽油310批次、车用柴油310批次。"
    assert [(m[0], m[2]) for m in got(text)] == [("sampling_batches", 620), ("sampling_batches", 310), ("sampling_batches", 310)]


def test_bodies_checked_counted_before_their_noun() -> None:
    assert got("截至目前,共计检查9家检验检测机构。")[0][:3] == ("random_inspections", "quality", 9)


def test_protecting_consumers_rights_as_a_purpose_names_no_field() -> None:
    text = "为加强流通领域商品质量监督管理,保护消费者合法权益,共抽查到建筑材料类商品60批次,其中3批次不合格。"
    assert [(m[0], m[1]) for m in got(text)] == [("sampling_batches", "quality"), ("sampling_failed", "quality")]


def test_a_ranked_list_with_shares_of_a_named_whole_between_its_items() -> None:
    text = "商品类投诉从高到低排名前几位的分别为:1、食品120件,在商品类投诉中占比为18.1%;2、服装鞋帽86件,占比为12.6%;3、家用电器64件,占比为9.4%"
    assert [m[2] for m in got(text)] == [120, 86, 64]


def test_a_text_opening_on_a_dotted_span_of_months_is_on_part_of_the_year() -> None:
    text = "2020.1.01-2020.06.30我局共接到举报投诉1860件。\n一、投诉基本情况\n商品类投诉排名第一的为食品95件。"
    assert {m[3] for m in got(text, 2020)} == {"partial"}


def test_a_bare_intake_verb_on_the_12315_platform() -> None:
    assert got("在全国12315平台接到18260件,同比下降了9.5%。")[0][:3] == ("complaints", "consumer", 18260)


def test_food_packaging_films_are_industrial_products() -> None:
    text = "将食品塑包产业质量提升作为全局重点工程。截至目前,共规范问题企业12家,排除安全隐患31处。"
    assert got(text)[-1][:2] == ("hazards_found", "quality")


def test_firms_opened_as_cases_named_before_their_count_and_firecrackers_are_products() -> None:
    assert got("经初步统计,目前被立案查处的加油站41个。")[0][:3] == ("cases_filed", "all", 41)
    assert got("该局已依法对某鞭炮厂作出没收违法所得8200元的处罚。")[0][:2] == ("fines", "quality")


def test_firms_requests_to_the_business_environment_office_are_no_complaints() -> None:
    assert got("截至上月,市营商办解决企业诉求120件。") == []


def test_cases_handed_to_another_office_or_of_the_labour_inspectorate_are_not_ours() -> None:
    assert got("吊销许可证3家,移交卫生部门查处案件4件。") == []
    assert [m[0] for m in got("查处侵害劳动者合法权益案件1200起。")] == []
    assert got("其中移交稽查立案4宗。")[0][:3] == ("cases_filed", "all", 4)


def test_a_change_after_its_difference_or_against_a_named_year() -> None:
    assert got("全年共接到各类投诉举报52160件,同比增加了2361件、上升4.74%。")[0][:3] == ("complaints", "consumer", 52160)
    assert [m.yoy_pct for m in extract_metrics("全年共接到各类投诉举报52160件,同比增加了2361件、上升4.74%。", 2023)] == [4.74]
    text = "2020年,共受理投诉8120件,其中,商品类投诉3610件,与2019年同期相比上升了23.1%。"
    assert [m.yoy_pct for m in extract_metrics(text, 2020)] == [None, 23.1]


def test_bodies_drawn_at_random_described_or_drawn_then_inspected() -> None:
    assert got("随机抽取眼镜制配商户12家。")[0][:3] == ("random_inspections", "quality", 12)
    assert got("共抽取21家检验检测机构开展检查。")[0][:3] == ("random_inspections", "quality", 21)
    assert got("此次共检查各类检验检测机构6家。")[0][:3] == ("random_inspections", "quality", 6)


def test_licences_named_as_a_document_or_last_of_a_pair() -> None:
    assert got("为8家供餐企业办理《食品经营许可证》16张。")[0][0::2] == ("licenses_issued", 16)
    assert got("核发食品小作坊许可证和食品摊贩登记证620份。")[0][0::2] == ("licenses_issued", 620)


def test_registered_funds_are_registered_capital() -> None:
    assert got("全市共有企业21955户,注册资金1443.92亿元。")[-1][:3] == ("registered_capital", "all", 144392000000.0)


def test_failed_products_on_a_page_about_one_field_are_of_that_field() -> None:
    # A development page (the structure is hard to shorten: a lead naming the campaign, a sentence
    # listing its kinds of food, then the figures).
    from metrics_testlib import REAL

    text = (REAL / "dev_ch" / "08_weifang_bairixingdong_2014.txt").read_text(encoding="utf-8")
    found = [m for m in extract_metrics(text, 2014) if m.value == 42]
    assert [(m.metric, m.domain) for m in found] == [("sampling_failed", "food")]


def test_cases_already_opened_stated_without_bei_and_transfers_to_a_city_police() -> None:
    text = "其中7起涉嫌违法已立案调查,2起已移送至市公安局追究刑事责任。"
    assert [(m[0], m[2]) for m in got(text)] == [("cases_filed", 7), ("cases_transferred", 2)]


def test_other_words_for_the_unlawful_acts_found() -> None:
    assert got("立案查处特种设备安全非法行为36起。")[0][:3] == ("cases_filed", "special_equipment", 36)
    assert got("查处各类侵害消费者权益行为42起。")[0][:3] == ("cases_filed", "consumer", 42)


# -- metrics-1.18.0: rounds CN–DB (IP, sampling notices, complaints analyses, 工商/质监/物价 pages, enforcement statistics) --
def test_years_joined_by_a_tilde_or_dash_are_a_span() -> None:
    assert got("2019~2021年,全省执法办案达5120件,其中假冒案件3010件。", 2021) == [
        ("cases_filed", "all", 5120, "cumulative"),
        ("cases_filed", "all", 3010, "cumulative"),
    ]
    assert got("2020-2022年共查处商标侵权案件86件。", 2022)[0][3] == "cumulative"


def test_since_last_year_is_across_the_year_start() -> None:
    assert got("去年以来,我局共受理投诉举报1890件。", 2023)[0][3] == "cumulative"


def test_a_part_that_names_the_report_year_is_that_year() -> None:
    text = "去年以来,该局共受理投诉举报案件2460件。其中,2023年,该局受理消费者投诉举报案件2210件,诉转案17件。"
    assert [m[3] for m in got(text, 2023)] == ["cumulative", "year", "year"]


def test_a_sampling_notice_lists_products_and_batches_in_a_paragraph_of_their_own() -> None:
    text = (
        "近期,某某区市场监督管理局对全区经营的18大类食品进行监督抽检,共142批次,其中1批次不合格。具体情况如下:\n"
        "一、总体情况\n"
        "糕点6批次、豆制品3批次、食用油、油脂及其制品4批次、饮料9批次。餐饮食品30批次,其中1批次不合格;蔬菜制品5批次。\n"
        "二、不合格产品处置情况\n"
        "对不合格食品经营者依法予以查处。"
    )
    found = got(text, 2023)
    assert [(m[0], m[2]) for m in found] == [
        ("sampling_batches", 142), ("sampling_failed", 1), ("sampling_batches", 6), ("sampling_batches", 3),
        ("sampling_batches", 4), ("sampling_batches", 9), ("sampling_batches", 30), ("sampling_failed", 1),
        ("sampling_batches", 5),
    ]
    # ...also with a pass word after each product, and 批 for 批次.
    text = "本期共抽检食品31批次,全部合格。具体情况如下:\n饼干3批,全部合格;酒类7批,全部合格;调味品21批,全部合格。"
    assert [m[2] for m in got(text, 2023) if m[0] == "sampling_batches"] == [31, 3, 7, 21]
    # Figures of another matter after a sampling count are no such list.
    text = "共抽检食品142批次。具体情况如下:\n立案查处12件,罚没款3万元。"
    assert [m[0] for m in got(text, 2023)] == ["sampling_batches", "cases_filed", "fines"]


def test_failed_samples_listed_after_a_clause_naming_their_kinds() -> None:
    text = "其中不合格样品9批次,涉及不合格食品类别有炒货食品及坚果制品1批次,蛋制品2批次,食用油、油脂及其制品3批次和饮料3批次。"
    assert [(m[0], m[2]) for m in got(text)] == [("sampling_failed", 9), *[("sampling_failed", v) for v in (1, 2, 3, 3)]]


def test_sampling_figures_of_a_notice_of_one_round_are_part_of_the_year() -> None:
    text = "现将我局食品安全监督抽检信息公布如下:本次抽检涉及粮食加工品、肉制品等5大类食品,抽检样品共计320批次,其中不合格3批次。"
    assert [m[3] for m in got(text, 2023) if m[0].startswith("sampling_")] == ["partial", "partial"]
    # A product-quality programme's 本次抽查 is not read so.
    text = "2023年,我局开展了建材产品等6类产品质量监督抽查。本次抽查了64家企业生产的94批次产品。"
    assert got(text, 2023)[-1][3] == "year"


def test_a_month_span_or_a_since_month_opening_a_text_frames_it() -> None:
    text = "2023年10月19日,某省市场监管局发布公告。该局于2023年5月至10月组织开展了床上用品等11类产品监督抽查。共抽查195批次,涉及194家企业。"
    assert got(text, 2023)[0][3] == "partial"
    text = "9月中旬以来,省市场监管局牵头开展联合行动。全省共查处各类案件1079件,罚款724.7万元。"
    assert [m[3] for m in got(text, 2023)] == ["partial", "partial"]


def test_a_count_of_kinds_does_not_stop_a_time_frame_carrying_over() -> None:
    opening = "2023年,我局坚持依法行政,全面推进法治政府建设,各项工作取得新的成效。" * 6
    text = opening + "该局于7月至10月组织开展了床上用品等11类产品监督抽查,共抽查195批次。"
    assert got(text, 2023)[-1][:4] == ("sampling_batches", "quality", 195, "partial")


def test_a_hedge_spaced_from_its_number() -> None:
    assert got("罚没金额约 38.81 万元。")[0][:3] == ("fines", "all", 388100)


def test_a_licence_named_after_whom_it_is_for() -> None:
    assert got("全年共核发特种设备检验人员和无损检测人员资格证1829张。")[0][0::2] == ("licenses_issued", 1829)


def test_kinds_of_bodies_inspected_listed_clause_by_clause() -> None:
    text = "截至目前,已抽查起重机械使用单位12家,液化气充装站4家,电梯使用单位7家;检查起重机械93台。"
    assert [(m[0], m[2]) for m in got(text)] == [("random_inspections", v) for v in (12, 4, 7)]
    # What was found at them is another matter.
    text = "共抽查生产企业120家,发现问题企业19家。"
    assert [(m[0], m[2]) for m in got(text)] == [("random_inspections", 120)]


def test_the_year_so_far_in_an_undated_text_is_part_of_the_year() -> None:
    text = "据介绍,今年以来,全省共查办食品类案件2779件,移送司法机关16件。"
    assert [m[3] for m in got(text, 2023)] == ["partial", "partial"]
    text = "今年以来,全市累计查办案件604起。"
    assert got(text, 2023)[0][3] == "partial"
    # ...but in a report published after its year, the year.
    assert [m[3] for m in got("据介绍,今年以来,全省共查办食品类案件2779件。", 2023, published="2024-01-20")] == ["year"]


def test_what_a_hotline_or_consumers_association_takes_in() -> None:
    assert got("我市12315指挥中心共接到消费者来电172起。")[0][:3] == ("complaints", "consumer", 172)
    assert got("共接收12345政务服务便民热线中心转办的工单76件。")[0][:3] == ("complaints", "consumer", 76)
    assert got("全疆“12365”举报处置指挥中心共受理有效业务16447起。")[0][:3] == ("complaints", "consumer", 16447)
    assert got("全市各级消委会共接待咨询1.99万件。")[0][:3] == ("complaints", "consumer", 19900)
    # Business of a registry is no complaint.
    assert all(m[0] != "complaints" for m in got("政务服务热线中心共办理登记业务1200件。"))


def test_items_after_a_specifying_opener() -> None:
    text = "抽检保健食品等6大类食品27批次,经检验全部合格,具体为保健食品5批次、茶叶及相关制品4批次、调味品18批次。"
    assert [m[2] for m in got(text) if m[0] == "sampling_batches"] == [27, 5, 4, 18]


def test_one_partys_fine_whoever_imposed_it() -> None:
    assert got("该公司被某某市市场监管局罚款10万元。") == []
    assert got("某某区市场监管局依法对其不正当有奖销售行为罚款10万元。") == []
    assert got("市场监督管理局依法对某某超市有限公司前进店罚款50万元。") == []
    # The bureau's own totals stay.
    assert got("全年共查处案件120件,罚款210万元。")[-1][:3] == ("fines", "all", 2100000)


def test_items_after_a_concentrated_in_n_aspects_opener() -> None:
    text = "全年12315热线共受理举报5210件。举报内容集中在四方面:涉嫌违法广告问题(1830件)、涉嫌无照经营(640件)以及涉嫌商标问题(209件)。"
    assert [(m[0], m[1], m[2]) for m in got(text)] == [
        ("complaints", "consumer", 5210), ("complaints", "advertising", 1830), ("complaints", "consumer", 640), ("complaints", "ip", 209),
    ]


def test_a_count_followed_by_its_share_of_a_named_total() -> None:
    text = "商品类投诉共1520件,占投诉总量的61.2%。涉及一般食品类380件,占商品类投诉量的25.0%;涉及家居用品类96件,占商品类投诉量的6.3%。"
    assert [(m[0], m[2]) for m in got(text)] == [("complaints", 1520), ("complaints", 380), ("complaints", 96)]
    # A bare verb or cases of some kind name no metric of their own.
    assert got("乡镇(街道)政府11件,占受理总数的7.28%。") == []


def test_items_under_a_heading_that_breaks_the_total_down() -> None:
    text = "4月份,全市共接收群众诉求15200件,已办结15010件。\n(一)按接诉来源分析\n12345热线11800件、来信来函92件、全国12315平台案件3308件。"
    assert [(m[0], m[2]) for m in got(text)] == [("complaints", v) for v in (15200, 11800, 92, 3308)]


def test_a_ratio_of_new_to_closed_firms_is_no_count() -> None:
    assert got("全年每新设2.2户民营企业退出1户。") == []


def test_complaints_written_shen_tou_su() -> None:
    assert got("2011年受理家用电器申(投)诉5976件。")[0][:3] == ("complaints", "consumer", 5976)
    assert got("12365共接听各类来电41件。")[0][:3] == ("complaints", "consumer", 41)
    assert got("12315中心共接受消费者来电215件。")[0][:3] == ("complaints", "consumer", 215)


def test_fine_scales_rates_and_refunds_are_no_fines() -> None:
    assert got("行政罚款5万元以上案件同比上升21%。") == []
    assert got("按每套房源罚款3000元。") == []
    assert got("对无标价牌罚款5000元的标准。") == []
    assert [m[2] for m in got("罚没款45.2万元,其中清退13.01万元。")] == [452000]


def test_parts_after_a_restated_total_or_a_clause_saying_how_it_is_broken_down() -> None:
    text = "全省共受理消费者投诉41200件。\n一、投诉基本情况\n(一)投诉性质类分析\n41200件消费者投诉中,涉及质量问题的投诉15300件,占总量的37.1%;售后服务问题7010件,占17.0%;合同问题5120件,占12.4%。"
    assert [(m[0], m[2]) for m in got(text)] == [("complaints", v) for v in (41200, 15300, 7010, 5120)]
    text = "上半年共受理消费者投诉20310件。在消费者投诉案件中,按投诉性质划分:涉及质量问题方面的投诉案件7560件,占总量的37.2%;售后服务问题3301件,占16.3%;合同问题2510件,占12.4%。"
    assert [(m[0], m[2]) for m in got(text)] == [("complaints", v) for v in (20310, 7560, 3301, 2510)]
