"""Field cases 10, 30, 33, 43 (../shared/field-cases, issue 23) and sibling inputs of the same kinds
that we wrote ourselves, each run with full-width and with ASCII punctuation:

- 10: reader comments inside the article container go, whatever the markup calls them;
- 30: a relative-time byline ("昨天 14:20", "3天前", "3 days ago") is resolved against the fetch
  time (the response's Date header) and leaves the text; a bare date line under the headline
  dates the page wherever the headline sits;
- 33: a heading drawn as an image keeps its alt/title text as the heading;
- 43: an answer sentence ending in a hedge clause ("具体以当地…为准") is content; a sentence
  about the text or the site ("以上内容仅供参考,…为准") is still a disclaimer.
"""

from pathlib import Path

import pytest

from pipeline import dates
from pipeline.chain import process
from pipeline.textview import full_width, match_view

CASES = Path(__file__).resolve().parents[2] / "shared" / "field-cases"
FORMS = {"ascii": lambda text: text, "full-width": full_width}
HEADERS = {"Content-Type": "text/html; charset=utf-8"}
# 08:00 GMT is 16:00 in Beijing on 12 March
FETCHED = {**HEADERS, "Date": "Tue, 12 Mar 2024 08:00:00 GMT"}
P1 = "公积金贷款能借多少,主要看账户余额、缴存时间和还款能力三个方面,取其中最低的一个数作为最终额度。"
P2 = "一般来说,可贷额度大约是账户余额的十五倍,同时每月还款额不能超过家庭月收入的一半。"
P3 = "办理时带上身份证、购房合同和收入证明,到公积金中心的贷款窗口提交申请,审批一般需要十个工作日。"


def _case(name: str, headers: dict[str, str] | None = None):
    path = next(CASES.glob(f"{name}-*.html"), None)
    if path is None:
        pytest.skip(f"field case {name} not found in {CASES}")
    return process("http://www.example.cn/a/1.html", path.read_bytes(), headers or HEADERS)


def _page(title: str, body: str, form: str, headers: dict[str, str] | None = None):
    html = f"<html><head><meta charset='utf-8'><title>{title}_民生问答网</title></head><body>{body}</body></html>"
    return process("http://www.example.cn/a/2.html", FORMS[form](html), headers or HEADERS)


def _squashed(doc) -> str:
    return "".join(match_view(doc.clean_text + "".join(s.heading for s in doc.sections)).split())


# ---- 10: reader comments inside the article container ------------------------------------------
def test_case_10_comments_go():
    doc = _case("10")
    assert len(doc.paragraphs) == 2
    assert doc.paragraphs[0].startswith("职工医保实行门诊共济保障后")
    assert len(doc.sections) == 1
    text = doc.clean_text
    for gone in ("全部评论", "东城网友", "请问退休人员", "社区医院开药", "3天前"):
        assert gone not in text


ARTICLE = f"<h1>公积金贷款额度怎么算</h1><p>{P1}</p><p>{P2}</p><p>{P3}</p>"
COMMENT_LISTS = [
    # no heading at all: items with a user, the comment and a relative time
    "<ul class='talk'>"
    "<li><div class='who'>海淀老王</div><div class='said'>我去年办的,额度确实是按余额算的,批得挺快。</div>"
    "<div class='when'>2小时前</div></li>"
    "<li><div class='who'>小鱼儿</div><div class='said'>请问异地缴存的可以在这边贷款吗?</div>"
    "<div class='when'>昨天 21:05</div></li>"
    "<li><div class='who'>过路人</div><div class='said'>收藏了,下个月准备去办。</div>"
    "<div class='when'>3天前</div></li></ul>",
    # a heading with a count, items with reply/like controls
    "<section><h3>网友留言(2)</h3>"
    "<div><p><b>江南小雨</b> 5天前</p><p>审批十个工作日是算上周末吗?</p><p>回复 | 赞(3)</p></div>"
    "<div><p><b>北方的狼</b> 1周前</p><p>我们这边只要七个工作日就批下来了。</p><p>回复 | 赞(12)</p></div></section>",
    # English controls and times on a Chinese article
    "<div id='c'><div class='c-item'><span>lily_88</span><p>写得很清楚,谢谢分享!</p>"
    "<span>3 days ago</span> <a href='#r'>Reply</a></div>"
    "<div class='c-item'><span>Tom</span><p>额度上限各地不一样吧?</p>"
    "<span>5 days ago</span> <a href='#r'>Reply</a></div></div>",
]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("comments", COMMENT_LISTS)
def test_comment_list_siblings_go(comments, form):
    doc = _page("公积金贷款额度怎么算", f"<div class='article'>{ARTICLE}{comments}</div>", form)
    assert [match_view(p) for p in doc.paragraphs] == [match_view(p) for p in (P1, P2, P3)]
    assert len(doc.sections) == 1


@pytest.mark.parametrize("form", sorted(FORMS))
def test_answers_of_a_qa_page_are_not_comments(form):
    # a short question, then answers that carry a name and a time: the answers are the content
    answers = "".join(
        f"<div class='answer'><span class='user'>{name}</span><span class='t'>{when}</span><p>{text}</p></div>"
        for name, when, text in (
            ("热心网友", "3天前", P1),
            ("公积金顾问", "5天前", P2),
            ("匿名用户", "1周前", P3),
        )
    )
    body = f"<div class='qa'><h1>公积金贷款能借多少?</h1><p>余额五万能贷多少?</p>{answers}</div>"
    doc = _page("公积金贷款能借多少", body, form)
    text = _squashed(doc)
    for answer in (P1, P2, P3):
        assert "".join(match_view(answer).split()) in text


@pytest.mark.parametrize("form", sorted(FORMS))
def test_thread_replies_with_floor_numbers_are_not_comments(form):
    # a forum thread: the opening post, then numbered replies with names and relative times
    replies = "".join(
        f"<div class='reply'><div class='info'>{name} #{floor} {when}</div><p>{text}</p></div>"
        for floor, (name, when, text) in enumerate(
            (("gazeldx", "1 月前", P2), ("msl12", "28 天前", "我也是这么办的,额度按余额的十五倍算。")), start=1
        )
    )
    body = f"<div class='topic'><h1>公积金贷款额度怎么算</h1><p>{P1}</p><p>{P3}</p></div><div class='replies'>{replies}</div>"
    doc = _page("公积金贷款额度怎么算", body, form)
    assert match_view(P2) in [match_view(p) for p in doc.paragraphs]


def test_a_members_join_date_is_no_byline():
    now = dates.fetched_at(FETCHED)
    for line in ("Joined: 3 days ago", "注册于 2天前", "Member since 2 hours ago"):
        assert dates.relative_stamp(line, now) is None


# ---- 30: relative-time bylines resolved against the fetch time ----------------------------------
def test_case_30_relative_byline_resolved_against_the_response_date():
    headers_file = CASES / "30-relative-date.headers.json"
    if not headers_file.exists():
        pytest.skip("field case 30 headers not found")
    import json

    doc = _case("30", json.loads(headers_file.read_text(encoding="utf-8")))
    assert doc.published_at == "2024-03-11T14:20:00"
    assert doc.source == "民生问答网"
    assert not any("昨天" in p or "阅读" in p for p in doc.paragraphs)
    assert len(doc.paragraphs) == 3  # the third ends in a hedge clause ("具体以当地…为准"): content
    assert doc.paragraphs[2].endswith("为准。")


def test_case_30_without_a_fetch_time_gives_no_date_but_drops_the_line():
    doc = _case("30")
    assert doc.published_at == ""
    assert doc.source == "民生问答网"
    assert not any("昨天" in p for p in doc.paragraphs)


RELATIVE_BYLINES = [
    # (info bar, published_at against FETCHED, source)
    ("昨天 14:20 来源:民生问答网 阅读 1.2万", "2024-03-11T14:20:00", "民生问答网"),
    ("前天 09:05", "2024-03-10T09:05:00", ""),
    ("3天前 来源:公积金之家", "2024-03-09", "公积金之家"),
    ("2小时前", "2024-03-12T14:00:00", ""),
    ("刚刚 · 阅读 35", "2024-03-12T16:00:00", ""),
    ("Posted 3 days ago", "2024-03-09", ""),
    ("yesterday", "2024-03-11", ""),
]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("bar,when,source", RELATIVE_BYLINES)
def test_relative_byline_siblings(bar, when, source, form):
    body = f"<div class='post'><h1>公积金贷款额度怎么算</h1><div class='info'>{bar}</div><p>{P1}</p><p>{P2}</p></div>"
    doc = _page("公积金贷款额度怎么算", body, form, FETCHED)
    assert doc.published_at == when
    assert doc.source == source
    assert [match_view(p) for p in doc.paragraphs] == [match_view(P1), match_view(P2)]
    # without a fetch time the line still goes, and no date is made up
    blind = _page("公积金贷款额度怎么算", body, form)
    assert blind.published_at == ""
    assert [match_view(p) for p in blind.paragraphs] == [match_view(P1), match_view(P2)]


def test_fetch_time_in_beijing_crosses_midnight():
    # 17:30 GMT on 11 March is 01:30 on 12 March in Beijing: "昨天" is the 11th
    now = dates.fetched_at({"date": "Mon, 11 Mar 2024 17:30:00 GMT"})
    assert dates.relative_stamp("昨天 23:10", now) == "2024-03-11T23:10:00"
    assert dates.relative_stamp("yesterday", now) == "2024-03-10"  # English phrases: UTC


@pytest.mark.parametrize(
    "headers",
    [{}, {"Date": "not a date"}, {"date": ""}],
)
def test_missing_or_bad_date_header_gives_no_fetch_time(headers):
    assert dates.fetched_at(headers) is None


def test_fetched_at_header_stands_in_for_date():
    when = dates.fetched_at({dates.FETCHED_AT_HEADER: "2024-03-12T08:00:00+00:00"})
    assert when is not None and when.isoformat() == "2024-03-12T08:00:00+00:00"


@pytest.mark.parametrize(
    "line",
    [
        "3天前我去办了社保卡,很快就拿到了。",
        "昨天下午去社保局办理了转移手续",
        "I went there yesterday",
        "时间:周一至周五 上午9:00-12:00",
        "2 hours ago, the office closed early, so come back tomorrow.",
    ],
)
@pytest.mark.parametrize("form", sorted(FORMS))
def test_sentences_with_a_relative_time_are_no_byline(line, form):
    assert dates.relative_stamp(match_view(FORMS[form](line)), dates.fetched_at(FETCHED)) is None


FURNITURE = "".join(
    f"<p>专业起名第{n}条经验:大师一对一服务,已为上万个家庭取得好名字,欢迎来电咨询。</p>" for n in range(8)
)
HEADLINE_DATES = [
    # (line under the headline, published_at)
    ("<p class='p1'>2020-10-19 09:11:16</p>", "2020-10-19T09:11:16"),
    ("<div class='time'>2021年3月5日</div>", "2021-03-05"),
    ("<p>2022/07/01 08:30 来源:起名网</p>", "2022-07-01T08:30:00"),
    ("<span class='date'>3天前</span>", "2024-03-09"),
]


@pytest.mark.parametrize("form", sorted(FORMS))
@pytest.mark.parametrize("line,when", HEADLINE_DATES)
def test_bare_date_under_the_headline_after_furniture(line, when, form):
    # the naming-service farm shape: a furniture block comes first, the headline and its date
    # line sit in the middle of the page's text
    body = (
        f"<div class='wrap'>{FURNITURE}<h1>宝宝起名大全</h1>{line}"
        f"<p>{P1}</p><p>{P2}</p><p>{P3}</p></div><div class='footer'>版权所有 起名网</div>"
    )
    doc = _page("宝宝起名大全", body, form, FETCHED)
    assert doc.published_at == when
    assert not any(p.startswith(("2020", "2021", "2022", "3天前")) for p in doc.paragraphs)
    assert match_view(P3) in [match_view(p) for p in doc.paragraphs]


def test_date_under_headline_does_not_take_a_content_sentence():
    body = f"<div><h1>宝宝起名大全</h1><p>2024年1月1日起执行新的户籍登记办法,新生儿起名要用规范汉字。</p><p>{P1}</p><p>{P2}</p></div>"
    doc = _page("宝宝起名大全", body, "ascii")
    assert doc.paragraphs[0].startswith("2024年1月1日起执行")


# ---- 33: headings drawn as images ---------------------------------------------------------------
def test_case_33_image_headings_keep_their_alt_text():
    doc = _case("33")
    headings = [s.heading for s in doc.sections]
    assert headings[-3:] == ["在哪里办理参保登记？", "每个月要交多少钱？", "中断以后可以补缴吗？"]
    assert all(len(s.paragraphs) >= 1 for s in doc.sections)
    assert doc.sections[-1].paragraphs[-1].startswith("中断后一般只能接着往后缴")


IMAGE_HEADINGS = [
    # (how a question heading is drawn, the question)
    ("<h3 class='ask'><img src='/q/1.gif' alt='公积金能贷多少年?'></h3>", "公积金能贷多少年?"),
    ("<h2><a name='q2'></a><img src='/q/2.png' title='提前还款要手续费吗?'></h2>", "提前还款要手续费吗?"),
    ("<h4><span class='ico'><img src='/q/3.png' alt='  退休后还能贷款吗?  '></span></h4>", "退休后还能贷款吗?"),
]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_image_heading_siblings(form):
    parts = [f"<p>{P1}</p>"]
    for (markup, _), answer in zip(IMAGE_HEADINGS, (P2, P3, P1), strict=True):
        parts += [markup, f"<p>{answer}</p>"]
    body = f"<div class='content'><h1>公积金贷款常见问题</h1>{''.join(parts)}</div>"
    doc = _page("公积金贷款常见问题", body, form)
    questions = [match_view(FORMS[form](question)) for _, question in IMAGE_HEADINGS]
    assert [match_view(s.heading) for s in doc.sections][-3:] == questions
    assert [match_view(s.paragraphs[-1]) for s in doc.sections][-3:] == [match_view(p) for p in (P2, P3, P1)]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_banner_image_heading_that_is_no_question(form):
    # a heading drawn as a line of text (a wide, low image) keeps its alt even without a question
    body = (
        f"<div class='content'><h1>公积金贷款流程</h1><p>{P1}</p>"
        f"<h2><img src='/t/flow.png' alt='办理流程' width='420' height='36'></h2><p>{P3}</p>"
        f"<h2><img src='/t/tips.png' alt='注意事项' width='400' height='40'></h2><p>{P2}</p></div>"
    )
    doc = _page("公积金贷款流程", body, form)
    assert [s.heading for s in doc.sections][-2:] == ["办理流程", "注意事项"]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_image_alt_is_no_text_outside_image_headings(form):
    # a photo's alt in a paragraph, an icon beside a heading's own text, a logo: no text of ours
    body = (
        f"<div class='content'><h1><img src='/logo.png' alt='民生问答网 logo'>公积金贷款</h1>"
        f"<p>{P1}</p><p><img src='/a.jpg' alt='公积金中心大厅照片'></p>"
        f"<h2><img src='/i.png' alt='icon'>办理流程是什么?</h2><p>{P3}</p>"
        f"<h3><img src='/owl.jpg' alt='Shy owl in a tree' width='600' height='400'></h3><p>{P2}</p></div>"
    )
    doc = _page("公积金贷款", body, form)
    text = doc.clean_text + "".join(s.heading for s in doc.sections)
    assert "照片" not in text and "icon" not in text and "logo" not in text and "owl" not in text
    assert match_view(FORMS[form]("办理流程是什么?")) in [match_view(s.heading) for s in doc.sections]


# ---- 43: hedge clauses inside answers ------------------------------------------------------------
def test_case_43_answers_ending_in_a_hedge_are_kept():
    doc = _case("43")
    answers = {s.heading: s.paragraphs for s in doc.sections}
    assert answers["备案后多久生效？"][-1] == "在手机上申请的一般当天就能生效，具体以当地医保部门的规定为准。"
    assert answers["报销比例和本地一样吗？"] == (
        "住院费用按就医地的目录、参保地的待遇执行，起付线和比例可能与本地不同，请以参保地医保局公布的标准为准。",
    )
    assert answers["可以在外地药店刷卡吗？"] == ("大部分城市已经开通异地药店直接结算，如有调整以最新通知为准。",)
    gone = [r for r in doc.removed if r.reason == "disclaimer"]
    assert [r.text for r in gone] == ["以上内容仅供参考，具体请以当地官方最新公布为准。"]


HEDGED_ANSWERS = [
    "租房提取每年可以办理一次,额度按月租金标准确定,具体以当地公积金中心的规定为准。",
    "异地转入的缴存时间可以合并计算,请以转入地公积金中心的审核结果为准。",
    "目前大部分银行都支持线上还款,若有变化以银行最新公告为准。",
    "贷款利率按首套房执行,二套房上浮,具体需以当地最新政策为准。",
]
DISCLAIMERS = [
    "本站内容仅供参考,具体请以官方为准",
    "以上信息如有变动,请以官方最新发布为准。",
    "温馨提示:各地政策可能随时调整,请以窗口答复为准。",
    "文中涉及的标准请以当地公积金中心公布的为准。",
    "各地执行口径存在差异,请以当地经办机构的答复为准。",
    "具体请以当地公积金中心公布的为准。",
]


@pytest.mark.parametrize("form", sorted(FORMS))
def test_hedged_answer_siblings_are_kept_and_disclaimers_go(form):
    questions = ["租房能提取吗?", "异地缴存怎么算?", "可以线上还款吗?", "利率是多少?"]
    body = "".join(f"<h2>{q}</h2><p>{a}</p>" for q, a in zip(questions, HEDGED_ANSWERS, strict=True))
    body += "".join(f"<p>{line}</p>" for line in DISCLAIMERS)
    doc = _page("公积金常见问题", f"<div class='content'><h1>公积金常见问题</h1><p>{P1}</p>{body}</div>", form)
    kept = [match_view(p) for p in doc.paragraphs]
    for answer in HEDGED_ANSWERS:
        assert match_view(FORMS[form](answer)) in kept
    for line in DISCLAIMERS:
        assert match_view(FORMS[form](line)) not in kept
    gone = {match_view(r.text) for r in doc.removed if r.reason == "disclaimer"}
    assert gone == {match_view(FORMS[form](line)) for line in DISCLAIMERS}
    # every question keeps its answer
    answered = [match_view(s.heading) for s in doc.sections if s.paragraphs]
    assert all(match_view(question) in answered for question in questions)


def test_a_warc_record_without_a_date_header_passes_its_warc_date(tmp_path):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from winnow.files import read_warc

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    body = f"<html><body><h1>嘉兴公积金</h1><div>昨天 14:20</div><p>{P1}</p><p>{P2}</p></body></html>".encode()
    for url, extra in (("http://example.cn/a.html", []), ("http://example.cn/b.html", [("Date", FETCHED["Date"])])):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"), *extra], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": "2024-03-12T08:00:00Z"},
        )
        writer.write_record(record)
    (tmp_path / "x.warc.gz").write_bytes(buffer.getvalue())
    inputs = list(read_warc(tmp_path / "x.warc.gz"))
    assert inputs[0].headers[dates.FETCHED_AT_HEADER] == "2024-03-12T08:00:00Z"
    assert dates.FETCHED_AT_HEADER not in inputs[1].headers  # the response's own Date is the fetch time
    for raw in inputs:
        doc = process(raw.url, raw.body, raw.headers)
        assert doc.published_at == "2024-03-11T14:20:00"


# ---- htmldate as the last source of a date --------------------------------------------------------
PROSE = "The committee met on Tuesday and agreed to publish the full report before the end of the year, officials said."


@pytest.mark.parametrize(
    "byline,when",
    [
        ("<span class='storyDate'>Posted: Fri 6:45 PM, Feb 16, 2018</span>", "2018-02-16"),
        ("<div class='article_date'>November 20, 2019 - 11:28 AMT</div>", "2019-11-20"),
        ("<footer>© 2019 Example News</footer>", ""),  # a copyright year dates nothing
    ],
)
def test_dates_our_sources_miss_come_from_htmldate(byline, when):
    body = f"<h1>Report due</h1>{byline}<p>{PROSE}</p><p>{PROSE}</p>"
    html = f"<html><head><title>Report due</title></head><body>{body}</body></html>"
    assert process("http://example.com/news/report", html, HEADERS).published_at == when


def test_htmldate_failure_is_an_empty_date(monkeypatch):
    import htmldate

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(htmldate, "find_date", broken)
    assert dates.from_page("<html><body><p>2019-11-20</p></body></html>") == ""
