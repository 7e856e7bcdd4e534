from pipeline.document import Document
from pipeline.sitewide import learn, line_key, strip

FOOTER = "社保网声明:资讯来源于网络,属作者个人观点,仅供参考。投诉"
TOPICS = ["医保卡余额怎么查", "养老金如何领取", "公积金怎么提取", "社保断缴怎么办", "生育津贴如何申请"]


def article(topic: str, city: str) -> list[str]:
    return [f"{city}{topic}?", f"{topic}的第一步是准备材料,带上身份证。", "步骤:",
            f"{topic}的第二步是到窗口办理,审核后完成。", f"{topic}时要注意核对信息。", FOOTER]


def corpus() -> dict[str, list[str]]:
    pages = {}
    for t, topic in enumerate(TOPICS):
        for city in ("北京", "上海", "广州"):
            pages[f"http://a.com/{t}/{city}"] = article(topic, city)
    return pages


def test_footer_across_templates_is_learned():
    learned = learn(corpus())
    assert f"a.com\t{line_key(FOOTER)}" in learned


def test_template_copies_do_not_teach_their_content():
    learned = learn(corpus())
    keys = {k.split("\t", 1)[1] for k in learned}
    assert line_key("医保卡余额怎么查的第一步是准备材料,带上身份证。") not in keys
    assert line_key("步骤:") not in keys  # shared by all templates but sits mid-page


def test_one_template_only_learns_nothing():
    pages = {f"http://b.com/{c}": article("医保卡余额怎么查", c) for c in ("北京", "上海", "广州", "深圳")}
    assert learn(pages) == frozenset()


def test_scoped_per_host_and_order_independent():
    pages = corpus()
    reordered = dict(reversed(list(pages.items())))
    assert learn(pages) == learn(reordered)
    other = {"http://c.com/x": [FOOTER, "别的内容。"]}
    learned = learn({**pages, **other})
    doc = Document(url="http://c.com/x", paragraphs=(FOOTER, "别的内容。"))
    assert strip(doc, learned).paragraphs == (FOOTER, "别的内容。")


def test_strip_records_reason():
    learned = learn(corpus())
    doc = Document(url="http://a.com/9", paragraphs=("新的正文。", FOOTER))
    out = strip(doc, learned)
    assert out.paragraphs == ("新的正文。",)
    assert out.removed[-1].reason == "sitewide"
