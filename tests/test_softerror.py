"""Soft errors (pipeline.softerror): error pages served with status 200 are told from articles."""

from __future__ import annotations

import pytest

from pipeline import process
from pipeline.softerror import (
    LOGIN_WALL,
    NOT_FOUND_HEADER,
    REDIRECTED_TO_HEADER,
    SOFT_404,
    NotFoundSample,
    detect,
    quick_hint,
)

URL = "http://www.example.cn/a/2.html"
ANSWER = (
    "在嘉兴没有自有住房的职工租房自住，可以按规定提取住房公积金支付房租，每年可以申请一次。"
    "申请时在浙里办APP上填写租房信息并上传租赁合同，审核通过后钱会转到本人的银行卡上。"
)


def page(title: str, body: str) -> str:
    return (
        f'<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
        '<div class="nav"><a href="/">首页</a> <a href="/yibao/">医保</a></div>'
        f'<div class="main">{body}</div><div class="footer">民生问答网 版权所有</div></body></html>'
    )


def verdict_of(html: str, url: str = URL, headers: dict[str, str] | None = None, sample: NotFoundSample | None = None):  # type: ignore[no-untyped-def]
    doc = process(url, html.encode("utf-8"), {"Content-Type": "text/html; charset=utf-8", **(headers or {})})
    return detect(url, doc.title, doc.paragraphs, doc.html, headers or {}, sample)


NOT_FOUND_PAGES = [
    # field case 28's kind, full-width punctuation
    page(
        "页面不存在_民生问答网",
        "<h1>抱歉，您访问的页面不存在或已被删除！</h1><p>可能的原因：网址输入有误，或者这篇文章已经过期下线。</p>"
        "<p>5秒后自动返回首页，您也可以先看看下面的热门文章。</p>",
    ),
    # the same with ASCII punctuation
    page(
        "页面不存在 - 民生问答网",
        "<h1>抱歉,您访问的页面不存在或已被删除!</h1><p>可能的原因:网址输入有误,或者这篇文章已经过期下线。</p>",
    ),
    page("民生问答网", "<h2>404</h2><p>很抱歉，您要找的页面走丢了（可能已被删除）。</p><p>返回首页</p>"),
    page("文章已删除", "<p>该文章已被作者删除。</p>"),
    # English
    page(
        "Page Not Found | Money Answers",
        "<h1>Sorry, the page you requested could not be found.</h1><p>It may have been moved or deleted.</p>"
        "<p>Try the search box or go back to the home page.</p>",
    ),
    page("Money Answers", "<h1>Oops! That page can't be found.</h1><p>Nothing was found at this location.</p>"),
    page("404 Not Found", "<h1>Not Found</h1><p>The requested URL was not found on this server.</p>"),
    page("Article removed", "<h1>This article is no longer available</h1><p>It has been removed by the editor.</p>"),
]


@pytest.mark.parametrize("html", NOT_FOUND_PAGES)
def test_not_found_pages_in_either_language_and_punctuation_are_soft_404s(html: str) -> None:
    verdict = verdict_of(html)
    assert verdict is not None and verdict.kind == SOFT_404, verdict


LOGIN_PAGES = [
    page(
        "用户登录_民生问答网",
        '<form action="/login"><p>用户名：<input name="u"></p><p>密码：<input type="password" name="p"></p>'
        "<button>登录</button></form>",
    ),
    page("民生问答网", "<h2>请先登录</h2><p>登录后才能查看全文，还没有账号？立即注册。</p>"),
    page("民生问答网", "<p>您没有访问权限（仅限会员）。</p>"),
    page("Sign in", '<form><input name="email"><input type="PASSWORD" name="pw"><button>Sign in</button></form>'),
    page("Members area", "<h1>Please log in to continue reading.</h1><p>Subscribers get full access.</p>"),
    page("403 Forbidden", "<h1>Access denied</h1><p>You don't have permission to access this page.</p>"),
]


@pytest.mark.parametrize("html", LOGIN_PAGES)
def test_login_and_access_denied_pages_are_login_walls(html: str) -> None:
    verdict = verdict_of(html)
    assert verdict is not None and verdict.kind == LOGIN_WALL, verdict


ARTICLES = [
    page("嘉兴住房公积金可以用来交房租吗_民生问答网", f"<h1>嘉兴住房公积金可以用来交房租吗</h1><p>{ANSWER}</p>"),
    # questions *about* error pages and logins are articles, however short
    page(
        "网页显示页面不存在怎么办？_民生问答网",
        "<h1>网页显示页面不存在怎么办？</h1><p>先检查网址是否输入正确，再清除浏览器缓存后重新打开。</p>",
    ),
    page(
        "个人所得税APP登录不了怎么办?",
        "<h1>个人所得税APP登录不了怎么办?</h1><p>先确认手机号和密码，忘记密码可以通过人脸识别找回。</p>",
    ),
    page(
        "How to fix a 404 Not Found error",
        "<h1>How to fix a 404 Not Found error</h1><p>Check the address, clear the cache and reload.</p>",
    ),
    # short answers that mention a login or a deleted page in passing (field case 40's own page)
    page(
        "益阳医保卡余额怎么查_民生问答网",
        "<h1>益阳医保卡余额怎么查</h1><p>益阳参保人可以拨打12393医保服务热线查询医保卡余额，"
        "也可以在国家医保服务平台APP上登录后查看。</p>",
    ),
    page(
        "Check your pension balance",
        "<h1>Check your pension balance</h1><p>Call the hotline, or please log in to view the statement "
        "in the app; a statement that has been removed from the app can be ordered by post.</p>",
    ),
    # a topic, not a message: "information expired" is what the article is about
    page(
        "身份证信息过期了_民生问答网", "<h1>身份证信息过期了</h1><p>到户籍所在地派出所换领新证，带上旧证和户口本。</p>"
    ),
    # a long article that mentions a deleted page is an article
    page(
        "公积金提取常见问题",
        "<h1>公积金提取常见问题</h1><p>页面不存在或已被删除的旧办事指南请以新版为准。</p>" + f"<p>{ANSWER}</p>" * 3,
    ),
]


@pytest.mark.parametrize("html", ARTICLES)
def test_articles_including_questions_about_errors_are_not_soft_errors(html: str) -> None:
    assert verdict_of(html) is None


def test_the_sites_own_not_found_page_is_recognised_in_any_wording() -> None:
    # A not-found page in words no catalogue holds (German): only the site's answer to an unknown URL tells
    site_404 = page("Mein Portal", "<h2>Hier ist leider nichts.</h2><p>Diese Seite gibt es bei uns nicht mehr.</p>")
    probe = process("http://www.example.de/a/winnow-probe-1.html", site_404.encode(), {})
    sample = NotFoundSample.learn(probe.url, probe.title, probe.paragraphs)
    assert verdict_of(site_404, "http://www.example.de/a/7.html") is None  # wording alone: unknown
    verdict = verdict_of(site_404, "http://www.example.de/a/7.html", sample=sample)
    assert verdict is not None and verdict.kind == SOFT_404
    # carried in the stored headers as well (what the store worker and reprocess see)
    headers = {NOT_FOUND_HEADER: sample.encode()}
    assert verdict_of(site_404, "http://www.example.de/a/7.html", headers=headers) is not None
    # a real article of the same site shares its furniture, not its text
    article = page(
        "Rente", "<h1>Rente beantragen</h1>" + "<p>Den Antrag stellen Sie online oder bei der Kasse.</p>" * 3
    )
    assert verdict_of(article, "http://www.example.de/a/8.html", sample=sample) is None


def test_sample_masks_the_address_a_not_found_page_echoes() -> None:
    sample = NotFoundSample.learn(
        "http://x.cn/a/winnow-probe-9f.html", "t", ["没有找到 /a/winnow-probe-9f.html 对应的内容"]
    )
    assert detect("http://x.cn/a/5.html", "t", ["没有找到 /a/5.html 对应的内容"], sample=sample) is not None


@pytest.mark.parametrize(
    ("landed", "kind"),
    [
        ("http://www.example.cn/login.html?redirect=%2Fa%2F2.html", LOGIN_WALL),
        ("http://www.example.cn/user/login", LOGIN_WALL),
        ("http://www.example.cn/passport/?from=a2", LOGIN_WALL),
        ("http://www.example.cn/", SOFT_404),
    ],
)
def test_redirects_to_a_login_or_front_page_are_soft_errors(landed: str, kind: str) -> None:
    verdict = verdict_of(NOT_FOUND_PAGES[0], headers={REDIRECTED_TO_HEADER: landed})
    assert verdict is not None and verdict.kind == kind


def test_quick_hint_looks_at_title_heading_and_forms_only() -> None:
    assert quick_hint("页面不存在_民生问答网", "", "", {})
    assert quick_hint("Page not found", "", "", {})
    assert quick_hint("", "", '<input type="password">', {})
    assert quick_hint("", "", "", {REDIRECTED_TO_HEADER: "http://x/login"})
    assert not quick_hint("医保卡余额怎么查", "医保卡余额怎么查", "<p>...</p>", {})
