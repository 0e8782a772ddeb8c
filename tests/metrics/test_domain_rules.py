"""METRICS.md "Which domain a number gets", one behaviour a test (variant sentences, not real text)."""

from __future__ import annotations

from scrapers.metrics.extract import extract_metrics


def domains(text: str, year: int = 2023) -> list[tuple[str, str, float]]:
    return [(m.metric, m.domain, m.value) for m in extract_metrics(text, year)]


def test_own_phrase_names_the_field() -> None:
    assert domains("全年查处食品类案件321宗。") == [("cases_filed", "food", 321)]


def test_clause_of_the_sentence_names_the_field() -> None:
    assert domains("开展食品安全专项检查,立案查处违法案件45件。") == [("cases_filed", "food", 45)]


def test_heading_naming_one_field_applies_to_figures_under_it() -> None:
    text = "二、强化特种设备安全监管\n全年立案查处违法案件12件,罚没款30万元。"
    assert domains(text) == [("cases_filed", "special_equipment", 12), ("fines", "special_equipment", 300000)]


def test_field_of_an_earlier_sentence_with_figures_does_not_carry_over() -> None:
    text = "全年受理12315投诉举报5200件,为消费者挽回经济损失80万元。全年共查处违法案件630件,罚没款410万元。"
    got = domains(text)
    assert ("cases_filed", "all", 630) in got and ("fines", "all", 4100000) in got


def test_every_kind_of_thing_checked_is_no_total_over_fields() -> None:
    # 各类 before what was checked (scales) makes no total; before what a total counts (cases) it does.
    checked = "开展市场计量专项整治,检查各类电子计价秤1200余台,立案4起,罚款2万元。"
    assert domains(checked) == [("cases_filed", "quality", 4), ("fines", "quality", 20000)]
    total = "开展电梯安全专项检查,查处各类违法案件40件,罚款20万元。"
    assert domains(total) == [("cases_filed", "all", 40), ("fines", "all", 200000)]


def test_a_count_followed_by_the_cases_it_counts_takes_their_field() -> None:
    # (The 商标 of the item before it is not its field.)
    assert domains("全年已有50件商标违法案件和185件广告违法案件遭到查处。") == [("cases_filed", "advertising", 185)]


def test_the_office_of_the_counterfeiting_leading_group_is_no_field() -> None:
    text = "全国打击侵权假冒工作领导小组办公室主任说,截至4月24日,全国市场监管部门累计查办非法制售口罩案件29906起,罚没款3.5亿元。"
    assert domains(text, 2020) == [("cases_filed", "all", 29906), ("fines", "all", 350000000)]


def test_the_quality_bureaus_own_system_is_no_field_but_quality_violations_are() -> None:
    assert domains("全市质监稽查系统共查处案件577宗,罚没款到位3023.27万元。", 2015) == [
        ("cases_filed", "all", 577), ("fines", "all", 30232700),
    ]
    assert domains("山西省质监系统共查处质量违法案件2900余起。", 2012) == [("cases_filed", "quality", 2900)]


def test_a_page_naming_one_field_throughout_gives_it_to_figures_naming_none() -> None:
    # News of one food campaign: the sampling figures of its second sentence are food.
    text = "今年以来,全市开展食品安全专项整治,出动执法人员1200人次,检查食品经营户860户次。共抽检样品47批次,不合格6批次。"
    assert domains(text) == [("sampling_batches", "food", 47), ("sampling_failed", "food", 6)]


def test_a_page_naming_a_field_once_or_several_fields_gives_none() -> None:
    once = "今年以来,全市开展食品安全专项整治,出动执法人员1200人次。共抽检样品47批次,不合格6批次。"
    several = "今年以来,全市开展食品安全专项整治,检查食品经营户860户次,检查电梯120台。共抽检样品47批次,不合格6批次。"
    for text in (once, several):
        assert domains(text) == [("sampling_batches", "all", 47), ("sampling_failed", "all", 6)], text


def test_a_12315_page_does_not_make_its_enforcement_figures_consumer() -> None:
    text = "全市12315平台受理消费者投诉5200件,为消费者挽回经济损失80万元。全年共查处违法案件630件。"
    assert ("cases_filed", "all", 630) in domains(text)


def test_topic_sentence_without_figures_still_carries_its_field() -> None:
    text = "深入推进重点领域广告监管执法。全年已结案37件,罚款48.5万元。"
    assert domains(text) == [("cases_closed", "advertising", 37), ("fines", "advertising", 485000)]


def test_totals_marked_as_such_take_no_field() -> None:
    text = "三、加强电梯安全监管\n全系统共查处各类违法案件1677件,罚没2066万元。"
    assert domains(text) == [("cases_filed", "all", 1677), ("fines", "all", 20660000)]


def test_a_field_word_inside_another_word_is_not_a_field() -> None:
    assert domains("坚持服务高质量发展,全年立案查处违法案件88件。") == [("cases_filed", "all", 88)]


def test_a_lead_over_several_fields_names_none() -> None:
    text = "(二)加强食品药品安全监管。\n全年立案查处违法案件64件。"
    assert domains(text) == [("cases_filed", "all", 64)]


def test_complaints_belong_to_consumer_and_their_breakdown_stays_there() -> None:
    text = "全年受理投诉举报5200件,其中投诉3100件、举报1500件、咨询600件。"
    assert domains(text) == [
        ("complaints", "consumer", 5200),
        ("complaints", "consumer", 3100),
        ("complaints", "consumer", 1500),
        ("complaints", "consumer", 600),
    ]
    text = "商品类投诉较多的前三类依次为:(1)服装鞋帽1108件,占比28.07%;(2)食品945件,占比21.42%;(3)家用电器179件。"
    assert domains(text) == [
        ("complaints", "consumer", 1108),
        ("complaints", "consumer", 945),
        ("complaints", "consumer", 179),
    ]


def test_unnamed_licences_are_all_business_licences_registration() -> None:
    assert domains("全年办理行政许可2676件。") == [("licenses_issued", "all", 2676)]
    assert domains("核发食品经营许可证520张。") == [("licenses_issued", "food", 520)]
    assert domains("发放营业执照3100张。") == [("licenses_issued", "registration", 3100)]


def test_generic_product_words_give_way_to_a_named_field() -> None:
    """不合格产品 / 批次产品 name quality only when nothing around names another field."""
    text = "一季度完成食品安全监督抽检579批次,其中18批次不合格产品已依法处置。"
    assert [(m.metric, m.domain) for m in extract_metrics(text, 2022)] == [
        ("sampling_batches", "food"),
        ("sampling_failed", "food"),
    ]
    text = "共抽查192家企业生产的271批次产品,检出不合格产品12批次。"
    assert [(m.metric, m.domain) for m in extract_metrics(text, 2022)] == [
        ("sampling_batches", "quality"),
        ("sampling_failed", "quality"),
    ]
    # 食品相关产品 (packaging, tableware) are industrial products.
    text = "本次抽查服装、化肥、食品相关产品等7种产品,共抽查271批次产品。"
    assert [(m.metric, m.domain) for m in extract_metrics(text, 2022)] == [("sampling_batches", "quality")]


def test_the_anti_monopoly_law_words_name_competition() -> None:
    assert domains("查处公用企业限制竞争案件20起,收缴罚没款621.65万元。") == [
        ("cases_filed", "competition", 20),
        ("fines", "competition", 6216500),
    ]


def test_shoddy_goods_are_quality_when_no_product_field_is_named() -> None:
    assert domains("查处生产销售“偷工减料”劣质钢筋、线缆案件99件。") == [("cases_filed", "quality", 99)]
    assert domains("查办农村市场假冒伪劣食品案件1070件。") == [("cases_filed", "food", 1070)]


def test_a_short_line_of_figures_is_no_heading() -> None:
    """查处各类虚假药类广告案件80件,…; on a line of its own names no field for the lines below."""
    text = "查处各类虚假药类广告案件80件,罚没总额92.43万元;\n查处非法集资案件23件,罚没总额12万元。"
    assert domains(text)[2:] == [("cases_filed", "all", 23), ("fines", "all", 120000)]


def test_a_topic_sentence_naming_several_fields_names_none() -> None:
    text = "全省持续推进公平竞争审查,强化反垄断执法,加强知识产权保护。全年审查增量文件7631件。"
    assert domains(text) == [("fair_competition_reviews", "competition", 7631)]


def test_infringement_and_counterfeits_are_ip() -> None:
    assert domains("全年共立案查处侵权假冒案件222宗,罚没款合计127.12万元。") == [
        ("cases_filed", "ip", 222),
        ("fines", "ip", 1271200),
    ]


def test_an_industrial_product_named_by_itself_is_quality() -> None:
    assert domains("抽检电动自行车18批次,立案2起,罚没款2.68万元。") == [
        ("sampling_batches", "quality", 18),
        ("cases_filed", "quality", 2),
        ("fines", "quality", 26800),
    ]
    # …but complaints stay consumer whatever product they are about.
    assert domains("受理电动自行车投诉118件。") == [("complaints", "consumer", 118)]


def test_sampled_industrial_goods_are_quality() -> None:
    assert domains("本次共抽查电线电缆、眼镜等18种产品745批次。") == [("sampling_batches", "quality", 745)]
    assert domains("其中车用汽油抽检油品1358批次。") == [("sampling_batches", "quality", 1358)]


def test_a_sampling_notice_gives_its_programme_field_to_figures_naming_none() -> None:
    text = "某县市场监督管理局2023年第二季度食品安全监督抽检信息公示\n本季度共抽检93批次,抽取市场销售的40批次产品。"
    assert domains(text) == [("sampling_batches", "food", 93), ("sampling_batches", "food", 40)]


def test_a_text_naming_programmes_of_two_fields_gives_neither() -> None:
    text = "开展食品安全监督抽检和产品质量监督抽查。全年共抽检1200批次。"
    assert domains(text) == [("sampling_batches", "all", 1200)]


def test_food_categories_of_a_sampling_list_are_items_of_the_list_and_food() -> None:
    text = "本期抽检食用农产品12批次;调味品10批次;酒类5批次;炒货食品及坚果制品3批次。"
    assert domains(text) == [
        ("sampling_batches", "food", 12), ("sampling_batches", "food", 10),
        ("sampling_batches", "food", 5), ("sampling_batches", "food", 3),
    ]


def test_a_clause_with_more_than_a_field_name_is_no_list_item() -> None:
    text = "本期抽检食用农产品12批次;合格11批次。"
    assert domains(text) == [("sampling_batches", "food", 12)]


def test_all_kinds_of_entities_checked_make_no_total_over_fields_of_the_cases() -> None:
    text = "严厉打击哄抬物价、价格欺诈等违法行为,全年共检查各类经营主体7.48万户次,立案51起,结案49起。"
    assert [d for d in domains(text) if d[0] != "random_inspections"] == [("cases_filed", "price", 51), ("cases_closed", "price", 49)]


def test_a_sentence_pointing_back_is_about_the_field_of_the_figures_before() -> None:
    text = (
        "今年前4个月,全省累计查办食品安全违法案件520件。相关案件罚没金额317.22万元,移送公安机关案件8件。"
        "其中,生产领域违法案件69件,流通领域违法案件347件。"
    )
    assert {d for _, d, _ in domains(text)} == {"food"}
    # A sentence naming its own field keeps it.
    text = "全省查办食品安全违法案件520件。其中,药品案件12件。"
    assert domains(text)[1][1] == "drug"


def test_the_sectors_newspapers_name_no_field() -> None:
    text = "2020-05-07 中国消费者报·中国消费网\n全省市场监管部门罚没金额317.22万元。"
    assert domains(text) == [("fines", "all", 3172200)]


def test_a_national_spot_check_programme_names_its_field() -> None:
    text = "2021年产品质量国家监督抽查情况公告\n生产领域抽查16356批次,流通领域抽查9280批次。"
    assert domains(text, 2021) == [("sampling_batches", "quality", 16356), ("sampling_batches", "quality", 9280)]


def test_food_adulterated_with_a_drug_is_food() -> None:
    assert domains("查处在食品中添加药品案件8件。") == [("cases_filed", "food", 8)]


def test_a_breakdown_of_cases_by_kind_in_brackets() -> None:
    text = "办理各类违法案件244起,其中食药类案件152件(食品案件116起,药品案20件),质监类案件45件,其他各类案件35件(价格监督16件,知识产权13件)。"
    got = domains(text)
    assert ("cases_filed", "drug", 20) in got and ("cases_filed", "quality", 45) in got
    # The bracket lists parts: it names no field of the total before it.
    assert ("cases_filed", "all", 35) in got


def test_shian_is_food_safety() -> None:
    assert domains("整治食安问题联合行动查案754起。") == [("cases_filed", "food", 754)]


def test_the_phrase_after_a_number_ends_at_the_next_item_of_its_list() -> None:
    text = "全年行政许可决定278件、行政处罚1217件、行政强制402件、无行政事业性收费。"
    assert ("cases_filed", "all", 1217) in domains(text)
    text = "共检查各类市场主体5661户、学校食堂296个。"
    assert domains(text)[0][1] == "all"


def test_typical_cases_published_are_no_part_of_the_cases() -> None:
    text = "全省立案查处不正当竞争案件1000宗,其中10宗不正当竞争典型案件于近日公布。"
    assert [d[2] for d in domains(text)] == [1000]


def test_a_list_of_fields_with_other_items_between_them_is_all() -> None:
    text = "检查药店、农贸市场、商超、餐饮单位等销售场所19万余户次,查办案件993起。"
    assert domains(text)[-1] == ("cases_filed", "all", 993)


def test_all_kinds_of_business_units_checked_make_no_total_over_fields() -> None:
    text = "截至目前,食品安全执法行动共计检查各类经营单位68家次,立案17件,结案8件。"
    assert [d[1] for d in domains(text) if d[0] != "random_inspections"] == ["food", "food"]


def test_a_category_of_complaints_stays_consumer() -> None:
    assert domains("本季度受理食品类投诉152件。") == [("complaints", "consumer", 152)]
    # A problem another department handles still takes its field; a field named without 类 too.
    assert domains("其中广告类投诉18件。")[0][1] == "advertising"
    assert domains("全省共受理食品安全投诉举报2823件。")[0][1] == "food"


def test_cases_opened_from_complaints_are_consumer_cases() -> None:
    assert domains("全年共办理“诉转案”42宗。") == [("cases_filed", "consumer", 42)]
    assert domains("实施“投诉转案件”617件。") == [("cases_filed", "consumer", 617)]


def test_verification_and_disposal_of_failed_batches_is_no_item() -> None:
    text = "组织监督抽检105万批次,其中监督抽检不合格食品23476批次,核查处置20070批次。"
    assert [d[2] for d in domains(text)] == [1050000, 23476]
