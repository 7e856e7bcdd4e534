"""Field cases 01, 07, 11, 12 (../shared/field-cases) and sibling inputs of the same kind that we
wrote ourselves; each sibling runs with full-width and with ASCII punctuation."""

from pathlib import Path

import pytest

from pipeline.chain import process
from pipeline.textview import full_width

CASES = Path(__file__).resolve().parents[2] / "shared" / "field-cases"
FORMS = {"ascii": lambda text: text, "full-width": full_width}
P1 = "参保人到外地长期居住或者临时外出就医,需要先办理异地就医备案,备案之后在就医地的定点医院看病才可以直接结算。"
P2 = "办理渠道主要有三种:一是在手机上通过国家医保服务平台APP申请;二是登录当地医保局网站在线办理。"
P3 = "备案成功后一般当天即可生效,备案有效期内可以在备案地所有联网定点医疗机构直接结算,不用再回参保地报销。"


def _case(name: str):
    # these cases are the acceptance inputs: a checkout without them fails, naming what is
    # missing (the suite expects the clone beside ../shared, as CI's is)
    path = next(CASES.glob(f"{name}-*.html"), None)
    if path is None:
        pytest.fail(f"field case {name} not found: no {name}-*.html in {CASES}")
    return process(path.as_uri(), path.read_bytes(), {"Content-Type": "text/html"})


def _page(head: str, body: str, form: str) -> str:
    text = f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    return FORMS[form](text)


# ---- 01: a site logo in <h1>; the headline elsewhere -------------------------------------
def test_case_01_logo_h1_is_not_the_title():
    doc = _case("01")
    assert doc.title == "异地就医备案怎么办理"
    assert [s.heading for s in doc.sections] == ["异地就医备案怎么办理"]
    assert len(doc.sections[0].paragraphs) == 3
    assert (doc.published_at, doc.source) == ("2024-03-18T09:12:00", "民生问答网")


LOGO_SIBLINGS = [
    # (title tag, logo, headline markup, expected title)
    (
        "<title>社保卡丢了怎么补办 - 办事通</title>",
        "<h1 class='site'><a href='/'>办事通</a></h1>",
        "<h2 class='t'>社保卡丢了怎么补办</h2>",
        "社保卡丢了怎么补办",
    ),
    (
        "<title>公积金提取条件｜百姓问答</title>",
        "<h1><img alt='百姓问答'>百姓问答</h1>",
        "<div class='headline'>公积金提取条件</div>",
        "公积金提取条件",
    ),
    (
        "<title>居住证办理指南——材料、流程一次说清_城市服务网</title>",
        "<h1 id='logo'>城市服务网</h1>",
        "<div class='title'>居住证办理指南——材料、流程一次说清</div>",
        "居住证办理指南——材料、流程一次说清",
    ),
    (
        "<title>城市服务网</title><meta property='og:title' content='生育津贴怎么领取'>",
        "<h1>城市服务网</h1>",
        "<p class='tt'>生育津贴怎么领取</p>",
        "生育津贴怎么领取",
    ),
    # a "｜" subtitle that <title> repeats before the site name belongs to the headline
    (
        "<title>驾驶证换证流程及材料｜体检指南 - 车友网</title>",
        "<h1 class='logo'>车友网</h1>",
        "<h2 class='post-title'>驾驶证换证流程及材料｜体检指南</h2>",
        "驾驶证换证流程及材料｜体检指南",
    ),
    (
        "<title>户口迁移怎么办理|附所需材料_便民网</title>",
        "<h1><a href='/'>便民网</a></h1>",
        "<div class='title'>户口迁移怎么办理|附所需材料</div>",
        "户口迁移怎么办理|附所需材料",
    ),
]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("head,logo,headline,expected", LOGO_SIBLINGS)
def test_logo_siblings(head, logo, headline, expected, form):
    html = _page(
        head,
        f"{logo}<div class='main'>{headline}<div class='content'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div>",
        form,
    )
    doc = process("http://example.cn/a.html", html)
    assert doc.title == FORMS[form](expected)


# ---- 07: <h1> then <h2>question</h2><p>answer</p> blocks, minified -----------------------
def test_case_07_first_question_kept_and_two_sections():
    doc = _case("07")
    assert list(doc.paragraphs) == [
        "在手机上怎么查？",
        "打开国家医保服务平台APP，登录后点击首页的账户查询，就能看到个人账户余额和最近的消费记录。",
        "可以打电话查询吗？",
        "可以拨打12393医保服务热线，按语音提示输入身份证号码后查询。",
    ]
    assert [s.heading for s in doc.sections] == ["在手机上怎么查？", "可以打电话查询吗？"]
    assert [len(s.paragraphs) for s in doc.sections] == [1, 1]
    assert {r.text for r in doc.removed} >= {"医保卡余额怎么查询"}  # the title repeat, recorded


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("tag", ["h2", "h3"])
def test_adjacent_question_blocks_siblings(tag, form):
    body = (
        f"<div class='art'><h1>公积金怎么提取</h1><{tag}>退休了怎么提取公积金?</{tag}>"
        f"<p>退休后带上身份证和退休证明到<a href='/g'>公积金中心</a>办理,当天可以到账。</p>"
        f"<{tag}>买房可以提取公积金吗?</{tag}><p>可以,凭购房合同和发票申请提取,每年一次。</p>"
        f"<{tag}>租房提取需要什么材料?</{tag}><p>需要租房合同和租金发票,按月或者按季度提取。</p></div>"
    )
    doc = process("http://example.cn/b.html", _page("<title>公积金怎么提取_问答网</title>", body, form))
    assert [s.heading for s in doc.sections] == [
        FORMS[form](h) for h in ("退休了怎么提取公积金?", "买房可以提取公积金吗?", "租房提取需要什么材料?")
    ]
    assert all(len(s.paragraphs) == 1 for s in doc.sections)


# ---- 11: a list introduced by a line of the answer ---------------------------------------
def test_case_11_materials_list_kept():
    doc = _case("11")
    assert list(doc.paragraphs)[1:] == [
        "申请时需要准备以下材料：",
        "本人身份证原件",
        "近期一寸免冠照片",
        "房屋租赁合同",
        "劳动合同或营业执照",
    ]


LIST_SIBLINGS = [
    "<p>办理时请携带下列证件:</p><ol><li>户口本</li><li>身份证</li><li>结婚证</li></ol>",
    "<div>所需材料如下:</div><ul><li>申请表一份</li><li>近期照片两张</li><li>社保卡原件</li><li>银行卡</li></ul>",
    "<p>缴费标准如下:</p><table><tr><td>档次</td><td>金额</td></tr><tr><td>一档</td><td>300元</td></tr></table>",
]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("tail", LIST_SIBLINGS)
def test_introduced_list_siblings(tail, form):
    html = _page(
        "<title>怎么办理_网</title>",
        f"<div class='content'><h1>怎么办理</h1><p>{P1}</p>{tail}</div><div class='foot'>版权所有</div>",
        form,
    )
    doc = process("http://example.cn/c.html", html)
    from selectolax.lexbor import LexborHTMLParser

    cells = [n.text(strip=True) for n in LexborHTMLParser(html).css("li, td")]
    for cell in cells:
        assert cell in doc.paragraphs
    assert not any(r.reason.startswith("tags") for r in doc.removed)


# ---- 12: a full-width byline; office hours that look like one ----------------------------
def test_case_12_fullwidth_byline():
    doc = _case("12")
    assert (doc.published_at, doc.source) == ("2024-05-06", "民生问答网")
    assert not any(p.startswith("发布时间") for p in doc.paragraphs)
    assert "时间：周一至周五 上午9:00-12:00 下午13:30-17:00" in doc.paragraphs
    assert any(r.reason == "date-source" for r in doc.removed)


BYLINES = [
    ("发布时间:2024-05-06 来源:民生问答网 浏览次数:1268", "2024-05-06", "民生问答网"),
    ("日期:2024年5月6日 14:05 来源:城市服务网", "2024-05-06T14:05:00", "城市服务网"),
    ("2024-05-06 14:05:09便民网", "2024-05-06T14:05:09", "便民网"),
    ("来源:百姓网 2024/05/06", "2024-05-06", "百姓网"),
]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("byline,when,source", BYLINES)
def test_byline_siblings(byline, when, source, form):
    hours = "时间:周一至周五 上午9:00-12:00"
    html = _page(
        "<title>医保中心上班时间_网</title>",
        f"<div class='content'><h1>医保中心上班时间</h1><p>{byline}</p><p>{P1}</p><p>{hours}</p><p>{P3}</p></div>",
        form,
    )
    doc = process("http://example.cn/d.html", html)
    assert (doc.published_at, doc.source) == (when, source)
    assert FORMS[form](hours) in doc.paragraphs
    assert FORMS[form](byline) not in doc.paragraphs


INFO_BARS = [
    # (markup above or at the top of the body, expected published_at)
    (
        "<div class='meta'><span>无锡频道</span> · <span>2023年11月09日 04:02</span> · <span>更新于2024年11月16日</span></div>",
        "2023-11-09T04:02:00",
    ),
    (
        "<div class='meta'>发布于 <time class='published'>2023-04-19</time> 作者 宋某 | 最后修改 2024-01-01</div>",
        "2023-04-19",
    ),
    ("<p>康途网宁波 2021-09-02 14:29 热度 23272</p>", "2021-09-02T14:29:00"),
    ("<p>(2024-01-12 10:04 已更新)</p><p>某某网 2023-05-06 08:30 阅读 120</p>", "2023-05-06T08:30:00"),
]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("bar,when", INFO_BARS)
def test_info_bar_dates_skip_update_stamps(bar, when, form):
    html = _page(
        "<title>医保卡怎么激活_网</title>",
        f"<div class='post'><h1>医保卡怎么激活</h1>{bar}"
        f"<div class='content'><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div>",
        form,
    )
    doc = process("http://example.cn/e.html", html)
    assert doc.published_at == when
    assert not any("2021-09-02" in p or "热度" in p for p in doc.paragraphs)


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("bar", ["康途网芜湖 2024-10-25 19:41 2413人看过", "便民网 2023-03-08 09:15 热度 512"])
def test_info_bar_shaped_like_a_related_item_dates_the_page(bar, form):
    # "name date time counter" is also the shape of a related-list item; at the top it is the bar
    from pipeline.clean import clean
    from pipeline.document import Document

    doc = clean(Document(url="http://example.cn/a.html", paragraphs=(FORMS[form](bar), P1, P2)))
    assert doc.published_at == bar.split()[1] + "T" + bar.split()[2] + ":00"
    assert any(r.reason == "date-source" for r in doc.removed)
