import time
from pathlib import Path

import pytest

from pipeline.document import Document
from pipeline.extract import MAX_CHARS, extract

DATA = Path(__file__).resolve().parent / "data" / "extract"


def run(html: str) -> Document:
    return extract(Document(url="http://x/", html=html))


def test_title_prefers_h1_over_site_suffix():
    doc = run((DATA / "news_portal.html").read_text(encoding="utf-8"))
    assert doc.title == "2024年城乡居民基础养老金上调,每月多发多少?"


def test_nav_related_footer_dropped():
    doc = run((DATA / "news_portal.html").read_text(encoding="utf-8"))
    text = doc.clean_text
    assert "根据人力资源社会保障部" in text
    for junk in ("相关推荐", "热门文章", "版权所有", "首页", "医保卡丢了怎么补办"):
        assert junk not in text, junk


def test_headings_inside_article_are_paragraphs():
    doc = run((DATA / "wiki_like_en.html").read_text(encoding="utf-8"))
    assert "History" in doc.paragraphs and "See also" not in doc.paragraphs


def test_plain_text_kind():
    doc = extract(Document(url="x", kind="text", html="\n  标题 \n\n 第一段 \n第二段\n"))
    assert doc.title == "标题" and doc.paragraphs == ("第一段", "第二段")


def test_script_and_style_text_never_appears():
    doc = run(
        "<html><body><script>var x='秘密';</script><style>p{}</style>"
        "<p>这是正文的第一段内容,足够长,包含标点符号。这是正文。</p></body></html>"
    )
    assert doc.paragraphs == ("这是正文的第一段内容,足够长,包含标点符号。这是正文。",)


def test_empty_and_garbage_do_not_raise():
    assert run("").status == "error"
    assert run("<<<>>>&&&").ok or run("<<<>>>&&&").status == "error"
    assert run("<html><body></body></html>").paragraphs == ()


def test_deep_nesting_is_bounded():
    html = "<div>" * 100_000 + "<p>深处的正文内容,包含标点。</p>" + "</div>" * 100_000
    start = time.perf_counter()
    doc = run(html)
    assert time.perf_counter() - start < 10
    assert doc.status in ("ok", "error")


def test_million_siblings_is_bounded():
    html = "<body>" + "<span>x</span>" * 1_000_000 + "</body>"
    start = time.perf_counter()
    doc = run(html)
    assert time.perf_counter() - start < 15
    assert any("stopped" in w or "truncated" in w for w in doc.warnings)


def test_huge_input_truncated_with_warning():
    html = "<p>" + "正文内容。" * (MAX_CHARS // 5 + 10) + "</p>"
    doc = run(html)
    assert any("truncated" in w for w in doc.warnings)


PROSE = "这是正文的一段内容,足够长,包含标点符号,讲的是医保报销的具体流程和注意事项。"
TEASER = "这是一条推荐文章的摘要,也足够长,也包含标点符号,但它不属于本文的正文内容。"


def test_unclosed_anchor_without_href_does_not_make_text_a_link():
    html = (
        '<body><div><a href="/u">作者</a><a name="top">楼层</div>'
        + "".join(f"<div>{PROSE}</div>" for _ in range(4))
        + "</body>"
    )
    assert run(html).paragraphs.count(PROSE) == 4


def test_named_article_container_keeps_neighbouring_teasers_out():
    html = (
        "<body><div>"
        f'<div class="article-body"><p>{PROSE}</p><p>{PROSE}</p><p>{PROSE}</p></div>'
        f"<div><p>{TEASER}</p></div>"
        "</div></body>"
    )
    assert TEASER not in run(html).paragraphs
    assert run(html).paragraphs.count(PROSE) == 3


def test_hidden_blocks_are_skipped():
    html = (
        f"<body><p>{PROSE}</p><div style='display: none'><p>{TEASER}</p></div>"
        f"<div hidden><p>{TEASER}</p></div><p>{PROSE}</p></body>"
    )
    assert TEASER not in run(html).paragraphs


def test_comment_section_heading_ends_the_article():
    html = f"<body>{f'<p>{PROSE}</p>' * 5}<h3>网友评论</h3><p>{TEASER}</p><p>{TEASER}</p></body>"
    assert TEASER not in run(html).paragraphs


def test_run_into_dated_listing_is_cut():
    items = "".join(f"<h3>别的文章{i}</h3><div>2005-06-1{i} 14:05:50</div><p>{TEASER}</p>" for i in range(4))
    html = (
        f"<body><h1>标题</h1><div>2005-06-20 10:00:00</div><p>{PROSE}</p><p>{PROSE}</p>"
        f"<p>{PROSE}</p><p>{PROSE}</p>{items}</body>"
    )
    doc = run(html)
    assert doc.paragraphs.count(PROSE) == 4
    assert TEASER not in doc.paragraphs


EN = (
    "This paragraph of the article is long enough to count as prose, and it has commas, "
    "several clauses and a full stop at the end of it."
)


def test_read_more_link_inside_the_article_does_not_end_it():
    html = (
        f"<body><article><p>{EN}</p><div><p><a href='/x'>Read more</a></p></div>"
        f"<p>{EN} Second.</p><p>{EN} Third.</p></article></body>"
    )
    assert len(run(html).paragraphs) == 3


def test_lone_box_label_followed_by_prose_does_not_end_the_article():
    html = (
        f"<body><article><p>{EN}</p><div class='box'><div><span>Read More</span></div></div>"
        f"<div>{EN} Second.</div><div>{EN} Third.</div></article></body>"
    )
    assert len(run(html).paragraphs) == 3


def test_related_heading_before_a_list_still_ends_the_article():
    html = (
        f"<body><article><p>{EN}</p><p>{EN} Second.</p><h3>Related articles</h3>"
        "<ul><li><a href='/a'>Another story</a></li><li><a href='/b'>One more</a></li></ul>"
        "<p>Short teaser text.</p></article></body>"
    )
    assert "Short teaser text." not in run(html).paragraphs


def test_data_table_inside_the_article_is_kept_with_it():
    rows = "".join(f"<tr><td>{i}</td><td>Driver {i}</td><td>{5000 - i}</td></tr>" for i in range(30))
    html = f"<body><div><p>{EN}</p><table>{rows}</table><p>{EN} After the table.</p><p>{EN} Last.</p></div></body>"
    doc = run(html)
    assert EN in doc.paragraphs and "Driver 7" in doc.paragraphs
    assert f"{EN} Last." in doc.paragraphs


def test_named_body_wins_over_a_longer_footer_text():
    footer = " ".join([EN] * 4)
    html = (
        f"<body><div itemprop='articleBody'><p>{EN}</p><p>{EN} Two.</p><p>{EN} Three.</p></div>"
        + "".join(f"<div><a href='/n{i}'>Some other headline number {i}</a></div>" for i in range(12))
        + f"<div class='site-info'><p>{footer}</p></div></body>"
    )
    doc = run(html)
    assert EN in doc.paragraphs and footer not in doc.paragraphs


def test_captions_credits_and_advert_slots_are_dropped():
    html = (
        f"<body><article><p>{EN}</p>"
        "<figure><img src='a.jpg'><figcaption>The minister shakes hands in Hanoi, Wednesday.</figcaption></figure>"
        "<div>Advertisement</div><p>Photo: Jane Doe, AP</p>"
        f"<p>{EN} Second.</p><p>The hospital where patients were treated.Credit: EPA</p>"
        f"<p>{EN} Third.</p></article></body>"
    )
    assert run(html).paragraphs == (EN, f"{EN} Second.", f"{EN} Third.")


def test_most_read_heading_ends_the_article():
    html = (
        f"<body><article><p>{EN}</p><p>{EN} Second.</p><h3>Most read in world news</h3>"
        "<div><div>RANDY ANDY</div><div>Andrew parties in unearthed pics</div></div></article></body>"
    )
    assert run(html).paragraphs == (EN, f"{EN} Second.")


def test_byline_and_dateline_before_the_first_paragraph_are_trimmed():
    html = (
        f"<body><article><h1>Title of it</h1><div>By</div><div>Sarah Needleman</div>"
        f"<div>Nov. 19, 2019 8:03 am ET</div><p>{EN}</p><p>{EN} Second.</p></article></body>"
    )
    assert run(html).paragraphs == (EN, f"{EN} Second.")


def test_teaser_cards_after_the_article_are_cut():
    cards = "".join(
        f"<article class='card'><div>KICKER {i}</div><h2><a href='/s{i}'>Another headline about story number {i}</a></h2>"
        f"<p>A summary of story {i} that has no link in it, but is a sentence.</p></article>"
        for i in range(5)
    )
    html = f"<body><main><article><p>{EN}</p><p>{EN} Second.</p></article>{cards}</main></body>"
    doc = run(html)
    assert doc.paragraphs == (EN, f"{EN} Second.")


def test_teaser_widgets_between_article_paragraphs_do_not_cut_it():
    widgets = [f"<div class='w'><h3><a href='/w{i}'>Headline of some other story {i}</a></h3></div>" for i in range(5)]
    html = (
        "<body><div class='story'>"
        + "".join(f"<p>{EN} Part {i}.</p>{widgets[i]}" for i in range(5))
        + "<p>The end, briefly.</p></div></body>"
    )
    assert f"{EN} Part 4." in run(html).paragraphs


def test_related_list_of_articles_is_never_the_article_container():
    # a short article, then a longer "you may like" list whose excerpts are each an <article>:
    # the list holds most of the prose, yet a list headed like that is not the article
    excerpts = "".join(
        f"<article><p>{EN} Excerpt {i} goes on and on about another thing…</p></article>" for i in range(4)
    )
    for heading in ("You may also like", "Você pode gostar...", "Artículos relacionados"):
        html = (
            f"<body><article><h1>Title</h1><p>{EN}</p></article><section><h3>{heading}</h3>{excerpts}</section></body>"
        )
        paragraphs = run(html).paragraphs
        assert EN in paragraphs, heading
        assert not any("Excerpt" in p for p in paragraphs), heading


def test_link_that_ends_the_page_counts_as_a_link():
    # its subtree is followed by no node at all: the walk must still see it as link text
    html = f"<body><p>{EN}</p><p>{EN} Again.</p><span><a href='/'>Read the whole story of how it happened, with pictures, maps, and more.</a></span></body>"
    assert run(html).paragraphs == (EN, f"{EN} Again.")


def test_comment_section_named_after_the_post_ends_the_article():
    from pipeline.textview import full_width

    prose = "".join(
        f"<p>第{n}段:播客继承了博客的原创性和大众性,有着浓郁的个性和原创精神,受到众多网络先锋的追捧。</p>"
        for n in range(4)
    )
    for form in (lambda t: t, full_width):
        html = form(
            f"<html><body><div class='post'><h1>播客热潮</h1>{prose}"
            "<h3>《播客热潮迅速蔓延》已有1件评论</h3><p>网友的评论</p>"
            "<p>播客:10分钟拥有私人声音平台,这是一段网友贴进评论里的很长的别的文章,和正文毫无关系。</p></div></body></html>"
        )
        doc = extract(Document(url="http://example.cn/p", html=html))
        assert len(doc.paragraphs) == 4 and all("播客继承" in p for p in doc.paragraphs)
        assert any(r.reason == "extract:comments" for r in doc.removed)


def _english(body: str) -> str:
    return f"<html><body><article>{body}</article><footer>About us</footer></body></html>"


NEWS_PROSE = (
    "<p>Defense officials said on Wednesday that the talks would continue next month, and that both "
    "sides had agreed to keep the channels of communication open while the review goes on.</p>"
) * 4


def test_byline_after_a_standfirst_is_dropped_and_recorded():
    standfirst = (
        "<p>There are more devices, platforms and services to choose from than ever before, "
        "and here is how to figure out which is best.</p>"
    )
    html = _english(standfirst + "<p>By</p><p>Sarah Example</p><p>Nov. 18, 2019 7:04 pm ET</p>" + NEWS_PROSE)
    doc = extract(Document(url="http://example.com/a", html=html))
    assert not any(p in ("By", "Sarah Example") or p.startswith("Nov. 18") for p in doc.paragraphs)
    assert {r.text for r in doc.removed if r.reason == "extract:byline-trim"} >= {"By", "Sarah Example"}


def test_agency_photo_credits_and_gallery_controls_are_not_article_text():
    caption = (
        "<p>Officials shake hands in Hanoi, Vietnam Wednesday, Nov. 20, 2019. "
        "(AP Photo/Hau Dinh)</p><p>Caption</p><p>Close</p>"
        "<p>Officials shake hands in Hanoi, Vietnam Wednesday, Nov. 20, 2019. The visit is the second. less</p>"
    )
    doc = extract(Document(url="http://example.com/b", html=_english(caption + NEWS_PROSE)))
    assert all("Defense officials" in p for p in doc.paragraphs)


@pytest.mark.parametrize("head", ["往期回顾：", "往期回顾:", "你可能还喜欢", "猜你喜欢："])
def test_related_block_under_any_known_heading_is_cut(head):
    # the headings clean knows (pipeline.boilerplate.RELATED_HEADINGS_ZH) end an extracted run too
    body = "".join(f"<p>第{i}段，医保卡余额可以通过官方渠道查询，办理时带上身份证即可完成。</p>" for i in range(6))
    teasers = "".join(f"<p>医保卡问题{i}的办理流程，看这一篇就够了</p>" for i in range(4))
    html = f"<html><body><div class='c'>{body}<div class='x'><h3>{head}</h3>{teasers}</div></div></body></html>"
    doc = run(html)
    assert any("第5段" in p for p in doc.paragraphs)
    assert not any("看这一篇" in p for p in doc.paragraphs)
    assert any(r.reason == "extract:related" for r in doc.removed)


@pytest.mark.parametrize("cls", ["statement", "disclaimer", "art-shengming", "mianze_box"])
@pytest.mark.parametrize(
    "wording", ["本站尊重原创，所载文字若有不妥之处，敬请来函。", "文中观点与本网无关，请读者自行甄别。"]
)
def test_block_named_as_a_statement_is_left_out(cls, wording):
    # a statement in a wording no phrase rule knows still goes: its block says what it is
    body = "".join(f"<p>第{i}段，医保卡余额可以通过官方渠道查询，办理时带上身份证即可完成。</p>" for i in range(5))
    doc = run(f"<html><body><div class='content'>{body}<div class='{cls}'>{wording}</div></div></body></html>")
    assert any("第4段" in p for p in doc.paragraphs)
    assert wording not in doc.paragraphs
