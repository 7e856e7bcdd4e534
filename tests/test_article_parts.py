"""Articles split over several pages (field case 26 and its kind): fetched and joined into one
document in page order, each page's URL recorded; a list's pager is not an article's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline import process
from pipeline.parts import PARTS_HEADER, article_page, join_bodies
from tests.mockserver import MockServer, Site
from tests.test_crawler import crawl, rows
from tests.test_recrawl import FIELD_CASES, serve_case

NAV = '<div class="nav"><a href="/">首页</a> <a href="/shebao/">社保</a></div>'
STEPS = [
    "社保卡丢了或者坏了都可以补办，整个流程分为六步，下面按顺序说明。",
    "第一步，先挂失。拨打社保服务热线或者在电子社保卡里申请挂失，防止卡被别人冒用。",
    "第二步，准备材料。本人身份证原件，委托别人办理的还要带上代办人的身份证。",
    "第三步，到银行网点申请补卡。在柜台填写补卡申请表，交纳工本费，拍照或者提交照片回执。",
    "第四步，领卡并激活。新卡一般在十五个工作日内制作完成，领卡后要设置密码并激活才能正常使用。",
    "第五步，更新医保绑定。新卡激活后在医保服务平台上重新绑定，否则看病时刷不了卡。",
    "第六步，注销旧卡。找回的旧卡已经挂失作废，不能再用，可以交回网点统一销毁。",
]
EN = [
    "Replacing a lost pension card takes four steps, and the first two can be done online from home.",
    "First, report the card as lost on the pension hotline or in the app, so that nobody else can use it to "
    "draw money or see your records while you wait for the new one.",
    "Second, gather your ID card and, if a relative or a friend applies for you, their ID card as well, "
    "together with a signed letter that says they may act for you.",
    "Third, apply at any bank branch that issues the cards: fill in the form and pay the small fee.",
    "Fourth, collect the new card within fifteen working days and activate it with a new PIN at the counter.",
]


def zh_page(title: str, paragraphs: list[str], pager: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html><head><meta charset="utf-8"><title>{title}_民生问答网</title></head><body>{NAV}'
        f'<div class="article"><h1>{title}</h1><div class="info">2024-05-08 来源：民生问答网</div>'
        f'<div class="content">{body}</div><div class="pages">{pager}</div></div>'
        '<div class="footer">民生问答网 版权所有</div></body></html>'
    )


def en_page(paragraphs: list[str], prev: str = "", nxt: str = "") -> str:
    links = (f'<link rel="prev" href="{prev}">' if prev else "") + (f'<link rel="next" href="{nxt}">' if nxt else "")
    pager = (f'<a href="{prev}">&laquo; Previous</a> ' if prev else "") + (
        f'<a href="{nxt}">Next page</a>' if nxt else ""
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<html><head><meta charset="utf-8"><title>How to replace a pension card</title>{links}</head><body>'
        f"<header><a href='/'>Home</a></header><article><h1>How to replace a pension card</h1>{body}"
        f'<nav class="pagination">{pager}</nav></article></body></html>'
    )


def list_page(items: dict[str, str], pager: str) -> str:
    lis = "".join(f'<li><a href="{href}">{title}</a><span>2024-05-08</span></li>' for href, title in items.items())
    return f'<html><head><meta charset="utf-8"><title>社保问答</title></head><body>{NAV}<ul class="list">{lis}</ul><div class="pages">{pager}</div></body></html>'


@pytest.mark.parametrize(
    ("url", "first", "number"),
    [
        ("http://x.cn/a/100.html", "http://x.cn/a/100.html", 1),
        ("http://x.cn/a/100_2.html", "http://x.cn/a/100.html", 2),
        ("http://x.cn/a/100-3.shtml", "http://x.cn/a/100.shtml", 3),
        ("http://x.cn/post/buban/page/2/", "http://x.cn/post/buban/", 2),
        ("http://x.cn/2024/05/buban/3/", "http://x.cn/2024/05/buban/", 3),
        ("http://x.cn/show.php?id=7&page=2", "http://x.cn/show.php?id=7", 2),
        ("http://x.cn/a/2024_1.html", "http://x.cn/a/2024_1.html", 1),  # page "1" is no later page
    ],
)
def test_article_page_reads_the_page_number_off_the_url(url: str, first: str, number: int) -> None:
    assert article_page(url) == (first, number)


def test_joined_pages_are_processed_as_one_article_in_page_order() -> None:
    pages = [
        zh_page(
            "社保卡补办流程是什么",
            STEPS[:3],
            '<span>1</span> <a href="/a/100_2.html">2</a> <a href="/a/100_2.html">下一页</a>',
        ),
        zh_page(
            "社保卡补办流程是什么",
            STEPS[3:],
            '<a href="/a/100.html">上一页</a> <a href="/a/100.html">1</a> <span>2</span>',
        ),
    ]
    urls = "http://x.cn/a/100.html http://x.cn/a/100_2.html"
    doc = process("http://x.cn/a/100.html", join_bodies([p.encode() for p in pages]), {PARTS_HEADER: urls})
    assert doc.ok and doc.title == "社保卡补办流程是什么"
    assert list(doc.paragraphs) == STEPS  # page order, title and byline of page 2 not repeated
    assert not any("下一页" in p or "上一页" in p for p in doc.paragraphs)
    assert "".join(s.text for s in doc.sections).count("第四步") == 1


def parts_site() -> Site:
    site = Site()
    pager = (
        '<span>1</span> <a href="/a/100_2.html">2</a> <a href="/a/100_3.html">3</a> <a href="/a/100_2.html">下一页</a>'
    )
    site.page("/a/100.html", zh_page("社保卡补办流程是什么", STEPS[:3], pager))
    pager = '<a href="/a/100.html">上一页</a> <a href="/a/100.html">1</a> <span>2</span> <a href="/a/100_3.html">3</a> <a href="/a/100_3.html">下一页</a>'  # fmt: skip
    site.page("/a/100_2.html", zh_page("社保卡补办流程是什么", STEPS[3:5], pager))
    pager = (
        '<a href="/a/100_2.html">上一页</a> <a href="/a/100.html">1</a> <a href="/a/100_2.html">2</a> <span>3</span>'
    )
    site.page("/a/100_3.html", zh_page("社保卡补办流程是什么", STEPS[5:], pager))
    # the page/2/ kind, with rel=next / rel=prev and English text
    site.page("/post/pension-card/", en_page(EN[:3], nxt="/post/pension-card/page/2/"))
    site.page("/post/pension-card/page/2/", en_page(EN[3:], prev="/post/pension-card/"))
    # a list with a pager (下一页 and page/2/): not an article pager
    one = {f"/a/{i}.html": f"第{i}个社保问题怎么办" for i in range(200, 205)}
    two = {f"/a/{i}.html": f"第{i}个社保问题怎么办" for i in range(205, 210)}
    site.page(
        "/list/", list_page(one, '<span>1</span> <a href="/list/page/2/">2</a> <a href="/list/page/2/">下一页</a>')
    )
    site.page("/list/page/2/", list_page(two, '<a href="/list/">上一页</a> <a href="/list/">1</a> <span>2</span>'))
    for i in range(200, 210):
        site.page(f"/a/{i}.html", zh_page(f"第{i}个社保问题怎么办", [STEPS[i % 7] + f"（编号{i}）"], ""))
    # the index links page 2 before page 1: it still ends up joined, never on its own
    site.page(
        "/",
        list_page(
            {
                "/a/100_2.html": "补办流程（二）",
                "/a/100.html": "补办流程",
                "/post/pension-card/": "Pension",
                "/list/": "社保",
            },
            "",
        ),
    )
    return site


def stored(db: Path) -> dict[str, tuple[str, str]]:
    got = rows(db, "select url, status, clean_text from documents")
    return {url.split("/", 3)[3]: (status, text) for url, status, text in got}


def test_paginated_articles_are_crawled_into_one_document_and_lists_stay_lists(tmp_path: Path) -> None:
    site = parts_site()
    db = tmp_path / "w.db"
    with MockServer(site) as server:
        crawl(server.url + "/", f"sqlite:///{db}")
        docs = stored(db)
        text = docs["a/100.html"][1]
        assert [text.find(step) for step in STEPS] == sorted(text.find(step) for step in STEPS) and -1 < text.find(
            STEPS[0]
        )
        assert "a/100_2.html" not in docs and "a/100_3.html" not in docs
        en = docs["post/pension-card/"][1]
        assert all(line in en for line in EN) and en.index(EN[0]) < en.index(EN[4])
        assert "post/pension-card/page/2/" not in docs
        # the list is followed, page 2 too, and none of it is a document
        assert "list/" not in docs and "list/page/2/" not in docs
        assert all(f"a/{i}.html" in docs for i in range(200, 210))
        # each part's URL is recorded with the stored page
        (headers,) = rows(db, f"select headers from raw_pages where url = '{server.url}/a/100.html'")[0]
        parts = json.loads(headers)[PARTS_HEADER].split()
        assert parts == [f"{server.url}/a/100.html", f"{server.url}/a/100_2.html", f"{server.url}/a/100_3.html"]
        halves = "select count(*) from sections where (text like '%第二步%' or text like '%第五步%') and text not like '%编号%'"
        assert rows(db, halves) == [(1,)]  # one article, not a half-article per page

        # re-crawl: nothing changed, nothing reprocessed; then page 3 changes and the article does
        crawl(server.url + "/", f"sqlite:///{db}")
        outcome = dict(rows(db, "select url, outcome from fetches where run_id = 2"))
        assert outcome[f"{server.url}/a/100.html"] == "unchanged"
        new = "第七步，保管好新卡，不要和手机放在一起，避免消磁。"
        site.page("/a/100_3.html", zh_page("社保卡补办流程是什么", [*STEPS[5:], new], ""))
        crawl(server.url + "/", f"sqlite:///{db}")
    outcome = dict(rows(db, "select url, outcome from fetches where run_id = 3"))
    assert outcome[f"{server.url}/a/100.html"] == "changed"
    assert stored(db)["a/100.html"][1].endswith(new)


@pytest.mark.skipif(not (FIELD_CASES / "26-paginated-article.json").exists(), reason="field cases not present")
def test_field_case_26_as_published(tmp_path: Path) -> None:
    site, holder = Site(), {}
    db = tmp_path / "w.db"
    with MockServer(site) as server:
        holder["host"] = server.url.removeprefix("http://")
        serve_case(FIELD_CASES / "26-paginated-article.json", site, holder)
        crawl(server.url + "/", f"sqlite:///{db}")
    docs = {u: t for u, (s, t) in stored(db).items() if s == "ok"}
    assert set(docs) == {"a/100.html", "a/101.html"}
    steps = [docs["a/100.html"].find(s) for s in ("第一步", "第二步", "第三步", "第四步")]
    assert -1 not in steps and steps == sorted(steps)
    assert not any(p in t for t in docs.values() for p in ("下一页", "上一页"))


@pytest.mark.parametrize(
    ("html", "pager"),
    [
        ('<a href="/a/1_2.html">下一页</a>', True),
        ('<a href="/a/1_2.html">下页 &gt;</a>', True),
        ('<link rel="next" href="/p/2/">', True),
        ('<a href="/p/2/">Next page &raquo;</a>', True),
        # a 上一篇/下一篇 bar (class "prenext") links other articles: no pager
        (
            '<div class="prenext"><p>上一篇:<a href="/a/100.html">社保卡</a></p><p>下一篇:<a href="/a/102.html">医保卡</a></p></div>',
            False,
        ),
    ],
)
def test_pages_are_searched_for_a_pager_only_when_they_hold_pager_words(html: str, pager: bool) -> None:
    from crawler.spiders.site import PAGER_WORDS

    for encoding in ("utf-8", "gb18030"):
        assert bool(PAGER_WORDS.search(html.encode(encoding))) is pager
