from pathlib import Path

import pytest

from pipeline.clean import clean
from pipeline.document import Document
from pipeline.extract import extract
from pipeline.textview import full_width

# The seeds were saved with punctuation folded to ASCII; real pages write it full-width. Every
# rule test runs on both forms.
FORMS = {"ascii": lambda text: text, "full-width": full_width}

SEEDS = Path(__file__).resolve().parents[1] / "winnow" / "demo" / "seeds"


def seed(prefix: str, form: str = "ascii") -> Document:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    text = FORMS[form](path.read_text(encoding="utf-8"))
    doc = Document(url=path.as_uri(), html=text, kind="text")
    return clean(extract(doc))


# (seed, lines that must be gone (prefixes), content lines that must stay)
CASES = {
    "000": (
        [
            "温馨提示:本数据仅供参考",
            "医保缴费",
            "新农合缴费",
            "医保转移",
            "医保卡里有多少钱",
            "医保参保地",
            "电子社保卡",
            "医保缴费年限新规",
            "医保返款",
        ],
        [
            "查询医保卡余额有多种便捷的方法,您可以选择以下适合自己的方式:",
            "一、电话查询",
            "步骤:",
            "1.支付宝查询:",
            "优点:信息准确、更新及时,适合熟悉电脑操作的人群。",
            "益阳医保卡里的钱家人也能用?",
            "需要注意的是:",
            "益阳医保卡里的钱怎么刷出来用?",
            "保护个人信息:在查询和提取医保卡余额时,注意保护个人信息的安全,避免信息泄露导致不必要的损失。",
        ],
    ),
    "001": (
        [
            "2025-06-05 17:29:34社保网",
            "医保卡余额查询新方法",
            "(备注:数据仅供参考",
            "社保网声明",
            "深圳医保卡里的钱能给家里的亲人用吗?",
            "医保参保地怎么变更?",
            "宁夏银川医保参保地怎么变更",
        ],
        [
            "一、嘉兴医保卡余额查询的几种方法?",
            "一、网上查询方法",
            "注意事项:",
            "电话查询",
            "优点:",
            "二、嘉兴医保怎么报销?",
            "其他注意事项",
            "总的来说,医保报销方法的选择取决于就医情况和医保方案的具体要求。在就医时,应该提前了解当地的医保方案和报销比例,以便更好地规划自己的医疗费用并享受医保待遇。",
        ],
    ),
    "002": (
        [
            "2025-04-28 20:26:21社保网",
            "还在为家人的健康保险而担忧吗",
            "(备注:数据仅供参考",
            "社保网声明",
            "拉萨电子社保卡和实体卡一样吗",
            "泰安如何线上转移异地医保余额",
        ],
        [
            "新疆乌鲁木齐医保卡里的钱可以给家人用吗?",
            "医保卡里的钱可以给家人用:",
            "使用场景:",
            "新疆乌鲁木齐你的医保卡余额怎么查?这些方法让你一目了然!",
            "三、线下查询方法",
            "通过以上几种方式,您可以方便地查询医保卡余额,确保自己的医保权益得到充分保险。",
        ],
    ),
    "003": (
        [
            "提示:本内容不能代替面诊",
            "相关推荐",
            "医保卡内有多少余额可以取现",
            "健康新闻 2025-04-19",
            "医保个人账户余额为什么和交的钱不一样",
        ],
        [
            "官网、APP、电话或线下查询",
            "以下是查询医保卡个人账户余额的常用方法,供您参考:",
            "一、线上查询",
            "1. 官方网站查询",
            "• 微信:关注当地医保局公众号,绑定医保卡后,在“社保服务”中查看余额。",
            "四、其他注意事项",
            "以上方法覆盖了线上、线下及传统渠道,可根据需求灵活选择。若操作中遇到问题,建议咨询当地医保部门获取实时帮助。",
        ],
    ),
    "004": (
        [
            "来源:社保网",
            "关键词:",
            "上一篇:",
            "下一篇:",
            "猜你喜欢",
            "为什么千万不要激活医保电子凭证",
            "2022-04-24 15:45:44",
            "© 2012-2020",
            "网站联系邮箱",
        ],
        [
            "一、医保卡余额查询怎么查明细",
            "医保卡使用范围:定点医院、药店就医购药,在POS机上刷卡使用",
            "以北京为例具体组成如下:",
            "3.依法纳入个人帐户的其它资金。",
            "三、医保卡余额是个人缴费部分吗",
        ],
    ),
}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("name", sorted(CASES))
def test_seed_boilerplate_gone_and_content_kept(name, form):
    doc = seed(name, form)
    gone, kept = ([FORMS[form](text) for text in texts] for texts in CASES[name])
    for prefix in gone:
        assert not any(p.startswith(prefix) for p in doc.paragraphs), prefix
        assert any(r.text.startswith(prefix) for r in doc.removed), prefix
    for line in kept:
        assert line in doc.paragraphs, line


@pytest.mark.parametrize("form", sorted(FORMS))
def test_date_source_lines_become_fields(form):
    doc = seed("001", form)
    assert (doc.published_at, doc.source) == ("2025-06-05T17:29:34", "社保网")
    doc = seed("004", form)
    assert (doc.published_at, doc.source) == ("2022-04-24T15:16:08", "社保网")


@pytest.mark.parametrize("form", sorted(FORMS))
def test_filler_sentence_removed_but_intro_content_kept(form):
    first = seed("004", form).paragraphs[0]
    assert first.startswith("医保卡作为个人帐户专用卡")
    assert "今天我们就来详细看看吧" not in first and FORMS[form]("那么,") not in first


def test_removed_lines_have_reasons():
    reasons = {r.reason for r in seed("001").removed}
    assert {"date-source", "editor-filler", "disclaimer", "statement", "related"} <= reasons


def test_leading_title_repeat_removed():
    doc = Document(url="x", title="医保卡怎么查?", paragraphs=("医保卡怎么查?", "打开APP查询。"))
    assert clean(doc).paragraphs == ("打开APP查询。",)


def test_plain_content_untouched():
    lines = ("一、电话查询", "步骤:", "拨打12333。", "注意事项:", "优点:操作简单。")
    assert clean(Document(url="x", paragraphs=lines)).paragraphs == lines


def test_breadcrumb_and_title_repeated_under_it_are_removed() -> None:
    from pipeline.clean import clean
    from pipeline.document import Document

    doc = Document(
        url="http://x/gbk/1.html",
        title="上海医保个人账户到底可以给家人使用吗?(05/30)",
        paragraphs=(
            "当前位置:首页 > 社保 > 正文",
            "上海医保个人账户到底可以给家人使用吗?(05/30)",
            "一、上海医保卡里的钱家人也能用?",
            "可以。",
        ),
    )
    out = clean(doc)
    assert out.paragraphs == ("一、上海医保卡里的钱家人也能用?", "可以。")
    assert {r.reason for r in out.removed} == {"breadcrumb", "title-repeat"}


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("line", ["来源:随手办生活网综合整理", "来源: 本站编辑部整理"])
def test_a_source_note_under_the_body_goes_and_one_on_top_is_the_byline(line, form):
    body = tuple(FORMS[form](f"第{n}步,按窗口提示填写申请表,核对无误后签字确认。") for n in "一二三四五六")
    doc = clean(Document(url="http://example.cn/a.html", title="燃气怎么过户", paragraphs=body + (FORMS[form](line),)))
    assert doc.paragraphs == body
    assert doc.removed[-1].reason == "reprint"
    top = clean(Document(url="http://example.cn/a.html", title="燃气怎么过户", paragraphs=(FORMS[form](line),) + body))
    assert top.paragraphs == body and top.source
