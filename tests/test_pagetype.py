"""Page types from a page's own evidence (pipeline.pagetype): unit checks on small pages."""

from __future__ import annotations

import pytest

from pipeline.pagetype import ARTICLE, LIST, OTHER, classify, decide, text_units, url_hint

ANSWER = "登录当地人社局网站或者电子社保卡小程序，选择个人权益记录查询，就可以看到累计缴费月数。"


def page(body: str, title: str = "民生问答网") -> str:
    return f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>{body}</body></html>'


def headlines(n: int, teaser: str = "", inline: bool = False) -> str:
    tag = "em" if inline else "p"
    items = "".join(
        f'<li><a href="/a/{i}.html">第{i}条：养老保险缴费年限怎么查询</a>'
        + (f"<{tag}>{teaser}</{tag}>" if teaser else "")
        + "</li>"
        for i in range(n)
    )
    return f"<ul>{items}</ul>"


def test_short_answer_is_an_article() -> None:
    body = (
        f'<div class="nav"><a href="/">首页</a></div><h1>养老保险缴费年限怎么查</h1><p>{ANSWER}</p><p>{ANSWER[:30]}</p>'
    )
    assert classify("http://x.test/a/1.html", page(body)).kind == ARTICLE


@pytest.mark.parametrize("teaser,inline", [("", False), (ANSWER[:40] + "……", False), (ANSWER[:40] + "……", True)])
def test_headline_lists_are_lists_with_or_without_teasers(teaser: str, inline: bool) -> None:
    verdict = classify("http://x.test/news/", page("<h1>最新问答</h1>" + headlines(12, teaser, inline)))
    assert verdict.kind == LIST, verdict


def test_article_with_a_long_related_list_stays_an_article() -> None:
    body = "<h1>标题</h1>" + "".join(f"<p>{ANSWER}</p>" for _ in range(4)) + "<h3>相关推荐</h3>" + headlines(20)
    assert classify("http://x.test/list/1.html", page(body)).kind == ARTICLE  # evidence beats the URL


def test_link_hub_is_a_list_and_an_empty_shell_is_other() -> None:
    hub = "".join(f'<a href="http://c{i}.x.test/">城{i}</a>' for i in range(20))
    assert classify("http://www.x.test/", page(hub)).kind == LIST
    assert classify("http://x.test/login", page("<form><input name=q></form>")).kind == OTHER
    assert classify("http://x.test/", b"").kind == OTHER


def test_bytes_are_decoded_like_the_pipeline_does() -> None:
    html = page(f"<h1>标题</h1><p>{ANSWER}</p>").replace("utf-8", "gb2312").encode("gbk")
    assert classify("http://x.test/a/1.html", html, {"Content-Type": "text/html"}).kind == ARTICLE


def test_url_shape_decides_only_undecided_pages() -> None:
    assert url_hint("http://x.test/list/2.html") == LIST and url_hint("http://x.test/a/123.html") == ARTICLE
    assert url_hint("http://x.test/news?page=3") == LIST
    # A text run just short of an article's, with a list: the URL shape breaks the tie.
    assert decide("http://x.test/a/123.html", 60, 10, 30.0).kind == ARTICLE
    assert decide("http://x.test/list/2.html", 60, 10, 30.0).kind == LIST
    assert decide("http://x.test/list/2.html", 400, 10, 30.0).kind == ARTICLE


def test_units_weigh_chinese_and_latin_text_alike() -> None:
    assert text_units("医保卡余额怎么查") == 8
    assert text_units("how to check the balance of a card") == 4


def _teasers(n: int, city: str, ascii_marks: bool) -> str:
    teaser = (
        "Spring is the best time to plan a renovation. Our guide covers costs, permits and the questions to ask first..."
        if ascii_marks
        else "牛年出生的宝宝起名要注意五行喜用，结合生辰八字选字，寓意美好又响亮的名字推荐给大家……"
    )
    title = (
        "A complete guide to home renovation costs, permits and good contractors in {c}, part {i}"
        if ascii_marks
        else "{c}宝宝起名：牛宝宝男孩名字大全第{i}期"
    )
    return (
        "<ul>"
        + "".join(f'<li><a href="/n/{i}.html">{title.format(c=city, i=i)}</a><p>{teaser}</p></li>' for i in range(10))
        + "</ul>"
    )


LANDING = {
    False: (
        "宜阳宝宝起名_宜阳哪里起名好？",
        "宜阳",
        "宜阳宝宝起名哪里好？我们在宜阳为新生宝宝提供专业起名服务，结合生辰八字、五行喜用和宜阳本地文化，已为上千个家庭取得满意好名。欢迎预约咨询。",
    ),
    True: (
        "Plumbing in Abbeville, AL | Abbeville Plumbing Pros",
        "Abbeville",
        "Need a plumber in Abbeville? Abbeville Plumbing Pros fixes leaks, drains and water heaters across the whole "
        "36310 area, with licensed technicians on call every day of the week. Plumbing done right the first time; "
        "call us for a free estimate and we will be at your door within the hour. Every job comes with a written "
        "quote before work starts, clean-up when it is done and a one-year guarantee on parts and labour, because "
        "families in Abbeville deserve a plumber who answers the phone and keeps the promises made on it.",
    ),
}


@pytest.mark.parametrize("ascii_marks", [False, True])
def test_a_per_city_landing_page_amid_teaser_lists_is_a_document(ascii_marks: bool) -> None:
    title, city, paragraph = LANDING[ascii_marks]
    cities = "".join(f'<a href="/c{i}/">City {i}</a> ' for i in range(40))
    body = f"<div class=nav>{cities}</div><h1>{title}</h1><div class=intro><p>{paragraph}</p></div>"
    verdict = classify("http://www.x.test/yiyang/", page(body + _teasers(10, city, ascii_marks), title=title))
    assert verdict.kind == ARTICLE, verdict
    assert "landing" in verdict.reason


@pytest.mark.parametrize("ascii_marks", [False, True])
def test_a_list_whose_intro_repeats_no_title_term_or_is_no_prose_stays_a_list(ascii_marks: bool) -> None:
    title, city, paragraph = LANDING[ascii_marks]
    other = (
        "Our editors pick the week's most useful guides. Each one is checked by a professional before it is "
        "published here, and updated when rules change. Browse them below, or search by topic and date to find more."
        if ascii_marks
        else "编辑每周精选最实用的指南，每一篇都经过专业人士审核后才发布，规定变化时也会及时更新。请在下方浏览，或按主题和日期搜索更多内容。"
    )
    for intro in (other, paragraph.replace("。", "").replace("？", "").replace(".", "").replace("?", "")):
        body = f"<h1>{title}</h1><div class=intro><p>{intro}</p></div>"
        verdict = classify("http://www.x.test/list/", page(body + _teasers(10, city, ascii_marks), title=title))
        assert verdict.kind == LIST, (intro[:20], verdict)


FOOTER_ZH = (
    '<div class="footer"><p>Copyright 2015-2025 民生问答网 版权所有 | 浙ICP备11704475号</p>'
    "<p>本站信息仅供参考，不能作为办事的依据，具体以当地部门的规定为准 | 投诉邮箱：jubao@example.cn</p></div>"
)
FOOTER_ASCII = FOOTER_ZH.replace("，", ",").replace("：", ":").replace('class="footer"', 'id="copyright"')


@pytest.mark.parametrize("footer", [FOOTER_ZH, FOOTER_ASCII, f"<footer>{FOOTER_ZH}</footer>"])
def test_a_tag_page_with_two_items_and_a_long_footer_is_no_article(footer: str) -> None:
    # the footer's copyright and ICP lines were the page's longest text run
    body = '<div class="nav"><a href="/">首页</a></div><h1>养老院相关文章</h1>' + headlines(2) + footer
    assert classify("http://x.test/tag/21.html", page(body)).kind != ARTICLE
    article = f"<h1>养老保险缴费年限怎么查</h1><p>{ANSWER}</p>" + footer
    assert classify("http://x.test/a/21.html", page(article)).kind == ARTICLE  # a footer takes nothing away


@pytest.mark.parametrize(
    "url", ["http://x.test/cat/rencai/list_3.html", "http://x.test/tag/t003.html", "http://x.test/news/index.html"]
)
@pytest.mark.parametrize("cut", ["…", "...", "。"])
def test_the_last_page_of_a_list_with_one_teaser_is_no_article(url: str, cut: str) -> None:
    teaser = ANSWER + "根据当地规定，申请前需要先完成人才层次认定" + cut
    body = f'<h2>人才安居（第3页）</h2><ul><li><a href="/a/9.html">长沙人才公寓怎么申请？</a><p>{teaser}</p></li></ul>'
    body += '<div class="pages"><a href="list_2.html">上一页</a> 1 2 3</div>'
    verdict = classify(url, page(body))
    # an excerpt cut off with an ellipsis is no article text at all; a whole one is too short for this URL
    assert verdict.kind == (OTHER if cut != "。" else LIST), verdict


def test_teasers_cut_with_an_ellipsis_make_no_article_of_a_front_page() -> None:
    # a city front page whose teasers sit in boxes of their own (no list of 3 under one parent)
    boxes = "".join(
        f'<div class="box"><h3>{topic}</h3><div class="item"><a href="/a/{i}.html">武汉{topic}怎么申请？（最新版）</a>'
        f"<span>2024-12-06</span><p>{ANSWER}……</p></div></div>"
        for i, topic in enumerate(["公租房", "维修资金", "加装电梯", "物业费"])
    )
    assert classify("http://wh.x.test/", page(boxes)).kind != ARTICLE
    article = f"<h1>武汉公租房怎么申请？</h1><p>{ANSWER}</p><p>申请人说：“我还以为要跑很多趟……”</p><p>{ANSWER}</p>"
    assert classify("http://wh.x.test/a/1.html", page(article)).kind == ARTICLE


@pytest.mark.parametrize("url", ["http://x.test/a/12345.html", "http://x.test/question/12345/"])
def test_a_short_answer_outside_list_urls_stays_an_article(url: str) -> None:
    body = f"<h1>养老保险缴费年限怎么查</h1><p>{ANSWER}</p><p>{ANSWER[:20]}</p>"
    assert classify(url, page(body)).kind == ARTICLE
