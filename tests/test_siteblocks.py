"""Site furniture learned from where lines sit in the markup (pipeline.siteblocks, sitewide.learn
with ``html_by_url``). Fixture sites are written here, in full-width and ASCII punctuation."""

from __future__ import annotations

import pytest

from pipeline import siteblocks, sitewide
from pipeline.chain import process

CITIES = ["益阳", "嘉兴", "株洲", "绵阳", "芜湖", "宁波", "济南", "无锡", "苏州", "成都", "长沙", "南昌"]
TOPICS = [
    ("社保卡补办", "带上身份证原件到{city}社保服务大厅窗口填写补办申请表", "补办费用为每张二十元当场缴纳"),
    ("公积金提取", "职工在{city}购买自住住房可以申请提取住房公积金账户余额", "审核通过后五个工作日内到账"),
    ("居住证办理", "在{city}居住满半年并有合法稳定就业的可以申请居住证", "领取居住证时需要本人到场签收"),
    ("医保报销", "在{city}定点医院住院的费用可以直接结算无需垫付", "异地就医需要先办理备案手续"),
    ("驾照换证", "驾驶证有效期满前九十日内到{city}车管所申请换证", "体检合格证明在六个月内有效"),
    ("户口迁移", "迁入{city}需要先取得准迁证再回原籍办理迁出手续", "全程网办的可以在线提交材料"),
]


def _punct(text: str, ascii_marks: bool) -> str:
    if not ascii_marks:
        return text
    return text.translate(str.maketrans("：，；？！（）。", ":,;?!()."))


def _page(topic: int, city: int, ascii_marks: bool, promo: bool = True, footer: str = "") -> str:
    name, first, second = TOPICS[topic]
    place = CITIES[city]
    wording = ["想省心？{city}本地团队帮你全程代办，立即预约>>", "不会填表？点这里免费获取{city}最新表格模板>>"][
        (topic + city) % 2
    ]
    body = "".join(
        "<p>"
        + _punct(f"{line.format(city=place)}。这一段是{name}在{place}的具体说明，内容各不相同。", ascii_marks)
        + "</p>"
        for line in (first, second)
    )
    promo_html = f'<p class="ad-line">{_punct(wording.format(city=place), ascii_marks)}</p>' if promo else ""
    return (
        f"<html><head><title>{place}{name}怎么办</title></head><body>"
        '<div class="top"><div class="feature"><p>全国政务办事指南，一站式查询各地办事流程和所需材料！</p>'
        "<p>关于我们：本站由热心网友维护，信息仅供参考，以官方发布为准。</p></div></div>"
        f'<div class="main"><h1>{place}{name}怎么办</h1><div class="content">{promo_html}{body}</div></div>'
        f"{footer}</body></html>"
    )


def _site(ascii_marks: bool, **kwargs) -> dict[str, str]:
    return {
        f"http://guide.example.cn/{topic}/{city}.html": _page(topic, city, ascii_marks, **kwargs)
        for topic in range(len(TOPICS))
        for city in range(4)
    }


def _learned(pages: dict[str, str]) -> frozenset[str]:
    docs = [process(url, html) for url, html in pages.items()]
    ok = [d for d in docs if d.ok]
    return sitewide.learn(
        {d.url: d.paragraphs for d in ok},
        starts_by_url={d.url: sitewide.section_starts(d) for d in ok},
        html_by_url={d.url: d.html for d in ok},
    )


def _keys(learned: frozenset[str]) -> set[str]:
    return {key.split("\t", 1)[1] for key in learned}


@pytest.mark.parametrize("ascii_marks", [False, True])
def test_furniture_block_and_promotion_slot_are_learned_wherever_they_sit(ascii_marks: bool) -> None:
    keys = _keys(_learned(_site(ascii_marks)))
    about = sitewide.line_key(_punct("关于我们：本站由热心网友维护，信息仅供参考，以官方发布为准。", ascii_marks))
    feature = sitewide.line_key(_punct("全国政务办事指南，一站式查询各地办事流程和所需材料！", ascii_marks))
    promo = sitewide.line_key(_punct("想省心？益阳本地团队帮你全程代办，立即预约>>", ascii_marks))
    assert {about, feature, promo} <= keys
    # the articles' own text, per-city copies of one article included, is not
    for name, first, second in TOPICS:
        for line in (first, second):
            own = f"{line.format(city='益阳')}。这一段是{name}在益阳的具体说明，内容各不相同。"
            assert sitewide.line_key(_punct(own, ascii_marks)) not in keys


@pytest.mark.parametrize("ascii_marks", [False, True])
def test_stripping_learned_blocks_keeps_every_article_line(ascii_marks: bool) -> None:
    pages = _site(ascii_marks)
    learned = _learned(pages)
    for url, html in pages.items():
        doc = sitewide.strip(process(url, html), learned)
        text = doc.clean_text
        assert "立即预约" not in text and "免费获取" not in text
        assert "关于我们" not in text
        assert text.count("内容各不相同") == 2


@pytest.mark.parametrize("ascii_marks", [False, True])
def test_per_city_copies_of_one_template_keep_their_text_and_furniture_is_not_guessed(ascii_marks: bool) -> None:
    # one template for every town (a doorway site): the body's fixed sentences stand on every
    # page like furniture, but they travel with the page's own body: content
    footer = '<div class="foot"><p>{}</p></div>'.format(
        _punct("版权所有：某某网络科技有限公司，未经许可不得转载。", ascii_marks)
    )
    pages = {
        f"http://{city}.doorway.example.cn/": _page(0, number, ascii_marks, promo=False, footer=footer)
        for number, city in enumerate(["yy", "jx", "zz", "my"])
    }
    keys = _keys(_learned(pages))
    name, first, second = TOPICS[0]
    for line in (first, second):
        own = f"{line.format(city='益阳')}。这一段是{name}在益阳的具体说明，内容各不相同。"
        assert sitewide.line_key(_punct(own, ascii_marks)) not in keys


@pytest.mark.parametrize("ascii_marks", [False, True])
def test_a_large_block_in_the_middle_of_every_article_is_learned(ascii_marks: bool) -> None:
    # a real farm's "about us" block sat inside the article container, between the answer's
    # paragraphs, identical on every page with the same neighbours: no edge, no varying neighbour
    about = [
        _punct("我们是一家专业的起名机构，十年来为数万个家庭提供了满意的起名服务，深受好评。", ascii_marks),
        _punct("起名老师均有多年经验，结合生辰八字、五行喜用和诗词典故，为宝宝取一个好名字。", ascii_marks),
        _punct("服务流程：在线提交宝宝信息，老师一对一分析，三个工作日内交付起名方案。", ascii_marks),
    ]

    def page(topic: int, city: int) -> str:
        name, first, second = TOPICS[topic]
        place = CITIES[city]
        block = "".join(f"<p>{line}</p>" for line in about)
        own = [
            _punct(f"{line.format(city=place)}。{name}在{place}的说明各不相同。", ascii_marks)
            for line in (first, second)
        ]
        return (
            f"<html><body><h1>{place}{name}</h1><div class='content'><p>{own[0]}</p>"
            f"<div class='about'>{block}</div><p>{own[1]}</p></div></body></html>"
        )

    pages = {f"http://m.example.cn/{t}/{c}.html": page(t, c) for t in range(len(TOPICS)) for c in range(4)}
    learned = _learned(pages)
    assert {sitewide.line_key(line) for line in about} <= _keys(learned)
    for url, html in pages.items():
        text = sitewide.strip(process(url, html), learned).clean_text
        assert "起名机构" not in text and text.count("的说明各不相同") == 2


def test_a_list_reused_across_articles_beside_their_own_lists_stays() -> None:
    shared = ["身份证原件及复印件一份", "近期一寸免冠照片两张", "户口簿原件及复印件一份"]

    def page(topic: int, city: int) -> str:
        own = [f"{TOPICS[topic][0]}专用申请表第{n}联" for n in range(1, 4)]
        items = "".join(f"<li>{item}</li>" for item in own + (shared if topic % 2 else []))
        name, first, second = TOPICS[topic]
        place = CITIES[city]
        return (
            f"<html><body><h1>{place}{name}</h1><div class='content'><p>{first.format(city=place)}。"
            f"{name}的说明各不相同。</p><p>{second}，{name}到此结束。</p><ul class='need'>{items}</ul>"
            "</div></body></html>"
        )

    pages = {f"http://a.example.cn/{t}/{c}.html": page(t, c) for t in range(len(TOPICS)) for c in range(4)}
    keys = _keys(_learned(pages))
    assert not {sitewide.line_key(item) for item in shared} & keys


def test_table_header_cells_are_content() -> None:
    def page(topic: int, city: int) -> str:
        name, first, _ = TOPICS[topic]
        place = CITIES[city]
        rows = "".join(f"<tr><td>{name}第{n}档</td><td>{(topic + 1) * n * 100}元</td></tr>" for n in range(1, 3))
        return (
            f"<html><body><h1>{place}{name}</h1><div class='content'><p>{first.format(city=place)}。</p>"
            f"<table><tr><th>收费项目</th><th>收费标准（元）</th></tr>{rows}</table></div></body></html>"
        )

    pages = {f"http://t.example.cn/{t}/{c}.html": page(t, c) for t in range(len(TOPICS)) for c in range(4)}
    keys = _keys(_learned(pages))
    assert sitewide.line_key("收费项目") not in keys
    assert sitewide.line_key("收费标准（元）") not in keys


def test_page_lines_follow_blocks_and_breaks_and_name_their_place() -> None:
    lines = siteblocks.page_lines(
        '<body><div class="a-3"><p>第一行<b>加粗</b>接着<br>第二行</p><span>行内</span></div>'
        "<script>var x = 1;</script></body>"
    )
    assert [(line.path, line.text) for line in lines] == [
        ("body/div.a-0/p", "第一行加粗接着"),
        ("body/div.a-0/p", "第二行"),
        ("body/div.a-0", "行内"),
    ]
    marked = siteblocks.page_lines(
        "<body><h2>办理流程</h2><p><strong>所需材料：</strong></p><p><b>注意</b>事项很多</p>"
        '<ul><li><a href="/a/1.html">社保卡补办指南</a></li><li>详见<a href="/a/2.html">这里</a>的说明文字</li></ul></body>'
    )
    assert [(line.text, line.heading, line.link) for line in marked] == [
        ("办理流程", True, False),
        ("所需材料：", True, False),
        ("注意事项很多", False, False),
        ("社保卡补办指南", False, True),
        ("详见这里的说明文字", False, False),
    ]


@pytest.mark.parametrize("ascii_marks", [False, True])
def test_an_article_title_listed_as_a_link_on_other_pages_stays_on_its_own_page(ascii_marks: bool) -> None:
    # every page lists the site's other articles in a sidebar; the same words head each article
    titles = [_punct(f"{CITIES[c]}{TOPICS[t][0]}办理指南（最新版）", ascii_marks) for t in range(6) for c in range(4)]

    def page(topic: int, city: int) -> str:
        name, first, second = TOPICS[topic]
        place = CITIES[city]
        links = "".join(f'<li><a href="/{n}.html">{title}</a></li>' for n, title in enumerate(titles))
        return (
            f"<html><body><div class='main'><h1>{place}{name}</h1><div class='content'>"
            f"<h2>{titles[topic * 4 + city]}</h2><p>{_punct(first.format(city=place), ascii_marks)}。{name}的说明。</p>"
            f"<p>{_punct(second, ascii_marks)}，{place}{name}到此。</p></div></div>"
            f"<div class='side'><ul>{links}</ul></div></body></html>"
        )

    pages = {f"http://s.example.cn/{t}/{c}.html": page(t, c) for t in range(6) for c in range(4)}
    learned = _learned(pages)
    for url, html in pages.items():
        doc = sitewide.strip(process(url, html), learned)
        assert any(title in doc.clean_text for title in titles), url


@pytest.mark.parametrize(
    "markup",
    [
        "",
        "   ",
        "<<<>>>",
        "\x00\x01",
        "<div>" * 5000 + "深" + "</div>" * 5000,
        "<b>" * 5000 + "x",
        "<div><a href=x>" * 2000,
    ],
)
def test_bad_markup_gives_lines_or_none_never_an_error(markup: str) -> None:
    lines = siteblocks.page_lines(markup)
    assert isinstance(lines, list)
    assert siteblocks.furniture({"http://x/1": [(line.path, line.text) for line in lines]}) == set()


def test_winnow_ingest_learns_furniture_from_the_stored_raw_pages(tmp_path) -> None:
    """The corpus step reads each sample page's raw markup back from the store."""
    from sqlalchemy import select

    from storage.db import open_db
    from storage.models import DocumentRow
    from winnow import files
    from winnow.service.batches import BatchWriter, store_all
    from winnow.service.corpus import recluster

    site = tmp_path / "site"
    site.mkdir()
    for number, html in enumerate(_site(False).values()):
        (site / f"{number}.html").write_text(html, encoding="utf-8")
    sessions = open_db(f"sqlite:///{tmp_path / 'w.db'}")
    store_all(BatchWriter(sessions), files.read_inputs([site]))
    recluster(sessions)
    with sessions() as session:
        texts = list(session.execute(select(DocumentRow.clean_text)).scalars())
    assert len(texts) == len(TOPICS) * 4
    for text in texts:
        assert "关于我们" not in text and "立即预约" not in text and "免费获取" not in text
        assert text.count("内容各不相同") == 2
